//! For moderators: disputed exchanges, each with its conversation and a note to settle it
//! (release the held price to the giver, or refund the receiver), then the latest private
//! reasons left in reviews. The server refuses the data to anyone else.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::moderation::{SettleDispute, moderation_queue};
use crate::domain::AppError;
use crate::domain::moderation::{
    DisputeView, MAX_NOTE_CHARS, ModerationView, ReportView, Settlement,
};
use crate::domain::vocab::Code;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::pager::{Pager, use_page_param};
use crate::ui::text;

#[island(lazy)]
pub fn ModerationPage() -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let settle = Command::<SettleDispute>::new();
    // Reloaded after each settlement that succeeded, not after a refusal: the card and the
    // note being written stay as they are, with the error under them.
    let settled = RwSignal::new(0usize);
    Effect::new(move |_| {
        settle.version().track();
        if matches!(settle.value().get_untracked(), Some(Ok(()))) {
            settled.update(|n| *n += 1);
        }
    });
    let page = use_page_param("page");
    let queue = Resource::new(
        move || (settled.get(), page.get()),
        |(_, page)| moderation_queue(page),
    );
    view! {
        <PageMeta title=t_string!(i18n, moderation_title).to_string() />
        <div class="narrow">
            <h1>{t_string!(i18n, moderation_title)}</h1>
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || match auth.user.get() {
                    None => None,
                    Some(Ok(Some(_))) => Some(queue.get().map(|r| view! { <Queue r settle /> }).into_any()),
                    Some(_) => Some(view! { <LoginPrompt /> }.into_any()),
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn Queue(r: Result<ModerationView, AppError>, settle: Command<SettleDispute>) -> impl IntoView {
    let i18n = use_i18n();
    match r {
        Err(AppError::Forbidden) => view! {
            <p class="form-error" role="alert" data-testid="moderators-only">{t_string!(i18n, moderators_only)}</p>
        }
        .into_any(),
        Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
        Ok(q) => view! {
            <section aria-labelledby="disputes-title">
                <h2 id="disputes-title">{t_string!(i18n, disputes_title)}</h2>
                {if q.disputes.items.is_empty() && q.disputes.page == 0 {
                    view! { <p class="muted" data-testid="no-disputes">{t_string!(i18n, no_disputes)}</p> }.into_any()
                } else {
                    let (page, more) = (q.disputes.page, q.disputes.more);
                    view! {
                        <ul class="cards">
                            {q.disputes.items.into_iter().map(|d| view! { <Dispute d settle /> }).collect_view()}
                        </ul>
                        <Pager page more />
                    }.into_any()
                }}
            </section>
            <section aria-labelledby="reports-title">
                <h2 id="reports-title">{t_string!(i18n, reports_title)}</h2>
                <p class="muted">{t_string!(i18n, reports_explained)}</p>
                {if q.reports.is_empty() {
                    view! { <p class="muted" data-testid="no-reports">{t_string!(i18n, no_reports)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards">
                            {q.reports.into_iter().map(|r| view! { <Report r /> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        }
        .into_any(),
    }
}

#[component]
fn Dispute(d: DisputeView, settle: Command<SettleDispute>) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.exchange_id;
    let note = RwSignal::new(String::new());
    let choice = RwSignal::new(Settlement::Refund);
    let note_id = format!("note-{id}");
    let (giver, receiver, price) = (
        text::person(use_i18n(), &d.giver_name),
        text::person(use_i18n(), &d.receiver_name),
        d.price,
    );
    let (disputed_by, disputed_at) = (d.disputed_by.clone(), d.disputed_at);
    // The action is shared by every card: only the one that was sent shows its error.
    let sent_here = RwSignal::new(false);
    let error = move || {
        settle
            .value()
            .get()
            .and_then(Result::err)
            .filter(|_| sent_here.get())
    };
    view! {
        <li class="card dispute" data-testid="dispute">
            <h3 dir="auto"><a href=format!("/listings/{}", d.listing_id)>{d.listing_title.clone()}</a></h3>
            <p>
                <a href=format!("/users/{}", d.giver_id)>{text::person(use_i18n(), &d.giver_name)}</a>
                " → "
                <a href=format!("/users/{}", d.receiver_id)>{text::person(use_i18n(), &d.receiver_name)}</a>
                " · " {move || t_string!(i18n, held_price, price = price).to_string()}
            </p>
            <p class="muted">{move || t_string!(i18n, disputed_by_on, name = disputed_by.clone(), date = text::date(disputed_at)).to_string()}</p>
            <details open>
                <summary>{t_string!(i18n, conversation)}</summary>
                <ol class="messages" data-testid="dispute-messages">
                    {d.messages.into_iter().map(|m| view! {
                        <li class="message">
                            <p class="message-meta">{text::person(use_i18n(), &m.author_name)} " · " {text::date(m.at)}</p>
                            <p class="message-body" dir="auto">{m.body}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </details>
            <form class="settle" on:submit=move |ev| {
                ev.prevent_default();
                sent_here.set(true);
                settle.dispatch(SettleDispute { id, settlement: choice.get_untracked().code().to_owned(), note: note.get_untracked() });
            }>
                <fieldset>
                    <legend>{t_string!(i18n, settle_how)}</legend>
                    <label>
                        <input type="radio" name=format!("settle-{id}") data-testid="settle-refund"
                            prop:checked=move || choice.get() == Settlement::Refund
                            on:change=move |_| choice.set(Settlement::Refund) />
                        {move || t_string!(i18n, settle_refund, name = receiver.clone()).to_string()}
                    </label>
                    <label>
                        <input type="radio" name=format!("settle-{id}") data-testid="settle-release"
                            prop:checked=move || choice.get() == Settlement::Release
                            on:change=move |_| choice.set(Settlement::Release) />
                        {move || t_string!(i18n, settle_release, name = giver.clone()).to_string()}
                    </label>
                </fieldset>
                <label for=note_id.clone()>{t_string!(i18n, settle_note)}</label>
                <textarea id=note_id.clone() rows="2" required maxlength=MAX_NOTE_CHARS.to_string() dir="auto"
                    data-testid="settle-note"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                {move || error().map(|e| view! {
                    <p class="form-error" role="alert" data-testid="settle-error">{
                        e.field_errors().first().map_or_else(|| text::error(i18n, &e), |f| text::field_error(i18n, f.code))
                    }</p>
                })}
                <button type="submit" class="primary" data-testid="settle" disabled=move || settle.pending().get()>
                    {t_string!(i18n, settle)}
                </button>
            </form>
        </li>
    }
}

#[component]
fn Report(r: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let (reason, count, rating) = (r.reason, r.reporters, r.rating);
    let (reporter, at) = (text::person(use_i18n(), &r.reporter_name), r.at);
    view! {
        <li class="card" data-testid="report">
            <p>
                <strong>{move || text::private_reason(i18n, reason)}</strong>
                " · " <a href=format!("/users/{}", r.subject_id)>{text::person(use_i18n(), &r.subject_name)}</a>
                " · " {"★".repeat(usize::from(rating))}
            </p>
            <p class="muted">
                {move || t_string!(i18n, reported_by_on, name = reporter.clone(), date = text::date(at)).to_string()}
                " · " <span data-testid="reporters">{move || t_string!(i18n, reporters_count, count = count).to_string()}</span>
            </p>
            {(!r.comment.is_empty()).then(|| view! { <p dir="auto">{r.comment.clone()}</p> })}
        </li>
    }
}
