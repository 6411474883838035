//! The `territory_cells` table: the H3 cells (resolution 8) whose centre lies in a territory.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "territory_cells")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub territory_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cell: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
