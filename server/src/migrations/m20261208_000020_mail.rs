//! Issue 23: e-mail, and a forgotten password.
//!
//! - `mail_outbox`: each e-mail, written in the same transaction as what caused it and sent by a
//!   job (`jobs::spawn_mail`): a row is claimed for a minute (`locked_until`) by one runner at a
//!   time, marked `sent_at` once the SMTP server took it, and tried again later with a growing
//!   delay when it did not (`attempts`, `next_attempt_at`, `last_error`).
//! - `password_resets`: a single-use link, its token stored hashed (SHA-256), valid an hour.
//! - `sessions.user_id`: whose session it is, so that a new password can end every session of
//!   the account.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    ToAddress,
    Subject,
    BodyText,
    BodyHtml,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    UserId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MailOutbox::Table)
                .if_not_exists()
                .col(big_pk_auto(MailOutbox::Id))
                .col(string(MailOutbox::ToAddress))
                .col(string(MailOutbox::Subject))
                .col(text(MailOutbox::BodyText))
                .col(text(MailOutbox::BodyHtml))
                .col(big_integer(MailOutbox::CreatedAt))
                .col(integer(MailOutbox::Attempts).default(0))
                .col(big_integer(MailOutbox::NextAttemptAt))
                .col(big_integer_null(MailOutbox::LockedUntil))
                .col(big_integer_null(MailOutbox::SentAt))
                .col(text_null(MailOutbox::LastError))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_mail_outbox_due")
                .table(MailOutbox::Table)
                .col(MailOutbox::SentAt)
                .col(MailOutbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PasswordResets::Table)
                .if_not_exists()
                .col(big_pk_auto(PasswordResets::Id))
                .col(big_integer(PasswordResets::UserId))
                .col(string(PasswordResets::TokenHash))
                .col(big_integer(PasswordResets::CreatedAt))
                .col(big_integer(PasswordResets::ExpiresAt))
                .col(big_integer_null(PasswordResets::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_password_resets_user")
                        .from(PasswordResets::Table, PasswordResets::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_password_resets_token")
                .table(PasswordResets::Table)
                .col(PasswordResets::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_password_resets_user")
                .table(PasswordResets::Table)
                .col(PasswordResets::UserId)
                .col(PasswordResets::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Sessions::Table)
                .add_column(big_integer_null(Sessions::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sessions_user")
                .table(Sessions::Table)
                .col(Sessions::UserId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_sessions_user").to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Sessions::Table)
                .drop_column(Sessions::UserId)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(PasswordResets::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(MailOutbox::Table).to_owned())
            .await
    }
}
