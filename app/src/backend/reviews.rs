//! Reviews after a completed exchange: one per person and exchange, about the other person.
//! The private reason is stored for moderators and ranking, and never read back for anyone.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::Error;
use super::entities::{review, user};
use super::exchanges::membership;
use super::stored;
use crate::domain::AppError;
use crate::domain::exchange::{ExchangeState, Review, ReviewView};
use crate::domain::vocab::Code;

/// How many different people reported each of `users` (a review with a private reason) in the
/// last [`REPORT_WINDOW_DAYS`] days: the matcher's ranking signal, never shown.
///
/// [`REPORT_WINDOW_DAYS`]: crate::domain::matching::REPORT_WINDOW_DAYS
pub async fn reporters(
    conn: &impl ConnectionTrait,
    users: impl IntoIterator<Item = i64>,
    now: i64,
) -> Result<HashMap<i64, u32>, Error> {
    use crate::domain::matching::REPORT_WINDOW_DAYS;
    use crate::domain::vocab::DAY;
    let rows: Vec<(i64, i64)> = review::Entity::find()
        .select_only()
        .column(review::Column::SubjectId)
        .column_as(Expr::col(review::Column::AuthorId).count_distinct(), "n")
        .filter(review::Column::SubjectId.is_in(users))
        .filter(review::Column::PrivateReason.is_not_null())
        .filter(review::Column::CreatedAt.gte(now - REPORT_WINDOW_DAYS * DAY))
        .group_by(review::Column::SubjectId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(user, n)| (user, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}

/// Leaves my review of the other person of a completed exchange (once).
pub async fn leave(
    conn: &impl ConnectionTrait,
    user: i64,
    exchange_id: i64,
    review: Review,
    now: i64,
) -> Result<i64, Error> {
    let (row, _) = membership(conn, user, exchange_id).await?;
    if stored::<ExchangeState>(&row.state)? != ExchangeState::Completed {
        return Err(AppError::Conflict.into());
    }
    let subject = super::exchanges::other_of(&row, user);
    review::ActiveModel {
        exchange_id: Set(exchange_id),
        author_id: Set(user),
        subject_id: Set(subject),
        rating: Set(i32::from(review.rating)),
        comment: Set(review.comment),
        private_reason: Set(review.private_reason.map(|r| r.code().to_owned())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict.into(),
        _ => Error::Db(e),
    })?;
    Ok(subject)
}

/// The published reviews of a person, newest first (50 at most), without private reasons.
pub async fn of(conn: &impl ConnectionTrait, subject: i64) -> Result<Vec<ReviewView>, Error> {
    let rows: Vec<(review::Model, Option<user::Model>)> = review::Entity::find()
        .filter(review::Column::SubjectId.eq(subject))
        .order_by_desc(review::Column::Id)
        .limit(50)
        .find_also_related(user::Entity)
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(r, author)| ReviewView {
            author_id: r.author_id,
            author_name: author.map(|a| a.display_name).unwrap_or_default(),
            rating: r.rating.clamp(1, 5) as u8,
            comment: r.comment,
            at: r.created_at,
        })
        .collect())
}
