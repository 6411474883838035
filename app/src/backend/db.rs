//! Opening the database the same way on SQLite and PostgreSQL (transactions: [`super::tx`]).

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

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
