//! Events and volunteer missions: creating and editing them (an association's managers),
//! signing up to a slot, the waiting list, the association's answers, announcements, recorded
//! hours and certificates.
//!
//! Capacity is exact under concurrency: every change to a slot's sign-ups first locks the slot's
//! row (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the write transaction, begun
//! `IMMEDIATE`, already holds the database's write lock), so sign-ups to one slot take turns
//! and the waiting list keeps the order they arrived in (`seq`).

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::associations::{notice, require};
use super::entities::{activity, activity_notice, activity_slot, association, signup, user};
use super::exchange_views::names;
use super::exchanges::Failure;
use super::stored;
use crate::domain::activity::{
    ActivityDraft, ActivityKind, ActivitySummary, ActivityView, Certificate, HoursLine,
    MAX_CAPACITY, MySignup, NoticeKind, NoticeView, Proposal, SignupStatus, SignupView, SlotView,
    Upcoming, disabilities,
};
use crate::domain::association::{MemberRole, codes_to_stored, logo_url};
use crate::domain::geo::{Bbox, GeoPoint};
use crate::domain::listing::Code;
use crate::domain::user::Languages;
use crate::domain::{AppError, ErrorCode, Field};

/// How many activities a list or the map shows at most.
pub const SHOWN: usize = 200;

fn point(row: &activity::Model) -> Option<GeoPoint> {
    match (row.lat, row.lng) {
        (Some(lat), Some(lng)) if !row.online => Some(GeoPoint { lat, lng }),
        _ => None,
    }
}

fn fill(row: &mut activity::ActiveModel, draft: &ActivityDraft, now: i64) {
    let location = draft.location.filter(|_| !draft.online);
    row.title = Set(draft.title.clone());
    row.description = Set(draft.description.clone());
    row.category = Set(draft.category.code().to_owned());
    row.online = Set(draft.online);
    row.address = Set(draft.address.clone());
    row.lat = Set(location.map(|p| p.lat));
    row.lng = Set(location.map(|p| p.lng));
    row.accessibility = Set(codes_to_stored(&draft.accessibility));
    row.languages = Set(draft.languages.to_stored());
    row.skills = Set(draft.skills.join(","));
    row.min_age = Set(draft.min_age);
    row.auto_accept = Set(draft.auto_accept);
    row.registration = Set(draft.registration);
    row.updated_at = Set(now);
}

/// Events and missions one person may post in 24 hours.
pub const MAX_ACTIVITIES_PER_DAY: u64 = 20;

