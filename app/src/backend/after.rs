//! What a command asks to be done once its transaction has committed: waking the bells of the
//! people it notified, matching a listing it saved. A command returns it as data ([`Done`]),
//! because its transaction may run more than once ([`super::tx::write`] retries) and must have
//! committed before anyone is told; [`command`] runs the transaction and then does it, so no
//! server function writes this out.

use futures_util::future::BoxFuture;
use sea_orm::DatabaseTransaction;

use super::{AppState, Error, matching, tx};

/// Work to do after a commit.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
#[must_use]
pub struct After {
    /// People whose notifications changed: their open pages are told to look again.
    pub ping: Vec<i64>,
    /// Listings just saved, to run the matcher for (in their own transaction).
    pub rematch: Vec<i64>,
}

/// A command's answer and what must happen once it committed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct Done<T> {
    pub value: T,
    pub after: After,
}

impl<T> Done<T> {
    /// An answer with nothing to do after the commit.
    pub fn new(value: T) -> Self {
        Self {
            value,
            after: After::default(),
        }
    }

    /// Also wakes these people's bells after the commit.
    pub fn ping(mut self, people: impl IntoIterator<Item = i64>) -> Self {
        self.after.ping.extend(people);
        self
    }

    /// Also runs the matcher for this listing after the commit.
    pub fn rematch(mut self, listing: i64) -> Self {
        self.after.rematch.push(listing);
        self
    }
}

impl After {
    /// Does the work. A matcher that fails is logged and left to the sweep
    /// ([`matching::after_save`]): what was committed stays committed.
    pub async fn run(self, state: &AppState) {
        state.notifier.ping(self.ping);
        for listing in self.rematch {
            matching::after_save(state, listing).await;
        }
    }
}

/// Runs a command in a write transaction ([`tx::write`], retried as it says) and, once it has
/// committed, does what the command asked for; answers the command's value.
pub async fn command<T, F>(state: &AppState, work: F) -> Result<T, Error>
where
    F: for<'c> FnMut(&'c DatabaseTransaction) -> BoxFuture<'c, Result<Done<T>, Error>>,
{
    let Done { value, after } = tx::write(&state.db, work).await?;
    after.run(state).await;
    Ok(value)
}
