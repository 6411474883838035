//! `/account`: the account's settings behind the current password (`backend::account`): a new
//! e-mail address, a new password, and deleting the account; `/privacy`: what is stored, who
//! sees what, and what deleting erases and keeps. Plain forms rendered by the server and sent
//! without script (`server/src/accounts.rs`), so their words cost the wasm nothing. A refused
//! form comes back with its status, `form` (which of the three), the reason and the typed
//! address (never a password) in the query.

use leptos::prelude::*;

use crate::api::auth::current_user;
use crate::domain::{AppError, Field, FieldError};
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::nav::query_param;
use crate::ui::text;

use super::password_reset::refusal;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The messages of a refusal of form `form`, if it is the one refused: (for the current
/// password, for the new value, for the whole form).
fn messages(i18n: I18n, form: &str, field: Field) -> [Option<String>; 3] {
    if query_param("form").as_deref() != Some(form) {
        return [None, None, None];
    }
    match refusal() {
        Some(AppError::Unauthorized) => [
            Some(t_string!(i18n, account_wrong_password).to_string()),
            None,
            None,
        ],
        Some(AppError::Validation(errors)) => [
            None,
            errors
                .iter()
                .find(|FieldError { field: f, .. }| *f == field)
                .map(|fe| text::field_error(i18n, fe.code)),
            None,
        ],
        Some(e) => [None, None, Some(text::error(i18n, &e))],
        None => [None, None, None],
    }
}

/// A password field with its message, described by it when there is one.
#[component]
fn PasswordField(
    label: String,
    name: &'static str,
    autocomplete: &'static str,
    id: &'static str,
    error: Option<String>,
) -> impl IntoView {
    let err_id = format!("err-{id}");
    let described = error.as_ref().map(|_| err_id.clone());
    view! {
        <label>
            <span>{label}</span>
            <input type="password" name=name autocomplete=autocomplete required id=id
                aria-invalid=error.as_ref().map(|_| "true") aria-describedby=described />
        </label>
        {error.map(|m| view! { <p class="field-error" id=err_id role="alert">{m}</p> })}
    }
}

/// The three forms, for the signed-in person.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| current_user());
    let done = query_param("done");
    view! {
        <PageMeta title=t_string!(i18n, account_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, account_title)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let done = done.clone();
                    me.get().map(|me| match me.ok().flatten() {
                        None => view! {
                            <p role="alert">
                                <a href="/login">{t_string!(i18n, login_required)}</a>
                            </p>
                        }
                        .into_any(),
                        Some(me) => view! {
                            {done.map(|what| {
                                let message = match what.as_str() {
                                    "email" => t_string!(i18n, account_email_done).to_string(),
                                    _ => t_string!(i18n, account_pw_done).to_string(),
                                };
                                view! { <p class="notice" role="status" data-testid="account-done">{message}</p> }
                            })}
                            <EmailForm current=me.email.clone() />
                            <PasswordForm />
                            <DeleteForm />
                        }
                        .into_any(),
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn EmailForm(current: String) -> impl IntoView {
    let i18n = use_i18n();
    let [password, field, general] = messages(i18n, "email", Field::Email);
    let typed = query_param("email").unwrap_or_default();
    let described = field.as_ref().map(|_| "err-new-email");
    view! {
        <section aria-labelledby="account-email-title" data-testid="account-email">
            <h2 id="account-email-title">{t_string!(i18n, account_email_title)}</h2>
            <p>{t_string!(i18n, account_email_now)} " " <bdi dir="ltr"><strong>{current}</strong></bdi></p>
            <form method="post" action="/account/email" class="stack" novalidate>
                {general.map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
                <label>
                    <span>{t_string!(i18n, account_email_new)}</span>
                    <input type="email" name="email" autocomplete="email" required value=typed dir="ltr"
                        aria-invalid=field.as_ref().map(|_| "true") aria-describedby=described />
                </label>
                {field.map(|m| view! { <p class="field-error" id="err-new-email" role="alert">{m}</p> })}
                <PasswordField label=t_string!(i18n, account_current_password).to_string()
                    name="current" autocomplete="current-password" id="email-current" error=password />
                <button type="submit">{t_string!(i18n, account_email_submit)}</button>
            </form>
        </section>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let [current, field, general] = messages(i18n, "password", Field::Password);
    view! {
        <section aria-labelledby="account-pw-title" data-testid="account-password">
            <h2 id="account-pw-title">{t_string!(i18n, account_pw_title)}</h2>
            <form method="post" action="/account/password" class="stack" novalidate>
                {general.map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
                <PasswordField label=t_string!(i18n, account_current_password).to_string()
                    name="current" autocomplete="current-password" id="pw-current" error=current />
                <PasswordField label=t_string!(i18n, account_pw_new).to_string()
                    name="password" autocomplete="new-password" id="pw-new" error=field />
                <button type="submit">{t_string!(i18n, account_pw_submit)}</button>
            </form>
        </section>
    }
}

#[component]
fn DeleteForm() -> impl IntoView {
    let i18n = use_i18n();
    let [password, _, general] = messages(i18n, "delete", Field::Password);
    view! {
        <section aria-labelledby="account-delete-title" data-testid="account-delete">
            <h2 id="account-delete-title">{t_string!(i18n, account_delete_title)}</h2>
            <p id="account-delete-intro">{t_string!(i18n, account_delete_intro)}</p>
            <p>
                <a href="/my-data.json" download rel="external">{t_string!(i18n, mydata_download)}</a>
                " · "
                <a href="/privacy">{t_string!(i18n, privacy_title)}</a>
            </p>
            <form method="post" action="/account/delete" class="stack" novalidate>
                {general.map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
                <PasswordField label=t_string!(i18n, account_current_password).to_string()
                    name="current" autocomplete="current-password" id="delete-current" error=password />
                <button type="submit" class="danger" aria-describedby="account-delete-intro"
                    data-testid="account-delete-submit">{t_string!(i18n, account_delete_submit)}</button>
            </form>
        </section>
    }
}

/// `/privacy`: who sees what, what e-mails are sent, and what deleting an account erases and
/// keeps (`backend::account::delete` does the same, in that order). `?deleted=1` after a
/// deletion.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let deleted = query_param("deleted").is_some();
    view! {
        <PageMeta title=t_string!(i18n, privacy_title).to_string() />
        <div class="narrow prose">
            <h1>{t_string!(i18n, privacy_title)}</h1>
            {deleted.then(|| view! {
                <p class="notice" role="status" data-testid="account-deleted">{t_string!(i18n, account_deleted)}</p>
            })}
            <p>{t_string!(i18n, privacy_intro)}</p>
            <h2>{t_string!(i18n, privacy_places_title)}</h2>
            <p>{t_string!(i18n, privacy_places)}</p>
            <h2>{t_string!(i18n, privacy_mail_title)}</h2>
            <p>{t_string!(i18n, privacy_mail)}</p>
            <h2>{t_string!(i18n, mydata_title)}</h2>
            <p>{t_string!(i18n, privacy_export)}</p>
            <h2 id="leaving">{t_string!(i18n, privacy_delete_title)}</h2>
            <p data-testid="privacy-erased">{t_string!(i18n, privacy_erased)}</p>
            <p data-testid="privacy-kept">{t_string!(i18n, privacy_kept)}</p>
            <p><a href="/account">{t_string!(i18n, account_title)}</a></p>
        </div>
    }
}
