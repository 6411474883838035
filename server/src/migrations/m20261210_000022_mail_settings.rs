//! Issue 23: e-mails that bring people back, and how to stop them.
//!
//! - `users.mail_off`: the kinds of e-mail the person switched off (`MailKind` codes,
//!   comma-separated; empty: every kind is sent).
//! - `users.mail_key`: a random key (64 hexadecimal characters) in the one-click unsubscribe
//!   links of the person's e-mails, made the first time one is written; it opens nothing else.
//! - `mail_outbox.list_unsubscribe`: the message's unsubscribe link, sent as the
//!   `List-Unsubscribe` header (with `List-Unsubscribe-Post`, RFC 8058).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    MailOff,
    MailKey,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    ListUnsubscribe,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string(Users::MailOff).default(""))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string_null(Users::MailKey))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_users_mail_key")
                .table(Users::Table)
                .col(Users::MailKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(MailOutbox::Table)
                .add_column(string_null(MailOutbox::ListUnsubscribe))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(MailOutbox::Table)
                .drop_column(MailOutbox::ListUnsubscribe)
                .to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name("idx_users_mail_key").to_owned())
            .await?;
        for column in [Users::MailKey, Users::MailOff] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
