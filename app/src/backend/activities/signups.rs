//! Signing up to a slot, the waiting list, the association's answers, capacity changes,
//! everyone's sign-ups for the managers, and announcements.
//!
//! Capacity is exact under concurrency: every change to a slot's sign-ups first locks the slot's
//! row (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the write transaction, begun
//! `IMMEDIATE`, already holds the database's write lock), so sign-ups to one slot take turns
//! and the waiting list keeps the order they arrived in (`seq`).

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::editing::managed;
use crate::backend::associations::{notice, require};
use crate::backend::entities::{activity, activity_slot, signup};
use crate::backend::exchange_views::names;
use crate::backend::stored;
use crate::backend::{Done, Error};
use crate::domain::activity::{ActivityKind, MAX_CAPACITY, NoticeKind, SignupStatus, SignupView};
use crate::domain::association::MemberRole;
use crate::domain::vocab::Code;
use crate::domain::{AppError, ErrorCode, Field};

/// The slot and its activity, the slot's row locked until the transaction ends.
pub(super) async fn lock_slot(
    conn: &impl ConnectionTrait,
    slot: i64,
) -> Result<(activity_slot::Model, activity::Model), Error> {
    let slot = activity_slot::Entity::find_by_id(slot)
        .lock_exclusive()
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let activity = activity::Entity::find_by_id(slot.activity_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((slot, activity))
}

/// How many people hold each status on each of these slots.
pub(super) async fn counts(
    conn: &impl ConnectionTrait,
    slots: impl IntoIterator<Item = i64>,
) -> Result<HashMap<(i64, SignupStatus), i64>, Error> {
    let rows: Vec<(i64, String, i64)> = signup::Entity::find()
        .select_only()
        .column(signup::Column::SlotId)
        .column(signup::Column::Status)
        .column_as(Expr::col(signup::Column::Id).count(), "n")
        .filter(signup::Column::SlotId.is_in(slots))
        .group_by(signup::Column::SlotId)
        .group_by(signup::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    let mut out = HashMap::new();
    for (slot, status, n) in rows {
        out.insert((slot, stored(&status)?), n);
    }
    Ok(out)
}

pub(super) async fn count(
    conn: &impl ConnectionTrait,
    slot: i64,
    status: SignupStatus,
) -> Result<i64, Error> {
    Ok(counts(conn, [slot])
        .await?
        .get(&(slot, status))
        .copied()
        .unwrap_or(0))
}

pub(super) fn full(slot: &activity_slot::Model, registered: i64) -> bool {
    slot.capacity.is_some_and(|c| registered >= c)
}

/// Signs `user` up to a slot: registered while there is room (pending the association's answer
/// for a mission it accepts by hand), on the waiting list otherwise. Signing up again while
/// signed up changes nothing. Answers where they stand.
pub async fn sign_up(
    conn: &impl ConnectionTrait,
    user: i64,
    slot_id: i64,
    now: i64,
) -> Result<SignupStatus, Error> {
    let (slot, activity) = lock_slot(conn, slot_id).await?;
    if !activity.registration || slot.completed_at.is_some() || slot.ends_at <= now {
        return Err(AppError::Conflict.into());
    }
    let existing = signup::Entity::find()
        .filter(signup::Column::SlotId.eq(slot_id))
        .filter(signup::Column::UserId.eq(user))
        .one(conn)
        .await?;
    if let Some(row) = &existing {
        let status: SignupStatus = stored(&row.status)?;
        if status.active() {
            return Ok(status);
        }
        if status != SignupStatus::Cancelled {
            return Err(AppError::Conflict.into());
        }
    }
    let counts = counts(conn, [slot_id]).await?;
    let registered = counts
        .get(&(slot_id, SignupStatus::Registered))
        .copied()
        .unwrap_or(0);
    let waiting = counts
        .get(&(slot_id, SignupStatus::Waiting))
        .copied()
        .unwrap_or(0);
    let kind: ActivityKind = stored(&activity.kind)?;
    let status = if full(&slot, registered) || waiting > 0 {
        SignupStatus::Waiting
    } else if kind == ActivityKind::Mission && !activity.auto_accept {
        SignupStatus::Pending
    } else {
        SignupStatus::Registered
    };
    let last: Option<Option<i64>> = signup::Entity::find()
        .select_only()
        .column_as(Expr::col(signup::Column::Seq).max(), "m")
        .filter(signup::Column::SlotId.eq(slot_id))
        .into_tuple()
        .one(conn)
        .await?;
    let seq = last.flatten().unwrap_or(0) + 1;
    match existing {
        Some(row) => {
            let mut row: signup::ActiveModel = row.into();
            row.status = Set(status.code().to_owned());
            row.seq = Set(seq);
            row.minutes = Set(None);
            row.updated_at = Set(now);
            row.update(conn).await?;
        }
        None => {
            signup::ActiveModel {
                slot_id: Set(slot_id),
                activity_id: Set(activity.id),
                user_id: Set(user),
                status: Set(status.code().to_owned()),
                seq: Set(seq),
                minutes: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(status)
}

pub(super) async fn set_status(
    conn: &impl ConnectionTrait,
    row: signup::Model,
    status: SignupStatus,
    now: i64,
) -> Result<(), Error> {
    let mut row: signup::ActiveModel = row.into();
    row.status = Set(status.code().to_owned());
    row.updated_at = Set(now);
    row.update(conn).await?;
    Ok(())
}

/// Fills free places from the waiting list, first come first served, and tells each person
/// promoted. The slot must be locked. Answers who was promoted.
pub(super) async fn promote(
    conn: &impl ConnectionTrait,
    slot: &activity_slot::Model,
    activity: &activity::Model,
    now: i64,
) -> Result<Vec<i64>, Error> {
    let registered = count(conn, slot.id, SignupStatus::Registered).await?;
    let free = match slot.capacity {
        Some(c) if c <= registered => return Ok(Vec::new()),
        Some(c) => Some(c - registered),
        None => None,
    };
    let mut query = signup::Entity::find()
        .filter(signup::Column::SlotId.eq(slot.id))
        .filter(signup::Column::Status.eq(SignupStatus::Waiting.code()))
        .order_by_asc(signup::Column::Seq);
    if let Some(free) = free {
        query = query.limit(free.unsigned_abs());
    }
    let mut promoted = Vec::new();
    for row in query.all(conn).await? {
        let user = row.user_id;
        set_status(conn, row, SignupStatus::Registered, now).await?;
        notice(
            conn,
            user,
            activity.association_id,
            Some((activity.id, Some(slot.id))),
            NoticeKind::Promoted,
            None,
            now,
        )
        .await?;
        promoted.push(user);
    }
    Ok(promoted)
}

/// `user` leaves a slot they signed up to; a place they held goes to the first in line.
/// Answers who was promoted.
pub async fn cancel(
    conn: &impl ConnectionTrait,
    user: i64,
    slot_id: i64,
    now: i64,
) -> Result<Done<()>, Error> {
    let (slot, activity) = lock_slot(conn, slot_id).await?;
    let row = signup::Entity::find()
        .filter(signup::Column::SlotId.eq(slot_id))
        .filter(signup::Column::UserId.eq(user))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let status: SignupStatus = stored(&row.status)?;
    if !status.active() || slot.completed_at.is_some() || slot.ends_at <= now {
        return Err(AppError::Conflict.into());
    }
    set_status(conn, row, SignupStatus::Cancelled, now).await?;
    let promoted = if status == SignupStatus::Registered {
        promote(conn, &slot, &activity, now).await?
    } else {
        Vec::new()
    };
    Ok(Done::new(()).ping(promoted))
}

/// A manager accepts or declines an application (pending, or waiting for a place). Accepted
/// while the slot is full, it waits in line. The applicant's bell rings.
pub async fn answer(
    conn: &impl ConnectionTrait,
    manager: i64,
    signup_id: i64,
    accept: bool,
    now: i64,
) -> Result<Done<()>, Error> {
    let row = signup::Entity::find_by_id(signup_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    managed(conn, manager, row.activity_id).await?;
    let (slot, activity) = lock_slot(conn, row.slot_id).await?;
    let row = signup::Entity::find_by_id(signup_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let status: SignupStatus = stored(&row.status)?;
    let user = row.user_id;
    let (next, kind) = match (status, accept) {
        (SignupStatus::Pending, true) => {
            let registered = count(conn, slot.id, SignupStatus::Registered).await?;
            let next = if full(&slot, registered) {
                SignupStatus::Waiting
            } else {
                SignupStatus::Registered
            };
            (next, NoticeKind::Accepted)
        }
        (SignupStatus::Pending | SignupStatus::Waiting, false) => {
            (SignupStatus::Declined, NoticeKind::Declined)
        }
        _ => return Err(AppError::Conflict.into()),
    };
    set_status(conn, row, next, now).await?;
    notice(
        conn,
        user,
        activity.association_id,
        Some((activity.id, Some(slot.id))),
        kind,
        None,
        now,
    )
    .await?;
    Ok(Done::new(()).ping([user]))
}

/// A manager changes a slot's capacity (blank: no limit); never below the people registered.
/// More room promotes people from the waiting list, whose bells ring.
pub async fn set_capacity(
    conn: &impl ConnectionTrait,
    manager: i64,
    slot_id: i64,
    capacity: Option<i64>,
    now: i64,
) -> Result<Done<()>, Error> {
    let (slot, activity) = lock_slot(conn, slot_id).await?;
    require(conn, activity.association_id, manager, MemberRole::manages).await?;
    let registered = count(conn, slot_id, SignupStatus::Registered).await?;
    if capacity.is_some_and(|c| c < registered) {
        return Err(AppError::field(
            Field::Capacity,
            ErrorCode::OutOfRange {
                min: Ord::max(registered, 1),
                max: MAX_CAPACITY,
            },
        )
        .into());
    }
    let mut row: activity_slot::ActiveModel = slot.into();
    row.capacity = Set(capacity);
    let slot = row.update(conn).await?;
    let promoted = promote(conn, &slot, &activity, now).await?;
    Ok(Done::new(()).ping(promoted))
}

/// Everyone signed up to an activity, slot by slot, for its association's managers.
pub async fn signups(
    conn: &impl ConnectionTrait,
    manager: i64,
    id: i64,
) -> Result<Vec<SignupView>, Error> {
    managed(conn, manager, id).await?;
    let rows = signup::Entity::find()
        .filter(signup::Column::ActivityId.eq(id))
        .order_by_asc(signup::Column::SlotId)
        .order_by_asc(signup::Column::Seq)
        .all(conn)
        .await?;
    let names = names(conn, rows.iter().map(|r| r.user_id)).await?;
    let mut in_line: HashMap<i64, i64> = HashMap::new();
    rows.into_iter()
        .map(|r| {
            let status: SignupStatus = stored(&r.status)?;
            let waiting_position = (status == SignupStatus::Waiting).then(|| {
                let place = in_line.entry(r.slot_id).or_insert(0);
                *place += 1;
                *place
            });
            Ok(SignupView {
                id: r.id,
                slot_id: r.slot_id,
                user_id: r.user_id,
                name: names.get(&r.user_id).cloned().unwrap_or_default(),
                status,
                waiting_position,
                minutes: r.minutes,
                at: r.updated_at,
            })
        })
        .collect::<Result<_, AppError>>()
        .map_err(Error::from)
}

/// A manager's message to everyone signed up (registered, waiting or pending), whose bells
/// ring. Answers how many were told.
pub async fn announce(
    conn: &impl ConnectionTrait,
    manager: i64,
    id: i64,
    body: String,
    now: i64,
) -> Result<Done<u64>, Error> {
    let activity = managed(conn, manager, id).await?;
    let mut people: Vec<i64> = signup::Entity::find()
        .select_only()
        .column(signup::Column::UserId)
        .filter(signup::Column::ActivityId.eq(id))
        .filter(signup::Column::Status.is_in([
            SignupStatus::Registered.code(),
            SignupStatus::Waiting.code(),
            SignupStatus::Pending.code(),
        ]))
        .into_tuple()
        .all(conn)
        .await?;
    people.sort_unstable();
    people.dedup();
    for &person in &people {
        notice(
            conn,
            person,
            activity.association_id,
            Some((id, None)),
            NoticeKind::Announcement,
            Some(body.clone()),
            now,
        )
        .await?;
    }
    Ok(Done::new(people.len() as u64).ping(people))
}

pub(super) fn waiting_positions(rows: &[signup::Model]) -> Result<HashMap<i64, i64>, Error> {
    let mut place: HashMap<i64, i64> = HashMap::new();
    let mut out = HashMap::new();
    let mut waiting: Vec<&signup::Model> = rows
        .iter()
        .filter(|r| r.status == SignupStatus::Waiting.code())
        .collect();
    waiting.sort_by_key(|r| (r.slot_id, r.seq));
    for r in waiting {
        let p = place.entry(r.slot_id).or_insert(0);
        *p += 1;
        out.insert(r.id, *p);
    }
    Ok(out)
}
