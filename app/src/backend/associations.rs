//! Associations: their pages, members and roles, and the site administrators' verification.
//! Every function that changes something checks the actor's role here, on the server.

use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::entities::{
    activity_notice, association, association_invitation, association_member, user,
};
use super::exchange_views::names;
use super::stored;
use super::{Done, Error};
use crate::domain::AppError;
use crate::domain::activity::NoticeKind;
use crate::domain::association::{
    AssociationDraft, AssociationSummary, AssociationView, InvitationView, MemberRole, MemberView,
    codes_from_stored, codes_to_stored, logo_url,
};
use crate::domain::geo::GeoPoint;
use crate::domain::page::{Paged, window};
use crate::domain::vocab::Code;

/// The viewer's role in an association, if they belong to it.
pub async fn role_in(
    conn: &impl ConnectionTrait,
    association: i64,
    user: i64,
) -> Result<Option<MemberRole>, Error> {
    let row = association_member::Entity::find_by_id((association, user))
        .one(conn)
        .await?;
    row.map(|r| stored(&r.role))
        .transpose()
        .map_err(Error::from)
}

/// The association, if `user` has a role for which `allowed` holds: `NotFound` when it does not
/// exist, `Forbidden` otherwise.
pub async fn require(
    conn: &impl ConnectionTrait,
    association: i64,
    user: i64,
    allowed: fn(MemberRole) -> bool,
) -> Result<association::Model, Error> {
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
) -> Result<i64, Error> {
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
) -> Result<(), Error> {
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
) -> Result<(), Error> {
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

/// An association's page, with page `members_page` of its members, listed only to its members.
pub async fn view(
    conn: &impl ConnectionTrait,
    viewer: Option<i64>,
    id: i64,
    members_page: u32,
) -> Result<AssociationView, Error> {
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
        Some(_) => members(conn, id, members_page).await?,
        None => Paged::from_rows(Vec::new(), 0, MEMBERS_PER_PAGE),
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
        members: members.items,
        members_page: members.page,
        more_members: members.more,
    })
}

/// Members listed a page at a time on an association's page.
pub const MEMBERS_PER_PAGE: u64 = 100;

