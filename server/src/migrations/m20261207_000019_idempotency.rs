//! Issue 22: an action sent again with the same key lands once (`idempotency_keys`). A phone
//! that queued a listing, a message or a sign-up while offline sends it when the connection
//! returns, and sends it again when the answer was lost on the way; the first run's answer is
//! kept under the person and the key, with what was asked, and a retry gets that answer back
//! instead of doing the action twice. Rows older than a week go (`jobs`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Id,
    UserId,
    Key,
    Action,
    Request,
    Answer,
    CreatedAt,
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
                .table(IdempotencyKeys::Table)
                .if_not_exists()
                .col(big_pk_auto(IdempotencyKeys::Id))
                .col(big_integer(IdempotencyKeys::UserId))
                .col(string(IdempotencyKeys::Key))
                .col(string(IdempotencyKeys::Action))
                .col(string(IdempotencyKeys::Request))
                .col(text(IdempotencyKeys::Answer))
                .col(big_integer(IdempotencyKeys::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_idempotency_keys_user")
                        .from(IdempotencyKeys::Table, IdempotencyKeys::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_idempotency_keys_user_key")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::UserId)
                .col(IdempotencyKeys::Key)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_idempotency_keys_created")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned())
            .await
    }
}
