//! Exchanges: from "I can help" to "thank you". Their states, who may move them, when a
//! confirmation completes one, and what the pages show. Pure rules; `backend::exchanges` stores
//! them and moves the currency.

use serde::{Deserialize, Serialize};

use super::error::{AppError, ErrorCode, Field, FieldError};
use super::ledger::Amount;
use super::listing::ListingKind;
use super::vocab::{Code, DAY};

/// Where an exchange stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExchangeState {
    /// Someone offered help or asked for the item; the listing's author has not answered.
    Proposed,
    /// The author said yes; any price is held in escrow.
    Accepted,
    /// Both confirmed (or one did and the other did not answer in time); the price went to the
    /// giver.
    Completed,
    /// One side called it off; any held price went back.
    Cancelled,
    /// The author said no.
    Declined,
    /// One side says it did not happen as agreed; the price stays held for a moderator.
    Disputed,
}

impl Code for ExchangeState {
    const CHOICES: &'static [Self] = &[
        Self::Proposed,
        Self::Accepted,
        Self::Completed,
        Self::Cancelled,
        Self::Declined,
        Self::Disputed,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Accepted => "accepted",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::Declined => "declined",
            Self::Disputed => "disputed",
        }
    }
}

impl ExchangeState {
    /// Still in progress: the pair can talk and act.
    pub const fn is_open(self) -> bool {
        matches!(self, Self::Proposed | Self::Accepted)
    }
}

/// What a person asks to do with an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExchangeAction {
    Accept,
    Decline,
    Cancel,
    Confirm,
    Dispute,
}

/// The two sides of an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    /// The listing's author, who accepts or declines.
    Author,
    /// The person who proposed.
    Proposer,
}

/// Who gives in an exchange on a listing of this kind: the author of an offer, the proposer on
/// a request.
pub const fn giver_side(kind: ListingKind) -> Side {
    match kind {
        ListingKind::Offer => Side::Author,
        ListingKind::Request => Side::Proposer,
    }
}

/// The state an action leads to, or `None` when it is not allowed from here by this side.
/// `Confirm` answers `Accepted` while the other side has not confirmed (see [`completes`]).
pub fn next_state(
    state: ExchangeState,
    action: ExchangeAction,
    side: Side,
) -> Option<ExchangeState> {
    use ExchangeAction as A;
    use ExchangeState as S;
    match (state, action, side) {
        (S::Proposed, A::Accept, Side::Author) => Some(S::Accepted),
        (S::Proposed, A::Decline, Side::Author) => Some(S::Declined),
        (S::Proposed, A::Cancel, Side::Proposer) | (S::Accepted, A::Cancel, _) => {
            Some(S::Cancelled)
        }
        (S::Accepted, A::Confirm, _) => Some(S::Accepted),
        (S::Accepted, A::Dispute, _) => Some(S::Disputed),
        _ => None,
    }
}

/// Whether `actor` may cancel an accepted exchange. Once the giver has said it happened, the
/// receiver can no longer take the held price back by cancelling: they confirm, or report a
/// problem for a moderator to settle. The giver may still cancel (which refunds the receiver).
pub const fn may_cancel(actor: Side, giver: Side, giver_confirmed: bool) -> bool {
    let actor_gives = matches!(
        (actor, giver),
        (Side::Author, Side::Author) | (Side::Proposer, Side::Proposer)
    );
    actor_gives || !giver_confirmed
}

/// Whether an accepted exchange is complete: both confirmed, or one confirmed at least
/// `timeout_days` ago and the other never answered.
pub fn completes(mine: Option<i64>, theirs: Option<i64>, now: i64, timeout_days: i64) -> bool {
    match (mine, theirs) {
        (Some(_), Some(_)) => true,
        (Some(one), None) | (None, Some(one)) => now - one >= timeout_days * DAY,
        (None, None) => false,
    }
}

/// How long one side's confirmation waits for the other before it completes the exchange alone.
pub const DEFAULT_CONFIRM_DAYS: i64 = 7;

/// The longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2_000;
/// Messages per page of a conversation.
pub const MESSAGES_PER_PAGE: u64 = 30;

/// A message's text, trimmed, 1 to [`MAX_MESSAGE_CHARS`] characters.
pub fn parse_message(body: &str) -> Result<String, FieldError> {
    let body = body.trim();
    let chars = body.chars().count();
    if chars == 0 {
        Err(FieldError::new(Field::Message, ErrorCode::Required))
    } else if chars > MAX_MESSAGE_CHARS {
        Err(FieldError::new(
            Field::Message,
            ErrorCode::TooLong {
                max: MAX_MESSAGE_CHARS as u32,
            },
        ))
    } else {
        Ok(body.to_owned())
    }
}