/// One page of an association's members: the owner, then managers, then members, each by
/// seniority.
async fn members(
    conn: &impl ConnectionTrait,
    id: i64,
    page: u32,
) -> Result<Paged<MemberView>, Error> {
    let (offset, limit) = window(page, MEMBERS_PER_PAGE);
    let rank = Expr::case(
        association_member::Column::Role.eq(MemberRole::Owner.code()),
        0,
    )
    .case(
        association_member::Column::Role.eq(MemberRole::Manager.code()),
        1,
    )
    .finally(2);
    let rows = association_member::Entity::find()
        .filter(association_member::Column::AssociationId.eq(id))
        .order_by_asc(Into::<Expr>::into(rank))
        .order_by_asc(association_member::Column::CreatedAt)
        .order_by_asc(association_member::Column::UserId)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    let rows = Paged::from_rows(rows, page, MEMBERS_PER_PAGE);
    let names = names(conn, rows.items.iter().map(|r| r.user_id)).await?;
    let items = rows
        .items
        .iter()
        .map(|r| {
            Ok(MemberView {
                user_id: r.user_id,
                name: names.get(&r.user_id).cloned().unwrap_or_default(),
                role: stored(&r.role)?,
                since: r.created_at,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(rows.with_items(items))
}

/// Associations listed a page at a time.
pub const ASSOCIATIONS_PER_PAGE: u64 = 50;

/// One page of every association, verified ones first, then by name.
pub async fn list(
    conn: &impl ConnectionTrait,
    page: u32,
) -> Result<Paged<AssociationSummary>, Error> {
    let (offset, limit) = window(page, ASSOCIATIONS_PER_PAGE);
    let rows = association::Entity::find()
        .order_by_asc(Expr::col(association::Column::VerifiedAt).is_null())
        .order_by_asc(association::Column::Name)
        .order_by_asc(association::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await?;
    Ok(Paged::from_rows(rows, page, ASSOCIATIONS_PER_PAGE).map(|row| summary(&row)))
}

/// The associations `user` manages (to post in their name).
pub async fn managed_by(
    conn: &impl ConnectionTrait,
    user: i64,
) -> Result<Vec<AssociationSummary>, Error> {
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
/// has (compared without regard to case). `None` when there is no such account, or several.
async fn find_invitee(conn: &impl ConnectionTrait, invitee: &str) -> Result<Option<i64>, Error> {
    let rows = if invitee.contains('@') {
        user::Entity::find()
            .filter(user::Column::Email.eq(invitee.trim().to_lowercase()))
            .limit(2)
            .all(conn)
            .await?
    } else {
        user::Entity::find()
            .filter(
                Expr::expr(Func::lower(Expr::col(user::Column::DisplayName)))
                    .eq(invitee.trim().to_lowercase()),
            )
            .limit(2)
            .all(conn)
            .await?
    };
    Ok(match rows.as_slice() {
        [one] => Some(one.id),
        _ => None,
    })
}

/// The names of associations, by id.
pub(crate) async fn names_of(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, String>, sea_orm::DbErr> {
    Ok(association::Entity::find()
        .filter(association::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect())
}

/// What an invitation's `status` column holds.
const PENDING: &str = "pending";
const ACCEPTED: &str = "accepted";
const DECLINED: &str = "declined";

/// The owner invites someone (by e-mail address or name) to join as `role`. The invitee is told
/// and accepts or declines; nobody joins an association without consenting.
///
/// The owner learns nothing from the answer: whether the address has an account, is already a
/// member, was invited before or declined, the result is the same `Ok`. (Otherwise inviting
/// would tell anyone who creates an association whether an e-mail address is on Entraide, and
/// which address a member's name belongs to.) A declined invitation is not sent again, so an
/// owner cannot pester someone who said no. Answers whom it invited, if anyone (for the demo
/// data; the server function never passes it on), and rings their bell.
pub async fn invite(
    conn: &impl ConnectionTrait,
    owner: i64,
    id: i64,
    invitee: &str,
    role: MemberRole,
    now: i64,
) -> Result<Done<Option<i64>>, Error> {
    require(conn, id, owner, MemberRole::owns).await?;
    let Some(user) = find_invitee(conn, invitee).await? else {
        return Ok(Done::new(None));
    };
    if role_in(conn, id, user).await?.is_some() {
        return Ok(Done::new(None));
    }
    let existing = association_invitation::Entity::find()
        .filter(association_invitation::Column::AssociationId.eq(id))
        .filter(association_invitation::Column::UserId.eq(user))
        .one(conn)
        .await?;
    match existing {
        // Asked already, or said no: nothing is sent again.
        Some(row) if row.status == PENDING || row.status == DECLINED => {
            return Ok(Done::new(None));
        }
        // They had joined and since left or were removed: a new invitation.
        Some(row) => {
            association_invitation::Entity::update_many()
                .col_expr(association_invitation::Column::Status, Expr::value(PENDING))
                .col_expr(
                    association_invitation::Column::Role,
                    Expr::value(role.code()),
                )
                .col_expr(
                    association_invitation::Column::InvitedBy,
                    Expr::value(owner),
                )
                .col_expr(association_invitation::Column::CreatedAt, Expr::value(now))
                .filter(association_invitation::Column::Id.eq(row.id))
                .exec(conn)
                .await?;
        }
        None => {
            association_invitation::ActiveModel {
                association_id: Set(id),
                user_id: Set(user),
                role: Set(role.code().to_owned()),
                invited_by: Set(owner),
                status: Set(PENDING.to_owned()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
    }
    notice(conn, user, id, None, NoticeKind::Invited, None, now).await?;
    Ok(Done::new(Some(user)).ping([user]))
}

/// The invitations `user` has not answered yet, newest first.
pub async fn invitations(
    conn: &impl ConnectionTrait,
    user: i64,
) -> Result<Vec<InvitationView>, Error> {
    let rows = association_invitation::Entity::find()
        .filter(association_invitation::Column::UserId.eq(user))
        .filter(association_invitation::Column::Status.eq(PENDING))
        .order_by_desc(association_invitation::Column::Id)
        .limit(100)
        .all(conn)
        .await?;
    let names = names_of(conn, rows.iter().map(|r| r.association_id)).await?;
    rows.into_iter()
        .map(|r| {
            Ok(InvitationView {
                id: r.id,
                association_id: r.association_id,
                association_name: names.get(&r.association_id).cloned().unwrap_or_default(),
                role: stored(&r.role)?,
                at: r.created_at,
            })
        })
        .collect()
}

/// The invitee accepts (and joins with the role offered) or declines. Answering again the same
/// way changes nothing (a retried request); accepting after declining is consent given later;
/// declining after joining is refused (`Conflict`): leaving is how one leaves. Only the invitee
/// may answer: any other person gets `NotFound`, as if there were no such invitation.
pub async fn answer_invitation(
    conn: &impl ConnectionTrait,
    user: i64,
    invitation: i64,
    accept: bool,
    now: i64,
) -> Result<(), Error> {
    let row = association_invitation::Entity::find_by_id(invitation)
        .filter(association_invitation::Column::UserId.eq(user))
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let member = role_in(conn, row.association_id, user).await?.is_some();
    let status = match (accept, row.status.as_str(), member) {
        (true, _, true) => ACCEPTED,
        (true, _, false) => {
            let role: MemberRole = stored(&row.role)?;
            association_member::ActiveModel {
                association_id: Set(row.association_id),
                user_id: Set(user),
                role: Set(role.code().to_owned()),
                created_at: Set(now),
            }
            .insert(conn)
            .await?;
            ACCEPTED
        }
        (false, ACCEPTED, true) => return Err(AppError::Conflict.into()),
        (false, _, _) => DECLINED,
    };
    association_invitation::Entity::update_many()
        .col_expr(association_invitation::Column::Status, Expr::value(status))
        .filter(association_invitation::Column::Id.eq(row.id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The owner makes a member a manager or back; the owner's own role does not change this way.
pub async fn set_role(
    conn: &impl ConnectionTrait,
    owner: i64,
    id: i64,
    user: i64,
    role: MemberRole,
) -> Result<(), Error> {
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
) -> Result<(), Error> {
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
) -> Result<(), Error> {
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
