//! Associations: pages, members and verification. The server checks every role: editing the page
//! takes a manager, members an owner, verification a site administrator (a moderator).

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use crate::domain::AppError;
use crate::domain::association::{AssociationForm, AssociationSummary, AssociationView};

/// Creates an association owned by the signed-in user; answers its id.
#[server(endpoint = "create_association", input = Json)]
pub async fn create_association(form: AssociationForm) -> Result<i64, AppError> {
    use crate::backend::{associations, exchanges, now, request};
    request::respond(
        async {
            let state = request::state()?;
            let user = request::require_user().await?;
            let draft = form.parse()?;
            exchanges::write(&state.db, |txn| {
                let draft = draft.clone();
                Box::pin(async move { associations::create(txn, user, draft, now()).await })
            })
            .await
        }
        .await,
    )
}

/// Edits an association's page (its owner and managers).
#[server(endpoint = "update_association", input = Json)]
pub async fn update_association(id: i64, form: AssociationForm) -> Result<(), AppError> {
    use crate::backend::{associations, exchanges, now, request};
    request::respond(
        async {
            let state = request::state()?;
            let user = request::require_user().await?;
            let draft = form.parse()?;
            exchanges::write(&state.db, |txn| {
                let draft = draft.clone();
                Box::pin(async move { associations::update(txn, user, id, draft, now()).await })
            })
            .await
        }
        .await,
    )
}

/// An association's page (its members only for its members).
#[server(endpoint = "association", input = Json)]
pub async fn association(id: i64) -> Result<AssociationView, AppError> {
    use crate::backend::exchanges::Failure;
    use crate::backend::{associations, request};
    request::respond(
        async {
            let state = request::state()?;
            let viewer = request::user_id().await?;
            associations::view(&state.db, viewer, id)
                .await
                .map_err(Failure::into_app)
        }
        .await,
    )
}

/// Every association, verified first.
#[server(endpoint = "associations", input = Json)]
pub async fn associations() -> Result<Vec<AssociationSummary>, AppError> {
    use crate::backend::exchanges::Failure;
    use crate::backend::{associations, request};
    request::respond(
        async {
            let state = request::state()?;
            associations::list(&state.db)
                .await
                .map_err(Failure::into_app)
        }
        .await,
    )
}

/// The associations the signed-in user manages (empty for a visitor).
#[server(endpoint = "managed_associations", input = Json)]
pub async fn managed_associations() -> Result<Vec<AssociationSummary>, AppError> {
    use crate::backend::exchanges::Failure;
    use crate::backend::{associations, request};
    request::respond(
        async {
            let state = request::state()?;
            match request::user_id().await? {
                Some(user) => associations::managed_by(&state.db, user)
                    .await
                    .map_err(Failure::into_app),
                None => Ok(Vec::new()),
            }
        }
        .await,
    )
}

/// A site administrator verifies an association (or takes the badge back).
#[server(endpoint = "verify_association", input = Json)]
pub async fn verify_association(id: i64, verified: bool) -> Result<(), AppError> {
    use crate::backend::exchanges::Failure;
    use crate::backend::{associations, moderation, now, request};
    request::respond(
        async {
            let state = request::state()?;
            let user = request::require_user().await?;
            let admin = moderation::require_moderator(&state.db, user).await?;
            associations::verify(&state.db, admin, id, verified, now())
                .await
                .map_err(Failure::into_app)
        }
        .await,
    )
}

/// The owner adds someone (by e-mail address or name) as `member` or `manager`.
#[server(endpoint = "invite_member", input = Json)]
pub async fn invite_member(id: i64, invitee: String, role: String) -> Result<(), AppError> {
    use crate::backend::{associations, exchanges, now, request};
    use crate::domain::association::{parse_grantable, parse_invitee};
    use crate::domain::error::Errors;
    request::respond(
        async {
            let state = request::state()?;
            let user = request::require_user().await?;
            let mut errors = Errors::default();
            let invitee = errors.take(parse_invitee(&invitee));
            let role = errors.take(parse_grantable(&role));
            errors.finish()?;
            let (Some(invitee), Some(role)) = (invitee, role) else {
                return Err(AppError::Internal);
            };
            let added = exchanges::write(&state.db, |txn| {
                let invitee = invitee.clone();
                Box::pin(
                    async move { associations::invite(txn, user, id, &invitee, role, now()).await },
                )
            })
            .await?;
            state.notifier.ping([added]);
            Ok(())
        }
        .await,
    )
}

/// The owner makes a member a manager, or a manager a member.
#[server(endpoint = "set_member_role", input = Json)]
pub async fn set_member_role(id: i64, user_id: i64, role: String) -> Result<(), AppError> {
    use crate::backend::{associations, exchanges, request};
    use crate::domain::association::parse_grantable;
    request::respond(
        async {
            let state = request::state()?;
            let user = request::require_user().await?;
            let role = parse_grantable(&role).map_err(|e| AppError::Validation(vec![e]))?;
            exchanges::write(&state.db, |txn| {
                Box::pin(async move { associations::set_role(txn, user, id, user_id, role).await })
            })
            .await
        }
        .await,
    )
}

/// The owner removes a member, or a member leaves (`user_id` is themselves).
#[server(endpoint = "remove_member", input = Json)]
pub async fn remove_member(id: i64, user_id: i64) -> Result<(), AppError> {
    use crate::backend::{associations, exchanges, request};
    request::respond(
        async {
            let state = request::state()?;
            let user = request::require_user().await?;
            exchanges::write(&state.db, |txn| {
                Box::pin(async move { associations::remove(txn, user, id, user_id).await })
            })
            .await
        }
        .await,
    )
}
