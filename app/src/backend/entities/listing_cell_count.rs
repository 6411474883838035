//! The `listing_cell_counts` table: how many counted listings each cell holds, per kind,
//! nature, category and remote flag, at resolutions 8, 6 and 4 (`level`). Written only by the
//! database's triggers on `listings` (see the migration `m20261202_000012_cell_counts`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "listing_cell_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub level: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cell: i64,
    /// The coarser cell the map groups these listings into (r8 → r6, r6 → r4, r4 → itself).
    #[sea_orm(primary_key, auto_increment = false)]
    pub parent: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub nature: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub remote: bool,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
