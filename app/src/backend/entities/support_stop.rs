//! The `support_stops` table: where and when a mobile site (a food van, a street team) stops
//! each week.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "support_stops")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_id: i64,
    pub place: String,
    pub lat: f64,
    pub lng: f64,
    /// Monday 0.
    pub weekday: i16,
    /// Minutes since midnight, local time.
    pub start_min: i16,
    pub end_min: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
