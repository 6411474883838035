//! Server functions, one file per area. Each is thin: parse the input into domain types, find
//! the user, call one backend function, answer with a domain type or an [`AppError`].
//!
//! [`AppError`]: crate::domain::AppError

pub mod activities;
pub mod associations;
pub mod auth;
pub mod draws;
pub mod exchanges;
pub mod insights;
pub mod ledger;
pub mod listings;
pub mod matching;
pub mod moderation;
pub mod profile;
pub mod support;
pub mod venues;
