//! Opening the database and starting write transactions the same way on SQLite and PostgreSQL.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

/// Opens a pool. SQLite files are created if missing and run in WAL mode with a busy timeout
/// and foreign keys on, so readers never wait for the writer and a writer waits its turn.
///
/// An acknowledged write survives a power cut, not only a killed process: SQLite syncs the WAL
/// at every commit (`synchronous=FULL`; `NORMAL` may lose the last commits when the power goes),
/// and PostgreSQL sessions run with `synchronous_commit=on` whatever the server's default.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite:") { 8 } else { 16 })
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        })
        .map_sqlx_postgres_opts(|o| o.options([("synchronous_commit", "on")]));
    Database::connect(options).await
}

/// Begins a read-only transaction that sees one consistent snapshot of the whole database
/// (REPEATABLE READ on PostgreSQL; on SQLite every transaction reads one snapshot), for checks
/// that read many tables while others write.
pub async fn begin_snapshot(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
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
