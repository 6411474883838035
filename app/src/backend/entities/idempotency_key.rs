//! The `idempotency_keys` table: the answer of an action a person's phone may send more than
//! once (`backend::idempotency`), under the key the phone chose, with what was asked.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub key: String,
    /// The server function's name.
    pub action: String,
    /// A digest of the arguments (SHA-256, hex): the same key with other arguments is refused.
    pub request: String,
    /// The first run's answer, as JSON.
    pub answer: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
