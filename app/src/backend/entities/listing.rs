//! The `listings` table. `lat`/`lng` are exact and private; the cells serve spatial queries.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "listings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub author_id: i64,
    pub kind: String,
    pub nature: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub remote: bool,
    pub price: i64,
    pub lat: f64,
    pub lng: f64,
    pub cell_r8: i64,
    pub cell_r6: i64,
    pub cell_r4: i64,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: i64,
    pub match_radius_m: i64,
    /// When the matcher last ran for this listing; `None` until it has.
    pub matched_at: Option<i64>,
    /// The association the listing is posted for, if any (its author is one of its managers).
    pub association_id: Option<i64>,
    /// Whether the listing is in the map's counts (`listing_cell_counts`, kept by triggers):
    /// true from every write that sets its expiry until the sweep passes that expiry.
    pub counted: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::AuthorId",
        to = "super::user::Column::Id"
    )]
    Author,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
