//! Saved searches ("alerts"): kept with a private centre, found by their res-6 cell when a new
//! listing appears, and answered with a notification.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder,
};

use super::Error;
use super::entities::{alert, listing, notification};
use super::internal;
use crate::domain::AppError;
use crate::domain::geo::{DistanceBand, GeoPoint, cell_to_i64};
use crate::domain::matching::disk_at;
use crate::domain::notify::{AlertDraft, AlertView, MAX_ALERTS};
use crate::domain::vocab::Code;
use crate::domain::vocab::RADIUS_CHOICES_KM;

fn point(lat: f64, lng: f64) -> GeoPoint {
    GeoPoint { lat, lng }
}

/// Notifies the owners of the alerts that `row` fits (never its own author). Returns them.
pub async fn fire(
    db: &impl ConnectionTrait,
    row: &listing::Model,
    now: i64,
) -> Result<Vec<i64>, Error> {
    // The listing is someone else's: only its public point may decide (see `domain::geo`).
    let at = point(row.lat, row.lng).public();
    let widest = RADIUS_CHOICES_KM.iter().max().copied().unwrap_or(25) * 1_000;
    let cells = disk_at(at, widest, h3o::Resolution::Six);
    if cells.is_empty() {
        return Ok(Vec::new());
    }
    let alerts = alert::Entity::find()
        .filter(alert::Column::CellR6.is_in(cells))
        .filter(alert::Column::UserId.ne(row.author_id))
        .all(db)
        .await?;
    let mut pinged = Vec::new();
    for a in alerts {
        let fits = a.kind.as_deref().is_none_or(|k| k == row.kind)
            && a.category.as_deref().is_none_or(|c| c == row.category)
            && point(a.lat, a.lng).distance_m(at) <= a.radius_m as f64;
        if !fits {
            continue;
        }
        let fresh = super::inbox::notify(
            db,
            notification::ActiveModel {
                user_id: Set(a.user_id),
                match_id: Set(None),
                alert_id: Set(Some(a.id)),
                listing_id: Set(row.id),
                dedupe: Set(format!("a:{}:{}", a.id, row.id)),
                read_at: Set(None),
                created_at: Set(now),
                ..Default::default()
            },
        )
        .await?;
        if fresh {
            pinged.push(a.user_id);
        }
    }
    Ok(pinged)
}

fn to_view(a: alert::Model) -> AlertView {
    AlertView {
        id: a.id,
        kind: a.kind.as_deref().and_then(Code::from_code),
        category: a.category.as_deref().and_then(Code::from_code),
        area: point(a.lat, a.lng).public(),
        radius_km: a.radius_m / 1_000,
        created_at: a.created_at,
    }
}

/// Saves an alert for `user_id` (at most [`MAX_ALERTS`]). Run it in a write transaction: the
/// person's row is locked while their alerts are counted, so saves at once never pass the cap.
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: i64,
    draft: &AlertDraft,
    now: i64,
) -> Result<AlertView, Error> {
    super::limits::lock_person(db, user_id).await?;
    let count = alert::Entity::find()
        .filter(alert::Column::UserId.eq(user_id))
        .count(db)
        .await?;
    if count >= MAX_ALERTS {
        return Err(AppError::Conflict.into());
    }
    let cell = draft
        .center
        .cell(h3o::Resolution::Six)
        .map(cell_to_i64)
        .ok_or_else(|| internal("alert centre has no cell"))?;
    let row = alert::ActiveModel {
        user_id: Set(user_id),
        kind: Set(draft.kind.map(|k| k.code().to_owned())),
        category: Set(draft.category.map(|c| c.code().to_owned())),
        lat: Set(draft.center.lat),
        lng: Set(draft.center.lng),
        cell_r6: Set(cell),
        radius_m: Set(draft.radius_m),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(to_view(row))
}

/// The user's alerts, newest first.
pub async fn list(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<AlertView>, Error> {
    Ok(alert::Entity::find()
        .filter(alert::Column::UserId.eq(user_id))
        .order_by(alert::Column::Id, Order::Desc)
        .all(db)
        .await?
        .into_iter()
        .map(to_view)
        .collect())
}

/// Deletes one of the user's alerts; someone else's is "not found".
pub async fn delete(db: &impl ConnectionTrait, user_id: i64, id: i64) -> Result<(), Error> {
    let gone = alert::Entity::delete_many()
        .filter(alert::Column::Id.eq(id))
        .filter(alert::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound.into());
    }
    Ok(())
}

/// The band between an alert's centre and a listing's public point, for the notification's
/// "why".
pub fn band(a: &alert::Model, l: &listing::Model) -> DistanceBand {
    DistanceBand::between(point(a.lat, a.lng), point(l.lat, l.lng).public())
}
