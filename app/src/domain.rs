//! Pure types and rules shared by the server and the browser: no I/O, no HTTP, no SQL.

pub mod accessibility;
pub mod activity;
pub mod association;
pub mod codec;
pub mod draw;
pub mod error;
pub mod exchange;
pub mod geo;
pub mod ledger;
pub mod listing;
pub mod matching;
pub mod moderation;
pub mod notify;
pub mod open_data;
#[cfg(feature = "ssr")]
pub mod opening;
pub mod page;
pub mod support;
pub mod user;
pub mod venue;
pub mod view;
pub mod vocab;

pub use error::{AppError, ErrorCode, Field, FieldError};
