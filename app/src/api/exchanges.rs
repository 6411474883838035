//! Exchanges, their conversations and reviews. Every function checks on the server that the
//! signed-in user is one of the exchange's two people (`backend::exchanges::membership`).

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::exchange::{
    ExchangeAction, ExchangeSummary, ExchangeView, MessagePage, ReviewForm, ReviewView,
};
use crate::domain::page::Paged;

/// "I can help" / "I'd like this" on someone else's listing, with an optional first message.
/// Answers the exchange's id.
#[server(endpoint = "propose_exchange", input = Json, output = JsonText)]
pub async fn propose_exchange(listing_id: i64, message: String) -> Result<i64, AppError> {
    use crate::backend::{command, exchanges, now, request};
    use crate::domain::exchange::parse_optional_message;
    request::as_user(|state, user| async move {
        let message = parse_optional_message(Some(&message))?;
        let (settings, now) = (state.exchange_settings(), now());
        command(&state, |txn| {
            let message = message.clone();
            Box::pin(async move {
                exchanges::propose(txn, &settings, user, listing_id, message, now).await
            })
        })
        .await
    })
    .await
}

/// Accept, decline, cancel, confirm or dispute one of my exchanges, with an optional message
/// to the other person (why I decline, what went wrong) that lands in the conversation in the
/// same transaction as the change.
#[server(endpoint = "act_on_exchange", input = Json, output = JsonText)]
pub async fn act_on_exchange(
    id: i64,
    action: ExchangeAction,
    #[server(default)] message: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{command, exchanges, now, request};
    use crate::domain::exchange::parse_optional_message;
    request::as_user(|state, user| async move {
        let message = parse_optional_message(message.as_deref())?;
        let (settings, now) = (state.exchange_settings(), now());
        command(&state, |txn| {
            let message = message.clone();
            Box::pin(
                async move { exchanges::act(txn, &settings, user, id, action, message, now).await },
            )
        })
        .await
    })
    .await
}

/// One of my exchanges.
#[server(endpoint = "get_exchange", input = Json, output = JsonText)]
pub async fn get_exchange(id: i64) -> Result<ExchangeView, AppError> {
    use crate::backend::{exchange_views, now, request};
    request::as_user(|state, user| async move {
        exchange_views::view(&state.db, &state.exchange_settings(), user, id, now()).await
    })
    .await
}

/// One page of my exchanges, open ones first.
#[server(endpoint = "my_exchanges", input = Json, output = JsonText)]
pub async fn my_exchanges(
    #[server(default)] page: u32,
) -> Result<Paged<ExchangeSummary>, AppError> {
    use crate::backend::{exchange_views, now, request};
    request::as_user(|state, user| async move {
        exchange_views::mine(&state.db, &state.exchange_settings(), user, now(), page).await
    })
    .await
}

/// The exchanges on a listing I may see (all for its author, mine for anyone else; none for a
/// visitor).
#[server(endpoint = "listing_exchanges", input = Json, output = JsonText)]
pub async fn listing_exchanges(listing_id: i64) -> Result<Vec<ExchangeSummary>, AppError> {
    use crate::backend::{exchange_views, now, request};
    request::as_visitor(|state, user| async move {
        let Some(user) = user else {
            return Ok(Vec::new());
        };
        exchange_views::on_listing(
            &state.db,
            &state.exchange_settings(),
            user,
            listing_id,
            now(),
        )
        .await
    })
    .await
}

/// A page of one of my conversations (the latest without `before`, which also marks it read).
#[server(endpoint = "exchange_messages", input = Json, output = JsonText)]
pub async fn exchange_messages(id: i64, before: Option<i64>) -> Result<MessagePage, AppError> {
    use crate::backend::{command, conversations, request};
    request::as_user(|state, user| async move {
        command(&state, |txn| {
            Box::pin(async move { conversations::page(txn, user, id, before).await })
        })
        .await
    })
    .await
}

/// Sends a message in one of my exchanges. `key`: as for `create_listing`, a message sent again
/// with the same key lands once.
#[server(endpoint = "send_message", input = Json, output = JsonText)]
pub async fn send_message(
    id: i64,
    body: String,
    #[server(default)] key: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{command, conversations, idempotency, now, request};
    use crate::domain::exchange::parse_message;
    request::as_user(|state, user| async move {
        let body = parse_message(&body).map_err(|e| AppError::Validation(vec![e]))?;
        let now = now();
        command(&state, |txn| {
            let (body, key) = (body.clone(), key.clone());
            Box::pin(async move {
                let asked = (id, body.clone());
                let send = conversations::send(txn, user, id, body, now);
                idempotency::once(txn, user, key.as_deref(), "send_message", &asked, now, send)
                    .await
            })
        })
        .await
    })
    .await
}

/// Reviews the other person of one of my completed exchanges.
#[server(endpoint = "leave_review", input = Json, output = JsonText)]
pub async fn leave_review(id: i64, form: ReviewForm) -> Result<(), AppError> {
    use crate::backend::{now, request, reviews, tx};
    request::as_user(|state, user| async move {
        let review = form.parse()?;
        let now = now();
        tx::write(&state.db, |txn| {
            let review = review.clone();
            Box::pin(async move { reviews::leave(txn, user, id, review, now).await })
        })
        .await?;
        Ok(())
    })
    .await
}

/// A person's published reviews (public).
#[server(endpoint = "user_reviews", input = Json, output = JsonText)]
pub async fn user_reviews(user_id: i64) -> Result<Vec<ReviewView>, AppError> {
    use crate::backend::{request, reviews};
    request::public(|state| async move { reviews::of(&state.db, user_id).await }).await
}

/// How many messages I have not read (0 when signed out).
#[server(endpoint = "unread_messages", input = Json, output = JsonText)]
pub async fn unread_messages() -> Result<u64, AppError> {
    use crate::backend::{conversations, request};
    request::as_visitor(|state, user| async move {
        match user {
            Some(user) => Ok(conversations::unread_total(&state.db, user).await?),
            None => Ok(0),
        }
    })
    .await
}
