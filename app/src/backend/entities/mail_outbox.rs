//! The `mail_outbox` table: each e-mail until it is sent (`backend::mail`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub created_at: i64,
    pub attempts: i32,
    pub next_attempt_at: i64,
    /// A runner claimed it until then.
    pub locked_until: Option<i64>,
    pub sent_at: Option<i64>,
    pub last_error: Option<String>,
    /// The one-click unsubscribe link (`List-Unsubscribe`), for e-mails one can switch off.
    pub list_unsubscribe: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
