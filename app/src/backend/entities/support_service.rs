//! The `support_services` table: what a support site offers, one row per service.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "support_services")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_id: i64,
    /// A `ServiceCategory` code.
    pub category: String,
    /// `Condition` codes, comma-separated.
    pub conditions: String,
    /// `Public` codes, comma-separated; empty: everyone.
    pub publics: String,
    pub pets: bool,
    /// A `Price` code.
    pub price: String,
    /// A `Fullness` code.
    pub fullness: String,
    /// JSON of `WeeklyHours` when the service has its own; none: the site's.
    pub hours: Option<String>,
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
