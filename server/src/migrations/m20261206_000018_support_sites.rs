//! Support sites for people in precarity (issue 21): a site (a fixed address and point, or
//! mobile with stops), its services, temporary notices and reports "this information is wrong".
//! Hours are stored as JSON of `domain::support::WeeklyHours` (a week of slots in local wall
//! time and the holiday rule), read back into the same type; codes lists are comma-separated
//! codes of the domain's vocabularies.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SupportSites {
    Table,
    Id,
    Name,
    Description,
    Address,
    Lat,
    Lng,
    Phone,
    Website,
    Languages,
    AssociationId,
    VenueId,
    Hours,
    CheckedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SupportServices {
    Table,
    Id,
    SiteId,
    Category,
    Conditions,
    Publics,
    Pets,
    Price,
    Fullness,
    Hours,
    Note,
}

#[derive(DeriveIden)]
enum SupportNotices {
    Table,
    Id,
    SiteId,
    ServiceId,
    Kind,
    FromDay,
    ToDay,
    Text,
    Hours,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SupportStops {
    Table,
    Id,
    SiteId,
    Place,
    Lat,
    Lng,
    Weekday,
    StartMin,
    EndMin,
}

#[derive(DeriveIden)]
enum SupportReports {
    Table,
    Id,
    SiteId,
    Note,
    CreatedAt,
    ResolvedBy,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum Associations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Venues {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn site_fk(name: &str, from: impl IntoTableRef, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from, col)
        .to(SupportSites::Table, SupportSites::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SupportSites::Table)
                .if_not_exists()
                .col(big_pk_auto(SupportSites::Id))
                .col(string(SupportSites::Name))
                .col(text(SupportSites::Description))
                .col(string(SupportSites::Address))
                .col(double_null(SupportSites::Lat))
                .col(double_null(SupportSites::Lng))
                .col(string(SupportSites::Phone))
                .col(string(SupportSites::Website))
                .col(string(SupportSites::Languages))
                .col(big_integer_null(SupportSites::AssociationId))
                .col(big_integer_null(SupportSites::VenueId))
                .col(text(SupportSites::Hours))
                .col(big_integer(SupportSites::CheckedAt))
                .col(big_integer_null(SupportSites::CreatedBy))
                .col(big_integer(SupportSites::CreatedAt))
                .col(big_integer(SupportSites::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_support_sites_association")
                        .from(SupportSites::Table, SupportSites::AssociationId)
                        .to(Associations::Table, Associations::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_support_sites_venue")
                        .from(SupportSites::Table, SupportSites::VenueId)
                        .to(Venues::Table, Venues::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_support_sites_created_by")
                        .from(SupportSites::Table, SupportSites::CreatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_support_sites_point")
                .table(SupportSites::Table)
                .col(SupportSites::Lat)
                .col(SupportSites::Lng)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_support_sites_association")
                .table(SupportSites::Table)
                .col(SupportSites::AssociationId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SupportServices::Table)
                .if_not_exists()
                .col(big_pk_auto(SupportServices::Id))
                .col(big_integer(SupportServices::SiteId))
                .col(string(SupportServices::Category))
                .col(string(SupportServices::Conditions))
                .col(string(SupportServices::Publics))
                .col(boolean(SupportServices::Pets))
                .col(string(SupportServices::Price))
                .col(string(SupportServices::Fullness))
                .col(text_null(SupportServices::Hours))
                .col(string(SupportServices::Note))
                .foreign_key(&mut site_fk(
                    "fk_support_services_site",
                    SupportServices::Table,
                    SupportServices::SiteId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_support_services_site")
                .table(SupportServices::Table)
                .col(SupportServices::SiteId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SupportNotices::Table)
                .if_not_exists()
                .col(big_pk_auto(SupportNotices::Id))
                .col(big_integer(SupportNotices::SiteId))
                .col(big_integer_null(SupportNotices::ServiceId))
                .col(string(SupportNotices::Kind))
                .col(string(SupportNotices::FromDay))
                .col(string_null(SupportNotices::ToDay))
                .col(string(SupportNotices::Text))
                .col(text_null(SupportNotices::Hours))
                .col(big_integer_null(SupportNotices::CreatedBy))
                .col(big_integer(SupportNotices::CreatedAt))
                .foreign_key(&mut site_fk(
                    "fk_support_notices_site",
                    SupportNotices::Table,
                    SupportNotices::SiteId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_support_notices_service")
                        .from(SupportNotices::Table, SupportNotices::ServiceId)
                        .to(SupportServices::Table, SupportServices::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_support_notices_site")
                .table(SupportNotices::Table)
                .col(SupportNotices::SiteId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SupportStops::Table)
                .if_not_exists()
                .col(big_pk_auto(SupportStops::Id))
                .col(big_integer(SupportStops::SiteId))
                .col(string(SupportStops::Place))
                .col(double(SupportStops::Lat))
                .col(double(SupportStops::Lng))
                .col(small_integer(SupportStops::Weekday))
                .col(small_integer(SupportStops::StartMin))
                .col(small_integer(SupportStops::EndMin))
                .foreign_key(&mut site_fk(
                    "fk_support_stops_site",
                    SupportStops::Table,
                    SupportStops::SiteId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_support_stops_site")
                .table(SupportStops::Table)
                .col(SupportStops::SiteId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SupportReports::Table)
                .if_not_exists()
                .col(big_pk_auto(SupportReports::Id))
                .col(big_integer(SupportReports::SiteId))
                .col(string(SupportReports::Note))
                .col(big_integer(SupportReports::CreatedAt))
                .col(big_integer_null(SupportReports::ResolvedBy))
                .col(big_integer_null(SupportReports::ResolvedAt))
                .foreign_key(&mut site_fk(
                    "fk_support_reports_site",
                    SupportReports::Table,
                    SupportReports::SiteId,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_support_reports_site")
                .table(SupportReports::Table)
                .col(SupportReports::SiteId)
                .col(SupportReports::ResolvedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SupportReports::Table.into_iden(),
            SupportStops::Table.into_iden(),
            SupportNotices::Table.into_iden(),
            SupportServices::Table.into_iden(),
            SupportSites::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
