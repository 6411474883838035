//! One route per file.

pub mod activities;
pub mod associations;
pub mod balance;
pub mod currency_rules;
pub mod exchange_page;
pub mod exchanges;
pub mod home;
pub mod hours;
pub mod listing_edit;
pub mod listing_new;
pub mod listing_page;
pub mod login;
pub mod matching_rules;
pub mod moderation;
pub mod not_found;
pub mod notifications;
pub mod profile;
pub mod signup;
pub mod user_page;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `:id` of the current route (0, which matches nothing, when it is not a number).
fn use_id_param() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    })
}
