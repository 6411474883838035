//! The `exchanges` table: two people and a listing. `price` is set when the exchange is
//! accepted (the amount held in escrow).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exchanges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub listing_id: i64,
    pub author_id: i64,
    pub proposer_id: i64,
    pub giver_id: i64,
    pub receiver_id: i64,
    pub state: String,
    pub list_price: i64,
    pub price: Option<i64>,
    pub author_confirmed_at: Option<i64>,
    pub proposer_confirmed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
