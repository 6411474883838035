//! The `matches` table: one row per listing and counterpart, so each side has its own state,
//! score and reasons (JSON of `Vec<Factor>`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "matches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub listing_id: i64,
    pub counterpart_id: i64,
    /// The author of `listing_id`, to whom this row is shown.
    pub owner_id: i64,
    pub points: i32,
    pub factors: String,
    pub state: String,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::listing::Entity",
        from = "Column::CounterpartId",
        to = "super::listing::Column::Id"
    )]
    Counterpart,
}

impl Related<super::listing::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Counterpart.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
