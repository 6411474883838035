//! Matching: each listing's radius, matches between listings, notifications, saved alerts, and
//! each user's notification preference.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Notify,
}

#[derive(DeriveIden)]
enum Listings {
    Table,
    Id,
    Status,
    ExpiresAt,
    Kind,
    Category,
    Remote,
    CreatedAt,
    CellR8,
    CellR6,
    MatchRadiusM,
    MatchedAt,
}

#[derive(DeriveIden)]
enum Matches {
    Table,
    Id,
    ListingId,
    CounterpartId,
    OwnerId,
    Points,
    Factors,
    State,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Alerts {
    Table,
    Id,
    UserId,
    Kind,
    Category,
    Lat,
    Lng,
    CellR6,
    RadiusM,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    MatchId,
    AlertId,
    ListingId,
    Dedupe,
    ReadAt,
    CreatedAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string(Users::Notify).default("best"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Listings::Table)
                .add_column(big_integer(Listings::MatchRadiusM).default(5_000))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Listings::Table)
                .add_column(big_integer_null(Listings::MatchedAt))
                .to_owned(),
        )
        .await?;
        // The matcher looks for the opposite kind, some categories, in a disk of cells, open
        // ones only. All five columns are in the index so that SQLite's planner prefers it to
        // the map's (cell, status, expiry) index, which would read every kind and category.
        for (name, cell) in [
            ("idx_listings_match_r8", Listings::CellR8),
            ("idx_listings_match_r6", Listings::CellR6),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Listings::Table)
                    .col(Listings::Kind)
                    .col(Listings::Category)
                    .col(cell)
                    .col(Listings::Status)
                    .col(Listings::ExpiresAt)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_listings_remote")
                .table(Listings::Table)
                .col(Listings::Kind)
                .col(Listings::Category)
                .col(Listings::Remote)
                .col(Listings::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_listings_unmatched")
                .table(Listings::Table)
                .col(Listings::MatchedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Matches::Table)
                .if_not_exists()
                .col(big_pk_auto(Matches::Id))
                .col(big_integer(Matches::ListingId))
                .col(big_integer(Matches::CounterpartId))
                .col(big_integer(Matches::OwnerId))
                .col(integer(Matches::Points))
                .col(text(Matches::Factors))
                .col(string(Matches::State))
                .col(big_integer(Matches::CreatedAt))
                .col(big_integer(Matches::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_matches_listing",
                    (Matches::Table, Matches::ListingId),
                    (Listings::Table, Listings::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_matches_counterpart",
                    (Matches::Table, Matches::CounterpartId),
                    (Listings::Table, Listings::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_matches_owner",
                    (Matches::Table, Matches::OwnerId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_matches_pair")
                .table(Matches::Table)
                .col(Matches::ListingId)
                .col(Matches::CounterpartId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_matches_counterpart")
                .table(Matches::Table)
                .col(Matches::CounterpartId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Alerts::Table)
                .if_not_exists()
                .col(big_pk_auto(Alerts::Id))
                .col(big_integer(Alerts::UserId))
                .col(string_null(Alerts::Kind))
                .col(string_null(Alerts::Category))
                .col(double(Alerts::Lat))
                .col(double(Alerts::Lng))
                .col(big_integer(Alerts::CellR6))
                .col(big_integer(Alerts::RadiusM))
                .col(big_integer(Alerts::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_alerts_user",
                    (Alerts::Table, Alerts::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_alerts_cell", Alerts::CellR6),
            ("idx_alerts_user", Alerts::UserId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Alerts::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .if_not_exists()
                .col(big_pk_auto(Notifications::Id))
                .col(big_integer(Notifications::UserId))
                .col(big_integer_null(Notifications::MatchId))
                .col(big_integer_null(Notifications::AlertId))
                .col(big_integer(Notifications::ListingId))
                .col(string(Notifications::Dedupe))
                .col(big_integer_null(Notifications::ReadAt))
                .col(big_integer(Notifications::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_notifications_user",
                    (Notifications::Table, Notifications::UserId),
                    (Users::Table, Users::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_notifications_match",
                    (Notifications::Table, Notifications::MatchId),
                    (Matches::Table, Matches::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_notifications_alert",
                    (Notifications::Table, Notifications::AlertId),
                    (Alerts::Table, Alerts::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_notifications_listing",
                    (Notifications::Table, Notifications::ListingId),
                    (Listings::Table, Listings::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notifications_dedupe")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::Dedupe)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notifications_unread")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::ReadAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Notifications::Table.into_iden(),
            Alerts::Table.into_iden(),
            Matches::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for name in [
            "idx_listings_match_r8",
            "idx_listings_match_r6",
            "idx_listings_remote",
            "idx_listings_unmatched",
        ] {
            m.drop_index(Index::drop().name(name).table(Listings::Table).to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Listings::Table)
                .drop_column(Listings::MatchRadiusM)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Listings::Table)
                .drop_column(Listings::MatchedAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::Notify)
                .to_owned(),
        )
        .await
    }
}
