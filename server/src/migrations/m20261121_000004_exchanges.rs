//! Exchanges between two people over a listing, their history of states, their conversation
//! (with each side's unread count) and the reviews left after completion.

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
    Id,
}

#[derive(DeriveIden)]
enum Exchanges {
    Table,
    Id,
    ListingId,
    AuthorId,
    ProposerId,
    GiverId,
    ReceiverId,
    State,
    ListPrice,
    Price,
    AuthorConfirmedAt,
    ProposerConfirmedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ExchangeEvents {
    Table,
    Id,
    ExchangeId,
    ActorId,
    State,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    ExchangeId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ExchangeMembers {
    Table,
    ExchangeId,
    UserId,
    Unread,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    Id,
    ExchangeId,
    AuthorId,
    SubjectId,
    Rating,
    Comment,
    PrivateReason,
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
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    if unique {
        i.unique();
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Exchanges::Table)
                .if_not_exists()
                .col(big_pk_auto(Exchanges::Id))
                .col(big_integer(Exchanges::ListingId))
                .col(big_integer(Exchanges::AuthorId))
                .col(big_integer(Exchanges::ProposerId))
                .col(big_integer(Exchanges::GiverId))
                .col(big_integer(Exchanges::ReceiverId))
                .col(string(Exchanges::State))
                .col(big_integer(Exchanges::ListPrice))
                .col(big_integer_null(Exchanges::Price))
                .col(big_integer_null(Exchanges::AuthorConfirmedAt))
                .col(big_integer_null(Exchanges::ProposerConfirmedAt))
                .col(big_integer(Exchanges::CreatedAt))
                .col(big_integer(Exchanges::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_exchanges_listing",
                    (Exchanges::Table, Exchanges::ListingId),
                    (Listings::Table, Listings::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_exchanges_author",
                    (Exchanges::Table, Exchanges::AuthorId),
                    (Users::Table, Users::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_exchanges_proposer",
                    (Exchanges::Table, Exchanges::ProposerId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ExchangeEvents::Table)
                .if_not_exists()
                .col(big_pk_auto(ExchangeEvents::Id))
                .col(big_integer(ExchangeEvents::ExchangeId))
                .col(big_integer_null(ExchangeEvents::ActorId))
                .col(string(ExchangeEvents::State))
                .col(big_integer(ExchangeEvents::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_exchange_events_exchange",
                    (ExchangeEvents::Table, ExchangeEvents::ExchangeId),
                    (Exchanges::Table, Exchanges::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Messages::Table)
                .if_not_exists()
                .col(big_pk_auto(Messages::Id))
                .col(big_integer(Messages::ExchangeId))
                .col(big_integer(Messages::AuthorId))
                .col(text(Messages::Body))
                .col(big_integer(Messages::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_messages_exchange",
                    (Messages::Table, Messages::ExchangeId),
                    (Exchanges::Table, Exchanges::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ExchangeMembers::Table)
                .if_not_exists()
                .col(big_integer(ExchangeMembers::ExchangeId))
                .col(big_integer(ExchangeMembers::UserId))
                .col(big_integer(ExchangeMembers::Unread).default(0))
                .primary_key(
                    Index::create()
                        .col(ExchangeMembers::ExchangeId)
                        .col(ExchangeMembers::UserId),
                )
                .foreign_key(&mut fk(
                    "fk_exchange_members_exchange",
                    (ExchangeMembers::Table, ExchangeMembers::ExchangeId),
                    (Exchanges::Table, Exchanges::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Reviews::Table)
                .if_not_exists()
                .col(big_pk_auto(Reviews::Id))
                .col(big_integer(Reviews::ExchangeId))
                .col(big_integer(Reviews::AuthorId))
                .col(big_integer(Reviews::SubjectId))
                .col(integer(Reviews::Rating))
                .col(text(Reviews::Comment))
                .col(string_null(Reviews::PrivateReason))
                .col(big_integer(Reviews::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_reviews_exchange",
                    (Reviews::Table, Reviews::ExchangeId),
                    (Exchanges::Table, Exchanges::Id),
                ))
                .to_owned(),
        )
        .await?;
        for statement in [
            index(
                "idx_exchanges_listing",
                Exchanges::Table,
                vec![Exchanges::ListingId.into_iden()],
                false,
            ),
            index(
                "idx_exchanges_author",
                Exchanges::Table,
                vec![
                    Exchanges::AuthorId.into_iden(),
                    Exchanges::UpdatedAt.into_iden(),
                ],
                false,
            ),
            index(
                "idx_exchanges_proposer",
                Exchanges::Table,
                vec![
                    Exchanges::ProposerId.into_iden(),
                    Exchanges::CreatedAt.into_iden(),
                ],
                false,
            ),
            index(
                "idx_exchanges_state",
                Exchanges::Table,
                vec![Exchanges::State.into_iden()],
                false,
            ),
            index(
                "idx_exchange_events",
                ExchangeEvents::Table,
                vec![ExchangeEvents::ExchangeId.into_iden()],
                false,
            ),
            index(
                "idx_messages_exchange",
                Messages::Table,
                vec![Messages::ExchangeId.into_iden(), Messages::Id.into_iden()],
                false,
            ),
            index(
                "idx_exchange_members_user",
                ExchangeMembers::Table,
                vec![ExchangeMembers::UserId.into_iden()],
                false,
            ),
            index(
                "idx_reviews_once",
                Reviews::Table,
                vec![
                    Reviews::ExchangeId.into_iden(),
                    Reviews::AuthorId.into_iden(),
                ],
                true,
            ),
            index(
                "idx_reviews_subject",
                Reviews::Table,
                vec![Reviews::SubjectId.into_iden()],
                false,
            ),
        ] {
            m.create_index(statement).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Reviews::Table.into_iden(),
            ExchangeMembers::Table.into_iden(),
            Messages::Table.into_iden(),
            ExchangeEvents::Table.into_iden(),
            Exchanges::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
