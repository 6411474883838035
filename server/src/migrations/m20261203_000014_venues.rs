//! Venues and what people answered about their accessibility (issue 20). An answer is never
//! changed: a later one to the same question replaces it on the page, and both stay in the
//! venue's history; a moderator may revert one (it stays, marked), and people confirm the
//! current ones ("I was there, this is right"), once each.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Venues {
    Table,
    Id,
    Name,
    Kind,
    Address,
    Lat,
    Lng,
    Website,
    Hours,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum VenueAnswers {
    Table,
    Id,
    VenueId,
    Question,
    Answer,
    UserId,
    CreatedAt,
    RevertedBy,
    RevertedAt,
}

#[derive(DeriveIden)]
enum VenueConfirmations {
    Table,
    AnswerId,
    UserId,
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
                .table(Venues::Table)
                .if_not_exists()
                .col(big_pk_auto(Venues::Id))
                .col(string(Venues::Name))
                .col(string(Venues::Kind))
                .col(string(Venues::Address))
                .col(double(Venues::Lat))
                .col(double(Venues::Lng))
                .col(string(Venues::Website))
                .col(string(Venues::Hours))
                .col(big_integer(Venues::CreatedBy))
                .col(big_integer(Venues::CreatedAt))
                .col(big_integer(Venues::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_venues_created_by")
                        .from(Venues::Table, Venues::CreatedBy)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(VenueAnswers::Table)
                .if_not_exists()
                .col(big_pk_auto(VenueAnswers::Id))
                .col(big_integer(VenueAnswers::VenueId))
                .col(string(VenueAnswers::Question))
                .col(string(VenueAnswers::Answer))
                .col(big_integer(VenueAnswers::UserId))
                .col(big_integer(VenueAnswers::CreatedAt))
                .col(big_integer_null(VenueAnswers::RevertedBy))
                .col(big_integer_null(VenueAnswers::RevertedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_venue_answers_venue")
                        .from(VenueAnswers::Table, VenueAnswers::VenueId)
                        .to(Venues::Table, Venues::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_venue_answers_user")
                        .from(VenueAnswers::Table, VenueAnswers::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_venue_answers_venue")
                .table(VenueAnswers::Table)
                .col(VenueAnswers::VenueId)
                .col(VenueAnswers::Id)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(VenueConfirmations::Table)
                .if_not_exists()
                .col(big_integer(VenueConfirmations::AnswerId))
                .col(big_integer(VenueConfirmations::UserId))
                .col(big_integer(VenueConfirmations::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(VenueConfirmations::AnswerId)
                        .col(VenueConfirmations::UserId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_venue_confirmations_answer")
                        .from(VenueConfirmations::Table, VenueConfirmations::AnswerId)
                        .to(VenueAnswers::Table, VenueAnswers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_venue_confirmations_user")
                        .from(VenueConfirmations::Table, VenueConfirmations::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_venues_lat_lng")
                .table(Venues::Table)
                .col(Venues::Lat)
                .col(Venues::Lng)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(VenueConfirmations::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(VenueAnswers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Venues::Table).to_owned())
            .await
    }
}
