//! Creating, editing, withdrawing and finding listings.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::geo::Bbox;
use crate::domain::listing::{ListingForm, ListingView};
use crate::domain::view::{Filters, ViewResult};

/// Publishes a new listing by the signed-in user. Without a picked point, their home is used.
/// `key`: chosen by a phone that may send this more than once (queued offline); the listing is
/// published once and every copy gets its answer (`backend::idempotency`).
#[server(endpoint = "create_listing", input = Json, output = JsonText)]
pub async fn create_listing(
    form: ListingForm,
    #[server(default)] key: Option<String>,
) -> Result<ListingView, AppError> {
    use crate::backend::{command, idempotency, listings, now, request};
    request::as_user(|state, id| async move {
        let viewer = listings::viewer(&state.db, Some(id)).await?;
        let draft = form.parse(viewer.home)?;
        let (now, policy, association) = (now(), state.policy, form.association_id);
        command(&state, |txn| {
            let (draft, form, key) = (draft.clone(), form.clone(), key.clone());
            Box::pin(async move {
                let publish = listings::publish(txn, policy, id, &draft, association, now);
                idempotency::once(
                    txn,
                    id,
                    key.as_deref(),
                    "create_listing",
                    &form,
                    now,
                    publish,
                )
                .await
            })
        })
        .await
    })
    .await
}

/// Replaces the content of one of the signed-in user's listings.
#[server(endpoint = "update_listing", input = Json, output = JsonText)]
pub async fn update_listing(id: i64, form: ListingForm) -> Result<ListingView, AppError> {
    use crate::backend::{command, listings, now, request};
    request::as_user(|state, user| async move {
        let viewer = listings::viewer(&state.db, Some(user)).await?;
        let draft = form.parse(viewer.home)?;
        let now = now();
        command(&state, |txn| {
            let draft = draft.clone();
            Box::pin(async move { listings::update(txn, user, id, &draft, now).await })
        })
        .await
    })
    .await
}

/// Takes one of the signed-in user's listings off the map.
#[server(endpoint = "withdraw_listing", input = Json, output = JsonText)]
pub async fn withdraw_listing(id: i64) -> Result<(), AppError> {
    use crate::backend::{command, listings, now, request};
    request::as_user(|state, user| async move {
        let now = now();
        command(&state, |txn| {
            Box::pin(async move { listings::withdraw(txn, user, id, now).await })
        })
        .await
    })
    .await
}

/// One listing, as the current visitor may see it.
#[server(endpoint = "get_listing", input = Json, output = JsonText)]
pub async fn get_listing(id: i64) -> Result<ListingView, AppError> {
    use crate::backend::{listings, now, request};
    request::public(|state| async move {
        let viewer = listings::viewer(&state.db, request::user_id().await?).await?;
        listings::get(&state.db, viewer, id, now()).await
    })
    .await
}

/// The open listings in a viewport that pass the filters (or counts per cell when many).
#[server(endpoint = "listings_in_view", input = Json, output = JsonText)]
pub async fn listings_in_view(
    bbox: Bbox,
    filters: Filters,
    /// The page's query string, whose `/help` filters choose the support sites of the map's
    /// layer (`category`, `open_now`, … as on `/help`); absent from an older page: none.
    #[server(default)]
    help: String,
) -> Result<ViewResult, AppError> {
    use crate::backend::{listings, needs, now, request, venues};
    request::as_visitor(|state, viewer| async move {
        let bbox =
            Bbox::parse(bbox.south, bbox.west, bbox.north, bbox.east).ok_or(AppError::field(
                crate::domain::Field::Location,
                crate::domain::ErrorCode::InvalidLocation,
            ))?;
        let mut view = listings::in_view(&state.db, bbox, &filters, now()).await?;
        // The public places of the view, as they suit the reader's own needs.
        let mine = needs::mine(&state.db, viewer).await?;
        (view.venues, view.venue_areas) = venues::in_view(&state.db, bbox, &mine).await?;
        let at = jiff::Timestamp::now();
        let local = crate::backend::support::local(&state.time_zone, at);
        let pairs: Vec<(String, String)> =
            form_urlencoded::parse(help.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect();
        let layer = crate::domain::support::HelpQuery::from_params(
            |name| {
                pairs
                    .iter()
                    .rev()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            },
            0,
        );
        view.support =
            crate::backend::support::in_view(&state.db, bbox, local, &layer, &mine).await?;
        Ok(view)
    })
    .await
}
