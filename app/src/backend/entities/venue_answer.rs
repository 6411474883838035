//! The `venue_answers` table: every answer ever given about a venue's accessibility. Rows are
//! only added: the latest row per venue and question that no moderator reverted is the current
//! answer.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "venue_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub venue_id: i64,
    /// A `Question` code.
    pub question: String,
    /// `yes`, `no`, `unknown` or a number (`domain::venue::answer_code`).
    pub answer: String,
    pub user_id: i64,
    pub created_at: i64,
    /// The moderator who reverted it, and when: a reverted answer stays in the history but no
    /// longer counts.
    pub reverted_by: Option<i64>,
    pub reverted_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
