//! What a server function needs from the request it runs in: shared state, the session, the
//! signed-in user, the client address, and an HTTP status that matches its error.
//!
//! Every server function goes through one of [`as_user`], [`as_visitor`] or [`public`]: they
//! find the state (and the user), run the function's body, and set the response's status from
//! its answer, so a server function is only its own parsing and its backend call.

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

/// The language of the page that sent the request: the chosen language's cookie, else the
/// browser's `Accept-Language` (what the pages themselves use).
pub fn locale() -> crate::i18n::Locale {
    use_context::<axum::http::request::Parts>()
        .map(|parts| crate::ui::components::lang_switcher::locale_of(&parts.headers))
        .unwrap_or_default()
}

/// The language chosen in the menu, if the request says one was.
pub fn chosen_locale() -> Option<crate::i18n::Locale> {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| crate::ui::components::lang_switcher::chosen_locale(&parts.headers))
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

/// Asks the browser to forget what it keeps of this site (the service worker's copies of pages,
/// its files, anything in storage; not cookies), so the next person on a shared phone reads
/// nothing of the last one offline. Sent when a session ends or begins.
pub fn clear_site_data() {
    if let Some(options) = use_context::<ResponseOptions>() {
        options.insert_header(
            axum::http::HeaderName::from_static("clear-site-data"),
            axum::http::HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
}

/// Runs a server function's body (which answers the backend's [`super::Error`], turned into
/// the client's `AppError` here) for the signed-in user (`Unauthorized` without a session)
/// with the shared state and the user's id.
pub async fn as_user<T, Fut>(body: impl FnOnce(AppState, i64) -> Fut) -> Result<T, AppError>
where
    Fut: Future<Output = Result<T, super::Error>>,
{
    respond(
        async {
            let state = state()?;
            let user = require_user().await?;
            Ok(body(state, user).await?)
        }
        .await,
    )
}

/// Runs a server function's body for whoever asks, signed in (`Some(id)`) or not.
pub async fn as_visitor<T, Fut>(
    body: impl FnOnce(AppState, Option<i64>) -> Fut,
) -> Result<T, AppError>
where
    Fut: Future<Output = Result<T, super::Error>>,
{
    respond(
        async {
            let state = state()?;
            let user = user_id().await?;
            Ok(body(state, user).await?)
        }
        .await,
    )
}

/// Runs a server function's body that does not depend on who asks (public pages, sign-up and
/// login, which find their own session).
pub async fn public<T, Fut>(body: impl FnOnce(AppState) -> Fut) -> Result<T, AppError>
where
    Fut: Future<Output = Result<T, super::Error>>,
{
    respond(async { Ok(body(state()?).await?) }.await)
}
