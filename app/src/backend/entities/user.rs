//! The `users` table. `home_lat`/`home_lng` are private; `home_cell` is the public area.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub bio: String,
    pub languages: String,
    pub home_lat: Option<f64>,
    pub home_lng: Option<f64>,
    pub home_cell: Option<i64>,
    pub created_at: i64,
    /// A `NotifyPreference` code.
    pub notify: String,
    /// A `Role` code: `member` or `moderator`.
    pub role: String,
    /// Skills, comma-separated and lower case (see `domain::activity::parse_skills`).
    pub skills: String,
    /// The person's own accessibility needs (`Need` codes, `.`-separated): private, never shown
    /// to anyone and never used to match people (`backend::needs`).
    pub access_needs: String,
    /// When the address was proven by its link; `None` until then (`backend::verification`).
    pub email_verified_at: Option<i64>,
    /// The language of the pages the person uses, in which their e-mail is written.
    pub locale: String,
    /// The kinds of e-mail switched off (`MailKind` codes, comma-separated).
    pub mail_off: String,
    /// The key of the person's unsubscribe links (`backend::mail_notices`).
    pub mail_key: Option<String>,
    /// When the person deleted their account (`backend::account::delete`): the row is then
    /// emptied of everything personal and shown as "former member".
    pub deleted_at: Option<i64>,
    /// When the last daily digest of matches and alerts was e-mailed (`backend::mail_jobs`).
    pub digest_sent_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
