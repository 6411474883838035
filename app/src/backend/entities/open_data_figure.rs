//! The `open_data_figures` table: one published figure of the open data (`backend::insights`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "open_data_figures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `2026-Q3` or `2026`.
    pub period: String,
    /// The view's resolution (7 or 8); the area may be coarser.
    pub resolution: i32,
    pub measure: String,
    /// `""` for every category.
    pub category: String,
    /// The area: an H3 cell.
    pub cell: i64,
    pub value: i64,
    pub participants: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
