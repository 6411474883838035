//! Issue 23: the e-mails written by jobs (`backend::mail_jobs`), each claimed once by a
//! conditional `UPDATE` of its marker, so two runners (or two servers) write it once:
//!
//! - `activity_notices.mailed_at`: when "a place freed up for you" was e-mailed (existing
//!   notices count as told);
//! - `signups.reminded_at`: when the reminder of the day before was e-mailed;
//! - `exchange_members.unread_since`: since when the job saw something unread there;
//!   `unread_mailed_at`: when that was e-mailed (both cleared when the person reads it);
//! - `users.digest_sent_at`: when the last daily digest of matches and alerts was e-mailed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityNotices {
    Table,
    MailedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Signups {
    Table,
    RemindedAt,
}

#[derive(DeriveIden)]
enum ExchangeMembers {
    Table,
    UnreadSince,
    UnreadMailedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    DigestSentAt,
}

async fn add(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(table)
            .add_column(big_integer_null(column))
            .to_owned(),
    )
    .await
}

async fn drop(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    m.alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(m, ActivityNotices::Table, ActivityNotices::MailedAt).await?;
        m.exec_stmt(
            Query::update()
                .table(ActivityNotices::Table)
                .value(
                    ActivityNotices::MailedAt,
                    Expr::col(ActivityNotices::CreatedAt),
                )
                .to_owned(),
        )
        .await?;
        add(m, Signups::Table, Signups::RemindedAt).await?;
        add(m, ExchangeMembers::Table, ExchangeMembers::UnreadSince).await?;
        add(m, ExchangeMembers::Table, ExchangeMembers::UnreadMailedAt).await?;
        add(m, Users::Table, Users::DigestSentAt).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop(m, Users::Table, Users::DigestSentAt).await?;
        drop(m, ExchangeMembers::Table, ExchangeMembers::UnreadMailedAt).await?;
        drop(m, ExchangeMembers::Table, ExchangeMembers::UnreadSince).await?;
        drop(m, Signups::Table, Signups::RemindedAt).await?;
        drop(m, ActivityNotices::Table, ActivityNotices::MailedAt).await
    }
}
