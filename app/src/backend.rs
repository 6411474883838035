//! Server-only code: the database, sessions, authentication and the commands and queries the
//! server functions call. Every function takes the connection it works in, so the same code
//! runs on SQLite and PostgreSQL and inside a caller's transaction.

pub mod account;
pub mod activities;
pub mod after;
pub mod alerts;
pub mod associations;
pub mod auth;
pub mod balance;
pub mod conversations;
pub mod db;
pub mod draws;
pub mod entities;
pub mod error;
pub mod exchange_views;
pub mod exchanges;
pub mod export;
pub mod grants;
pub mod idempotency;
pub mod inbox;
pub mod insights;
pub mod ledger;
pub mod limits;
pub mod listings;
pub mod logos;
pub mod mail;
pub mod mail_jobs;
pub mod mail_notices;
pub mod matching;
pub mod moderation;
pub mod needs;
pub mod notifications;
pub mod notifier;
pub mod password_reset;
pub mod rate_limit;
pub mod request;
pub mod reviews;
pub mod session_store;
pub mod state;
pub mod support;
pub mod tx;
pub mod users;
pub mod venues;
pub mod verification;

pub use after::{Done, command};
pub use error::{Error, internal};
pub use state::AppState;

/// Now, in seconds since the Unix epoch.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A code read back from the database (kind, category, state…); an unknown one is a bug or a
/// damaged row, reported as an internal error.
pub(crate) fn stored<T: crate::domain::vocab::Code>(
    code: &str,
) -> Result<T, crate::domain::AppError> {
    T::from_code(code).ok_or_else(|| internal(format!("unknown stored code {code:?}")))
}
