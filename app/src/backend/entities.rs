//! Persistence shapes. They never leave the backend: each is converted to a domain type here.

pub mod activity;
pub mod activity_notice;
pub mod activity_slot;
pub mod alert;
pub mod association;
pub mod association_invitation;
pub mod association_logo;
pub mod association_member;
pub mod draw;
pub mod draw_entry;
pub mod exchange;
pub mod exchange_event;
pub mod exchange_member;
pub mod home_move;
pub mod ledger_account;
pub mod ledger_entry;
pub mod ledger_transfer;
pub mod listing;
pub mod listing_cell_count;
pub mod match_row;
pub mod message;
pub mod notification;
pub mod review;
pub mod session;
pub mod signup;
pub mod user;
