//! Reading activities: one activity's page, the upcoming list and map, the iCalendar file, and
//! the missions proposed to a person for their skills.

use std::collections::HashMap;

use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::signups::{counts, waiting_positions};
use super::{SHOWN, point};
use crate::backend::Error;
use crate::backend::entities::{activity, activity_slot, association, signup, user};
use crate::backend::stored;
use crate::domain::AppError;
use crate::domain::accessibility::{Fit, Need};
use crate::domain::activity::{
    ActivityKind, ActivitySummary, ActivityView, MySignup, Proposal, SignupStatus, SlotView,
    Upcoming, fit_for,
};
use crate::domain::association::MemberRole;
use crate::domain::geo::Bbox;
use crate::domain::user::Languages;
use crate::domain::vocab::Code;

/// An activity's page for `viewer` (who sees their own sign-ups).
pub async fn view(
    conn: &impl ConnectionTrait,
    viewer: Option<i64>,
    id: i64,
) -> Result<ActivityView, Error> {
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
        Some(user) => crate::backend::associations::role_in(conn, row.association_id, user)
            .await?
            .is_some_and(MemberRole::manages),
        None => false,
    };
    let venue = match row.venue_id {
        Some(v) => crate::backend::venues::held_at(conn, [v]).await?.remove(&v),
        None => None,
    };
    let venue_answers = match &venue {
        Some(v) => crate::backend::venues::answers_of(conn, v.id).await?,
        None => Default::default(),
    };
    let my_needs = crate::backend::needs::mine(conn, viewer).await?;
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
        venue,
        venue_answers,
        my_needs,
        languages: Languages::from_stored(&row.languages).codes().to_vec(),
        skills: crate::backend::users::skills_from_stored(&row.skills),
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
) -> Result<Vec<ActivitySummary>, Error> {
    upcoming_at_most(conn, filter, bbox, association, SHOWN).await
}

/// Slots read at a time by [`upcoming_at_most`].
pub(super) const UPCOMING_PAGE: u64 = 200;

/// [`upcoming`], at most `at_most` of them. Slots are read joined with their activities, with
/// every filter but accessibility in SQL, a page at a time after the last slot seen (keyset
/// pagination), so a query never binds one value per upcoming slot and stops once it has
/// enough activities.
pub(super) async fn upcoming_at_most(
    conn: &impl ConnectionTrait,
    filter: &Upcoming,
    bbox: Option<Bbox>,
    association: Option<i64>,
    at_most: usize,
) -> Result<Vec<ActivitySummary>, Error> {
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
            .filter(|(_, a)| seen.insert(a.id))
            .collect();
        out.extend(
            summaries(conn, fresh, &filter.needs)
                .await?
                .into_iter()
                .filter(|s| !filter.mine || s.for_you != Some(Fit::DoesNotSuit)),
        );
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
/// `needs` are the reader's own (empty when they gave none): each line says how it suits them.
pub(super) async fn summaries(
    conn: &impl ConnectionTrait,
    rows: Vec<(activity_slot::Model, activity::Model)>,
    needs: &[Need],
) -> Result<Vec<ActivitySummary>, Error> {
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
    let venues =
        crate::backend::venues::held_at(conn, rows.iter().filter_map(|(_, a)| a.venue_id)).await?;
    let mut out = Vec::new();
    for (slot, a) in rows {
        let Some(owner) = owners.get(&a.association_id) else {
            continue;
        };
        let registered = counts
            .get(&(slot.id, SignupStatus::Registered))
            .copied()
            .unwrap_or(0);
        let venue = a.venue_id.and_then(|v| venues.get(&v).cloned());
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
            venue: venue.clone(),
            for_you: (!needs.is_empty()).then(|| fit_for(a.online, venue.as_ref(), needs)),
            languages: Languages::from_stored(&a.languages).codes().to_vec(),
            skills: crate::backend::users::skills_from_stored(&a.skills),
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
            places_left: slot.capacity.map(|c| Ord::max(c - registered, 0)),
        });
    }
    Ok(out)
}

/// The activity's slots as an iCalendar file (public, like the activity). `origin` is the
/// site's address (`https://host`), for the link back and the events' unique ids.
pub async fn ics(conn: &impl ConnectionTrait, id: i64, origin: &str) -> Result<String, Error> {
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
) -> Result<Vec<Proposal>, Error> {
    use crate::domain::matching::{MAX_PROPOSED_MISSIONS, MissionSide, Volunteer, mission_fit};
    let me = user::Entity::find_by_id(viewer)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let person = Volunteer {
        skills: crate::backend::users::skills_from_stored(&me.skills),
        home: crate::backend::users::home_of(&me),
        languages: Languages::from_stored(&me.languages).codes().to_vec(),
    };
    if person.skills.is_empty() {
        return Ok(Vec::new());
    }
    let filter = Upcoming {
        kind: Some(ActivityKind::Mission),
        category: None,
        needs: Vec::new(),
        mine: false,
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
