//! The `associations` table. The address and its point are public: an association's place is
//! meant to be found.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "associations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub description: String,
    pub address: String,
    pub lat: f64,
    pub lng: f64,
    pub website: String,
    pub contact: String,
    /// `Category` codes, comma-separated.
    pub categories: String,
    /// When a site administrator verified it; `None` while unverified.
    pub verified_at: Option<i64>,
    pub verified_by: Option<i64>,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// When its logo last changed, which versions the logo's address (see
    /// [`Model::current_logo`]): positive while it has a logo; minus the last version once the
    /// logo was removed, so that a later logo never reuses an address browsers may have kept;
    /// `None` if it never had one.
    pub logo_version: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The version of its current logo, if it has one.
    pub fn current_logo(&self) -> Option<i64> {
        self.logo_version.filter(|v| *v > 0)
    }
}
