//! Under a listing: for its author, the proposals received (accept or decline each); for anyone
//! else, "I can help" / "I'd like this" with an optional first message, or a link to the
//! exchange already open.

use leptos::prelude::*;

use crate::ui::command::Command;

use crate::api::exchanges::{ActOnExchange, ProposeExchange, listing_exchanges};
use crate::domain::AppError;
use crate::domain::exchange::{ExchangeAction, ExchangeState, ExchangeSummary};
use crate::domain::listing::ListingKind;
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::browser_data::browser_data;
use crate::ui::components::note_action::NoteAction;
use crate::ui::text;

/// The exchanges on a listing, loaded by the browser and refreshed after each action. Made by
/// the page above its `Suspense`, like `act` and `propose` (see [`browser_data`]).
/// `changed` is tracked: the list is read again whenever it changes (an action's version).
pub fn listing_proposals(
    listing_id: i64,
    changed: impl Fn() + Send + Sync + 'static,
) -> Signal<Option<Result<Vec<ExchangeSummary>, AppError>>> {
    let list = LocalResource::new(move || {
        changed();
        listing_exchanges(listing_id)
    });
    browser_data(list)
}

/// Under someone else's listing: "I can help" / "I'd like this", or the exchange already open.
#[component]
pub fn ExchangePanel(
    listing_id: i64,
    kind: ListingKind,
    propose: Command<ProposeExchange>,
    /// The exchanges on this listing I may see (see [`listing_proposals`]).
    exchanges: Signal<Option<Result<Vec<ExchangeSummary>, AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    view! {
        <section class="exchanges" aria-labelledby="exchanges-heading" data-testid="exchange-panel">
            <h2 id="exchanges-heading" class="visually-hidden">{t_string!(i18n, proposals_heading)}</h2>
            {move || match (auth.me(), exchanges.get()) {
                (None, _) => view! {
                    <p><a href="/login" class="button primary">{t_string!(i18n, login_to_propose)}</a></p>
                }.into_any(),
                (Some(_), Some(Ok(list))) => match list.into_iter().find(|e| e.state.is_open()) {
                    Some(open) => view! {
                        <p><a href=format!("/exchanges/{}", open.id) class="button primary" data-testid="open-exchange">
                            {t_string!(i18n, open_your_exchange)}
                        </a></p>
                    }.into_any(),
                    None => view! { <ProposeForm listing_id kind propose /> }.into_any(),
                },
                (Some(_), _) => view! { <ProposeForm listing_id kind propose /> }.into_any(),
            }}
        </section>
    }
}

/// Under my listing: the proposals received, to accept or decline.
#[component]
pub fn ProposalsPanel(
    act: Command<ActOnExchange>,
    /// While lots are to be drawn the author does not accept or decline by hand.
    draw_pending: Signal<bool>,
    /// The exchanges on this listing (see [`listing_proposals`]).
    exchanges: Signal<Option<Result<Vec<ExchangeSummary>, AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="exchanges" aria-labelledby="exchanges-heading" data-testid="exchange-panel">
            <h2 id="exchanges-heading">{t_string!(i18n, proposals_heading)}</h2>
            {move || exchanges.get().map(|r| match r {
                Err(e) => view! { <p class="form-error" role="alert">{text::error(i18n, &e)}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! {
                    <p class="muted" data-testid="no-proposal">{t_string!(i18n, no_proposal_yet)}</p>
                }.into_any(),
                Ok(list) => view! {
                    <ul class="cards">
                        {list.into_iter().map(|e| view! { <Proposal e act draw_pending /> }).collect_view()}
                    </ul>
                }.into_any(),
            })}
            {move || act.value().get().and_then(Result::err).map(|e| view! {
                <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
            })}
        </section>
    }
}

#[component]
fn Proposal(
    e: ExchangeSummary,
    act: Command<ActOnExchange>,
    draw_pending: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, state) = (e.id, e.state);
    view! {
        <li class="card" data-testid="proposal">
            <p>
                <strong>{text::person(i18n, &e.other_name)}</strong> " · "
                <span class=format!("badge badge-state badge-state-{}", crate::domain::vocab::Code::code(state))>{move || text::exchange_state(i18n, state)}</span>
                {(e.unread > 0).then(|| { let n = e.unread; view! { " · " <span class="muted">{move || t_string!(i18n, unread_messages, count = n).to_string()}</span> } })}
            </p>
            <p class="row">
                <a href=format!("/exchanges/{id}") class="button">{t_string!(i18n, open_exchange)}</a>
                {move || (state == ExchangeState::Proposed && !draw_pending.get()).then(|| view! {
                    <button type="button" class="primary" data-testid="accept"
                        on:click=move |_| { act.dispatch(ActOnExchange { id, action: ExchangeAction::Accept, message: None }); }>
                        {t_string!(i18n, accept)}
                    </button>
                    <NoteAction id action=ExchangeAction::Decline act class="secondary" testid="decline"
                        label=Signal::derive(move || t_string!(i18n, decline).to_string())
                        hint=Signal::derive(move || t_string!(i18n, decline_message_hint).to_string()) />
                })}
            </p>
        </li>
    }
}

#[component]
fn ProposeForm(
    listing_id: i64,
    kind: ListingKind,
    propose: Command<ProposeExchange>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(id)) = propose.value().get() {
            crate::ui::nav::go(&format!("/exchanges/{id}"));
        }
    });
    view! {
        <form class="propose" data-testid="propose-form" on:submit=move |ev| {
            ev.prevent_default();
            propose.dispatch(ProposeExchange { listing_id, message: message.get_untracked() });
        }>
            <label for="propose-message">{t_string!(i18n, propose_message_label)}</label>
            <textarea id="propose-message" rows="2" maxlength="2000" dir="auto" data-testid="propose-message"
                prop:value=move || message.get()
                on:input=move |ev| message.set(event_target_value(&ev))></textarea>
            {move || propose.value().get().and_then(Result::err).map(|e| view! {
                <p class="form-error" role="alert" data-testid="propose-error">{
                    e.field_errors().first().map_or_else(|| text::error(i18n, &e), |f| text::field_error(i18n, f.code))
                }</p>
            })}
            <button type="submit" class="primary" data-testid="propose" disabled=move || propose.pending().get()>
                {move || match kind {
                    ListingKind::Request => t_string!(i18n, i_can_help).to_string(),
                    ListingKind::Offer => t_string!(i18n, i_would_like_this).to_string(),
                }}
            </button>
        </form>
    }
}
