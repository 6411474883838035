//! Posting and editing events and missions (an association's managers), with the daily limit.

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use crate::backend::Error;
use crate::backend::associations::require;
use crate::backend::entities::{activity, activity_slot, venue};
use crate::backend::stored;
use crate::domain::activity::{ActivityDraft, ActivityKind};
use crate::domain::association::MemberRole;
use crate::domain::geo::GeoPoint;
use crate::domain::vocab::Code;
use crate::domain::{AppError, ErrorCode, Field, FieldError};

/// Writes a draft into a row. Held at a venue, the activity takes the venue's address and
/// point (an unknown venue is a field error).
pub(super) async fn fill(
    conn: &impl ConnectionTrait,
    row: &mut activity::ActiveModel,
    draft: &ActivityDraft,
    now: i64,
) -> Result<(), Error> {
    let mut address = draft.address.clone();
    let mut location = draft.location.filter(|_| !draft.online);
    if let Some(id) = draft.venue.filter(|_| !draft.online) {
        let place = venue::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or_else(|| {
                AppError::Validation(vec![FieldError::new(
                    Field::Venue,
                    ErrorCode::UnknownChoice,
                )])
            })?;
        address = place.address;
        location = Some(GeoPoint {
            lat: place.lat,
            lng: place.lng,
        });
    }
    row.title = Set(draft.title.clone());
    row.description = Set(draft.description.clone());
    row.category = Set(draft.category.code().to_owned());
    row.online = Set(draft.online);
    row.address = Set(address);
    row.lat = Set(location.map(|p| p.lat));
    row.lng = Set(location.map(|p| p.lng));
    row.venue_id = Set(draft.venue.filter(|_| !draft.online));
    row.accessibility = Set(String::new());
    row.languages = Set(draft.languages.to_stored());
    row.skills = Set(draft.skills.join(","));
    row.min_age = Set(draft.min_age);
    row.auto_accept = Set(draft.auto_accept);
    row.registration = Set(draft.registration);
    row.updated_at = Set(now);
    Ok(())
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
) -> Result<i64, Error> {
    require(conn, association, user, MemberRole::manages).await?;
    crate::backend::limits::check_daily::<activity::Entity>(
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
    fill(conn, &mut row, &draft, now).await?;
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
pub(super) async fn managed(
    conn: &impl ConnectionTrait,
    user: i64,
    id: i64,
) -> Result<activity::Model, Error> {
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
) -> Result<(), Error> {
    let row = managed(conn, user, id).await?;
    let kind: ActivityKind = stored(&row.kind)?;
    let mut row: activity::ActiveModel = row.into();
    fill(
        conn,
        &mut row,
        &ActivityDraft {
            auto_accept: kind == ActivityKind::Mission && draft.auto_accept,
            registration: kind == ActivityKind::Mission || draft.registration,
            ..draft
        },
        now,
    )
    .await?;
    row.update(conn).await?;
    Ok(())
}
