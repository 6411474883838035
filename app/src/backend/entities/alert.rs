//! The `alerts` table: saved searches. The centre is private; `cell_r6` finds them.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "alerts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub lat: f64,
    pub lng: f64,
    pub cell_r6: i64,
    pub radius_m: i64,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
