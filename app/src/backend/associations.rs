//! Associations: their pages, members and roles, and the site administrators' verification.
//! Every function that changes something checks the actor's role here, on the server.

use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::entities::{activity_notice, association, association_member, user};
use super::exchange_views::names;
use super::exchanges::Failure;
use super::stored;
use crate::domain::activity::NoticeKind;
use crate::domain::association::{
    AssociationDraft, AssociationSummary, AssociationView, MemberRole, MemberView,
    codes_from_stored, codes_to_stored, logo_url,
};
use crate::domain::geo::GeoPoint;
use crate::domain::listing::Code;
use crate::domain::{AppError, ErrorCode, Field};

/// The viewer's role in an association, if they belong to it.
pub async fn role_in(
    conn: &impl ConnectionTrait,
    association: i64,
    user: i64,
) -> Result<Option<MemberRole>, Failure> {
    let row = association_member::Entity::find_by_id((association, user))
        .one(conn)
        .await?;
    row.map(|r| stored(&r.role))
        .transpose()
        .map_err(Failure::from)
}

/// The association, if `user` has a role for which `allowed` holds: `NotFound` when it does not
/// exist, `Forbidden` otherwise.
pub async fn require(
    conn: &impl ConnectionTrait,
    association: i64,
    user: i64,
    allowed: fn(MemberRole) -> bool,
) -> Result<association::Model, Failure> {
    let row = association::Entity::find_by_id(association)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    match role_in(conn, association, user).await? {
        Some(role) if allowed(role) => Ok(row),
        _ => Err(AppError::Forbidden.into()),
    }
}

/// Creates an association; its creator is its owner.
/// Associations one person may create in 24 hours.
pub const MAX_ASSOCIATIONS_PER_DAY: u64 = 3;