/// An optional message (a first message, why I decline): blank or absent is none, anything
/// else must be a valid [`parse_message`].
pub fn parse_optional_message(body: Option<&str>) -> Result<Option<String>, AppError> {
    match body.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => parse_message(text)
            .map(Some)
            .map_err(|e| AppError::Validation(vec![e])),
    }
}

/// A private reason for a bad experience: seen by moderators, used only as a ranking signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrivateReason {
    NoShow,
    Late,
    Rude,
}

impl Code for PrivateReason {
    const CHOICES: &'static [Self] = &[Self::NoShow, Self::Late, Self::Rude];
    fn code(self) -> &'static str {
        match self {
            Self::NoShow => "no_show",
            Self::Late => "late",
            Self::Rude => "rude",
        }
    }
}

/// A review as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReviewForm {
    /// "1" to "5".
    pub rating: String,
    pub comment: String,
    /// Empty, or a [`PrivateReason`] code.
    pub private_reason: String,
}

/// A parsed review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub rating: u8,
    pub comment: String,
    pub private_reason: Option<PrivateReason>,
}

/// The longest review comment, in characters.
pub const MAX_REVIEW_CHARS: usize = 500;

impl ReviewForm {
    /// Every refused field at once.
    pub fn parse(&self) -> Result<Review, super::AppError> {
        let mut errors = super::error::Errors::default();
        let rating = errors.take(
            self.rating
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|r| (1..=5).contains(r))
                .ok_or(FieldError::new(
                    Field::Rating,
                    ErrorCode::OutOfRange { min: 1, max: 5 },
                )),
        );
        let comment = self.comment.trim().to_owned();
        if comment.chars().count() > MAX_REVIEW_CHARS {
            errors.take::<()>(Err(FieldError::new(
                Field::Comment,
                ErrorCode::TooLong {
                    max: MAX_REVIEW_CHARS as u32,
                },
            )));
        }
        let private_reason =
            match self.private_reason.trim() {
                "" => Some(None),
                code => errors.take(PrivateReason::from_code(code).map(Some).ok_or(
                    FieldError::new(Field::PrivateReason, ErrorCode::UnknownChoice),
                )),
            };
        errors.finish()?;
        match (rating, private_reason) {
            (Some(rating), Some(private_reason)) => Ok(Review {
                rating,
                comment,
                private_reason,
            }),
            _ => Err(super::AppError::Internal),
        }
    }
}

/// One change of state, for the history shown on the exchange page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateChange {
    pub state: ExchangeState,
    /// Who made it; `None` when the system did (completion after the timeout) or a moderator
    /// did (then `by_moderator`).
    pub by: Option<String>,
    pub at: i64,
    /// A moderator settled the dispute with this change.
    pub by_moderator: bool,
    /// The moderator's reason, shown to both people.
    pub note: Option<String>,
}

/// An exchange as one of its two people sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeView {
    pub id: i64,
    pub listing_id: i64,
    pub listing_title: String,
    pub listing_kind: ListingKind,
    pub state: ExchangeState,
    pub my_side: Side,
    /// Whether I am the one who gives.
    pub i_give: bool,
    pub other_id: i64,
    pub other_name: String,
    /// The listed price.
    pub list_price: Amount,
    /// What the receiver pays (held at acceptance): the listed price less their generosity
    /// discount; before acceptance, what it would be now.
    pub price: Amount,
    pub i_confirmed: bool,
    pub other_confirmed: bool,
    /// Whether I may still cancel (see [`may_cancel`]).
    pub can_cancel: bool,
    pub history: Vec<StateChange>,
    /// My review of the other person, once written.
    pub my_review: Option<u8>,
    pub unread: u64,
    pub created_at: i64,
}

/// A line of the "my exchanges" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeSummary {
    pub id: i64,
    pub listing_title: String,
    pub state: ExchangeState,
    pub other_name: String,
    pub i_give: bool,
    pub price: Amount,
    pub unread: u64,
    pub updated_at: i64,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub mine: bool,
    pub author_name: String,
    pub body: String,
    pub at: i64,
}

/// A page of a conversation, oldest first; `older` is set when there are earlier messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagePage {
    pub messages: Vec<MessageView>,
    /// Pass as `before` to read the previous page.
    pub older: Option<i64>,
}

