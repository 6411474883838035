//! `GET /events/unread`: the signed-in user's unread-notification and unread-message counts as
//! server-sent events.
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
use app::backend::{auth, conversations, notifications};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;

use crate::state::ServerState;

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

/// Two counts, each sent when it changes: `unread` (notifications) and `messages` (unread
/// messages in the user's exchanges).
fn counts(state: ServerState, user: i64) -> impl Stream<Item = Result<Event, Infallible>> {
    let rx = state.app.notifier.subscribe();
    // (state, receiver, last counts sent, first round)
    stream::unfold(
        (state, rx, None::<(u64, u64)>, true),
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
                let db = &state.app.db;
                let now = match (
                    notifications::unread_count(db, user).await,
                    conversations::unread_total(db, user).await,
                ) {
                    (Ok(n), Ok(m)) => (n, m),
                    _ => {
                        tokio::time::sleep(REREAD).await;
                        continue;
                    }
                };
                let mut events = Vec::new();
                if last.map(|l| l.0) != Some(now.0) {
                    events.push(Ok(Event::default().event("unread").data(now.0.to_string())));
                }
                if last.map(|l| l.1) != Some(now.1) {
                    events.push(Ok(Event::default()
                        .event("messages")
                        .data(now.1.to_string())));
                }
                if events.is_empty() {
                    continue;
                }
                return Some((events, (state, rx, Some(now), false)));
            }
        },
    )
    .flat_map(stream::iter)
}
