//! Association logos: the image bytes in a table of their own (so that lists of associations do
//! not read them), and on the association the moment its logo last changed, which versions the
//! logo's address so that browsers may keep it for good (negative once removed, see the entity).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Associations {
    Table,
    Id,
    LogoVersion,
}

#[derive(DeriveIden)]
enum AssociationLogos {
    Table,
    AssociationId,
    ContentType,
    Bytes,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AssociationLogos::Table)
                .if_not_exists()
                .col(big_integer(AssociationLogos::AssociationId).primary_key())
                .col(string(AssociationLogos::ContentType))
                .col(blob(AssociationLogos::Bytes))
                .col(big_integer(AssociationLogos::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_association_logos_association")
                        .from(AssociationLogos::Table, AssociationLogos::AssociationId)
                        .to(Associations::Table, Associations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Associations::Table)
                .add_column(big_integer_null(Associations::LogoVersion))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Associations::Table)
                .drop_column(Associations::LogoVersion)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(AssociationLogos::Table).to_owned())
            .await
    }
}
