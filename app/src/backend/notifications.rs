//! What a user reads about matches: a listing's matches, the notifications, and the actions on
//! them (mark read, dismiss, open). Every query is scoped to the signed-in user's rows.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::entities::{alert, listing, match_row, notification, user};
use super::listings::summary;
use super::{Done, Error};
use super::{alerts, internal, stored};
use crate::domain::AppError;
use crate::domain::listing::ListingStatus;
use crate::domain::matching::Factor;
use crate::domain::notify::{
    MatchState, MatchView, NotificationTopic, NotificationView, NotifyPreference,
};
use crate::domain::vocab::Code;

/// How many notifications the page shows.
pub const PAGE: u64 = 50;

fn factors(json: &str) -> Result<Vec<Factor>, Error> {
    Ok(serde_json::from_str(json).map_err(internal)?)
}

fn live(row: &listing::Model, now: i64) -> bool {
    row.status == ListingStatus::Open.code() && row.expires_at > now
}

/// The live matches of one of `user_id`'s listings, best first. Reading them marks new ones seen.
pub async fn matches_of(
    db: &impl ConnectionTrait,
    user_id: i64,
    listing_id: i64,
    now: i64,
) -> Result<Vec<MatchView>, Error> {
    let mine = listing::Entity::find_by_id(listing_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if mine.author_id != user_id {
        return Err(AppError::Forbidden.into());
    }
    let rows = match_row::Entity::find()
        .find_also_related(listing::Entity)
        .filter(match_row::Column::ListingId.eq(listing_id))
        .filter(match_row::Column::State.ne(MatchState::Dismissed.code()))
        .order_by(match_row::Column::Points, Order::Desc)
        .order_by(match_row::Column::Id, Order::Asc)
        .all(db)
        .await?;
    let authors: Vec<i64> = rows
        .iter()
        .filter_map(|(_, l)| l.as_ref().map(|l| l.author_id))
        .collect();
    let names: HashMap<i64, String> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::DisplayName])
        .filter(user::Column::Id.is_in(authors))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut out = Vec::new();
    for (m, other) in rows {
        let Some(other) = other.filter(|o| live(o, now)) else {
            continue;
        };
        out.push(MatchView {
            id: m.id,
            state: stored(&m.state)?,
            points: m.points.max(0) as u32,
            factors: factors(&m.factors)?,
            other_author: names.get(&other.author_id).cloned().unwrap_or_default(),
            other: summary(&other)?,
            created_at: m.created_at,
        });
    }
    match_row::Entity::update_many()
        .col_expr(
            match_row::Column::State,
            Expr::value(MatchState::Seen.code()),
        )
        .filter(match_row::Column::ListingId.eq(listing_id))
        .filter(match_row::Column::State.eq(MatchState::New.code()))
        .exec(db)
        .await?;
    Ok(out)
}

async fn own_match(
    db: &impl ConnectionTrait,
    user_id: i64,
    match_id: i64,
) -> Result<match_row::Model, Error> {
    // Someone else's match is "not found": ids reveal nothing.
    match_row::Entity::find_by_id(match_id)
        .filter(match_row::Column::OwnerId.eq(user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound.into())
}

/// "Not relevant": the pair is dismissed on both sides and its notifications are removed, so it
/// is never proposed again, even when either listing is edited. Returns the users to update.
pub async fn dismiss(
    db: &impl ConnectionTrait,
    user_id: i64,
    match_id: i64,
    now: i64,
) -> Result<Done<()>, Error> {
    let m = own_match(db, user_id, match_id).await?;
    let pair = Condition::any()
        .add(
            Condition::all()
                .add(match_row::Column::ListingId.eq(m.listing_id))
                .add(match_row::Column::CounterpartId.eq(m.counterpart_id)),
        )
        .add(
            Condition::all()
                .add(match_row::Column::ListingId.eq(m.counterpart_id))
                .add(match_row::Column::CounterpartId.eq(m.listing_id)),
        );
    let rows = match_row::Entity::find()
        .filter(pair.clone())
        .all(db)
        .await?;
    match_row::Entity::update_many()
        .col_expr(
            match_row::Column::State,
            Expr::value(MatchState::Dismissed.code()),
        )
        .col_expr(match_row::Column::UpdatedAt, Expr::value(now))
        .filter(pair)
        .exec(db)
        .await?;
    notification::Entity::delete_many()
        .filter(notification::Column::MatchId.is_in(rows.iter().map(|r| r.id)))
        .exec(db)
        .await?;
    Ok(Done::new(()).ping(rows.into_iter().map(|r| r.owner_id)))
}

/// Opening the other listing from a match: the match is acted on and its notification read.
/// Returns the other listing's id.
pub async fn open_match(
    db: &impl ConnectionTrait,
    user_id: i64,
    match_id: i64,
    now: i64,
) -> Result<Done<i64>, Error> {
    let m = own_match(db, user_id, match_id).await?;
    if m.state != MatchState::Dismissed.code() {
        match_row::Entity::update_many()
            .col_expr(
                match_row::Column::State,
                Expr::value(MatchState::Acted.code()),
            )
            .filter(match_row::Column::Id.eq(m.id))
            .exec(db)
            .await?;
    }
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::MatchId.eq(m.id))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(Done::new(m.counterpart_id).ping([user_id]))
}

