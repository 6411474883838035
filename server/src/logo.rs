//! `GET /associations/{id}/logo`: an association's logo, public like its page. The address
//! carries the logo's version (`?v=`), so that a matching version may be kept by browsers for
//! good; any other address is revalidated. The bytes were checked to be a PNG, JPEG or WebP
//! image when uploaded and are sent with that type, `nosniff` (set for every response) and a
//! policy that runs nothing.

use app::backend::logos;
use app::domain::AppError;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::state::ServerState;

#[derive(Deserialize)]
pub struct Version {
    v: Option<i64>,
}

/// The image, or 404 when the association has no logo.
pub async fn association_logo(
    State(state): State<ServerState>,
    Path(id): Path<i64>,
    Query(version): Query<Version>,
) -> Response {
    match logos::get(&state.app.db, id).await {
        Ok(Some(logo)) => {
            let cache = if version.v == Some(logo.updated_at) {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            (
                [
                    (header::CONTENT_TYPE, logo.content_type),
                    (header::CACHE_CONTROL, cache.to_owned()),
                    (
                        header::CONTENT_SECURITY_POLICY,
                        "default-src 'none'; sandbox".to_owned(),
                    ),
                ],
                logo.bytes,
            )
                .into_response()
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => StatusCode::from_u16(AppError::from(e).status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}
