//! The one error of the backend: a refusal for the client ([`AppError`]) or a database error
//! (retried by [`super::tx`] when transient, logged and hidden otherwise). `?` converts database,
//! domain and ledger errors into it; it becomes the client's [`AppError`] once, at the edge (the
//! server functions and the few axum handlers).

use sea_orm::DbErr;

use super::ledger::TransferError;
use super::tx::Transient;
use crate::domain::AppError;
use crate::domain::ledger::LedgerError;

#[derive(Debug)]
pub enum Error {
    App(AppError),
    Db(DbErr),
}

impl From<DbErr> for Error {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

impl From<AppError> for Error {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::App(e) => write!(f, "{e:?}"),
            Self::Db(e) => write!(f, "{e}"),
        }
    }
}

impl Transient for Error {
    fn transient(&self) -> bool {
        matches!(self, Self::Db(e) if e.transient())
    }
}

/// The answer for the client: a refusal as it is, a database error logged and hidden.
impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        match e {
            Error::App(e) => e,
            Error::Db(e) => internal(e),
        }
    }
}

impl Error {
    /// A ledger refusal as the client sees it: below the floor is "not enough credits" for
    /// `price`; a database error stays one (so it is retried when transient); anything else is
    /// a bug, reported as internal.
    pub fn from_transfer(e: TransferError, price: i64) -> Self {
        match e {
            TransferError::Refused(LedgerError::BelowFloor { balance, .. }) => {
                Self::App(AppError::InsufficientBalance { balance, price })
            }
            TransferError::Db(e) => Self::Db(e),
            other => Self::App(internal(other)),
        }
    }
}

/// Logs an unexpected error and hides it from the client.
pub fn internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "internal error");
    AppError::Internal
}
