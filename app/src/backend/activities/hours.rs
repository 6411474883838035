//! Recorded hours: a manager marks a slot done (who came, who did not), and a volunteer's
//! certificate of their hours with an association.

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::signups::lock_slot;
use crate::backend::Error;
use crate::backend::associations::require;
use crate::backend::entities::{activity, activity_slot, association, signup, user};
use crate::backend::stored;
use crate::domain::AppError;
use crate::domain::activity::{Certificate, HoursLine, SignupStatus};
use crate::domain::association::{MemberRole, logo_url};
use crate::domain::vocab::Code;

/// A manager records a slot as done: everyone registered attended, except `absent`; each who
/// came is credited with the slot's length. People still waiting or pending are let go.
pub async fn complete(
    conn: &impl ConnectionTrait,
    manager: i64,
    slot_id: i64,
    absent: &std::collections::BTreeSet<i64>,
    now: i64,
) -> Result<(), Error> {
    let (slot, activity) = lock_slot(conn, slot_id).await?;
    require(conn, activity.association_id, manager, MemberRole::manages).await?;
    if slot.completed_at.is_some() || slot.starts_at > now {
        return Err(AppError::Conflict.into());
    }
    let minutes = (slot.ends_at - slot.starts_at) / 60;
    let rows = signup::Entity::find()
        .filter(signup::Column::SlotId.eq(slot_id))
        .all(conn)
        .await?;
    for row in rows {
        let next = match stored::<SignupStatus>(&row.status)? {
            SignupStatus::Registered if absent.contains(&row.user_id) => SignupStatus::Absent,
            SignupStatus::Registered => SignupStatus::Attended,
            SignupStatus::Waiting | SignupStatus::Pending => SignupStatus::Cancelled,
            _ => continue,
        };
        let mut row: signup::ActiveModel = row.into();
        row.status = Set(next.code().to_owned());
        row.minutes = Set((next == SignupStatus::Attended).then_some(minutes));
        row.updated_at = Set(now);
        row.update(conn).await?;
    }
    let mut row: activity_slot::ActiveModel = slot.into();
    row.completed_at = Set(Some(now));
    row.update(conn).await?;
    Ok(())
}

/// A volunteer's hours with one association, from the slots it recorded as done.
pub async fn certificate(
    conn: &impl ConnectionTrait,
    volunteer: i64,
    association_id: i64,
    now: i64,
) -> Result<Certificate, Error> {
    let owner = association::Entity::find_by_id(association_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let logo = owner.current_logo().map(|v| logo_url(association_id, v));
    let name = user::Entity::find_by_id(volunteer)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?
        .display_name;
    let rows = signup::Entity::find()
        .filter(signup::Column::UserId.eq(volunteer))
        .filter(signup::Column::Status.eq(SignupStatus::Attended.code()))
        .all(conn)
        .await?;
    let activities: HashMap<i64, activity::Model> = activity::Entity::find()
        .filter(activity::Column::Id.is_in(rows.iter().map(|r| r.activity_id)))
        .filter(activity::Column::AssociationId.eq(association_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let slots: HashMap<i64, activity_slot::Model> = activity_slot::Entity::find()
        .filter(activity_slot::Column::Id.is_in(rows.iter().map(|r| r.slot_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut lines: Vec<HoursLine> = rows
        .iter()
        .filter_map(|r| {
            let a = activities.get(&r.activity_id)?;
            let s = slots.get(&r.slot_id)?;
            Some(HoursLine {
                activity_title: a.title.clone(),
                starts_at: s.starts_at,
                minutes: r.minutes.unwrap_or(0),
            })
        })
        .collect();
    lines.sort_by_key(|l| l.starts_at);
    Ok(Certificate {
        volunteer_name: name,
        association_id,
        association_name: owner.name,
        association_address: owner.address,
        association_logo: logo,
        verified: owner.verified_at.is_some(),
        total_minutes: lines.iter().map(|l| l.minutes).sum(),
        lines,
        issued_at: now,
    })
}

/// The associations a volunteer has recorded hours with (for their certificates).
pub async fn volunteered_with(
    conn: &impl ConnectionTrait,
    volunteer: i64,
) -> Result<Vec<(i64, String, i64)>, Error> {
    let rows = signup::Entity::find()
        .filter(signup::Column::UserId.eq(volunteer))
        .filter(signup::Column::Status.eq(SignupStatus::Attended.code()))
        .all(conn)
        .await?;
    let activities: HashMap<i64, i64> = activity::Entity::find()
        .filter(activity::Column::Id.is_in(rows.iter().map(|r| r.activity_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.association_id))
        .collect();
    let mut minutes: HashMap<i64, i64> = HashMap::new();
    for r in &rows {
        if let Some(a) = activities.get(&r.activity_id) {
            *minutes.entry(*a).or_default() += r.minutes.unwrap_or(0);
        }
    }
    let mut out: Vec<(i64, String, i64)> = association::Entity::find()
        .filter(association::Column::Id.is_in(minutes.keys().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name, minutes.get(&a.id).copied().unwrap_or(0)))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}
