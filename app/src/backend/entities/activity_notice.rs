//! The `activity_notices` table: what a person is told about an activity (promoted from the
//! waiting list, accepted, declined, an announcement from the association, added to it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_notices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub association_id: i64,
    pub activity_id: Option<i64>,
    pub slot_id: Option<i64>,
    /// A `NoticeKind` code.
    pub kind: String,
    pub body: Option<String>,
    pub read_at: Option<i64>,
    pub created_at: i64,
    /// When it was e-mailed (`backend::mail_jobs`), for the kinds that are.
    pub mailed_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
