//! One of my exchanges: what, with whom, for how much; the actions my side may take now; its
//! history; the conversation; and, once completed, my review.

use leptos::prelude::*;

use crate::ui::command::Command;
use leptos::task::spawn_local;

use crate::api::exchanges::{
    ActOnExchange, LeaveReview, SendMessage, exchange_messages, get_exchange,
};
use crate::domain::AppError;
use crate::domain::exchange::{
    ExchangeAction, ExchangeState, ExchangeView, MessagePage, MessageView, Side,
};
use crate::i18n::*;
use crate::ui::auth::use_auth;
use crate::ui::components::bell::use_unread;
use crate::ui::components::login_prompt::LoginPrompt;
use crate::ui::components::note_action::{NoteAction, provide_note_drafts};
use crate::ui::components::page_meta::PageMeta;
use crate::ui::components::review_form::ReviewFormView;
use crate::ui::text;
use crate::ui::typed::Typed;

/// What the page reads and does, made once above its `Suspense`.
#[derive(Clone, Copy)]
struct Exchange {
    id: Signal<i64>,
    act: Command<ActOnExchange>,
    send: Command<SendMessage>,
    review: Command<LeaveReview>,
    view: Resource<Result<ExchangeView, AppError>>,
    latest: Resource<Result<MessagePage, AppError>>,
    /// Earlier pages the person asked for, oldest first.
    earlier: RwSignal<Vec<MessageView>>,
    /// Where the next "earlier messages" page ends, if there is one.
    cursor: RwSignal<Option<Option<i64>>>,
    /// The message being written: kept here so that it survives the page's refreshes.
    body: RwSignal<String>,
    /// How many sends have cleared the box.
    sent: RwSignal<usize>,
    /// The text of the message on its way: the box empties only if it still holds it, so what
    /// is typed while a message is sending is kept.
    sending: StoredValue<String>,
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    let id = super::use_id_param();
    view! { <ExchangePageIsland id /> }
}

