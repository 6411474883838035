//! `POST /forgot/send` and `POST /reset/save`: the forms of the forgotten-password pages
//! (`app/src/ui/pages/password_reset.rs`), sent without script. A refused form renders its page
//! again with the status and the reason, keeping the typed address (never a password).

use std::net::SocketAddr;

use app::backend::{auth, now, password_reset};
use app::domain::AppError;
use app::ui::components::lang_switcher::locale_of;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use crate::state::ServerState;
use crate::support::{client, fields, json, refused_at};

fn see_other(to: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

/// Sends a link to the address's account, if there is one; the same answer either way.
pub async fn forgot(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let email = fields(&body).remove("email").unwrap_or_default();
    let locale = locale_of(&parts.headers);
    let ip = client(&state, peer, &parts.headers);
    match password_reset::request(&state.app, ip, &email, locale, now())
        .await
        .map_err(AppError::from)
    {
        Ok(()) => see_other("/forgot?sent=1"),
        Err(e) => {
            let params = [("error", json(&e)), ("email", email)];
            refused_at(&state, parts, "/forgot", &e, &params).await
        }
    }
}

/// Sets the new password, ends every session of the account, signs this one in and goes home.
pub async fn reset(State(state): State<ServerState>, session: Session, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, crate::guards::MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let mut form = fields(&body);
    let token = form.remove("token").unwrap_or_default();
    let password = form.remove("password").unwrap_or_default();
    let done = match password_reset::reset(&state.app, &token, &password, now()).await {
        Ok(me) => auth::log_in(&session, me.id).await,
        Err(e) => Err(AppError::from(e)),
    };
    match done {
        Ok(()) => {
            let mut response = see_other("/");
            // A new session: nothing kept for an earlier one stays readable offline.
            response.headers_mut().insert(
                header::HeaderName::from_static("clear-site-data"),
                HeaderValue::from_static("\"cache\", \"storage\""),
            );
            response
        }
        Err(e) => {
            let params = [("token", token), ("error", json(&e))];
            refused_at(&state, parts, "/reset", &e, &params).await
        }
    }
}
