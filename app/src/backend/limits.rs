//! Daily limits on what one person may create (listings, associations, events and missions),
//! so that no one account can flood the map or the lists.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};

use super::Error;
use crate::domain::AppError;
use crate::domain::vocab::DAY;

/// Refuses one more row of `E` by `person` when they created `per_day` of them in the last 24
/// hours (by `created_by` and `created_at`). The person's row is locked first, so requests at
/// once are counted one after the other; run it in the transaction that then creates the row.
pub async fn check_daily<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    person: i64,
    created_by: E::Column,
    created_at: E::Column,
    per_day: u64,
    now: i64,
) -> Result<(), Error>
where
    E::Model: Sync,
{
    lock_person(conn, person).await?;
    let today = E::find()
        .filter(created_by.eq(person))
        .filter(created_at.gt(now - DAY))
        .count(conn)
        .await?;
    if today >= per_day {
        return Err(AppError::DailyLimit {
            per_day: u32::try_from(per_day).unwrap_or(u32::MAX),
        }
        .into());
    }
    Ok(())
}

/// Locks a person's row until the transaction ends (`SELECT … FOR UPDATE` on PostgreSQL; on
/// SQLite the write transaction already holds the database's lock), so that two requests of
/// theirs count their quota one after the other, even under READ COMMITTED.
pub async fn lock_person(conn: &impl ConnectionTrait, user: i64) -> Result<(), Error> {
    Ok(super::entities::user::Entity::find_by_id(user)
        .select_only()
        .column(super::entities::user::Column::Id)
        .lock_exclusive()
        .into_tuple::<i64>()
        .one(conn)
        .await
        .map(|_| ())?)
}
