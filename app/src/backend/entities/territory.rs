//! The `territories` table: a territory loaded by the operator for the open data (issue 24).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "territories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The operator's code (an INSEE code, say), unique.
    #[sea_orm(unique)]
    pub code: String,
    pub name: String,
    /// Inhabitants, when the file gives them.
    pub population: Option<i64>,
    /// The outline: a GeoJSON `Polygon` or `MultiPolygon` geometry.
    #[sea_orm(column_type = "Text")]
    pub outline: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
