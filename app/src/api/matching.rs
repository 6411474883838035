//! Matches, notifications, alerts and the notification preference of the signed-in user.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::notify::{AlertForm, AlertView, MatchView, NotificationView};

/// The matches of one of my listings, best first, with their reasons.
#[server(endpoint = "listing_matches", input = Json, output = JsonText)]
pub async fn listing_matches(listing_id: i64) -> Result<Vec<MatchView>, AppError> {
    use crate::backend::{notifications, now, request, tx};
    request::as_user(|state, user| async move {
        let now = now();
        let out = tx::write(&state.db, |txn| {
            Box::pin(async move { notifications::matches_of(txn, user, listing_id, now).await })
        })
        .await?;
        Ok(out)
    })
    .await
}

/// "Not relevant": hides a match of mine for good.
#[server(endpoint = "dismiss_match", input = Json, output = JsonText)]
pub async fn dismiss_match(id: i64) -> Result<(), AppError> {
    use crate::backend::{command, notifications, now, request};
    request::as_user(|state, user| async move {
        let now = now();
        command(&state, |txn| {
            Box::pin(async move { notifications::dismiss(txn, user, id, now).await })
        })
        .await
    })
    .await
}

/// Opens the other listing of a match of mine; answers its id.
#[server(endpoint = "open_match", input = Json, output = JsonText)]
pub async fn open_match(id: i64) -> Result<i64, AppError> {
    use crate::backend::{command, notifications, now, request};
    request::as_user(|state, user| async move {
        let now = now();
        command(&state, |txn| {
            Box::pin(async move { notifications::open_match(txn, user, id, now).await })
        })
        .await
    })
    .await
}

/// My latest notifications.
#[server(endpoint = "notifications", input = Json, output = JsonText)]
pub async fn notifications() -> Result<Vec<NotificationView>, AppError> {
    use crate::backend::{notifications, request};
    request::as_user(|state, user| async move { notifications::list(&state.db, user).await }).await
}

/// How many notifications I have not read (0 when signed out).
#[server(endpoint = "unread_count", input = Json, output = JsonText)]
pub async fn unread_count() -> Result<u64, AppError> {
    use crate::backend::{notifications, request};
    request::as_visitor(|state, user| async move {
        match user {
            Some(user) => notifications::unread_count(&state.db, user).await,
            None => Ok(0),
        }
    })
    .await
}

/// Marks one notification (or all of them, with `None`) as read.
#[server(endpoint = "mark_read", input = Json, output = JsonText)]
pub async fn mark_read(id: Option<i64>) -> Result<(), AppError> {
    use crate::backend::{command, notifications, now, request};
    request::as_user(|state, user| async move {
        let now = now();
        command(&state, |txn| {
            Box::pin(async move { notifications::mark_read(txn, user, id, now).await })
        })
        .await
    })
    .await
}

/// Saves a search; new listings that fit it are notified.
#[server(endpoint = "save_alert", input = Json, output = JsonText)]
pub async fn save_alert(form: AlertForm) -> Result<AlertView, AppError> {
    use crate::backend::{alerts, now, request, tx};
    request::as_user(|state, user| async move {
        let draft = form.parse()?;
        let now = now();
        let view = tx::write(&state.db, |txn| {
            let draft = draft.clone();
            Box::pin(async move { alerts::create(txn, user, &draft, now).await })
        })
        .await?;
        Ok(view)
    })
    .await
}

/// My saved searches.
#[server(endpoint = "my_alerts", input = Json, output = JsonText)]
pub async fn my_alerts() -> Result<Vec<AlertView>, AppError> {
    use crate::backend::{alerts, request};
    request::as_user(|state, user| async move { alerts::list(&state.db, user).await }).await
}

/// Deletes one of my saved searches.
#[server(endpoint = "delete_alert", input = Json, output = JsonText)]
pub async fn delete_alert(id: i64) -> Result<(), AppError> {
    use crate::backend::{alerts, request};
    request::as_user(|state, user| async move { alerts::delete(&state.db, user, id).await }).await
}

/// Which matches I am notified of: `all`, `best` or `none`.
#[server(endpoint = "set_notify_preference", input = Json, output = JsonText)]
pub async fn set_notify_preference(preference: String) -> Result<(), AppError> {
    use crate::backend::{notifications, request};
    use crate::domain::notify::NotifyPreference;
    use crate::domain::vocab::Code;
    use crate::domain::{ErrorCode, Field};
    request::as_user(|state, user| async move {
        let pref = NotifyPreference::from_code(preference.trim())
            .ok_or(AppError::field(Field::Notify, ErrorCode::UnknownChoice))?;
        notifications::set_preference(&state.db, user, pref).await
    })
    .await
}