/// The page's island: its code runs in the browser.
#[island(lazy)]
fn ExchangePageIsland(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let auth = use_auth();
    let id = Signal::stored(id);
    let act = Command::<ActOnExchange>::new();
    let send = Command::<SendMessage>::new();
    let review = Command::<LeaveReview>::new();
    let messages = use_unread().messages;
    let exchange = Exchange {
        id,
        act,
        send,
        review,
        view: Resource::new(
            // The other side's moves arrive as a new count from the stream.
            move || {
                (
                    id.get(),
                    act.version().get(),
                    review.version().get(),
                    messages.get(),
                )
            },
            |(id, ..)| get_exchange(id),
        ),
        // A new count from the stream means a new message: the conversation follows. An
        // action may carry my message (declining, reporting a problem).
        latest: Resource::new(
            move || {
                (
                    id.get(),
                    send.version().get(),
                    act.version().get(),
                    messages.get(),
                )
            },
            |(id, ..)| exchange_messages(id, None),
        ),
        earlier: RwSignal::new(Vec::new()),
        cursor: RwSignal::new(None),
        // A message typed before the page's code arrived is kept.
        body: RwSignal::new(Typed::read("form.send").text("body", String::new())),
        sent: RwSignal::new(0),
        sending: StoredValue::new(String::new()),
    };
    provide_note_drafts();
    view! {
        <div class="narrow">
            <Suspense fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
                {move || auth.user.get().map(|r| match r {
                    Ok(Some(_)) => view! { <Details exchange /> }.into_any(),
                    _ => view! { <LoginPrompt /> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Details(exchange: Exchange) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p>{t_string!(i18n, loading)}</p> }>
            {move || exchange.view.get().map(|r| match r {
                Ok(v) => view! {
                    <Summary v=v.clone() act=exchange.act />
                    <Conversation exchange open=v.state != ExchangeState::Declined && v.state != ExchangeState::Cancelled />
                    {(v.state == ExchangeState::Completed && v.my_review.is_none()).then(|| view! {
                        <ReviewFormView id=v.id other=text::person(use_i18n(), &v.other_name) action=exchange.review />
                    })}
                    {v.my_review.map(|rating| view! {
                        <p class="notice" data-testid="my-review">{t_string!(i18n, you_reviewed, rating = rating)}</p>
                    })}
                    <History v />
                }.into_any(),
                Err(e) => view! {
                    <h1>{t_string!(i18n, not_found_title)}</h1>
                    <p class="form-error" role="alert">{text::error(i18n, &e)}</p>
                    <a href="/exchanges">{t_string!(i18n, my_exchanges)}</a>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Summary(v: ExchangeView, act: Command<ActOnExchange>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, state, side, price, list_price) = (v.id, v.state, v.my_side, v.price, v.list_price);
    let i_give = v.i_give;
    let discounted = !i_give && price > 0 && price < list_price;
    let other = text::person(i18n, &v.other_name);
    let settlement = v.history.iter().rev().find(|c| c.by_moderator).cloned();
    let button = move |action: ExchangeAction,
                       label: String,
                       class: &'static str,
                       testid: &'static str| {
        view! {
            <button type="button" class=class data-testid=testid disabled=move || act.pending().get()
                on:click=move |_| { act.dispatch(ActOnExchange { id, action, message: None }); }>
                {label}
            </button>
        }
        .into_any()
    };
    // Declining and disputing may say why, in the conversation.
    let with_note = move |action: ExchangeAction, class: &'static str, testid: &'static str| {
        let (label, hint) = match action {
            ExchangeAction::Dispute => (
                Signal::derive(move || t_string!(i18n, dispute).to_string()),
                Signal::derive(move || t_string!(i18n, dispute_message_hint).to_string()),
            ),
            _ => (
                Signal::derive(move || t_string!(i18n, decline).to_string()),
                Signal::derive(move || t_string!(i18n, decline_message_hint).to_string()),
            ),
        };
        view! { <NoteAction id action act label hint class testid /> }.into_any()
    };
    let actions = match (state, side) {
        (ExchangeState::Proposed, Side::Author) => vec![
            button(
                ExchangeAction::Accept,
                t_string!(i18n, accept).to_string(),
                "primary",
                "accept",
            ),
            with_note(ExchangeAction::Decline, "secondary", "decline"),
        ],
        (ExchangeState::Proposed, Side::Proposer) => vec![button(
            ExchangeAction::Cancel,
            t_string!(i18n, withdraw_proposal).to_string(),
            "secondary",
            "cancel",
        )],
        (ExchangeState::Accepted, _) => {
            let mut out = Vec::new();
            if !v.i_confirmed {
                out.push(button(
                    ExchangeAction::Confirm,
                    t_string!(i18n, confirm_done).to_string(),
                    "primary",
                    "confirm",
                ));
            }
            if v.can_cancel {
                out.push(button(
                    ExchangeAction::Cancel,
                    t_string!(i18n, cancel_exchange).to_string(),
                    "secondary",
                    "cancel",
                ));
            }
            out.push(with_note(ExchangeAction::Dispute, "danger", "dispute"));
            out
        }
        _ => Vec::new(),
    };
    view! {
        <PageMeta title=v.listing_title.clone() />
        <article class="exchange" data-testid="exchange">
            <p><span class=format!("badge badge-state badge-state-{}", crate::domain::vocab::Code::code(state)) data-testid="exchange-state">{move || text::exchange_state(i18n, state)}</span></p>
            <h1 dir="auto"><a href=format!("/listings/{}", v.listing_id)>{v.listing_title.clone()}</a></h1>
            <p>
                {if i_give { t_string!(i18n, you_give_to).into_any() } else { t_string!(i18n, you_receive_from).into_any() }}
                " " <a href=format!("/users/{}", v.other_id)>{other.clone()}</a>
            </p>
            <p data-testid="exchange-price">
                <strong>{move || match (price, i_give, state) {
                    (0, ..) => t_string!(i18n, free).to_string(),
                    (p, true, _) => t_string!(i18n, you_will_receive, price = p).to_string(),
                    (p, false, ExchangeState::Proposed) => t_string!(i18n, you_would_pay, price = p).to_string(),
                    (p, false, _) => t_string!(i18n, you_pay, price = p).to_string(),
                }}</strong>
                {discounted.then(|| view! {
                    " " <span class="muted" data-testid="discount">{t_string!(i18n, generosity_discount_applied, listed = list_price)}</span>
                })}
                " " <a href="/currency">{t_string!(i18n, how_currency_works)}</a>
            </p>
            {(state == ExchangeState::Accepted).then(|| view! {
                <p class="muted" data-testid="confirmations">
                    {if v.i_confirmed { t_string!(i18n, you_confirmed).into_any() } else { t_string!(i18n, you_not_confirmed).into_any() }}
                    " · "
                    {if v.other_confirmed { t_string!(i18n, they_confirmed).into_any() } else { t_string!(i18n, they_not_confirmed).into_any() }}
                </p>
            })}
            {(state == ExchangeState::Disputed).then(|| view! {
                <p class="notice" data-testid="dispute-notice">{t_string!(i18n, dispute_pending)}</p>
            })}
            {settlement.map(|c| {
                let outcome = c.state;
                view! {
                    <p class="notice" data-testid="settlement">
                        {move || match outcome {
                            ExchangeState::Completed => t_string!(i18n, settled_release).to_string(),
                            _ => t_string!(i18n, settled_refund).to_string(),
                        }}
                        {c.note.map(|note| view! { " " <q dir="auto">{note}</q> })}
                    </p>
                }
            })}
            <div class="row owner-actions">{actions}</div>
            {move || act.value().get().and_then(Result::err).map(|e| view! {
                <p class="form-error" role="alert" data-testid="action-error">{text::error(i18n, &e)}</p>
            })}
        </article>
    }
}

#[component]
fn History(v: ExchangeView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="history">
            <summary>{t_string!(i18n, exchange_history)}</summary>
            <ol data-testid="history">
                {v.history.into_iter().map(|c| {
                    let state = c.state;
                    let by_moderator = c.by_moderator;
                    let by = c.by.clone();
                    let by = move || match (&by, by_moderator) {
                        (_, true) => t_string!(i18n, by_a_moderator).to_string(),
                        (Some(name), false) => name.clone(),
                        (None, false) => t_string!(i18n, by_the_system).to_string(),
                    };
                    view! {
                        <li>
                            {text::date(c.at)} " · " {move || text::exchange_state(i18n, state)} " · " {by}
                            {c.note.map(|note| view! { " · " <q dir="auto">{note}</q> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </details>
    }
}

#[component]
fn Conversation(exchange: Exchange, open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let Exchange {
        id,
        send,
        latest,
        earlier,
        cursor,
        body,
        sent,
        sending,
        ..
    } = exchange;
    // Clears the box once per message sent, not again when the page refreshes around it.
    Effect::new(move |_| {
        let version = send.version().get();
        // Queued on the phone counts as sent here: the outbox above the page keeps the text.
        if version > sent.get_untracked()
            && matches!(send.value().get(), Some(Ok(()) | Err(AppError::Queued)))
        {
            sent.set(version);
            if body.get_untracked() == sending.get_value() {
                body.set(String::new());
            }
        }
    });
    let load_earlier = move |_| {
        let Some(Some(before)) = cursor
            .get_untracked()
            .or_else(|| latest.get_untracked().and_then(Result::ok).map(|p| p.older))
        else {
            return;
        };
        spawn_local(async move {
            if let Ok(page) = exchange_messages(id.get_untracked(), Some(before)).await {
                earlier.update(|e| {
                    let mut all = page.messages;
                    all.append(e);
                    *e = all;
                });
                cursor.set(Some(page.older));
            }
        });
    };
    let has_earlier = move || match cursor.get() {
        Some(next) => next.is_some(),
        None => latest
            .get()
            .and_then(Result::ok)
            .is_some_and(|p| p.older.is_some()),
    };
    view! {
        <section class="conversation" aria-labelledby="conversation-title">
            <h2 id="conversation-title">{t_string!(i18n, conversation)}</h2>
            <p class="muted">{t_string!(i18n, conversation_private)}</p>
            // A plain closure, not `<Show>`: `latest` is a resource (see the header's Transition).
            {move || has_earlier().then(|| view! {
                <button type="button" class="link-button" data-testid="earlier" on:click=load_earlier>
                    {t_string!(i18n, earlier_messages)}
                </button>
            })}
            <ol class="messages" data-testid="messages">
                {move || earlier.get().into_iter().map(|m| view! { <Message m /> }).collect_view()}
                {move || latest.get().and_then(Result::ok).map(|p| {
                    p.messages.into_iter().map(|m| view! { <Message m /> }).collect_view()
                })}
            </ol>
            {open.then(|| view! {
                <form class="send" on:submit=move |ev| {
                    ev.prevent_default();
                    sending.set_value(body.get_untracked());
                    send.dispatch(SendMessage { id: id.get_untracked(), body: body.get_untracked(), key: None });
                }>
                    <label for="message-body">{t_string!(i18n, your_message)}</label>
                    <textarea id="message-body" name="body" rows="3" maxlength="2000" dir="auto"
                        data-testid="message-body"
                        prop:value=move || body.get()
                        on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    {move || send.value().get().and_then(Result::err).map(|e| view! {
                        <p class="form-error" role="alert">{
                            e.field_errors().first().map_or_else(|| text::error(i18n, &e), |f| text::field_error(i18n, f.code))
                        }</p>
                    })}
                    <button type="submit" class="primary" data-testid="send" disabled=move || send.pending().get()>
                        {t_string!(i18n, send)}
                    </button>
                </form>
            })}
        </section>
    }
}

#[component]
fn Message(m: MessageView) -> impl IntoView {
    let class = if m.mine { "message mine" } else { "message" };
    let author = text::person(use_i18n(), &m.author_name);
    view! {
        <li class=class>
            <p class="message-meta">{author} " · " {text::date(m.at)}</p>
            <p class="message-body" dir="auto">{m.body}</p>
        </li>
    }
}
