//! The `venues` table: public places. The address and point are public.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "venues")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// A `VenueKind` code.
    pub kind: String,
    pub address: String,
    pub lat: f64,
    pub lng: f64,
    pub website: String,
    /// Opening hours, free text.
    pub hours: String,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The level for every need, one letter each (`domain::accessibility::levels_code`),
    /// written with the answers.
    pub access: String,
    /// The association whose premises it is, if one of its managers said so.
    pub association_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
