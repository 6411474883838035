//! Proving an e-mail address (`backend::verification`): the e-mailed link opens `/verify`, whose
//! button confirms (a mail scanner that opens links confirms nothing); the profile says when the
//! address is not proven yet and can send the link again. Plain forms rendered by the server and
//! sent without script (`server/src/accounts.rs`): their words cost the wasm nothing.

use leptos::prelude::*;

use crate::api::auth::current_user;
use crate::domain::AppError;
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::nav::query_param;
use crate::ui::text;

use super::password_reset::refusal;

/// `/verify?token=…`: a button that proves the address; `?done=1` once it is.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = query_param("token").unwrap_or_default();
    let done = query_param("done").is_some();
    let error = refusal();
    let dead = !done && (token.is_empty() || matches!(error, Some(AppError::NotFound)));
    let general = error
        .filter(|e| !matches!(e, AppError::NotFound))
        .map(|e| text::error(i18n, &e));
    let body = if done {
        view! {
            <div role="status" data-testid="verify-done">
                <p class="notice">{t_string!(i18n, verify_done)}</p>
                <p><a href="/">{t_string!(i18n, verify_home)}</a></p>
            </div>
        }
        .into_any()
    } else if dead {
        view! {
            <div role="alert" data-testid="verify-dead">
                <p class="form-error">{t_string!(i18n, verify_bad_link)}</p>
                <p><a href="/profile">{t_string!(i18n, verify_ask_again)}</a></p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <p id="verify-intro">{t_string!(i18n, verify_intro)}</p>
            <form method="post" action="/verify/confirm" class="stack" data-testid="verify-form">
                {general.map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
                <input type="hidden" name="token" value=token />
                <button type="submit" class="primary" aria-describedby="verify-intro">
                    {t_string!(i18n, verify_submit)}
                </button>
            </form>
        }
        .into_any()
    };
    view! {
        <PageMeta title=t_string!(i18n, verify_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, verify_title)}</h1>
            {body}
        </div>
    }
}

/// On the profile, while the signed-in person's address is not proven: what that limits, and a
/// button to send the link again (`?resent=1` once sent; `?error=` when refused).
#[component]
pub fn EmailNotice() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| current_user());
    let resent = query_param("resent").is_some();
    let error = refusal().map(|e| text::error(i18n, &e));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let error = error.clone();
                me.get().and_then(|r| r.ok().flatten()).filter(|me| !me.email_verified).map(|me| {
                    view! {
                        <section class="narrow notice" data-testid="email-unverified" aria-labelledby="email-unverified-text">
                            <p><strong><bdi dir="ltr" data-testid="email-unverified-address">{me.email.clone()}</bdi></strong></p>
                            <p id="email-unverified-text">{t_string!(i18n, email_unverified)}</p>
                            {resent.then(|| view! {
                                <p role="status" data-testid="email-resent">{t_string!(i18n, email_resent)}</p>
                            })}
                            {error.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                            <form method="post" action="/verify/resend">
                                <button type="submit" data-testid="email-resend">{t_string!(i18n, email_resend)}</button>
                            </form>
                        </section>
                    }
                })
            }}
        </Suspense>
    }
}

/// `/profile`: the notice above the profile's editor, the e-mail choices and the download of
/// my data below it.
#[component]
pub fn ProfileRoute() -> impl IntoView {
    view! {
        <EmailNotice />
        <super::profile::ProfilePage />
        <super::mail_settings::MailPrefs />
    }
}
