//! Users, sessions and listings.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Bio,
    Languages,
    HomeLat,
    HomeLng,
    HomeCell,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Listings {
    Table,
    Id,
    AuthorId,
    Kind,
    Nature,
    Category,
    Title,
    Description,
    Remote,
    Price,
    Lat,
    Lng,
    CellR8,
    CellR6,
    CellR4,
    Status,
    CreatedAt,
    UpdatedAt,
    ExpiresAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .if_not_exists()
                .col(big_pk_auto(Users::Id))
                .col(string_uniq(Users::Email))
                .col(string(Users::DisplayName))
                .col(string(Users::PasswordHash))
                .col(text(Users::Bio))
                .col(string(Users::Languages))
                .col(double_null(Users::HomeLat))
                .col(double_null(Users::HomeLng))
                .col(big_integer_null(Users::HomeCell))
                .col(big_integer(Users::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .if_not_exists()
                .col(string(Sessions::Id).primary_key())
                .col(text(Sessions::Data))
                .col(big_integer(Sessions::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sessions_expires_at")
                .table(Sessions::Table)
                .col(Sessions::ExpiresAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Listings::Table)
                .if_not_exists()
                .col(big_pk_auto(Listings::Id))
                .col(big_integer(Listings::AuthorId))
                .col(string(Listings::Kind))
                .col(string(Listings::Nature))
                .col(string(Listings::Category))
                .col(string(Listings::Title))
                .col(text(Listings::Description))
                .col(boolean(Listings::Remote))
                .col(big_integer(Listings::Price))
                .col(double(Listings::Lat))
                .col(double(Listings::Lng))
                .col(big_integer(Listings::CellR8))
                .col(big_integer(Listings::CellR6))
                .col(big_integer(Listings::CellR4))
                .col(string(Listings::Status))
                .col(big_integer(Listings::CreatedAt))
                .col(big_integer(Listings::UpdatedAt))
                .col(big_integer(Listings::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_listings_author")
                        .from(Listings::Table, Listings::AuthorId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The map queries by cell at one of three resolutions, open listings only.
        for (name, cell) in [
            ("idx_listings_r8", Listings::CellR8),
            ("idx_listings_r6", Listings::CellR6),
            ("idx_listings_r4", Listings::CellR4),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Listings::Table)
                    .col(cell)
                    .col(Listings::Status)
                    .col(Listings::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_listings_author")
                .table(Listings::Table)
                .col(Listings::AuthorId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Listings::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Sessions::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Users::Table).to_owned())
            .await
    }
}
