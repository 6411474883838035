//! Issue 23: leaving Entraide. `users.deleted_at`: when the person deleted their account
//! (`backend::account::delete`); the row stays, emptied of everything personal, so the ledger's
//! entries, the exchanges and the reviews that point at it still add up, shown as "former
//! member".

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(big_integer_null(Users::DeletedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::DeletedAt)
                .to_owned(),
        )
        .await
    }
}
