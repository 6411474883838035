//! The `signups` table: one person on one slot. `seq` orders the waiting list (larger is later).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "signups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slot_id: i64,
    pub activity_id: i64,
    pub user_id: i64,
    /// A `SignupStatus` code.
    pub status: String,
    pub seq: i64,
    /// Volunteer minutes recorded when the slot was completed.
    pub minutes: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// When the reminder of the day before was e-mailed (`backend::mail_jobs`).
    pub reminded_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
