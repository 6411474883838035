//! `POST /my-needs/save`: the form of the "My accessibility needs" page, sent without any
//! script (the page is rendered by the server and loads no wasm), so that it works on any phone.
//! Signed in, the needs are kept with the account; a visitor's are kept by their browser for
//! the session (`backend::needs`). Then back to the page, or to the local address the form
//! names (`back`), with 303.

use app::backend::{auth, needs};
use app::domain::accessibility::Need;
use app::domain::vocab::Code;
use app::ui::components::lang_switcher::unknown_need_text;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::state::ServerState;

/// Saves the needs ticked; 422, in the reader's language, for a need that does not exist.
pub async fn save(
    State(state): State<ServerState>,
    session: Session,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut chosen = Vec::new();
    let mut back = None;
    for (key, value) in form_urlencoded::parse(&body) {
        match key.as_ref() {
            "need" => match Need::from_code(&value) {
                Some(n) if !chosen.contains(&n) => chosen.push(n),
                Some(_) => {}
                None => {
                    let text = unknown_need_text(&headers);
                    return (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                        text,
                    )
                        .into_response();
                }
            },
            "back" => back = local_path(&value),
            _ => {}
        }
    }
    let to = back.unwrap_or_else(|| "/my-needs?saved=1".to_owned());
    match auth::session_user(&session).await {
        Some(user) => {
            if let Err(e) = needs::set_for_user(&state.app.db, user, &chosen).await {
                let status = app::domain::AppError::from(e).status();
                return StatusCode::from_u16(status)
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
                    .into_response();
            }
            // The account's needs count from now on; a choice made before signing in goes.
            (
                StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, to),
                    (header::SET_COOKIE, needs::cookie(&[])),
                ],
            )
                .into_response()
        }
        None => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, to),
                (header::SET_COOKIE, needs::cookie(&chosen)),
            ],
        )
            .into_response(),
    }
}

/// An address on this site (`/…`, never `//host…`), to go back to.
fn local_path(raw: &str) -> Option<String> {
    let ok = raw.starts_with('/')
        && !raw.starts_with("//")
        && !raw.contains('\\')
        && raw.len() <= 500
        && !raw.chars().any(char::is_control);
    ok.then(|| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_addresses_are_followed() {
        assert_eq!(
            local_path("/venues?need=visual"),
            Some("/venues?need=visual".into())
        );
        assert_eq!(local_path("//evil.example/"), None);
        assert_eq!(local_path("https://evil.example/"), None);
        assert_eq!(local_path("/\\evil.example"), None);
    }
}
