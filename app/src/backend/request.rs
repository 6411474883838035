//! What a server function needs from the request it runs in: shared state, the session, the
//! signed-in user, the client address, and an HTTP status that matches its error.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::StatusCode;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use tower_sessions::Session;

use super::{AppState, auth, internal};
use crate::domain::AppError;

/// The shared state provided by the server.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

/// The request's session.
pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(internal)
}

/// The signed-in user's id, if any.
pub async fn user_id() -> Result<Option<i64>, AppError> {
    Ok(auth::session_user(&session().await?).await)
}

/// The signed-in user's id, or `Unauthorized`.
pub async fn require_user() -> Result<i64, AppError> {
    user_id().await?.ok_or(AppError::Unauthorized)
}

/// The address the request came from: the TCP peer, or behind a configured trusted proxy the
/// address it forwarded (see [`super::rate_limit::forwarded_client`]).
pub async fn client_ip() -> IpAddr {
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let Ok(state) = state() else {
        return peer;
    };
    if state.trusted_proxies.is_empty() {
        return peer;
    }
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .unwrap_or_default();
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    super::rate_limit::forwarded_client(peer, &forwarded, &state.trusted_proxies)
}

/// Sets the response status from the result, so that HTTP clients see 4xx for refusals.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let (Err(error), Some(options)) = (&result, use_context::<ResponseOptions>()) {
        options.set_status(
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    result
}
