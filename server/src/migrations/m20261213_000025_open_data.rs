//! Issue 24: the open data's aggregate tables, written only by `backend::insights` (a job), read
//! by `/open-data/v1/…`.
//!
//! - `open_data_figures`: one published figure: a period (`2026-Q3`, `2026`), the resolution of
//!   the view (7 or 8), a measure, a category (`""` for every category), the area (an H3 cell,
//!   coarser than the view's resolution where small areas were merged), its value and the number
//!   of distinct people it covers. No person, no point, no text.
//! - `open_data_periods`: the periods computed; its key makes two runners compute a period once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OpenDataFigures {
    Table,
    Id,
    Period,
    Resolution,
    Measure,
    Category,
    Cell,
    Value,
    Participants,
}

#[derive(DeriveIden)]
enum OpenDataPeriods {
    Table,
    Period,
    ComputedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OpenDataPeriods::Table)
                .col(string(OpenDataPeriods::Period).primary_key())
                .col(big_integer(OpenDataPeriods::ComputedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OpenDataFigures::Table)
                .col(
                    big_integer(OpenDataFigures::Id)
                        .auto_increment()
                        .primary_key(),
                )
                .col(string(OpenDataFigures::Period))
                .col(integer(OpenDataFigures::Resolution))
                .col(string(OpenDataFigures::Measure))
                .col(string(OpenDataFigures::Category))
                .col(big_integer(OpenDataFigures::Cell))
                .col(big_integer(OpenDataFigures::Value))
                .col(big_integer(OpenDataFigures::Participants))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("open_data_figures_key")
                .table(OpenDataFigures::Table)
                .col(OpenDataFigures::Period)
                .col(OpenDataFigures::Resolution)
                .col(OpenDataFigures::Measure)
                .col(OpenDataFigures::Category)
                .col(OpenDataFigures::Cell)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OpenDataFigures::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(OpenDataPeriods::Table).to_owned())
            .await
    }
}
