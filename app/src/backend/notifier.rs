//! Tells open event streams that a user's unread count changed. One in-process channel carries
//! user ids; each stream keeps its own. Another server instance's changes reach a stream by its
//! periodic re-read (see the server's `/events/unread`).

use tokio::sync::broadcast;

/// A cheap handle, cloned into the state.
#[derive(Debug, Clone)]
pub struct Notifier(broadcast::Sender<i64>);

impl Default for Notifier {
    fn default() -> Self {
        Self(broadcast::channel(1_024).0)
    }
}

impl Notifier {
    /// Signals these users (nobody listening is fine).
    pub fn ping(&self, users: impl IntoIterator<Item = i64>) {
        for user in users {
            let _ = self.0.send(user);
        }
    }

    /// Ends every open stream (the server is shutting down and waits for them).
    pub fn close(&self) {
        let _ = self.0.send(CLOSING);
    }

    /// A receiver of every user id pinged from now on ([`CLOSING`] means "stop").
    pub fn subscribe(&self) -> broadcast::Receiver<i64> {
        self.0.subscribe()
    }
}

/// The id sent by [`Notifier::close`]; no user has it.
pub const CLOSING: i64 = i64::MIN;
