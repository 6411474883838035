//! The `draw_entries` table: who took part in a finished draw, their ticket and place.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "draw_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub exchange_id: i64,
    pub listing_id: i64,
    pub ticket: String,
    pub rank: i64,
    pub won: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::exchange::Entity",
        from = "Column::ExchangeId",
        to = "super::exchange::Column::Id"
    )]
    Exchange,
}

impl Related<super::exchange::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Exchange.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
