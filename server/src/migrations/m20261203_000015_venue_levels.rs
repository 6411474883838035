//! Issue 20, continued: each venue keeps its level for every need beside it (`access`, one
//! letter per need: `domain::accessibility::levels_code`), written with its answers, so that a
//! list of the places accessible to someone's needs is one query, however many places there
//! are. Places added before this are given their levels from their answers here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Venues {
    Table,
    Access,
    Name,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Venues::Table)
                .add_column(string(Venues::Access).default("UUUUU"))
                .to_owned(),
        )
        .await?;
        // The list's order (by name, then id), read from the index alone.
        m.create_index(
            Index::create()
                .name("idx_venues_name")
                .table(Venues::Table)
                .col(Venues::Name)
                .col(Venues::Id)
                .to_owned(),
        )
        .await?;
        app::backend::venues::refresh_all_levels(m.get_connection())
            .await
            .map_err(|e| DbErr::Custom(format!("{e:?}")))
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_venues_name").to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Venues::Table)
                .drop_column(Venues::Access)
                .to_owned(),
        )
        .await
    }
}
