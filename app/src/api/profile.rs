//! The signed-in user's profile, and others' public profiles.

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::user::{Me, ProfileForm, PublicProfile};
use crate::domain::view::ListingSummary;

/// Saves the signed-in user's profile.
#[server(endpoint = "update_profile", input = Json, output = JsonText)]
pub async fn update_profile(form: ProfileForm) -> Result<Me, AppError> {
    use crate::backend::{now, request, tx, users};
    request::as_user(|state, id| async move {
        let update = form.parse()?;
        tx::write(&state.db, |txn| {
            let update = update.clone();
            Box::pin(async move { users::update_profile(txn, id, update, now()).await })
        })
        .await
    })
    .await
}

/// Another user's public profile and open listings.
#[server(endpoint = "public_profile", input = Json, output = JsonText)]
pub async fn get_public_profile(id: i64) -> Result<(PublicProfile, Vec<ListingSummary>), AppError> {
    use crate::backend::{listings, now, request, users};
    request::public(|state| async move {
        let profile = users::public_profile(&state.db, id).await?;
        let open = listings::by_author(&state.db, id, now()).await?;
        Ok((profile, open))
    })
    .await
}

/// The kinds of e-mail the signed-in user switched off (`backend::mail_notices`).
#[server(endpoint = "my_mail_off", input = Json, output = JsonText)]
pub async fn my_mail_off() -> Result<Vec<crate::domain::notify::MailKind>, AppError> {
    use crate::backend::{mail_notices, request};
    request::as_user(|state, id| async move { mail_notices::off_of(&state.db, id).await }).await
}
