//! The `/insights` page's figures (issue 24): the open data for municipalities, read from the
//! published aggregate tables only, as the public API (`/open-data/v1/`) reads them.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::open_data::{InsightsQuery, InsightsView};

/// The published figures of a measure, period, resolution and category; unknown codes fall
/// back to the defaults. Public: these figures are open data.
#[server(endpoint = "insights", input = Json, output = JsonText)]
pub async fn insights(query: InsightsQuery) -> Result<InsightsView, AppError> {
    use crate::backend::{insights, request};
    request::public(|state| async move { insights::view(&state.db, &query).await }).await
}
