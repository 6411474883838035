//! Association invitations with consent (issue 17): an owner invites, the invitee accepts or
//! declines. One row per association and person, so that a declined invitation cannot be sent
//! again and again.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AssociationInvitations {
    Table,
    Id,
    AssociationId,
    UserId,
    Role,
    InvitedBy,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Associations {
    Table,
    Id,
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
                .table(AssociationInvitations::Table)
                .if_not_exists()
                .col(big_pk_auto(AssociationInvitations::Id))
                .col(big_integer(AssociationInvitations::AssociationId))
                .col(big_integer(AssociationInvitations::UserId))
                .col(string(AssociationInvitations::Role))
                .col(big_integer(AssociationInvitations::InvitedBy))
                .col(string(AssociationInvitations::Status))
                .col(big_integer(AssociationInvitations::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_invitations_association")
                        .from(
                            AssociationInvitations::Table,
                            AssociationInvitations::AssociationId,
                        )
                        .to(Associations::Table, Associations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_invitations_user")
                        .from(
                            AssociationInvitations::Table,
                            AssociationInvitations::UserId,
                        )
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_invitations_association_user")
                .table(AssociationInvitations::Table)
                .col(AssociationInvitations::AssociationId)
                .col(AssociationInvitations::UserId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_invitations_user_status")
                .table(AssociationInvitations::Table)
                .col(AssociationInvitations::UserId)
                .col(AssociationInvitations::Status)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(AssociationInvitations::Table)
                .to_owned(),
        )
        .await
    }
}
