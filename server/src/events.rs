//! `GET /events/unread`: the signed-in user's unread-notification count as server-sent events.
//!
//! Why SSE rather than polling: one idle connection per open tab costs the server almost
//! nothing, a new count arrives at once (the matcher pings [`Notifier`]), and the browser's
//! `EventSource` reconnects by itself after a network drop. Each stream also re-reads the count
//! every [`REREAD`], so a notification written by another server instance (PostgreSQL
//! deployments can run several) shows up within that time.
//!
//! [`Notifier`]: app::backend::notifier::Notifier

use std::convert::Infallible;
use std::time::Duration;

use app::backend::notifier::CLOSING;
use app::backend::{auth, notifications};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;

use crate::router::ServerState;

/// How often an idle stream re-reads the count from the database.
pub const REREAD: Duration = Duration::from_secs(30);

/// The event stream, or 401 for a visitor who is not signed in.
pub async fn unread(State(state): State<ServerState>, session: Session) -> Response {
    let Some(user) = auth::session_user(&session).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    Sse::new(counts(state, user))
        .keep_alive(KeepAlive::default())
        .into_response()
}

fn counts(state: ServerState, user: i64) -> impl Stream<Item = Result<Event, Infallible>> {
    let rx = state.app.notifier.subscribe();
    // (state, receiver, last count sent, first round)
    stream::unfold(
        (state, rx, None::<u64>, true),
        move |(state, mut rx, last, first)| async move {
            loop {
                if !first {
                    tokio::select! {
                        got = rx.recv() => match got {
                            Ok(CLOSING) | Err(RecvError::Closed) => return None,
                            Ok(id) if id != user => continue,
                            Ok(_) | Err(RecvError::Lagged(_)) => {}
                        },
                        () = tokio::time::sleep(REREAD) => {}
                    }
                }
                let count = match notifications::unread_count(&state.app.db, user).await {
                    Ok(n) => n,
                    Err(_) => {
                        tokio::time::sleep(REREAD).await;
                        continue;
                    }
                };
                if last == Some(count) {
                    continue;
                }
                let event = Event::default().event("unread").data(count.to_string());
                return Some((Ok(event), (state, rx, Some(count), false)));
            }
        },
    )
}
