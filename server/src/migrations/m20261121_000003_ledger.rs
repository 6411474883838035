//! The social-currency journal: accounts (with a cached balance), transfers (each with a unique
//! idempotency key) and their two entries. Transfers and entries are append-only: triggers on
//! both databases refuse any UPDATE or DELETE, so a mistake can only be undone by a correcting
//! transfer. The issuer and escrow accounts are created here, so they exist everywhere.

use sea_orm::{ConnectionTrait, DbBackend};
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
enum LedgerAccounts {
    Table,
    Id,
    Kind,
    UserId,
    SystemName,
    Balance,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LedgerTransfers {
    Table,
    Id,
    IdemKey,
    Fingerprint,
    Reason,
    FromAccount,
    ToAccount,
    Amount,
    CauseType,
    CauseId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LedgerEntries {
    Table,
    Id,
    TransferId,
    AccountId,
    Delta,
    BalanceAfter,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    // Restrict, never cascade: nothing may take journal rows away with it.
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

const APPEND_ONLY: [&str; 2] = ["ledger_transfers", "ledger_entries"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LedgerAccounts::Table)
                .if_not_exists()
                .col(big_pk_auto(LedgerAccounts::Id))
                .col(string(LedgerAccounts::Kind))
                .col(big_integer_null(LedgerAccounts::UserId).unique_key())
                .col(string_null(LedgerAccounts::SystemName).unique_key())
                .col(big_integer(LedgerAccounts::Balance).default(0))
                .col(big_integer(LedgerAccounts::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_ledger_accounts_user",
                    (LedgerAccounts::Table, LedgerAccounts::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LedgerTransfers::Table)
                .if_not_exists()
                .col(big_pk_auto(LedgerTransfers::Id))
                .col(string(LedgerTransfers::IdemKey).unique_key())
                .col(text(LedgerTransfers::Fingerprint))
                .col(string(LedgerTransfers::Reason))
                .col(big_integer(LedgerTransfers::FromAccount))
                .col(big_integer(LedgerTransfers::ToAccount))
                .col(big_integer(LedgerTransfers::Amount))
                .col(string_null(LedgerTransfers::CauseType))
                .col(big_integer_null(LedgerTransfers::CauseId))
                .col(big_integer(LedgerTransfers::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_ledger_transfers_from",
                    (LedgerTransfers::Table, LedgerTransfers::FromAccount),
                    (LedgerAccounts::Table, LedgerAccounts::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_ledger_transfers_to",
                    (LedgerTransfers::Table, LedgerTransfers::ToAccount),
                    (LedgerAccounts::Table, LedgerAccounts::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LedgerEntries::Table)
                .if_not_exists()
                .col(big_pk_auto(LedgerEntries::Id))
                .col(big_integer(LedgerEntries::TransferId))
                .col(big_integer(LedgerEntries::AccountId))
                .col(big_integer(LedgerEntries::Delta))
                .col(big_integer(LedgerEntries::BalanceAfter))
                .foreign_key(&mut fk(
                    "fk_ledger_entries_transfer",
                    (LedgerEntries::Table, LedgerEntries::TransferId),
                    (LedgerTransfers::Table, LedgerTransfers::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_ledger_entries_account",
                    (LedgerEntries::Table, LedgerEntries::AccountId),
                    (LedgerAccounts::Table, LedgerAccounts::Id),
                ))
                .to_owned(),
        )
        .await?;
        for (name, table, cols) in [
            (
                "idx_ledger_entries_account",
                LedgerEntries::Table,
                vec![LedgerEntries::AccountId, LedgerEntries::Id],
            ),
            (
                "idx_ledger_entries_transfer",
                LedgerEntries::Table,
                vec![LedgerEntries::TransferId],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(table);
            for col in cols {
                index.col(col);
            }
            m.create_index(index.to_owned()).await?;
        }
        m.create_index(
            Index::create()
                .name("idx_ledger_transfers_cause")
                .table(LedgerTransfers::Table)
                .col(LedgerTransfers::CauseType)
                .col(LedgerTransfers::CauseId)
                .to_owned(),
        )
        .await?;

        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                for table in APPEND_ONLY {
                    for op in ["UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_no_{op} BEFORE {op} ON {table} \
                             BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                        ))
                        .await?;
                    }
                }
            }
            _ => {
                db.execute_unprepared(
                    "CREATE FUNCTION ledger_append_only() RETURNS trigger AS $$ \
                     BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END \
                     $$ LANGUAGE plpgsql",
                )
                .await?;
                for table in APPEND_ONLY {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION ledger_append_only()"
                    ))
                    .await?;
                }
            }
        }

        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let insert = Query::insert()
            .into_table(LedgerAccounts::Table)
            .columns([
                LedgerAccounts::Kind,
                LedgerAccounts::SystemName,
                LedgerAccounts::Balance,
                LedgerAccounts::CreatedAt,
            ])
            .values_panic(["issuer".into(), "issuer".into(), 0i64.into(), now.into()])
            .values_panic(["escrow".into(), "escrow".into(), 0i64.into(), now.into()])
            .to_owned();
        m.exec_stmt(insert).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LedgerEntries::Table.into_iden(),
            LedgerTransfers::Table.into_iden(),
            LedgerAccounts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        if m.get_database_backend() == DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS ledger_append_only()")
                .await?;
        }
        Ok(())
    }
}
