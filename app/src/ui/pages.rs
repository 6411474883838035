//! One route per file.

pub mod accessibility_rules;
pub mod account;
pub mod activity_edit;
pub mod activity_new;
pub mod activity_page;
pub mod association_edit;
pub mod association_new;
pub mod association_page;
pub mod associations;
pub mod balance;
pub mod certificate;
pub mod currency_rules;
pub mod exchange_page;
pub mod exchanges;
pub mod help;
pub mod help_edit;
pub mod help_print;
pub mod help_site;
pub mod home;
pub mod hours;
pub mod insights;
pub mod listing_edit;
pub mod listing_new;
pub mod listing_page;
pub mod login;
pub mod mail_settings;
pub mod matching_rules;
pub mod moderation;
pub mod my_needs;
pub mod not_found;
pub mod notifications;
pub mod offline;
pub mod password_reset;
pub mod profile;
pub mod signup;
pub mod upcoming;
pub mod user_page;
pub mod venue_new;
pub mod venue_page;
pub mod venues;
pub mod verify;

use leptos::prelude::*;

use crate::ui::command::Command;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

use crate::domain::AppError;

/// For a form page: goes to `to(answer)` once `action` succeeds, and answers its refusal, which
/// the form shows field by field.
fn go_on_success<S>(
    action: Command<S>,
    to: impl Fn(S::Output) -> String + 'static,
) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(answer)) = action.value().get() {
            crate::ui::nav::go(&to(answer));
        }
    });
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// The `:id` of the current route (0, which matches nothing, when it is not a number); read on
/// the server, which passes it to the page's island.
fn use_id_param() -> i64 {
    use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}
