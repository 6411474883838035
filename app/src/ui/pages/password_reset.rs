//! "Forgot my password" (`/forgot`) and choosing a new one with the e-mailed link
//! (`/reset?token=…`). Plain forms rendered by the server and sent without script
//! (`server/src/accounts.rs`): they work on any phone, and their words cost the wasm nothing.
//! A refused form comes back with its status, the reason (`error`, JSON) and what was typed
//! (but never a password) in the query.

use leptos::prelude::*;

use crate::domain::{AppError, Field, FieldError};
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::nav::query_param;
use crate::ui::text;

/// The refusal the server put in the address (read on the server only).
pub(crate) fn refusal() -> Option<AppError> {
    #[cfg(feature = "ssr")]
    {
        query_param("error").and_then(|raw| serde_json::from_str(&raw).ok())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The message of a refusal: for `field` if it names it, else for the whole form.
fn messages(
    i18n: leptos_i18n::I18nContext<Locale>,
    error: &Option<AppError>,
    field: Field,
) -> (Option<String>, Option<String>) {
    match error {
        Some(AppError::Validation(errors)) => (
            errors
                .iter()
                .find(|FieldError { field: f, .. }| *f == field)
                .map(|fe| text::field_error(i18n, fe.code)),
            None,
        ),
        Some(e) => (None, Some(text::error(i18n, e))),
        None => (None, None),
    }
}

/// Asks for a link. The answer never says whether the address has an account.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    let sent = query_param("sent").is_some();
    let typed = query_param("email").unwrap_or_default();
    let (field, general) = messages(i18n, &refusal(), Field::Email);
    let invalid = field.is_some().then_some("true");
    view! {
        <PageMeta title=t_string!(i18n, forgot_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, forgot_title)}</h1>
            {if sent {
                view! {
                    <p class="notice" role="status" data-testid="forgot-sent">{t_string!(i18n, forgot_sent)}</p>
                }
                .into_any()
            } else {
                view! {
                    <p id="forgot-intro">{t_string!(i18n, forgot_intro)}</p>
                    <form method="post" action="/forgot/send" class="stack" data-testid="forgot-form" novalidate>
                        {general.map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
                        <label>
                            <span>{t_string!(i18n, field_email)}</span>
                            <input type="email" name="email" autocomplete="email" required value=typed
                                aria-invalid=invalid aria-describedby="forgot-intro err-email" />
                        </label>
                        {field.map(|m| view! { <p class="field-error" id="err-email" role="alert">{m}</p> })}
                        <button type="submit" class="primary">{t_string!(i18n, forgot_submit)}</button>
                    </form>
                }
                .into_any()
            }}
        </div>
    }
}

/// Chooses the new password; then the person is signed in and taken home.
#[component]
pub fn ResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = query_param("token").unwrap_or_default();
    let error = refusal();
    let dead = token.is_empty() || matches!(error, Some(AppError::NotFound));
    let (field, general) = messages(i18n, &error, Field::Password);
    let general = general.filter(|_| !dead);
    let invalid = field.is_some().then_some("true");
    let described = field.is_some().then_some("err-password");
    view! {
        <PageMeta title=t_string!(i18n, reset_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, reset_title)}</h1>
            {if dead {
                view! {
                    <div role="alert" data-testid="reset-dead">
                        <p class="form-error">{t_string!(i18n, reset_bad_link)}</p>
                        <p><a href="/forgot">{t_string!(i18n, reset_ask_again)}</a></p>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <form method="post" action="/reset/save" class="stack" data-testid="reset-form" novalidate>
                        {general.map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
                        <input type="hidden" name="token" value=token />
                        <label>
                            <span>{t_string!(i18n, reset_password)}</span>
                            <input type="password" name="password" autocomplete="new-password" required
                                aria-invalid=invalid aria-describedby=described />
                        </label>
                        {field.map(|m| view! { <p class="field-error" id="err-password" role="alert">{m}</p> })}
                        <button type="submit" class="primary">{t_string!(i18n, reset_submit)}</button>
                    </form>
                }
                .into_any()
            }}
        </div>
    }
}
