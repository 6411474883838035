//! "Draw lots at a deadline" on a listing. Only its author plans or cancels a draw (checked in
//! `backend::draws`); anyone may see it, each person sees only their own ticket.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::draw::{DrawForm, DrawInfo};

/// The author of a free offer of goods lets chance choose among everyone who asks before the
/// deadline.
#[server(endpoint = "draw_lots", input = Json, output = JsonText)]
pub async fn draw_lots(listing_id: i64, form: DrawForm) -> Result<(), AppError> {
    use crate::backend::{draws, now, request, tx};
    request::as_user(|state, user| async move {
        let settings = state.exchange_settings();
        let now = now();
        tx::write(&state.db, |txn| {
            let form = form.clone();
            Box::pin(async move { draws::plan(txn, &settings, user, listing_id, &form, now).await })
        })
        .await
    })
    .await
}

/// The author goes back to choosing by hand, before the deadline.
#[server(endpoint = "cancel_draw", input = Json, output = JsonText)]
pub async fn cancel_draw(listing_id: i64) -> Result<(), AppError> {
    use crate::backend::{draws, request, tx};
    request::as_user(|state, user| async move {
        tx::write(&state.db, |txn| {
            Box::pin(async move { draws::cancel(txn, user, listing_id).await })
        })
        .await
    })
    .await
}

/// A listing's draw, if it has one, and whether its author may start one.
#[server(endpoint = "listing_draw", input = Json, output = JsonText)]
pub async fn listing_draw(listing_id: i64) -> Result<DrawInfo, AppError> {
    use crate::backend::{draws, now, request};
    request::as_visitor(|state, viewer| async move {
        draws::info(&state.db, state.policy, viewer, listing_id, now()).await
    })
    .await
}
