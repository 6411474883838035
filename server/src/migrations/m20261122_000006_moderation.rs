//! Moderators: a role on each account (`member` or `moderator`; moderators are also the site's
//! administrators), and a note on a change of an exchange's state (a moderator's reason for
//! settling a dispute).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Role,
}

#[derive(DeriveIden)]
enum ExchangeEvents {
    Table,
    Note,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string(Users::Role).default("member"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ExchangeEvents::Table)
                .add_column(text_null(ExchangeEvents::Note))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ExchangeEvents::Table)
                .drop_column(ExchangeEvents::Note)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::Role)
                .to_owned(),
        )
        .await
    }
}
