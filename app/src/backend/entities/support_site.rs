//! The `support_sites` table: places that help people in precarity. Public, address and point
//! included (a site is an organisation's place, never a person's).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "support_sites")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub description: String,
    /// For a mobile site: where it is based or the area it covers.
    pub address: String,
    /// None for a mobile site (its stops have points).
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub phone: String,
    pub website: String,
    /// Language codes, comma-separated.
    pub languages: String,
    pub association_id: Option<i64>,
    pub venue_id: Option<i64>,
    /// JSON of `domain::support::WeeklyHours`.
    pub hours: String,
    /// When its information was last checked (created, edited, or confirmed by a manager).
    pub checked_at: i64,
    /// None when imported.
    pub created_by: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
