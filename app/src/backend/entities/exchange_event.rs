//! The `exchange_events` table: every change of an exchange's state, by whom and when.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exchange_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub exchange_id: i64,
    /// `None` when the system made the change (completion after the timeout).
    pub actor_id: Option<i64>,
    pub state: String,
    pub created_at: i64,
    /// Why a moderator settled a dispute this way; `None` otherwise.
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
