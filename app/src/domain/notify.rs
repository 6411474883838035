//! Matches, notifications and alerts as the user sees them.

use serde::{Deserialize, Serialize};

use super::error::{AppError, ErrorCode, Errors, Field, FieldError};
use super::geo::{DistanceBand, GeoPoint};
use super::listing::{Category, ListingKind};
use super::matching::Factor;
use super::view::ListingSummary;
use super::vocab::Code;
use super::vocab::parse_radius_km;

/// Which matches a user is notified of; every match stays visible on the listing's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NotifyPreference {
    /// Every new match.
    All,
    /// Only the best few of each listing.
    #[default]
    Best,
    /// No match notifications (saved alerts still notify).
    None,
}

impl Code for NotifyPreference {
    const CHOICES: &'static [Self] = &[Self::All, Self::Best, Self::None];
    fn code(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Best => "best",
            Self::None => "none",
        }
    }
}

/// A kind of e-mail that brings people back, each of which the person can switch off (on the
/// profile, or with the one-click link in every such e-mail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailKind {
    /// Someone proposed on one of my listings.
    Proposal,
    /// My proposal was accepted or declined.
    Answer,
    /// Something left unread in one of my exchanges for a while.
    Message,
    /// An event or mission I registered for starts tomorrow.
    Reminder,
    /// A place freed up for me on a waiting list.
    Waitlist,
    /// Once a day, the new matches and alerts I have not read.
    Digest,
}

impl Code for MailKind {
    const CHOICES: &'static [Self] = &[
        Self::Proposal,
        Self::Answer,
        Self::Message,
        Self::Reminder,
        Self::Waitlist,
        Self::Digest,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Proposal => "proposal",
            Self::Answer => "answer",
            Self::Message => "message",
            Self::Reminder => "reminder",
            Self::Waitlist => "waitlist",
            Self::Digest => "digest",
        }
    }
}

/// The kinds switched off, as stored (`proposal,answer`); unknown codes are ignored.
pub fn mail_off_from_stored(stored: &str) -> Vec<MailKind> {
    stored
        .split(',')
        .filter_map(|c| MailKind::from_code(c.trim()))
        .collect()
}

/// The kinds switched off, to store.
pub fn mail_off_to_stored(off: &[MailKind]) -> String {
    MailKind::CHOICES
        .iter()
        .filter(|k| off.contains(k))
        .map(|k| k.code())
        .collect::<Vec<_>>()
        .join(",")
}

/// Where a match stands for the person it is shown to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchState {
    New,
    Seen,
    /// "Not relevant": hidden, and the pair is never proposed again.
    Dismissed,
    /// The person opened the other listing from the match.
    Acted,
}

impl Code for MatchState {
    const CHOICES: &'static [Self] = &[Self::New, Self::Seen, Self::Dismissed, Self::Acted];
    fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Seen => "seen",
            Self::Dismissed => "dismissed",
            Self::Acted => "acted",
        }
    }
}

/// A match of one of my listings: the other listing, the score and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchView {
    pub id: i64,
    pub state: MatchState,
    pub points: u32,
    pub factors: Vec<Factor>,
    pub other: ListingSummary,
    pub other_author: String,
    pub created_at: i64,
}

/// What a notification is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NotificationTopic {
    /// A new match for one of my listings.
    Match {
        match_id: i64,
        mine_id: i64,
        mine_title: String,
        points: u32,
        factors: Vec<Factor>,
    },
    /// A new listing fits one of my saved alerts.
    Alert {
        alert_id: i64,
        distance: DistanceBand,
    },
}

/// One notification, with the listing it points to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub created_at: i64,
    pub read: bool,
    pub topic: NotificationTopic,
    pub listing: ListingSummary,
}

/// A saved search as typed; `kind`/`category` empty mean "any".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertForm {
    pub kind: String,
    pub category: String,
    pub center: Option<GeoPoint>,
    pub radius_km: String,
}

/// A saved search that passed the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertDraft {
    pub kind: Option<ListingKind>,
    pub category: Option<Category>,
    pub center: GeoPoint,
    pub radius_m: i64,
}

fn optional<T: Code>(field: Field, raw: &str) -> Result<Option<T>, FieldError> {
    match raw.trim() {
        "" => Ok(None),
        code => T::from_code(code)
            .map(Some)
            .ok_or(FieldError::new(field, ErrorCode::UnknownChoice)),
    }
}

impl AlertForm {
    /// Checks every field; all errors at once.
    pub fn parse(&self) -> Result<AlertDraft, AppError> {
        let mut errors = Errors::default();
        let kind = errors.take(optional::<ListingKind>(Field::Kind, &self.kind));
        let category = errors.take(optional::<Category>(Field::Category, &self.category));
        let center = errors.take(match self.center {
            Some(p) => GeoPoint::parse(p.lat, p.lng),
            None => Err(FieldError::new(Field::Location, ErrorCode::Required)),
        });
        let radius = errors.take(parse_radius_km(&self.radius_km));
        errors.finish()?;
        match (kind, category, center, radius) {
            (Some(kind), Some(category), Some(center), Some(km)) => Ok(AlertDraft {
                kind,
                category,
                center,
                radius_m: km * 1_000,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

/// A saved search as its owner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertView {
    pub id: i64,
    pub kind: Option<ListingKind>,
    pub category: Option<Category>,
    /// The public stand-in for the centre.
    pub area: GeoPoint,
    pub radius_km: i64,
    pub created_at: i64,
}

/// The most alerts one person may keep.
pub const MAX_ALERTS: u64 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_form_parses_or_reports_every_field() {
        let ok = AlertForm {
            kind: "offer".into(),
            category: "".into(),
            center: Some(GeoPoint {
                lat: 48.85,
                lng: 2.35,
            }),
            radius_km: "3".into(),
        }
        .parse()
        .expect("valid");
        assert_eq!(ok.kind, Some(ListingKind::Offer));
        assert_eq!(ok.category, None);
        assert_eq!(ok.radius_m, 3_000);

        let err = AlertForm {
            kind: "swap".into(),
            category: "weapons".into(),
            center: None,
            radius_km: "2".into(),
        }
        .parse()
        .expect_err("invalid");
        let fields: Vec<Field> = err.field_errors().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![Field::Kind, Field::Category, Field::Location, Field::Radius]
        );
    }

    #[test]
    fn preference_codes_round_trip() {
        for p in NotifyPreference::CHOICES {
            assert_eq!(NotifyPreference::from_code(p.code()), Some(*p));
        }
        assert_eq!(NotifyPreference::default(), NotifyPreference::Best);
    }
}
