//! Persistence shapes. They never leave the backend: each is converted to a domain type here.

pub mod listing;
pub mod session;
pub mod user;
