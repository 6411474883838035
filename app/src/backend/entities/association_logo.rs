//! The `association_logos` table: one image per association, already checked to be a PNG, JPEG
//! or WebP image of bounded size.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "association_logos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub association_id: i64,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
