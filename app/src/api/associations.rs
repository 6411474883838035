//! Associations: pages, members and verification. The server checks every role: editing the page
//! takes a manager, members an owner, verification a site administrator (a moderator).

use crate::domain::codec::JsonText;
use leptos::prelude::*;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};

use crate::domain::AppError;
use crate::domain::association::{
    AssociationForm, AssociationSummary, AssociationView, InvitationView,
};
use crate::domain::page::Paged;

/// Creates an association owned by the signed-in user; answers its id.
#[server(endpoint = "create_association", input = Json, output = JsonText)]
pub async fn create_association(form: AssociationForm) -> Result<i64, AppError> {
    use crate::backend::{associations, now, request, tx};
    request::as_user(|state, user| async move {
        let draft = form.parse()?;
        tx::write(&state.db, |txn| {
            let draft = draft.clone();
            Box::pin(async move { associations::create(txn, user, draft, now()).await })
        })
        .await
    })
    .await
}

/// Edits an association's page (its owner and managers).
#[server(endpoint = "update_association", input = Json, output = JsonText)]
pub async fn update_association(id: i64, form: AssociationForm) -> Result<(), AppError> {
    use crate::backend::{associations, now, request, tx};
    request::as_user(|state, user| async move {
        let draft = form.parse()?;
        tx::write(&state.db, |txn| {
            let draft = draft.clone();
            Box::pin(async move { associations::update(txn, user, id, draft, now()).await })
        })
        .await
    })
    .await
}

/// An association's page (its members only for its members, page `members_page` of them).
#[server(endpoint = "association", input = Json, output = JsonText)]
pub async fn association(
    id: i64,
    #[server(default)] members_page: u32,
) -> Result<AssociationView, AppError> {
    use crate::backend::{associations, request};
    request::as_visitor(|state, viewer| async move {
        associations::view(&state.db, viewer, id, members_page).await
    })
    .await
}

/// One page of every association, verified first.
#[server(endpoint = "associations", input = Json, output = JsonText)]
pub async fn associations(
    #[server(default)] page: u32,
) -> Result<Paged<AssociationSummary>, AppError> {
    use crate::backend::{associations, request};
    request::public(|state| async move { associations::list(&state.db, page).await }).await
}

/// The associations the signed-in user manages (empty for a visitor).
#[server(endpoint = "managed_associations", input = Json, output = JsonText)]
pub async fn managed_associations() -> Result<Vec<AssociationSummary>, AppError> {
    use crate::backend::{associations, request};
    request::as_visitor(|state, user| async move {
        match user {
            Some(user) => Ok(associations::managed_by(&state.db, user).await?),
            None => Ok(Vec::new()),
        }
    })
    .await
}

/// A site administrator verifies an association (or takes the badge back).
#[server(endpoint = "verify_association", input = Json, output = JsonText)]
pub async fn verify_association(id: i64, verified: bool) -> Result<(), AppError> {
    use crate::backend::{associations, moderation, now, request};
    request::as_user(|state, user| async move {
        let admin = moderation::require_moderator(&state.db, user).await?;
        associations::verify(&state.db, admin, id, verified, now()).await
    })
    .await
}

/// The owner invites someone (by e-mail address or name) as `member` or `manager`. The answer
/// never says whether the person exists (see `backend::associations::invite`).
#[server(endpoint = "invite_member", input = Json, output = JsonText)]
pub async fn invite_member(id: i64, invitee: String, role: String) -> Result<(), AppError> {
    use crate::backend::{associations, command, now, request};
    use crate::domain::association::parse_invitation;
    request::as_user(|state, user| async move {
        let (invitee, role) = parse_invitation(&invitee, &role)?;
        // Whom it reached stays on the server: the owner learns nothing from the answer.
        let _reached: Option<i64> = command(&state, |txn| {
            let invitee = invitee.clone();
            Box::pin(
                async move { associations::invite(txn, user, id, &invitee, role, now()).await },
            )
        })
        .await?;
        Ok(())
    })
    .await
}

/// The invitations I have not answered yet.
#[server(endpoint = "my_invitations", input = Json, output = JsonText)]
pub async fn my_invitations() -> Result<Vec<InvitationView>, AppError> {
    use crate::backend::{associations, request};
    request::as_user(|state, user| async move { associations::invitations(&state.db, user).await })
        .await
}

/// I accept an invitation (and join) or decline it.
#[server(endpoint = "answer_invitation", input = Json, output = JsonText)]
pub async fn answer_invitation(id: i64, accept: bool) -> Result<(), AppError> {
    use crate::backend::{associations, now, request, tx};
    request::as_user(|state, user| async move {
        tx::write(&state.db, |txn| {
            Box::pin(
                async move { associations::answer_invitation(txn, user, id, accept, now()).await },
            )
        })
        .await
    })
    .await
}

/// The owner makes a member a manager, or a manager a member.
#[server(endpoint = "set_member_role", input = Json, output = JsonText)]
pub async fn set_member_role(id: i64, user_id: i64, role: String) -> Result<(), AppError> {
    use crate::backend::{associations, request, tx};
    use crate::domain::association::parse_grantable;
    request::as_user(|state, user| async move {
        let role = parse_grantable(&role).map_err(|e| AppError::Validation(vec![e]))?;
        tx::write(&state.db, |txn| {
            Box::pin(async move { associations::set_role(txn, user, id, user_id, role).await })
        })
        .await
    })
    .await
}

/// The owner removes a member, or a member leaves (`user_id` is themselves).
#[server(endpoint = "remove_member", input = Json, output = JsonText)]
pub async fn remove_member(id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::backend::{associations, request, tx};
    request::as_user(|state, user| async move {
        tx::write(&state.db, |txn| {
            Box::pin(async move { associations::remove(txn, user, id, user_id).await })
        })
        .await
    })
    .await
}

/// Sets or replaces an association's logo (its owner and managers): a `multipart/form-data` body
/// with the association's id in `association` and the image in `logo`. Answers the logo's new
/// address. The image is checked from its bytes (see `backend::logos::check`); reading stops as
/// soon as it is over the limit.
#[server(endpoint = "upload_logo", input = MultipartFormData, output = JsonText)]
pub async fn upload_logo(data: MultipartData) -> Result<String, AppError> {
    use crate::backend::{logos, now, request, tx};
    request::as_user(|state, user| async move {
        let (id, bytes) = logos::read_upload(data).await?;
        let logo = logos::check(bytes)?;
        let now = now();
        tx::write(&state.db, |txn| {
            let logo = logo.clone();
            Box::pin(async move { logos::set(txn, user, id, logo, now).await })
        })
        .await
    })
    .await
}

/// Removes an association's logo (its owner and managers).
#[server(endpoint = "remove_logo", input = Json, output = JsonText)]
pub async fn remove_logo(id: i64) -> Result<(), AppError> {
    use crate::backend::{logos, request, tx};
    request::as_user(|state, user| async move {
        tx::write(&state.db, |txn| {
            Box::pin(async move { logos::remove(txn, user, id).await })
        })
        .await
    })
    .await
}
