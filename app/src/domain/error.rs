//! The one error type every server function returns.
//!
//! Variants carry codes, never English sentences: the client turns each code into a message in
//! the user's language, and internal details stay in the server's logs.

use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A form field that an error can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Email,
    DisplayName,
    Password,
    Bio,
    Languages,
    Home,
    Kind,
    Nature,
    Category,
    Title,
    Description,
    Price,
    Location,
    ExpiresInDays,
    Radius,
    Notify,
    Message,
    Rating,
    Comment,
    PrivateReason,
    DrawDays,
    Winners,
    Note,
    Settlement,
    Name,
    Address,
    Website,
    Contact,
    Categories,
    Invitee,
    MemberRole,
    Accessibility,
    Skills,
    MinAge,
    Slots,
    StartsAt,
    EndsAt,
    Capacity,
    Minutes,
    Logo,
    Hours,
    Question,
    Answer,
    Venue,
}

/// Why a value was refused; each code has a translated message on the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorCode {
    Required,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    InvalidEmail,
    EmailTaken,
    WeakPassword,
    UnknownChoice,
    OutOfRange {
        min: i64,
        max: i64,
    },
    InvalidLocation,
    /// A web address that is not `http(s)://host.tld…`.
    InvalidUrl,
    /// A moment that has already passed.
    InThePast,
    /// An end before the start (or too long after it).
    EndsBeforeStart,
    /// A file that is not a PNG, JPEG or WebP image.
    NotAnImage,
    /// A file over `max_kb` kilobytes.
    FileTooLarge {
        max_kb: u32,
    },
    /// An image wider or taller than `max_px` pixels.
    ImageTooLarge {
        max_px: u32,
    },
    /// Opening hours that cannot be read ("9h-12h, 14h-17h30" is the expected form) or whose
    /// slots overlap.
    InvalidHours,
    /// A date that cannot be read (`YYYY-MM-DD` is expected).
    InvalidDate,
    /// A limit on how often something may change (a home moves a few times a day).
    TooManyMoves {
        per_day: u32,
    },
}

/// One refused field and the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub code: ErrorCode,
}

impl FieldError {
    /// Shorthand used by the parsers.
    pub const fn new(field: Field, code: ErrorCode) -> Self {
        Self { field, code }
    }
}

/// Every failure a server function can report to the client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Not logged in, or wrong credentials.
    #[error("unauthorized")]
    Unauthorized,
    /// Logged in but not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    /// One or more fields were refused; the form shows each next to its field.
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    /// The request conflicts with the current state (for example a stale edit).
    #[error("conflict")]
    Conflict,
    #[error("too many attempts")]
    RateLimited,
    /// The payer's balance is below the price (after their discount).
    #[error("balance {balance} is below the price {price}")]
    InsufficientBalance { balance: i64, price: i64 },
    /// The gift policy's daily quota of requests and proposals is used up.
    #[error("daily quota of {per_day} reached")]
    QuotaReached { per_day: u32 },
    /// Lots will be drawn for this listing: its author does not choose by hand, and once the
    /// deadline has passed nobody may ask until the draw has run.
    /// A person may create only so many of something a day (listings, associations,
    /// activities), so no one account can flood the map or the lists.
    #[error("daily limit of {per_day} reached")]
    DailyLimit { per_day: u32 },
    #[error("a draw is pending")]
    DrawPending,
    /// An account whose e-mail address is not proven yet made its `per_day` proposals of the
    /// day (`backend::verification`).
    #[error("unverified address: {per_day} proposals a day")]
    Unverified { per_day: u32 },
    /// Details are in the server log, never in the answer.
    /// The request itself could not be read (malformed body, wrong types, missing arguments):
    /// answered 400, never 500.
    #[error("bad request")]
    BadRequest,
    #[error("internal error")]
    Internal,
    /// The request did not reach the server function or its answer could not be read.
    #[error("network: {0}")]
    Network(String),
    /// Never sent by the server: the phone's service worker (`server/src/sw.js`) answers this
    /// when it has kept the request in its outbox, to be sent when the connection comes back.
    #[error("queued on the phone")]
    Queued,
}

impl AppError {
    /// A single-field validation error.
    pub fn field(field: Field, code: ErrorCode) -> Self {
        Self::Validation(vec![FieldError::new(field, code)])
    }

    /// The field errors, if this is a validation error.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Validation(errors) => errors,
            _ => &[],
        }
    }

    /// The HTTP status this error is answered with.
    pub const fn status(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Unauthorized => 401,
            Self::Forbidden | Self::Unverified { .. } => 403,
            Self::Validation(_) => 422,
            Self::BadRequest => 400,
            Self::Conflict | Self::DrawPending => 409,
            Self::RateLimited | Self::QuotaReached { .. } | Self::DailyLimit { .. } => 429,
            Self::InsufficientBalance { .. } => 409,
            Self::Internal | Self::Network(_) => 500,
            Self::Queued => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = super::codec::JsonTextEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // What the server could not decode from the request is the client's mistake.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => Self::BadRequest,
            other => Self::Network(other.to_string()),
        }
    }
}

/// Collects field errors while parsing a whole form, so the user sees all of them at once.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    /// Keeps the value if it parsed, records the error otherwise.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}
