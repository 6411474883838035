//! The `ledger_transfers` table (append-only): one row per movement, unique by idempotency key.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_transfers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub idem_key: String,
    pub fingerprint: String,
    pub reason: String,
    pub from_account: i64,
    pub to_account: i64,
    pub amount: i64,
    pub cause_type: Option<String>,
    pub cause_id: Option<i64>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