/// Creates an association owned by `user` (at most [`MAX_ASSOCIATIONS_PER_DAY`]).
pub async fn create(
    conn: &impl ConnectionTrait,
    user: i64,
    draft: AssociationDraft,
    now: i64,
) -> Result<i64, Failure> {
    super::limits::check_daily::<association::Entity>(
        conn,
        user,
        association::Column::CreatedBy,
        association::Column::CreatedAt,
        MAX_ASSOCIATIONS_PER_DAY,
        now,
    )
    .await?;
    let mut row = association::ActiveModel {
        verified_at: Set(None),
        verified_by: Set(None),
        created_by: Set(user),
        created_at: Set(now),
        ..Default::default()
    };
    fill(&mut row, draft, now);
    let row = row.insert(conn).await?;
    association_member::ActiveModel {
        association_id: Set(row.id),
        user_id: Set(user),
        role: Set(MemberRole::Owner.code().to_owned()),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    Ok(row.id)
}

fn fill(row: &mut association::ActiveModel, draft: AssociationDraft, now: i64) {
    row.name = Set(draft.name);
    row.description = Set(draft.description);
    row.address = Set(draft.address);
    row.lat = Set(draft.location.lat);
    row.lng = Set(draft.location.lng);
    row.website = Set(draft.website);
    row.contact = Set(draft.contact);
    row.categories = Set(codes_to_stored(&draft.categories));
    row.updated_at = Set(now);
}

/// Edits the page (owner and managers).
pub async fn update(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
    draft: AssociationDraft,
    now: i64,
) -> Result<(), Failure> {
    let row = require(conn, id, user, MemberRole::manages).await?;
    let mut row: association::ActiveModel = row.into();
    fill(&mut row, draft, now);
    row.update(conn).await?;
    Ok(())
}

/// Verifies an association or takes the badge back (a site administrator, checked by the
/// caller).
pub async fn verify(
    conn: &impl ConnectionTrait,
    administrator: i64,
    id: i64,
    verified: bool,
    now: i64,
) -> Result<(), Failure> {
    let done = association::Entity::update_many()
        .col_expr(
            association::Column::VerifiedAt,
            Expr::value(verified.then_some(now)),
        )
        .col_expr(
            association::Column::VerifiedBy,
            Expr::value(verified.then_some(administrator)),
        )
        .filter(association::Column::Id.eq(id))
        .exec(conn)
        .await?;
    if done.rows_affected == 0 {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

fn summary(row: &association::Model) -> AssociationSummary {
    AssociationSummary {
        id: row.id,
        name: row.name.clone(),
        verified: row.verified_at.is_some(),
        address: row.address.clone(),
        location: GeoPoint {
            lat: row.lat,
            lng: row.lng,
        },
        categories: codes_from_stored(&row.categories),
        logo: row.current_logo().map(|v| logo_url(row.id, v)),
    }
}

/// An association's page; its members are listed only to its members.
pub async fn view(
    conn: &impl ConnectionTrait,
    viewer: Option<i64>,
    id: i64,
) -> Result<AssociationView, Failure> {
    let row = association::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let logo = row.current_logo().map(|v| logo_url(row.id, v));
    let my_role = match viewer {
        Some(user) => role_in(conn, id, user).await?,
        None => None,
    };
    let members = match my_role {
        Some(_) => members(conn, id).await?,
        None => Vec::new(),
    };
    Ok(AssociationView {
        id: row.id,
        name: row.name,
        description: row.description,
        address: row.address,
        location: GeoPoint {
            lat: row.lat,
            lng: row.lng,
        },
        website: row.website,
        contact: row.contact,
        categories: codes_from_stored(&row.categories),
        verified: row.verified_at.is_some(),
        logo,
        created_at: row.created_at,
        my_role,
        members,
    })
}

async fn members(conn: &impl ConnectionTrait, id: i64) -> Result<Vec<MemberView>, Failure> {
    let rows = association_member::Entity::find()
        .filter(association_member::Column::AssociationId.eq(id))
        .order_by_asc(association_member::Column::CreatedAt)
        .order_by_asc(association_member::Column::UserId)
        .all(conn)
        .await?;
    let names = names(conn, rows.iter().map(|r| r.user_id)).await?;
    let mut out = rows
        .into_iter()
        .map(|r| {
            Ok(MemberView {
                user_id: r.user_id,
                name: names.get(&r.user_id).cloned().unwrap_or_default(),
                role: stored(&r.role)?,
                since: r.created_at,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    out.sort_by_key(|m| std::cmp::Reverse(m.role));
    Ok(out)
}

/// Every association, verified ones first, then by name.
pub async fn list(conn: &impl ConnectionTrait) -> Result<Vec<AssociationSummary>, Failure> {
    let rows = association::Entity::find()
        .order_by_asc(association::Column::Name)
        .all(conn)
        .await?;
    let mut out: Vec<_> = rows.iter().map(summary).collect();
    out.sort_by_key(|a| !a.verified);
    Ok(out)
}

/// The associations `user` manages (to post in their name).
pub async fn managed_by(
    conn: &impl ConnectionTrait,
    user: i64,
) -> Result<Vec<AssociationSummary>, Failure> {
    let managed: Vec<i64> = association_member::Entity::find()
        .filter(association_member::Column::UserId.eq(user))
        .filter(
            association_member::Column::Role
                .is_in([MemberRole::Owner.code(), MemberRole::Manager.code()]),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.association_id)
        .collect();
    let rows = association::Entity::find()
        .filter(association::Column::Id.is_in(managed))
        .order_by_asc(association::Column::Name)
        .all(conn)
        .await?;
    Ok(rows.iter().map(summary).collect())
}

/// Finds the account to invite: by e-mail address, or by a display name that only one account
/// has (compared without regard to case).
async fn find_invitee(conn: &impl ConnectionTrait, invitee: &str) -> Result<i64, Failure> {
    let unknown = || AppError::field(Field::Invitee, ErrorCode::UnknownUser);
    let rows = if invitee.contains('@') {
        user::Entity::find()
            .filter(user::Column::Email.eq(invitee.trim().to_lowercase()))
            .all(conn)
            .await?
    } else {
        user::Entity::find()
            .filter(
                Expr::expr(Func::lower(Expr::col(user::Column::DisplayName)))
                    .eq(invitee.trim().to_lowercase()),
            )
            .all(conn)
            .await?
    };
    match rows.as_slice() {
        [one] => Ok(one.id),
        _ => Err(unknown().into()),
    }
}

/// The owner adds someone as a member or manager; they are told. Answers their id.
pub async fn invite(
    conn: &impl ConnectionTrait,
    owner: i64,
    id: i64,
    invitee: &str,
    role: MemberRole,
    now: i64,
) -> Result<i64, Failure> {
    require(conn, id, owner, MemberRole::owns).await?;
    let user = find_invitee(conn, invitee).await?;
    if role_in(conn, id, user).await?.is_some() {
        return Err(AppError::Conflict.into());
    }
    association_member::ActiveModel {
        association_id: Set(id),
        user_id: Set(user),
        role: Set(role.code().to_owned()),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    notice(conn, user, id, None, NoticeKind::Invited, None, now).await?;
    Ok(user)
}

/// The owner makes a member a manager or back; the owner's own role does not change this way.
pub async fn set_role(
    conn: &impl ConnectionTrait,
    owner: i64,
    id: i64,
    user: i64,
    role: MemberRole,
) -> Result<(), Failure> {
    require(conn, id, owner, MemberRole::owns).await?;
    match role_in(conn, id, user).await? {
        None => Err(AppError::NotFound.into()),
        Some(MemberRole::Owner) => Err(AppError::Conflict.into()),
        Some(_) => {
            association_member::Entity::update_many()
                .col_expr(association_member::Column::Role, Expr::value(role.code()))
                .filter(association_member::Column::AssociationId.eq(id))
                .filter(association_member::Column::UserId.eq(user))
                .exec(conn)
                .await?;
            Ok(())
        }
    }
}

/// The owner removes a member, or a member leaves. The owner cannot leave their association.
pub async fn remove(
    conn: &impl ConnectionTrait,
    actor: i64,
    id: i64,
    user: i64,
) -> Result<(), Failure> {
    if actor != user {
        require(conn, id, actor, MemberRole::owns).await?;
    }
    match role_in(conn, id, user).await? {
        None => return Err(AppError::NotFound.into()),
        Some(MemberRole::Owner) => return Err(AppError::Conflict.into()),
        Some(_) => {}
    }
    association_member::Entity::delete_by_id((id, user))
        .exec(conn)
        .await?;
    Ok(())
}

/// Writes a notice for `user`.
pub(crate) async fn notice(
    conn: &impl ConnectionTrait,
    user: i64,
    association: i64,
    activity_slot: Option<(i64, Option<i64>)>,
    kind: NoticeKind,
    body: Option<String>,
    now: i64,
) -> Result<(), Failure> {
    activity_notice::ActiveModel {
        user_id: Set(user),
        association_id: Set(association),
        activity_id: Set(activity_slot.map(|(a, _)| a)),
        slot_id: Set(activity_slot.and_then(|(_, s)| s)),
        kind: Set(kind.code().to_owned()),
        body: Set(body),
        read_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