/// A published review (never its private reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub author_id: i64,
    pub author_name: String,
    pub rating: u8,
    pub comment: String,
    pub at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use ExchangeAction as A;
    use ExchangeState as S;

    #[test]
    fn only_the_author_accepts_or_declines_a_proposal() {
        assert_eq!(
            next_state(S::Proposed, A::Accept, Side::Author),
            Some(S::Accepted)
        );
        assert_eq!(
            next_state(S::Proposed, A::Decline, Side::Author),
            Some(S::Declined)
        );
        assert_eq!(next_state(S::Proposed, A::Accept, Side::Proposer), None);
        assert_eq!(next_state(S::Proposed, A::Decline, Side::Proposer), None);
        // The proposer may withdraw; the author declines instead of cancelling.
        assert_eq!(
            next_state(S::Proposed, A::Cancel, Side::Proposer),
            Some(S::Cancelled)
        );
        assert_eq!(next_state(S::Proposed, A::Cancel, Side::Author), None);
    }

    #[test]
    fn accepted_exchanges_can_be_confirmed_cancelled_or_disputed_by_either_side() {
        for side in [Side::Author, Side::Proposer] {
            assert_eq!(next_state(S::Accepted, A::Confirm, side), Some(S::Accepted));
            assert_eq!(next_state(S::Accepted, A::Cancel, side), Some(S::Cancelled));
            assert_eq!(next_state(S::Accepted, A::Dispute, side), Some(S::Disputed));
            assert_eq!(next_state(S::Accepted, A::Accept, side), None);
        }
    }

    #[test]
    fn the_receiver_cannot_cancel_once_the_giver_confirmed() {
        for giver in [Side::Author, Side::Proposer] {
            let receiver = match giver {
                Side::Author => Side::Proposer,
                Side::Proposer => Side::Author,
            };
            assert!(may_cancel(receiver, giver, false));
            assert!(!may_cancel(receiver, giver, true));
            assert!(may_cancel(giver, giver, false));
            assert!(may_cancel(giver, giver, true));
        }
    }

    #[test]
    fn finished_exchanges_do_not_move() {
        for state in [S::Completed, S::Cancelled, S::Declined, S::Disputed] {
            for action in [A::Accept, A::Decline, A::Cancel, A::Confirm, A::Dispute] {
                for side in [Side::Author, Side::Proposer] {
                    assert_eq!(
                        next_state(state, action, side),
                        None,
                        "{state:?} {action:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn one_confirmation_completes_after_the_timeout() {
        let day = DAY;
        assert!(completes(Some(0), Some(5), 10, 7));
        assert!(!completes(Some(0), None, 7 * day - 1, 7));
        assert!(completes(Some(0), None, 7 * day, 7));
        assert!(completes(None, Some(0), 7 * day, 7));
        assert!(!completes(None, None, 100 * day, 7));
    }

    #[test]
    fn the_giver_is_the_author_of_an_offer_and_the_proposer_on_a_request() {
        assert_eq!(giver_side(ListingKind::Offer), Side::Author);
        assert_eq!(giver_side(ListingKind::Request), Side::Proposer);
    }

    #[test]
    fn messages_are_trimmed_and_bounded() {
        assert_eq!(parse_message("  hello "), Ok("hello".to_owned()));
        assert!(parse_message("   ").is_err());
        assert!(parse_message(&"ا".repeat(MAX_MESSAGE_CHARS)).is_ok());
        assert!(parse_message(&"ا".repeat(MAX_MESSAGE_CHARS + 1)).is_err());
    }

    #[test]
    fn reviews_report_every_bad_field() {
        let ok = ReviewForm {
            rating: "4".into(),
            comment: " Kind and on time ".into(),
            private_reason: String::new(),
        };
        assert_eq!(
            ok.parse(),
            Ok(Review {
                rating: 4,
                comment: "Kind and on time".into(),
                private_reason: None
            })
        );
        let private = ReviewForm {
            rating: "1".into(),
            private_reason: "no_show".into(),
            ..ReviewForm::default()
        };
        assert_eq!(
            private.parse().map(|r| r.private_reason),
            Ok(Some(PrivateReason::NoShow))
        );
        let bad = ReviewForm {
            rating: "6".into(),
            comment: "x".repeat(MAX_REVIEW_CHARS + 1),
            private_reason: "grumpy".into(),
        };
        let fields: Vec<Field> = bad
            .parse()
            .expect_err("bad")
            .field_errors()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [Field::Rating, Field::Comment, Field::PrivateReason]
        );
    }
}
