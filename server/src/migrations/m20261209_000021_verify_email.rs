//! Issue 23: a verified e-mail address.
//!
//! - `users.email_verified_at`: when the address was proven (its link used); `NULL` until then.
//!   Accounts opened before verification existed count as verified from their sign-up: they
//!   already received their welcome grant, and nobody could ask them for a link.
//! - `users.locale`: the language of the pages the person uses (set at sign-up), in which their
//!   e-mail is written.
//! - `email_verifications`: a link proving an address, its token stored hashed (SHA-256), with
//!   the address it proves (so a link for an old address never verifies a new one).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EmailVerifications {
    Table,
    Id,
    UserId,
    Email,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    EmailVerifiedAt,
    Locale,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(big_integer_null(Users::EmailVerifiedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string(Users::Locale).default("fr"))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("UPDATE users SET email_verified_at = created_at")
            .await?;
        m.create_table(
            Table::create()
                .table(EmailVerifications::Table)
                .if_not_exists()
                .col(big_pk_auto(EmailVerifications::Id))
                .col(big_integer(EmailVerifications::UserId))
                .col(string(EmailVerifications::Email))
                .col(string(EmailVerifications::TokenHash))
                .col(big_integer(EmailVerifications::CreatedAt))
                .col(big_integer(EmailVerifications::ExpiresAt))
                .col(big_integer_null(EmailVerifications::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_email_verifications_user")
                        .from(EmailVerifications::Table, EmailVerifications::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_email_verifications_token")
                .table(EmailVerifications::Table)
                .col(EmailVerifications::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_email_verifications_user")
                .table(EmailVerifications::Table)
                .col(EmailVerifications::UserId)
                .col(EmailVerifications::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(EmailVerifications::Table).to_owned())
            .await?;
        for column in [Users::Locale, Users::EmailVerifiedAt] {
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
