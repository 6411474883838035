//! Which e-mails a person receives (`backend::mail_notices`): the choices on the profile, and
//! the one-click unsubscribe page every such e-mail links to (`/unsubscribe?key=…&kind=…`).
//! Plain forms rendered by the server and sent without script (`server/src/accounts.rs`).

use leptos::prelude::*;

use crate::api::profile::my_mail_off;
use crate::domain::notify::MailKind;
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::nav::query_param;

type I18n = leptos_i18n::I18nContext<Locale>;

/// What an e-mail kind is sent for ("someone proposes on one of my listings").
pub fn kind_label(i18n: I18n, kind: MailKind) -> String {
    match kind {
        MailKind::Proposal => t_string!(i18n, mail_kind_proposal).to_string(),
        MailKind::Answer => t_string!(i18n, mail_kind_answer).to_string(),
        MailKind::Message => t_string!(i18n, mail_kind_message).to_string(),
        MailKind::Reminder => t_string!(i18n, mail_kind_reminder).to_string(),
        MailKind::Waitlist => t_string!(i18n, mail_kind_waitlist).to_string(),
        MailKind::Digest => t_string!(i18n, mail_kind_digest).to_string(),
    }
}

/// On the profile, for the signed-in person: a box per kind of e-mail, ticked when it is sent;
/// then [`MyData`].
#[component]
pub fn MailPrefs() -> impl IntoView {
    let i18n = use_i18n();
    let off = Resource::new(|| (), |_| my_mail_off());
    let saved = query_param("mail").is_some_and(|v| v == "saved");
    view! {
        <Suspense fallback=|| ()>
            {move || off.get().and_then(Result::ok).map(|off| view! {
                <section class="narrow" aria-labelledby="mail-prefs-title" data-testid="mail-prefs">
                    <h2 id="mail-prefs-title">{t_string!(i18n, mail_settings)}</h2>
                    {saved.then(|| view! {
                        <p class="notice" role="status" data-testid="mail-prefs-saved">{t_string!(i18n, mail_prefs_saved)}</p>
                    })}
                    <form method="post" action="/profile/mail" class="stack">
                        <fieldset>
                            <legend>{t_string!(i18n, mail_prefs_intro)}</legend>
                            {MailKind::CHOICES.iter().map(|&kind| view! {
                                <label class="check">
                                    <input type="checkbox" name=format!("on_{}", kind.code()) value="1"
                                        checked=!off.contains(&kind) data-testid=format!("mail-on-{}", kind.code()) />
                                    <span>{kind_label(i18n, kind)}</span>
                                </label>
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" data-testid="mail-prefs-save">{t_string!(i18n, mail_prefs_save)}</button>
                    </form>
                </section>
                <MyData />
            })}
        </Suspense>
    }
}

/// On the profile: download everything stored about me (`server/src/accounts.rs`, `my_data`).
#[component]
pub fn MyData() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="narrow" aria-labelledby="my-data-title" data-testid="my-data">
            <h2 id="my-data-title">{t_string!(i18n, mydata_title)}</h2>
            <p id="my-data-intro">{t_string!(i18n, mydata_intro)}</p>
            <p>
                <a href="/my-data.json" download rel="external" aria-describedby="my-data-intro"
                    data-testid="export-link">{t_string!(i18n, mydata_download)}</a>
            </p>
            <p>
                <a href="/account" data-testid="account-link">{t_string!(i18n, account_link)}</a>
                " · "
                <a href="/privacy">{t_string!(i18n, privacy_title)}</a>
            </p>
        </section>
    }
}

/// `/unsubscribe?key=…&kind=…`: a button that stops one kind of e-mail; `?done=1` once done.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let key = query_param("key").unwrap_or_default();
    let kind = query_param("kind").and_then(|k| MailKind::from_code(&k));
    let done = query_param("done").is_some();
    let refused = query_param("error").is_some();
    let body = match (done, kind) {
        (true, _) => view! {
            <p class="notice" role="status" data-testid="unsub-done">{t_string!(i18n, unsub_done)}</p>
            <p><a href="/profile">{t_string!(i18n, mail_settings)}</a></p>
        }
        .into_any(),
        (false, Some(kind)) if !refused && key.len() == 64 => view! {
            <form method="post" action="/unsubscribe" class="stack" data-testid="unsub-form">
                <p>{t_string!(i18n, unsub_intro, kind = kind_label(i18n, kind))}</p>
                <input type="hidden" name="key" value=key />
                <input type="hidden" name="kind" value=kind.code() />
                <button type="submit" class="primary">{t_string!(i18n, unsub_submit)}</button>
            </form>
        }
        .into_any(),
        _ => view! {
            <div role="alert" data-testid="unsub-bad">
                <p class="form-error">{t_string!(i18n, unsub_bad)}</p>
                <p><a href="/profile">{t_string!(i18n, mail_settings)}</a></p>
            </div>
        }
        .into_any(),
    };
    view! {
        <PageMeta title=t_string!(i18n, unsub_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, unsub_title)}</h1>
            {body}
        </div>
    }
}
