//! Moderation: the queue and settling a dispute. Each function checks on the server that the
//! signed-in user is a moderator (`backend::moderation::require_moderator`): anyone else gets
//! 403, a visitor 401.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::moderation::ModerationView;

/// One page of the disputed exchanges with their conversations, and the latest private reasons.
#[server(endpoint = "moderation_queue", input = Json, output = JsonText)]
pub async fn moderation_queue(#[server(default)] page: u32) -> Result<ModerationView, AppError> {
    use crate::backend::{moderation, now, request};
    request::as_user(|state, user| async move {
        moderation::require_moderator(&state.db, user).await?;
        moderation::queue(&state.db, now(), page).await
    })
    .await
}

/// Settles a disputed exchange (`settlement`: `release` to the giver or `refund` the receiver)
/// with a note both people read.
#[server(endpoint = "settle_dispute", input = Json, output = JsonText)]
pub async fn settle_dispute(id: i64, settlement: String, note: String) -> Result<(), AppError> {
    use crate::backend::{command, moderation, now, request};
    use crate::domain::moderation::parse_settlement;
    request::as_user(|state, user| async move {
        let moderator = moderation::require_moderator(&state.db, user).await?;
        let (settlement, note) = parse_settlement(&settlement, &note)?;
        let settings = state.exchange_settings();
        let now = now();
        command(&state, |txn| {
            let note = note.clone();
            Box::pin(async move {
                moderation::settle(txn, &settings, moderator, id, settlement, note, now).await
            })
        })
        .await
    })
    .await
}
