//! `GET /activities/{id}/calendar.ics`: an event's or a mission's slots as an iCalendar file, to
//! add to a phone's calendar. Public, like the activity's page.

use app::backend::activities;
use app::domain::AppError;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::state::ServerState;

/// The file, named after the activity, or 404.
pub async fn activity_ics(
    State(state): State<ServerState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = value("host").unwrap_or("localhost");
    let scheme = value("x-forwarded-proto").unwrap_or("http");
    match activities::ics(&state.app.db, id, &format!("{scheme}://{host}")).await {
        Ok(body) => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"entraide-{id}.ics\""),
                ),
            ],
            body,
        )
            .into_response(),
        Err(e) => StatusCode::from_u16(AppError::from(e).status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}
