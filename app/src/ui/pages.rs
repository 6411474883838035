//! One route per file.

pub mod home;
pub mod listing_edit;
pub mod listing_new;
pub mod listing_page;
pub mod login;
pub mod not_found;
pub mod profile;
pub mod signup;
pub mod user_page;
