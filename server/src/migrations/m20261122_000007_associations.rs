//! Associations and what they run: members with a role, activities (an event, or a volunteer
//! mission) with their time slots, the people signed up to each slot (registered, waiting in
//! order, pending the association's answer…) and the notices people receive about them.
//! Listings may be posted in an association's name.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Listings {
    Table,
    AssociationId,
}

#[derive(DeriveIden)]
enum Associations {
    Table,
    Id,
    Name,
    Description,
    Address,
    Lat,
    Lng,
    Website,
    Contact,
    Categories,
    VerifiedAt,
    VerifiedBy,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AssociationMembers {
    Table,
    AssociationId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    AssociationId,
    Kind,
    Title,
    Description,
    Category,
    Online,
    Address,
    Lat,
    Lng,
    Accessibility,
    Languages,
    Skills,
    MinAge,
    AutoAccept,
    Registration,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ActivitySlots {
    Table,
    Id,
    ActivityId,
    StartsAt,
    EndsAt,
    Capacity,
    CompletedAt,
}

#[derive(DeriveIden)]
enum Signups {
    Table,
    Id,
    SlotId,
    ActivityId,
    UserId,
    Status,
    Seq,
    Minutes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ActivityNotices {
    Table,
    Id,
    UserId,
    AssociationId,
    ActivityId,
    SlotId,
    Kind,
    Body,
    ReadAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Associations::Table)
                .if_not_exists()
                .col(big_pk_auto(Associations::Id))
                .col(string(Associations::Name))
                .col(text(Associations::Description))
                .col(string(Associations::Address))
                .col(double(Associations::Lat))
                .col(double(Associations::Lng))
                .col(string(Associations::Website))
                .col(string(Associations::Contact))
                .col(string(Associations::Categories))
                .col(big_integer_null(Associations::VerifiedAt))
                .col(big_integer_null(Associations::VerifiedBy))
                .col(big_integer(Associations::CreatedBy))
                .col(big_integer(Associations::CreatedAt))
                .col(big_integer(Associations::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_associations_creator")
                        .from(Associations::Table, Associations::CreatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AssociationMembers::Table)
                .if_not_exists()
                .col(big_integer(AssociationMembers::AssociationId))
                .col(big_integer(AssociationMembers::UserId))
                .col(string(AssociationMembers::Role))
                .col(big_integer(AssociationMembers::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(AssociationMembers::AssociationId)
                        .col(AssociationMembers::UserId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_association_members_association")
                        .from(AssociationMembers::Table, AssociationMembers::AssociationId)
                        .to(Associations::Table, Associations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_association_members_user")
                        .from(AssociationMembers::Table, AssociationMembers::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_association_members_user")
                .table(AssociationMembers::Table)
                .col(AssociationMembers::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Activities::Table)
                .if_not_exists()
                .col(big_pk_auto(Activities::Id))
                .col(big_integer(Activities::AssociationId))
                .col(string(Activities::Kind))
                .col(string(Activities::Title))
                .col(text(Activities::Description))
                .col(string(Activities::Category))
                .col(boolean(Activities::Online))
                .col(string(Activities::Address))
                .col(double_null(Activities::Lat))
                .col(double_null(Activities::Lng))
                .col(string(Activities::Accessibility))
                .col(string(Activities::Languages))
                .col(string(Activities::Skills))
                .col(big_integer_null(Activities::MinAge))
                .col(boolean(Activities::AutoAccept))
                .col(boolean(Activities::Registration))
                .col(big_integer(Activities::CreatedBy))
                .col(big_integer(Activities::CreatedAt))
                .col(big_integer(Activities::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_activities_association")
                        .from(Activities::Table, Activities::AssociationId)
                        .to(Associations::Table, Associations::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_activities_association")
                .table(Activities::Table)
                .col(Activities::AssociationId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ActivitySlots::Table)
                .if_not_exists()
                .col(big_pk_auto(ActivitySlots::Id))
                .col(big_integer(ActivitySlots::ActivityId))
                .col(big_integer(ActivitySlots::StartsAt))
                .col(big_integer(ActivitySlots::EndsAt))
                .col(big_integer_null(ActivitySlots::Capacity))
                .col(big_integer_null(ActivitySlots::CompletedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_activity_slots_activity")
                        .from(ActivitySlots::Table, ActivitySlots::ActivityId)
                        .to(Activities::Table, Activities::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_activity_slots_activity")
                .table(ActivitySlots::Table)
                .col(ActivitySlots::ActivityId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_activity_slots_starts")
                .table(ActivitySlots::Table)
                .col(ActivitySlots::StartsAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Signups::Table)
                .if_not_exists()
                .col(big_pk_auto(Signups::Id))
                .col(big_integer(Signups::SlotId))
                .col(big_integer(Signups::ActivityId))
                .col(big_integer(Signups::UserId))
                .col(string(Signups::Status))
                .col(big_integer(Signups::Seq))
                .col(big_integer_null(Signups::Minutes))
                .col(big_integer(Signups::CreatedAt))
                .col(big_integer(Signups::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_signups_slot")
                        .from(Signups::Table, Signups::SlotId)
                        .to(ActivitySlots::Table, ActivitySlots::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_signups_user")
                        .from(Signups::Table, Signups::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_signups_slot_user")
                .table(Signups::Table)
                .col(Signups::SlotId)
                .col(Signups::UserId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_signups_user")
                .table(Signups::Table)
                .col(Signups::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ActivityNotices::Table)
                .if_not_exists()
                .col(big_pk_auto(ActivityNotices::Id))
                .col(big_integer(ActivityNotices::UserId))
                .col(big_integer(ActivityNotices::AssociationId))
                .col(big_integer_null(ActivityNotices::ActivityId))
                .col(big_integer_null(ActivityNotices::SlotId))
                .col(string(ActivityNotices::Kind))
                .col(text_null(ActivityNotices::Body))
                .col(big_integer_null(ActivityNotices::ReadAt))
                .col(big_integer(ActivityNotices::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_activity_notices_user")
                        .from(ActivityNotices::Table, ActivityNotices::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_activity_notices_user")
                .table(ActivityNotices::Table)
                .col(ActivityNotices::UserId)
                .col(ActivityNotices::ReadAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Listings::Table)
                .add_column(big_integer_null(Listings::AssociationId))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Listings::Table)
                .drop_column(Listings::AssociationId)
                .to_owned(),
        )
        .await?;
        for table in [
            ActivityNotices::Table.into_iden(),
            Signups::Table.into_iden(),
            ActivitySlots::Table.into_iden(),
            Activities::Table.into_iden(),
            AssociationMembers::Table.into_iden(),
            Associations::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
