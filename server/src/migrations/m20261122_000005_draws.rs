//! "Draw lots at a deadline": one row per listing whose author lets chance choose among the
//! people who asked. The seed, the number of entries and the time are written once, by the
//! draw, and shown to everyone so the draw can be checked.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Listings {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Draws {
    Table,
    ListingId,
    Deadline,
    Winners,
    Seed,
    Entries,
    DrawnAt,
    CreatedAt,
}

/// Who took part in a finished draw, with their ticket and place: written once by the draw, so
/// each person can see how it went for them even after their exchange moved on.
#[derive(DeriveIden)]
enum DrawEntries {
    Table,
    ExchangeId,
    ListingId,
    Ticket,
    Rank,
    Won,
}

#[derive(DeriveIden)]
enum Exchanges {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Draws::Table)
                .if_not_exists()
                .col(big_integer(Draws::ListingId).primary_key())
                .col(big_integer(Draws::Deadline))
                .col(big_integer(Draws::Winners))
                .col(string_null(Draws::Seed))
                .col(big_integer_null(Draws::Entries))
                .col(big_integer_null(Draws::DrawnAt))
                .col(big_integer(Draws::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_draws_listing")
                        .from(Draws::Table, Draws::ListingId)
                        .to(Listings::Table, Listings::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DrawEntries::Table)
                .if_not_exists()
                .col(big_integer(DrawEntries::ExchangeId).primary_key())
                .col(big_integer(DrawEntries::ListingId))
                .col(string(DrawEntries::Ticket))
                .col(big_integer(DrawEntries::Rank))
                .col(boolean(DrawEntries::Won))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_draw_entries_exchange")
                        .from(DrawEntries::Table, DrawEntries::ExchangeId)
                        .to(Exchanges::Table, Exchanges::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_draw_entries_draw")
                        .from(DrawEntries::Table, DrawEntries::ListingId)
                        .to(Draws::Table, Draws::ListingId)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_draw_entries_listing")
                .table(DrawEntries::Table)
                .col(DrawEntries::ListingId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_draws_due")
                .table(Draws::Table)
                .col(Draws::DrawnAt)
                .col(Draws::Deadline)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DrawEntries::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Draws::Table).to_owned())
            .await
    }
}
