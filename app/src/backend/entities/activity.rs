//! The `activities` table: an association's event or volunteer mission. Its place is public.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub association_id: i64,
    /// An `ActivityKind` code.
    pub kind: String,
    pub title: String,
    pub description: String,
    /// A `Category` code.
    pub category: String,
    pub online: bool,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    /// What the manager once ticked (kinds of disability welcomed, comma-separated), before
    /// activities were held at venues; migration 16 turned it into answers about a venue.
    /// Written empty.
    pub accessibility: String,
    /// The venue it is held at: its address and point are copied from it; its accessibility is
    /// the venue's answers.
    pub venue_id: Option<i64>,
    /// Language codes, comma-separated.
    pub languages: String,
    /// Skills wanted (missions), comma-separated, lower case.
    pub skills: String,
    pub min_age: Option<i64>,
    /// Missions: applicants are accepted without waiting for the association.
    pub auto_accept: bool,
    /// Events: whether people register (when not, anyone just comes).
    pub registration: bool,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
