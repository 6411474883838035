//! The `open_data_periods` table: the periods whose figures are computed (once each).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "open_data_periods")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub period: String,
    pub computed_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
