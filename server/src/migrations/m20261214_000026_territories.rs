//! Issue 24: territories loaded by the operator (`server import-territories FILE.geojson`) for
//! the open data, read by `backend::insights`.
//!
//! - `territories`: a commune, a district or a neighbourhood: its code (unique, the operator's,
//!   such as an INSEE code), its name, its population if known, and its outline as GeoJSON.
//!   Public administrative data, nothing about people.
//! - `territory_cells`: the H3 cells (resolution 8) whose centre lies in a territory. Two
//!   territories may share cells (a city and its districts).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Territories {
    Table,
    Id,
    Code,
    Name,
    Population,
    Outline,
}

#[derive(DeriveIden)]
enum TerritoryCells {
    Table,
    TerritoryId,
    Cell,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Territories::Table)
                .col(big_integer(Territories::Id).auto_increment().primary_key())
                .col(string(Territories::Code).unique_key())
                .col(string(Territories::Name))
                .col(big_integer_null(Territories::Population))
                .col(text(Territories::Outline))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TerritoryCells::Table)
                .col(big_integer(TerritoryCells::TerritoryId))
                .col(big_integer(TerritoryCells::Cell))
                .primary_key(
                    Index::create()
                        .col(TerritoryCells::TerritoryId)
                        .col(TerritoryCells::Cell),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TerritoryCells::Table, TerritoryCells::TerritoryId)
                        .to(Territories::Table, Territories::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("territory_cells_cell")
                .table(TerritoryCells::Table)
                .col(TerritoryCells::Cell)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TerritoryCells::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Territories::Table).to_owned())
            .await
    }
}