/// An association's manager posts an event or a mission with its slots (at most
/// [`MAX_ACTIVITIES_PER_DAY`]).
pub async fn create(
    conn: &impl ConnectionTrait,
    user: i64,
    association: i64,
    draft: ActivityDraft,
    now: i64,
) -> Result<i64, Failure> {
    require(conn, association, user, MemberRole::manages).await?;
    super::limits::check_daily::<activity::Entity>(
        conn,
        user,
        activity::Column::CreatedBy,
        activity::Column::CreatedAt,
        MAX_ACTIVITIES_PER_DAY,
        now,
    )
    .await?;
    let mut row = activity::ActiveModel {
        association_id: Set(association),
        kind: Set(draft.kind.code().to_owned()),
        created_by: Set(user),
        created_at: Set(now),
        ..Default::default()
    };
    fill(&mut row, &draft, now);
    let row = row.insert(conn).await?;
    for slot in &draft.slots {
        activity_slot::ActiveModel {
            activity_id: Set(row.id),
            starts_at: Set(slot.starts_at),
            ends_at: Set(slot.ends_at),
            capacity: Set(slot.capacity),
            completed_at: Set(None),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(row.id)
}

/// The activity, if `user` manages its association.
async fn managed(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
) -> Result<activity::Model, Failure> {
    let row = activity::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    require(conn, row.association_id, user, MemberRole::manages).await?;
    Ok(row)
}

/// Edits an activity's details (its kind and slots stay).
pub async fn update(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
    draft: ActivityDraft,
    now: i64,
) -> Result<(), Failure> {
    let row = managed(conn, user, id).await?;
    let kind: ActivityKind = stored(&row.kind)?;
    let mut row: activity::ActiveModel = row.into();
    fill(
        &mut row,
        &ActivityDraft {
            auto_accept: kind == ActivityKind::Mission && draft.auto_accept,
            registration: kind == ActivityKind::Mission || draft.registration,
            ..draft
        },
        now,
    );
    row.update(conn).await?;
    Ok(())
}

/// The slot and its activity, the slot's row locked until the transaction ends.
async fn lock_slot(
    conn: &impl ConnectionTrait,
    slot: i64,
) -> Result<(activity_slot::Model, activity::Model), Failure> {
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
async fn counts(
    conn: &impl ConnectionTrait,
    slots: impl IntoIterator<Item = i64>,
) -> Result<HashMap<(i64, SignupStatus), i64>, Failure> {
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

async fn count(
    conn: &impl ConnectionTrait,
    slot: i64,
    status: SignupStatus,
) -> Result<i64, Failure> {
    Ok(counts(conn, [slot])
        .await?
        .get(&(slot, status))
        .copied()
        .unwrap_or(0))
}

fn full(slot: &activity_slot::Model, registered: i64) -> bool {
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
) -> Result<SignupStatus, Failure> {
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

async fn set_status(
    conn: &impl ConnectionTrait,
    row: signup::Model,
    status: SignupStatus,
    now: i64,
) -> Result<(), Failure> {
    let mut row: signup::ActiveModel = row.into();
    row.status = Set(status.code().to_owned());
    row.updated_at = Set(now);
    row.update(conn).await?;
    Ok(())
}

/// Fills free places from the waiting list, first come first served, and tells each person
/// promoted. The slot must be locked. Answers who was promoted.
async fn promote(
    conn: &impl ConnectionTrait,
    slot: &activity_slot::Model,
    activity: &activity::Model,
    now: i64,
) -> Result<Vec<i64>, Failure> {
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
) -> Result<Vec<i64>, Failure> {
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
    if status == SignupStatus::Registered {
        promote(conn, &slot, &activity, now).await
    } else {
        Ok(Vec::new())
    }
}

/// A manager accepts or declines an application (pending, or waiting for a place). Accepted
/// while the slot is full, it waits in line. Answers the applicant.
pub async fn answer(
    conn: &impl ConnectionTrait,
    manager: i64,
    signup_id: i64,
    accept: bool,
    now: i64,
) -> Result<i64, Failure> {
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
    Ok(user)
}

/// A manager changes a slot's capacity (blank: no limit); never below the people registered.
/// More room promotes people from the waiting list. Answers who was promoted.
pub async fn set_capacity(
    conn: &impl ConnectionTrait,
    manager: i64,
    slot_id: i64,
    capacity: Option<i64>,
    now: i64,
) -> Result<Vec<i64>, Failure> {
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
    promote(conn, &slot, &activity, now).await
}

/// A manager records a slot as done: everyone registered attended, except `absent`; each who
/// came is credited with the slot's length. People still waiting or pending are let go.
pub async fn complete(
    conn: &impl ConnectionTrait,
    manager: i64,
    slot_id: i64,
    absent: &std::collections::BTreeSet<i64>,
    now: i64,
) -> Result<(), Failure> {
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

/// Everyone signed up to an activity, slot by slot, for its association's managers.
pub async fn signups(
    conn: &impl ConnectionTrait,
    manager: i64,
    id: i64,
) -> Result<Vec<SignupView>, Failure> {
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
        .map_err(Failure::from)
}

/// A manager's message to everyone signed up (registered, waiting or pending). Answers who
/// was told.
pub async fn announce(
    conn: &impl ConnectionTrait,
    manager: i64,
    id: i64,
    body: String,
    now: i64,
) -> Result<Vec<i64>, Failure> {
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
    Ok(people)
}

fn waiting_positions(rows: &[signup::Model]) -> Result<HashMap<i64, i64>, AppError> {
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

/// An activity's page for `viewer` (who sees their own sign-ups).
pub async fn view(
    conn: &impl ConnectionTrait,
    viewer: Option<i64>,
    id: i64,
) -> Result<ActivityView, Failure> {
    let row = activity::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = association::Entity::find_by_id(row.association_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let slots = activity_slot::Entity::find()
        .filter(activity_slot::Column::ActivityId.eq(id))
        .order_by_asc(activity_slot::Column::StartsAt)
        .order_by_asc(activity_slot::Column::Id)
        .all(conn)
        .await?;
    let counts = counts(conn, slots.iter().map(|s| s.id)).await?;
    let (mine, positions) = match viewer {
        Some(user) => {
            let all_waiting = signup::Entity::find()
                .filter(signup::Column::ActivityId.eq(id))
                .filter(
                    signup::Column::Status
                        .eq(SignupStatus::Waiting.code())
                        .or(signup::Column::UserId.eq(user)),
                )
                .all(conn)
                .await?;
            let positions = waiting_positions(&all_waiting)?;
            let mine: Vec<signup::Model> = all_waiting
                .into_iter()
                .filter(|r| r.user_id == user)
                .collect();
            (mine, positions)
        }
        None => (Vec::new(), HashMap::new()),
    };
    let can_manage = match viewer {
        Some(user) => super::associations::role_in(conn, row.association_id, user)
            .await?
            .is_some_and(MemberRole::manages),
        None => false,
    };
    let n = |slot: i64, status| counts.get(&(slot, status)).copied().unwrap_or(0);
    let slots = slots
        .into_iter()
        .map(|s| {
            let registered = n(s.id, SignupStatus::Registered) + n(s.id, SignupStatus::Attended);
            let my = mine
                .iter()
                .find(|r| r.slot_id == s.id)
                .map(|r| {
                    Ok::<_, AppError>(MySignup {
                        status: stored(&r.status)?,
                        waiting_position: positions.get(&r.id).copied(),
                        minutes: r.minutes,
                    })
                })
                .transpose()?;
            Ok(SlotView {
                id: s.id,
                starts_at: s.starts_at,
                ends_at: s.ends_at,
                capacity: s.capacity,
                registered,
                waiting: n(s.id, SignupStatus::Waiting),
                places_left: s.capacity.map(|c| Ord::max(c - registered, 0)),
                completed: s.completed_at.is_some(),
                mine: my,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(ActivityView {
        id: row.id,
        kind: stored(&row.kind)?,
        title: row.title.clone(),
        description: row.description.clone(),
        category: stored(&row.category)?,
        association_id: owner.id,
        association_name: owner.name,
        verified: owner.verified_at.is_some(),
        online: row.online,
        address: row.address.clone(),
        location: point(&row),
        accessibility: disabilities(&row.accessibility),
        languages: Languages::from_stored(&row.languages).codes().to_vec(),
        skills: super::users::skills_from_stored(&row.skills),
        min_age: row.min_age,
        auto_accept: row.auto_accept,
        registration: row.registration,
        slots,
        can_manage,
    })
}

/// Activities with a slot that has not ended, soonest first, narrowed by `filter`, within
/// `bbox` if given (online ones are then left out: they have no place on a map), of one
/// association if given. At most [`SHOWN`].
pub async fn upcoming(
    conn: &impl ConnectionTrait,
    filter: &Upcoming,
    bbox: Option<Bbox>,
    association: Option<i64>,
) -> Result<Vec<ActivitySummary>, Failure> {
    upcoming_at_most(conn, filter, bbox, association, SHOWN).await
}

/// Slots read at a time by [`upcoming_at_most`].
const UPCOMING_PAGE: u64 = 200;

/// [`upcoming`], at most `at_most` of them. Slots are read joined with their activities, with
/// every filter but accessibility in SQL, a page at a time after the last slot seen (keyset
/// pagination), so a query never binds one value per upcoming slot and stops once it has
/// enough activities.
async fn upcoming_at_most(
    conn: &impl ConnectionTrait,
    filter: &Upcoming,
    bbox: Option<Bbox>,
    association: Option<i64>,
    at_most: usize,
) -> Result<Vec<ActivitySummary>, Failure> {
    let mut base = activity_slot::Entity::find()
        .inner_join(activity::Entity)
        .select_also(activity::Entity)
        .filter(activity_slot::Column::EndsAt.gt(filter.from))
        .filter(activity_slot::Column::CompletedAt.is_null());
    if let Some(to) = filter.to {
        base = base.filter(activity_slot::Column::StartsAt.lt(to));
    }
    if let Some(kind) = filter.kind {
        base = base.filter(activity::Column::Kind.eq(kind.code()));
    }
    if let Some(category) = filter.category {
        base = base.filter(activity::Column::Category.eq(category.code()));
    }
    if let Some(association) = association {
        base = base.filter(activity::Column::AssociationId.eq(association));
    }
    if let Some(b) = bbox {
        base = base
            .filter(activity::Column::Online.eq(false))
            .filter(activity::Column::Lat.between(b.south, b.north))
            .filter(activity::Column::Lng.between(b.west, b.east));
    }
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut after: Option<(i64, i64)> = None;
    loop {
        let mut page = base.clone();
        if let Some((starts_at, id)) = after {
            page = page.filter(
                Condition::any()
                    .add(activity_slot::Column::StartsAt.gt(starts_at))
                    .add(
                        Condition::all()
                            .add(activity_slot::Column::StartsAt.eq(starts_at))
                            .add(activity_slot::Column::Id.gt(id)),
                    ),
            );
        }
        let rows = page
            .order_by_asc(activity_slot::Column::StartsAt)
            .order_by_asc(activity_slot::Column::Id)
            .limit(UPCOMING_PAGE)
            .all(conn)
            .await?;
        let full_page = rows.len() as u64 == UPCOMING_PAGE;
        after = rows.last().map(|(slot, _)| (slot.starts_at, slot.id));
        // The soonest slot of each activity not listed yet, in order.
        let fresh: Vec<(activity_slot::Model, activity::Model)> = rows
            .into_iter()
            .filter_map(|(slot, a)| a.map(|a| (slot, a)))
            .filter(|(_, a)| {
                filter
                    .accessibility
                    .is_none_or(|d| disabilities(&a.accessibility).contains(&d))
            })
            .filter(|(_, a)| seen.insert(a.id))
            .collect();
        out.extend(summaries(conn, fresh).await?);
        if out.len() >= at_most {
            out.truncate(at_most);
            break;
        }
        if !full_page {
            break;
        }
    }
    Ok(out)
}

/// The list lines of activities, each with its soonest upcoming slot (at most a page of them).
async fn summaries(
    conn: &impl ConnectionTrait,
    rows: Vec<(activity_slot::Model, activity::Model)>,
) -> Result<Vec<ActivitySummary>, Failure> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let owners: HashMap<i64, association::Model> = association::Entity::find()
        .filter(association::Column::Id.is_in(rows.iter().map(|(_, a)| a.association_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let counts = counts(conn, rows.iter().map(|(slot, _)| slot.id)).await?;
    let mut out = Vec::new();
    for (slot, a) in rows {
        let Some(owner) = owners.get(&a.association_id) else {
            continue;
        };
        let registered = counts
            .get(&(slot.id, SignupStatus::Registered))
            .copied()
            .unwrap_or(0);
        out.push(ActivitySummary {
            id: a.id,
            kind: stored(&a.kind)?,
            title: a.title.clone(),
            category: stored(&a.category)?,
            association_id: owner.id,
            association_name: owner.name.clone(),
            verified: owner.verified_at.is_some(),
            online: a.online,
            address: a.address.clone(),
            location: point(&a),
            accessibility: disabilities(&a.accessibility),
            languages: Languages::from_stored(&a.languages).codes().to_vec(),
            skills: super::users::skills_from_stored(&a.skills),
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
            places_left: slot.capacity.map(|c| Ord::max(c - registered, 0)),
        });
    }
    Ok(out)
}

/// A volunteer's hours with one association, from the slots it recorded as done.
pub async fn certificate(
    conn: &impl ConnectionTrait,
    volunteer: i64,
    association_id: i64,
    now: i64,
) -> Result<Certificate, Failure> {
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
) -> Result<Vec<(i64, String, i64)>, Failure> {
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

/// The user's latest notices about activities and associations, newest first.
pub async fn notices(conn: &impl ConnectionTrait, user: i64) -> Result<Vec<NoticeView>, Failure> {
    let rows = activity_notice::Entity::find()
        .filter(activity_notice::Column::UserId.eq(user))
        .order_by_desc(activity_notice::Column::Id)
        .limit(50)
        .all(conn)
        .await?;
    let activities: HashMap<i64, activity::Model> = activity::Entity::find()
        .filter(activity::Column::Id.is_in(rows.iter().filter_map(|r| r.activity_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let owners = super::associations::names_of(conn, rows.iter().map(|r| r.association_id)).await?;
    let slots: HashMap<i64, i64> = activity_slot::Entity::find()
        .filter(activity_slot::Column::Id.is_in(rows.iter().filter_map(|r| r.slot_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s.starts_at))
        .collect();
    rows.into_iter()
        .map(|r| {
            Ok(NoticeView {
                id: r.id,
                kind: stored(&r.kind)?,
                association_id: r.association_id,
                activity_id: r.activity_id,
                activity_title: r
                    .activity_id
                    .and_then(|a| activities.get(&a))
                    .map(|a| a.title.clone())
                    .unwrap_or_default(),
                association_name: owners.get(&r.association_id).cloned().unwrap_or_default(),
                slot_starts_at: r.slot_id.and_then(|s| slots.get(&s).copied()),
                body: r.body,
                read: r.read_at.is_some(),
                at: r.created_at,
            })
        })
        .collect::<Result<_, AppError>>()
        .map_err(Failure::from)
}

/// How many notices the user has not read.
pub async fn unread_notices(conn: &impl ConnectionTrait, user: i64) -> Result<u64, Failure> {
    use sea_orm::PaginatorTrait;
    Ok(activity_notice::Entity::find()
        .filter(activity_notice::Column::UserId.eq(user))
        .filter(activity_notice::Column::ReadAt.is_null())
        .count(conn)
        .await?)
}

/// Marks all the user's notices read.
pub async fn read_notices(conn: &impl ConnectionTrait, user: i64, now: i64) -> Result<(), Failure> {
    activity_notice::Entity::update_many()
        .col_expr(activity_notice::Column::ReadAt, Expr::value(Some(now)))
        .filter(activity_notice::Column::UserId.eq(user))
        .filter(activity_notice::Column::ReadAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// The activity's slots as an iCalendar file (public, like the activity). `origin` is the
/// site's address (`https://host`), for the link back and the events' unique ids.
pub async fn ics(conn: &impl ConnectionTrait, id: i64, origin: &str) -> Result<String, Failure> {
    use icalendar::{Calendar, Component, EventLike};
    let view = view(conn, None, id).await?;
    let host = origin.split_once("://").map_or(origin, |(_, host)| host);
    let at = |ts: i64| chrono::DateTime::from_timestamp(ts, 0).unwrap_or_default();
    let mut calendar = Calendar::new();
    calendar.name(&view.title);
    for slot in &view.slots {
        calendar.push(
            icalendar::Event::new()
                .uid(&format!("activity-{}-slot-{}@{host}", view.id, slot.id))
                .summary(&view.title)
                .description(&format!(
                    "{}\n\n{}",
                    view.association_name, view.description
                ))
                .location(&view.address)
                .starts(at(slot.starts_at))
                .ends(at(slot.ends_at))
                .url(&format!("{origin}/activities/{}", view.id))
                .done(),
        );
    }
    Ok(calendar.done().to_string())
}

/// Upcoming missions that want the person's skills, online or within reach of their home, best
/// first (see `domain::matching::mission_fit`); those they already signed up for are left out.
/// Nothing for a profile without skills.
pub async fn proposed(
    conn: &impl ConnectionTrait,
    viewer: i64,
    now: i64,
) -> Result<Vec<Proposal>, Failure> {
    use crate::domain::matching::{MAX_PROPOSED_MISSIONS, MissionSide, Volunteer, mission_fit};
    let me = user::Entity::find_by_id(viewer)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let person = Volunteer {
        skills: super::users::skills_from_stored(&me.skills),
        home: super::users::home_of(&me),
        languages: Languages::from_stored(&me.languages).codes().to_vec(),
    };
    if person.skills.is_empty() {
        return Ok(Vec::new());
    }
    let filter = Upcoming {
        kind: Some(ActivityKind::Mission),
        category: None,
        accessibility: None,
        from: now,
        to: None,
    };
    // Every upcoming mission is scored, not only the soonest shown in the list.
    let missions = upcoming_at_most(conn, &filter, None, None, usize::MAX).await?;
    let active: Vec<String> = SignupStatus::CHOICES
        .iter()
        .filter(|s| s.active())
        .map(|s| s.code().to_owned())
        .collect();
    let joined: std::collections::HashSet<i64> = signup::Entity::find()
        .filter(signup::Column::UserId.eq(viewer))
        .filter(signup::Column::Status.is_in(active))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| s.activity_id)
        .collect();
    let mut out: Vec<Proposal> = missions
        .into_iter()
        .filter(|a| !joined.contains(&a.id))
        .filter_map(|a| {
            let side = MissionSide {
                skills: a.skills.clone(),
                online: a.online,
                location: a.location,
                languages: a.languages.clone(),
            };
            mission_fit(&person, &side).map(|fit| Proposal { activity: a, fit })
        })
        .collect();
    out.sort_by(|a, b| {
        b.fit
            .points
            .cmp(&a.fit.points)
            .then(a.activity.starts_at.cmp(&b.activity.starts_at))
    });
    out.truncate(MAX_PROPOSED_MISSIONS);
    Ok(out)
}
