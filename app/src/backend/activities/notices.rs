//! What a person is told about activities and associations (promoted from the waiting list,
//! answered, announcements, invitations), and whether they read it.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::backend::Error;
use crate::backend::entities::{activity, activity_notice, activity_slot};
use crate::backend::stored;
use crate::domain::AppError;
use crate::domain::activity::NoticeView;

/// The user's latest notices about activities and associations, newest first.
pub async fn notices(conn: &impl ConnectionTrait, user: i64) -> Result<Vec<NoticeView>, Error> {
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
    let owners =
        crate::backend::associations::names_of(conn, rows.iter().map(|r| r.association_id)).await?;
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
        .map_err(Error::from)
}

/// How many notices the user has not read.
pub async fn unread_notices(conn: &impl ConnectionTrait, user: i64) -> Result<u64, Error> {
    use sea_orm::PaginatorTrait;
    Ok(activity_notice::Entity::find()
        .filter(activity_notice::Column::UserId.eq(user))
        .filter(activity_notice::Column::ReadAt.is_null())
        .count(conn)
        .await?)
}

/// Marks all the user's notices read.
pub async fn read_notices(conn: &impl ConnectionTrait, user: i64, now: i64) -> Result<(), Error> {
    activity_notice::Entity::update_many()
        .col_expr(activity_notice::Column::ReadAt, Expr::value(Some(now)))
        .filter(activity_notice::Column::UserId.eq(user))
        .filter(activity_notice::Column::ReadAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
