//! Moderation: who moderates, how a dispute is settled, and what a moderator sees. Moderators
//! are also the site's administrators; nobody else sees private reasons or reads a
//! conversation that is not theirs.

use serde::{Deserialize, Serialize};

use super::error::{AppError, ErrorCode, Field, FieldError};
use super::exchange::{ExchangeState, MessageView, PrivateReason};
use super::ledger::Amount;
use super::page::Paged;
use super::vocab::Code;

/// What an account may do beyond a member's rights.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    #[default]
    Member,
    /// Settles disputes, reads private reasons (and, with issue 5, verifies associations).
    Moderator,
}

impl Code for Role {
    const CHOICES: &'static [Self] = &[Self::Member, Self::Moderator];
    fn code(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Moderator => "moderator",
        }
    }
}

/// How a moderator settles a disputed exchange: the held price goes to the giver (the exchange
/// is completed) or back to the receiver (it is cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Settlement {
    Release,
    Refund,
}

impl Code for Settlement {
    const CHOICES: &'static [Self] = &[Self::Release, Self::Refund];
    fn code(self) -> &'static str {
        match self {
            Self::Release => "release",
            Self::Refund => "refund",
        }
    }
}

/// A settlement and its note, as the moderator's form sends them: both checked at once.
pub fn parse_settlement(settlement: &str, note: &str) -> Result<(Settlement, String), AppError> {
    let mut errors = Vec::new();
    let settlement = Settlement::from_code(settlement.trim());
    if settlement.is_none() {
        errors.push(FieldError::new(Field::Settlement, ErrorCode::UnknownChoice));
    }
    let note = parse_note(note).map_err(|e| errors.push(e)).ok();
    match (settlement, note) {
        (Some(settlement), Some(note)) => Ok((settlement, note)),
        _ => Err(AppError::Validation(errors)),
    }
}

impl Settlement {
    /// The state the exchange ends in.
    pub const fn outcome(self) -> ExchangeState {
        match self {
            Self::Release => ExchangeState::Completed,
            Self::Refund => ExchangeState::Cancelled,
        }
    }
}

/// The longest note a moderator writes when settling, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// A moderator's note, trimmed, 1 to [`MAX_NOTE_CHARS`] characters: both people read why.
pub fn parse_note(note: &str) -> Result<String, FieldError> {
    let note = note.trim();
    let chars = note.chars().count();
    if chars == 0 {
        Err(FieldError::new(Field::Note, ErrorCode::Required))
    } else if chars > MAX_NOTE_CHARS {
        Err(FieldError::new(
            Field::Note,
            ErrorCode::TooLong {
                max: MAX_NOTE_CHARS as u32,
            },
        ))
    } else {
        Ok(note.to_owned())
    }
}

/// A disputed exchange as a moderator sees it, with the conversation to judge by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeView {
    pub exchange_id: i64,
    pub listing_id: i64,
    pub listing_title: String,
    pub giver_id: i64,
    pub giver_name: String,
    pub receiver_id: i64,
    pub receiver_name: String,
    /// What escrow holds for this exchange.
    pub price: Amount,
    /// Who disputed it, and when.
    pub disputed_by: String,
    pub disputed_at: i64,
    /// The latest messages of the conversation, oldest first.
    pub messages: Vec<MessageView>,
}

/// A private reason left in a review, for moderators only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub exchange_id: i64,
    pub reporter_id: i64,
    pub reporter_name: String,
    pub subject_id: i64,
    pub subject_name: String,
    pub reason: PrivateReason,
    pub rating: u8,
    pub comment: String,
    pub at: i64,
    /// How many different people reported the subject within the ranking window.
    pub reporters: u32,
}

/// The moderation page: open disputes first, then the latest private reasons.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationView {
    /// One page of the disputes, oldest first.
    pub disputes: Paged<DisputeView>,
    pub reports: Vec<ReportView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_required_trimmed_and_bounded() {
        assert_eq!(
            parse_note("  \n "),
            Err(FieldError::new(Field::Note, ErrorCode::Required))
        );
        assert_eq!(
            parse_note("  No show, refunded. ").as_deref(),
            Ok("No show, refunded.")
        );
        let long = "é".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            parse_note(&long),
            Err(FieldError::new(
                Field::Note,
                ErrorCode::TooLong {
                    max: MAX_NOTE_CHARS as u32
                }
            ))
        );
        assert!(parse_note(&"é".repeat(MAX_NOTE_CHARS)).is_ok());
    }

    #[test]
    fn a_settlement_ends_the_dispute_one_way_or_the_other() {
        assert_eq!(Settlement::Release.outcome(), ExchangeState::Completed);
        assert_eq!(Settlement::Refund.outcome(), ExchangeState::Cancelled);
    }

    #[test]
    fn the_form_is_checked_whole() {
        assert_eq!(
            parse_settlement(" refund ", " Never came. "),
            Ok((Settlement::Refund, "Never came.".to_owned()))
        );
        assert_eq!(
            parse_settlement("release", "ok"),
            Ok((Settlement::Release, "ok".to_owned()))
        );
        assert_eq!(
            parse_settlement("split", ""),
            Err(AppError::Validation(vec![
                FieldError::new(Field::Settlement, ErrorCode::UnknownChoice),
                FieldError::new(Field::Note, ErrorCode::Required),
            ]))
        );
    }

    #[test]
    fn roles_read_back_from_their_codes() {
        for role in Role::CHOICES {
            assert_eq!(Role::from_code(role.code()), Some(*role));
        }
        assert_eq!(Role::from_code("admin"), None);
    }
}
