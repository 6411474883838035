//! The `notifications` table. `dedupe` makes each notification once-only per user.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub match_id: Option<i64>,
    pub alert_id: Option<i64>,
    /// The listing the notification points to.
    pub listing_id: i64,
    pub dedupe: String,
    pub read_at: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
