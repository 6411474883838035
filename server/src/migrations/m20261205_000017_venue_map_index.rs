//! The home map's venue layer reads, for a view, the places in a box with their levels
//! (`access`), and counts them per part of the view when many. Measured with 100 000 venues
//! (`server bench`), the count for a country-wide view for a reader with needs read every row
//! of the table from the index on the point alone (258 ms on SQLite); an index on the point and
//! the levels answers it from the index (`idx_venues_map`, replacing `idx_venues_point`).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Venues {
    Table,
    Lat,
    Lng,
    Access,
}

fn point_index() -> IndexCreateStatement {
    Index::create()
        .name("idx_venues_point")
        .table(Venues::Table)
        .col(Venues::Lat)
        .col(Venues::Lng)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("idx_venues_map")
                .table(Venues::Table)
                .col(Venues::Lat)
                .col(Venues::Lng)
                .col(Venues::Access)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_venues_point")
                .table(Venues::Table)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(point_index()).await?;
        m.drop_index(
            Index::drop()
                .name("idx_venues_map")
                .table(Venues::Table)
                .to_owned(),
        )
        .await
    }
}
