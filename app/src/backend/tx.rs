//! The one way to run a transaction. [`write`] takes the write lock up front on SQLite and tries
//! the whole transaction again, a bounded number of times, when it fails for a reason that goes
//! away (SQLite busy, PostgreSQL serialization failures and deadlocks, a lost unique-key race);
//! [`read`] reads one consistent snapshot. Nothing else in the code begins a transaction, so
//! every command is retried the same way and a caller never sees a transient error.
//!
//! Work that must happen only once the transaction committed (telling a bell, matching a new
//! listing) is never done inside the closure, which may run more than once: a command returns
//! it as data, and [`super::after::command`] does it after `write` returns.

use std::time::Duration;

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, RuntimeErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

use super::Error;

/// Errors that go away if the whole transaction is tried again.
pub trait Transient {
    /// True for lock timeouts, serialization failures, deadlocks and lost key races.
    fn transient(&self) -> bool;
}

impl Transient for DbErr {
    fn transient(&self) -> bool {
        match self {
            DbErr::ConnectionAcquire(_) => true,
            DbErr::Exec(RuntimeErr::SqlxError(e))
            | DbErr::Query(RuntimeErr::SqlxError(e))
            | DbErr::Conn(RuntimeErr::SqlxError(e)) => match e.as_ref() {
                sea_orm::sqlx::Error::Database(e) => matches!(
                    e.code().as_deref(),
                    // SQLite: busy, locked, busy snapshot, unique and primary-key races;
                    // PostgreSQL: serialization failure, deadlock, lock not available, a unique
                    // race, and a statement run after one of these aborted the transaction.
                    // The whole transaction is tried again, and then sees the winner's row.
                    Some(
                        "5" | "6"
                            | "517"
                            | "2067"
                            | "1555"
                            | "40001"
                            | "40P01"
                            | "55P03"
                            | "23505"
                            | "25P02"
                    )
                ),
                sea_orm::sqlx::Error::PoolTimedOut => true,
                _ => false,
            },
            _ => false,
        }
    }
}

/// How many times a transaction is tried before its transient error is reported.
const MAX_ATTEMPTS: u32 = 30;

/// Runs `work` in a write transaction and commits it, trying again from the start when the
/// error is transient. `work` must be safe to run again: it is, as long as everything it
/// does is inside the transaction it is given.
pub async fn retrying<T, E, F>(db: &DatabaseConnection, mut work: F) -> Result<T, E>
where
    E: From<DbErr> + Transient,
    F: for<'c> FnMut(&'c DatabaseTransaction) -> futures_util::future::BoxFuture<'c, Result<T, E>>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = match begin_write(db).await {
            Err(e) => Err(E::from(e)),
            Ok(txn) => match work(&txn).await {
                Ok(value) => txn.commit().await.map(|()| value).map_err(E::from),
                Err(e) => {
                    // Release SQLite's write lock at once rather than when the pool notices.
                    let _ = txn.rollback().await;
                    Err(e)
                }
            },
        };
        match result {
            Err(e) if attempt < MAX_ATTEMPTS && e.transient() => {
                let jitter = u64::from(rand::random::<u8>() % 8);
                let backoff = u64::from(Ord::min(attempt, 10)) * 2 + jitter;
                tokio::time::sleep(Duration::from_millis(backoff)).await;
            }
            other => return other,
        }
    }
}

/// Runs `work` in a write transaction, retried as [`retrying`] says, with the backend's
/// [`Error`]. Use it for every command.
pub async fn write<T, F>(db: &DatabaseConnection, work: F) -> Result<T, Error>
where
    F: for<'c> FnMut(
        &'c DatabaseTransaction,
    ) -> futures_util::future::BoxFuture<'c, Result<T, Error>>,
{
    retrying(db, work).await
}

/// Runs `work` in a read-only transaction over one consistent snapshot of the whole database,
/// for queries that read many tables while others write (the ledger check).
pub async fn read<T, E, F>(db: &DatabaseConnection, work: F) -> Result<T, E>
where
    E: From<DbErr>,
    F: for<'c> FnOnce(&'c DatabaseTransaction) -> futures_util::future::BoxFuture<'c, Result<T, E>>,
{
    let txn = begin_snapshot(db).await?;
    let value = work(&txn).await;
    let _ = txn.rollback().await;
    value
}

/// Begins a read-only transaction that sees one consistent snapshot of the whole database
/// (REPEATABLE READ on PostgreSQL; on SQLite every transaction reads one snapshot), for checks
/// that read many tables while others write.
async fn begin_snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            db.begin_with_config(
                Some(sea_orm::IsolationLevel::RepeatableRead),
                Some(sea_orm::AccessMode::ReadOnly),
            )
            .await
        }
        _ => db.begin().await,
    }
}

/// Begins a transaction that will write, without retries: only for the demo data and the
/// benchmark, which load rows in bulk into a database nobody else uses (the benchmark rolls its
/// measurements back). Everything else goes through [`write`].
///
/// Begins a transaction that will write. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`), so two writers never both read and then fail to upgrade their lock;
/// PostgreSQL ignores the SQLite mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}
