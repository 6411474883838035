//! The `exchange_members` table: the two people of an exchange and how many of the other's
//! messages each has not read yet.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exchange_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub exchange_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub unread: i64,
    /// Since when the mail job saw something unread here (cleared on reading).
    pub unread_since: Option<i64>,
    /// When that was e-mailed (cleared on reading).
    pub unread_mailed_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