/// How many notifications (and notices about activities) the user has not read.
pub async fn unread_count(db: &impl ConnectionTrait, user_id: i64) -> Result<u64, Error> {
    let notifications = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?;
    let notices = super::activities::unread_notices(db, user_id)
        .await
        .map_err(crate::domain::AppError::from)?;
    Ok(notifications + notices)
}

/// Marks one of the user's notifications (or all, notices about activities included, with
/// `None`) as read.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: i64,
    id: Option<i64>,
    now: i64,
) -> Result<Done<()>, Error> {
    let mut update = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(now))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(id) = id {
        let exists = notification::Entity::find_by_id(id)
            .filter(notification::Column::UserId.eq(user_id))
            .count(db)
            .await?;
        if exists == 0 {
            return Err(AppError::NotFound.into());
        }
        update = update.filter(notification::Column::Id.eq(id));
    } else {
        super::activities::read_notices(db, user_id, now)
            .await
            .map_err(crate::domain::AppError::from)?;
    }
    update.exec(db).await?;
    Ok(Done::new(()).ping([user_id]))
}

/// The user's latest notifications, newest first.
pub async fn list(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<NotificationView>, Error> {
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by(notification::Column::Id, Order::Desc)
        .limit(PAGE)
        .all(db)
        .await?;
    let matches: HashMap<i64, match_row::Model> = match_row::Entity::find()
        .filter(match_row::Column::Id.is_in(rows.iter().filter_map(|n| n.match_id)))
        .filter(match_row::Column::OwnerId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let alerts: HashMap<i64, alert::Model> = alert::Entity::find()
        .filter(alert::Column::Id.is_in(rows.iter().filter_map(|n| n.alert_id)))
        .filter(alert::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let listing_ids = rows
        .iter()
        .map(|n| n.listing_id)
        .chain(matches.values().map(|m| m.listing_id));
    let listings: HashMap<i64, listing::Model> = listing::Entity::find()
        .filter(listing::Column::Id.is_in(listing_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l))
        .collect();

    let mut out = Vec::new();
    for n in rows {
        let Some(target) = listings.get(&n.listing_id) else {
            continue;
        };
        let topic = match (n.match_id, n.alert_id) {
            (Some(mid), _) => {
                let Some(m) = matches.get(&mid) else { continue };
                let Some(mine) = listings.get(&m.listing_id) else {
                    continue;
                };
                NotificationTopic::Match {
                    match_id: m.id,
                    mine_id: mine.id,
                    mine_title: mine.title.clone(),
                    points: m.points.max(0) as u32,
                    factors: factors(&m.factors)?,
                }
            }
            (None, Some(aid)) => {
                let Some(a) = alerts.get(&aid) else { continue };
                NotificationTopic::Alert {
                    alert_id: a.id,
                    distance: alerts::band(a, target),
                }
            }
            (None, None) => continue,
        };
        out.push(NotificationView {
            id: n.id,
            created_at: n.created_at,
            read: n.read_at.is_some(),
            topic,
            listing: summary(target)?,
        });
    }
    Ok(out)
}

/// Saves the user's notification preference.
pub async fn set_preference(
    db: &impl ConnectionTrait,
    user_id: i64,
    pref: NotifyPreference,
) -> Result<(), Error> {
    user::Entity::update_many()
        .col_expr(user::Column::Notify, Expr::value(pref.code()))
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
