//! The `support_notices` table: temporary information with a date range (a closure, other
//! hours, a message), for a whole site or one of its services.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "support_notices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub site_id: i64,
    pub service_id: Option<i64>,
    /// `closure`, `hours` or `message`.
    pub kind: String,
    /// Local dates, `YYYY-MM-DD`, both included; no end: until further notice.
    pub from_day: String,
    pub to_day: Option<String>,
    pub text: String,
    /// JSON of `WeeklyHours` for other hours.
    pub hours: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
