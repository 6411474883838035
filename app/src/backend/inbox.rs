//! The one writer of the `notifications` table: the matcher and saved alerts both notify
//! through it, each notification once per person and `dedupe` key.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait};

use super::Error;
use super::entities::notification;

/// Inserts a notification once (per user and `dedupe`); `true` when it is new.
pub async fn notify(
    db: &impl ConnectionTrait,
    row: notification::ActiveModel,
) -> Result<bool, Error> {
    let inserted = notification::Entity::insert_many([row])
        .on_conflict(
            OnConflict::columns([notification::Column::UserId, notification::Column::Dedupe])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}
