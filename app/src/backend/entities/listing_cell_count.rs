//! The `listing_cell_counts` table: how many counted listings each cell holds, at resolutions
//! 8, 6 and 4 (`level`), for every filter the map offers: a listing counts in the rows of each
//! filter it passes (kind, nature and category each its own or [`ANY`]; `remote_only` for a
//! remote listing as well), so a view reads one row per cell whatever its filters. Written only
//! by the database's triggers on `listings` (see the migration `m20261203_000013_rollup_counts`).

use sea_orm::entity::prelude::*;

/// The value of `kind`, `nature` or `category` in the rows that count every value.
pub const ANY: &str = "*";

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "listing_cell_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub level: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub nature: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category: String,
    /// True in the rows that count remote listings only; false in those that count all.
    #[sea_orm(primary_key, auto_increment = false)]
    pub remote_only: bool,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cell: i64,
    /// The coarser cell the map groups these listings into (r8 → r6, r6 → r4, r4 → itself).
    #[sea_orm(primary_key, auto_increment = false)]
    pub parent: i64,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
