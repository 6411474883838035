//! Reusable pieces of pages, one component per file; every Leaflet call is under `map/`.

pub mod activity_card;
pub mod activity_editor;
pub mod alert_saver;
pub mod association_editor;
pub mod bell;
pub mod draw_panel;
pub mod exchange_panel;
pub mod field_error;
pub mod filters_bar;
pub mod header;
pub mod lang_switcher;
pub mod listing_card;
pub mod listing_editor;
pub mod local_time;
pub mod login_prompt;
pub mod logo;
pub mod map;
pub mod matches_panel;
pub mod note_action;
pub mod page_meta;
pub mod pager;
pub mod place_field;
pub mod radius_options;
pub mod review_form;
pub mod verified_badge;
pub mod why_panel;
