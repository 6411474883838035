//! The `activity_slots` table: one time of an activity (an event has one), with its capacity.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_slots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub activity_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    /// `None`: no limit.
    pub capacity: Option<i64>,
    /// When the association recorded who came (missions).
    pub completed_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::activity::Entity",
        from = "Column::ActivityId",
        to = "super::activity::Column::Id"
    )]
    Activity,
}

impl Related<super::activity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Activity.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
