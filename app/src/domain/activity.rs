//! What associations run: events open to everyone and volunteer missions, each with one or more
//! time slots of a given capacity. People sign up to a slot; when it is full they wait in line
//! and move up, in order, when someone cancels.

use serde::{Deserialize, Serialize};

use super::accessibility::{Answers, Fit, Need, fit_in};
use super::association::optional_text;
use super::error::{AppError, ErrorCode, Errors, Field, FieldError};
use super::geo::GeoPoint;
use super::listing::Category;
use super::user::Languages;
use super::vocab::{Code, choice, in_range, text};

/// An event (one time, open to the community) or a volunteer mission (one or more slots).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActivityKind {
    Event,
    Mission,
}

impl Code for ActivityKind {
    const CHOICES: &'static [Self] = &[Self::Event, Self::Mission];
    fn code(self) -> &'static str {
        match self {
            Self::Event => "event",
            Self::Mission => "mission",
        }
    }
}

/// Where one person stands on one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SignupStatus {
    /// Applied to a mission that the association accepts by hand.
    Pending,
    /// Has a place.
    Registered,
    /// The slot was full: in line, moved up in order.
    Waiting,
    /// Left (or was removed) before the slot.
    Cancelled,
    /// The association said no.
    Declined,
    /// Came; their minutes are recorded.
    Attended,
    /// Had a place but did not come.
    Absent,
}

impl Code for SignupStatus {
    const CHOICES: &'static [Self] = &[
        Self::Pending,
        Self::Registered,
        Self::Waiting,
        Self::Cancelled,
        Self::Declined,
        Self::Attended,
        Self::Absent,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Registered => "registered",
            Self::Waiting => "waiting",
            Self::Cancelled => "cancelled",
            Self::Declined => "declined",
            Self::Attended => "attended",
            Self::Absent => "absent",
        }
    }
}

impl SignupStatus {
    /// Still signed up (may cancel).
    pub fn active(self) -> bool {
        matches!(self, Self::Pending | Self::Registered | Self::Waiting)
    }
}

/// What a person is told about an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    /// A place freed up and they moved from the waiting list to registered.
    Promoted,
    /// The association accepted their application.
    Accepted,
    /// The association declined it.
    Declined,
    /// A message from the association to everyone signed up.
    Announcement,
    /// They were added to an association.
    Invited,
}

impl Code for NoticeKind {
    const CHOICES: &'static [Self] = &[
        Self::Promoted,
        Self::Accepted,
        Self::Declined,
        Self::Announcement,
        Self::Invited,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Promoted => "promoted",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Announcement => "announcement",
            Self::Invited => "invited",
        }
    }
}

/// Limits of a slot.
pub const MAX_CAPACITY: i64 = 10_000;
pub const MAX_SLOT_SECONDS: i64 = 14 * 86_400;
pub const MAX_SLOTS: usize = 20;

/// The people a manager marks absent when completing a slot, as a set. No slot holds more
/// people than [`MAX_CAPACITY`]: a longer list is not one a page could send, and is refused
/// before any work.
pub fn parse_absent(absent: Vec<i64>) -> Result<std::collections::BTreeSet<i64>, AppError> {
    if absent.len() > usize::try_from(MAX_CAPACITY).unwrap_or(usize::MAX) {
        return Err(AppError::BadRequest);
    }
    Ok(absent.into_iter().collect())
}
pub const MAX_ANNOUNCEMENT_CHARS: u32 = 1_000;

/// One slot as the form sends it: times in seconds since the epoch (the browser turns the local
/// date and time typed into them), capacity as typed (blank: no limit).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SlotForm {
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: String,
}

/// A slot that passed the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotDraft {
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
}

/// A capacity as typed: blank for no limit, or 1 to [`MAX_CAPACITY`].
pub fn parse_capacity(raw: &str) -> Result<Option<i64>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        in_range(Field::Capacity, raw, 1, MAX_CAPACITY).map(Some)
    }
}

impl SlotForm {
    /// A slot must start in the future and last at most [`MAX_SLOT_SECONDS`].
    pub fn parse(&self, now: i64) -> Result<SlotDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.starts_at <= now {
            errors.push(FieldError::new(Field::StartsAt, ErrorCode::InThePast));
        }
        if self.ends_at <= self.starts_at || self.ends_at - self.starts_at > MAX_SLOT_SECONDS {
            errors.push(FieldError::new(Field::EndsAt, ErrorCode::EndsBeforeStart));
        }
        let capacity = parse_capacity(&self.capacity).map_err(|e| errors.push(e));
        match capacity {
            Ok(capacity) if errors.is_empty() => Ok(SlotDraft {
                starts_at: self.starts_at,
                ends_at: self.ends_at,
                capacity,
            }),
            _ => Err(errors),
        }
    }
}

/// An event or a mission as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityForm {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub online: bool,
    pub address: String,
    pub location: Option<GeoPoint>,
    /// The venue it is held at, if any: its address, point and accessibility are the venue's.
    #[serde(default)]
    pub venue: Option<i64>,
    pub languages: Vec<String>,
    /// Missions: skills wanted, comma-separated.
    pub skills: String,
    /// Missions: blank, or the minimum age.
    pub min_age: String,
    /// Missions: accept applicants without a manager's answer.
    pub auto_accept: bool,
    /// Events: people register (otherwise they just come).
    pub registration: bool,
    /// Used when the activity is created; an event has exactly one.
    pub slots: Vec<SlotForm>,
}

impl Default for ActivityForm {
    fn default() -> Self {
        Self {
            kind: ActivityKind::Event.code().to_owned(),
            title: String::new(),
            description: String::new(),
            category: String::new(),
            online: false,
            address: String::new(),
            location: None,
            venue: None,
            languages: Vec::new(),
            skills: String::new(),
            min_age: String::new(),
            auto_accept: false,
            registration: true,
            slots: vec![SlotForm::default()],
        }
    }
}

/// An activity that passed the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityDraft {
    pub kind: ActivityKind,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub online: bool,
    pub address: String,
    pub location: Option<GeoPoint>,
    /// Held at this venue (never when online): the backend takes the address and point from it.
    pub venue: Option<i64>,
    pub languages: Languages,
    pub skills: Vec<String>,
    pub min_age: Option<i64>,
    pub auto_accept: bool,
    pub registration: bool,
    pub slots: Vec<SlotDraft>,
}

impl ActivityForm {
    /// Parses every field, all errors at once. `with_slots` is false when an existing activity
    /// is edited (its slots are changed one by one).
    pub fn parse(&self, now: i64, with_slots: bool) -> Result<ActivityDraft, AppError> {
        let mut errors = Errors::default();
        let kind = errors.take(choice::<ActivityKind>(Field::Kind, &self.kind));
        let title = errors.take(text(Field::Title, &self.title, 3, 120));
        let description = errors.take(text(Field::Description, &self.description, 10, 4_000));
        let category = errors.take(choice(Field::Category, &self.category));
        let venue = self.venue.filter(|_| !self.online);
        let (address, location) = if self.online {
            (
                errors.take(optional_text(Field::Address, &self.address, 200)),
                Some(None),
            )
        } else if venue.is_some() {
            // The venue's own address and point replace these.
            (Some(String::new()), Some(None))
        } else {
            (
                errors.take(text(Field::Address, &self.address, 3, 200)),
                errors.take(match self.location {
                    Some(p) => GeoPoint::parse(p.lat, p.lng).map(Some),
                    None => Err(FieldError::new(Field::Location, ErrorCode::Required)),
                }),
            )
        };
        let languages = errors.take(Languages::parse(&self.languages));
        let skills = errors.take(super::vocab::parse_skills(&self.skills));
        let min_age = errors.take(if self.min_age.trim().is_empty() {
            Ok(None)
        } else {
            in_range(Field::MinAge, &self.min_age, 1, 99).map(Some)
        });
        let mut slots = Vec::new();
        if with_slots {
            let wanted = match kind {
                Some(ActivityKind::Event) => 1..=1,
                _ => 1..=MAX_SLOTS,
            };
            if !wanted.contains(&self.slots.len()) {
                errors.take::<()>(Err(FieldError::new(
                    Field::Slots,
                    ErrorCode::OutOfRange {
                        min: *wanted.start() as i64,
                        max: *wanted.end() as i64,
                    },
                )));
            }
            for slot in &self.slots {
                match slot.parse(now) {
                    Ok(slot) => slots.push(slot),
                    Err(found) => {
                        for e in found {
                            errors.take::<()>(Err(e));
                        }
                    }
                }
            }
        }
        errors.finish()?;
        match (
            kind,
            title,
            description,
            category,
            address,
            location,
            languages,
            skills,
            min_age,
        ) {
            (
                Some(kind),
                Some(title),
                Some(description),
                Some(category),
                Some(address),
                Some(location),
                Some(languages),
                Some(skills),
                Some(min_age),
            ) => Ok(ActivityDraft {
                kind,
                title,
                description,
                category,
                online: self.online,
                address,
                location,
                venue,
                languages,
                skills,
                min_age,
                auto_accept: kind == ActivityKind::Mission && self.auto_accept,
                registration: kind == ActivityKind::Mission || self.registration,
                slots,
            }),
            _ => Err(AppError::Internal),
        }
    }
}

/// A message to everyone signed up.
pub fn parse_announcement(raw: &str) -> Result<String, FieldError> {
    text(Field::Message, raw, 1, MAX_ANNOUNCEMENT_CHARS)
}

/// The viewer's own sign-up on a slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MySignup {
    pub status: SignupStatus,
    /// Their place in the waiting list, from 1, while waiting.
    pub waiting_position: Option<i64>,
    pub minutes: Option<i64>,
}

/// One slot as anyone sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlotView {
    pub id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub registered: i64,
    pub waiting: i64,
    /// `None` when there is no limit.
    pub places_left: Option<i64>,
    pub completed: bool,
    pub mine: Option<MySignup>,
}

/// The venue an activity is held at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeldAt {
    pub id: i64,
    pub name: String,
    /// Its level for every need (`accessibility::levels_code`).
    pub access: String,
}

/// How an activity's place suits someone's needs: online it suits, at no venue nobody has said,
/// at a venue the venue's levels tell.
pub fn fit_for(online: bool, venue: Option<&HeldAt>, needs: &[Need]) -> Fit {
    match (online, venue) {
        (true, _) => Fit::Suits,
        (false, Some(v)) => fit_in(&v.access, needs),
        (false, None) if needs.is_empty() => Fit::Suits,
        (false, None) => Fit::Unknown,
    }
}

/// An activity in a list or on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivitySummary {
    pub id: i64,
    pub kind: ActivityKind,
    pub title: String,
    pub category: Category,
    pub association_id: i64,
    pub association_name: String,
    pub verified: bool,
    pub online: bool,
    pub address: String,
    pub location: Option<GeoPoint>,
    pub venue: Option<HeldAt>,
    /// How its place suits the reader's own accessibility needs (`None` when they gave none):
    /// online, it suits; at no venue, unknown.
    pub for_you: Option<Fit>,
    pub languages: Vec<String>,
    /// Missions: skills wanted.
    pub skills: Vec<String>,
    /// The next slot that has not ended.
    pub starts_at: i64,
    pub ends_at: i64,
    pub places_left: Option<i64>,
}

/// An activity's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityView {
    pub id: i64,
    pub kind: ActivityKind,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub association_id: i64,
    pub association_name: String,
    pub verified: bool,
    pub online: bool,
    pub address: String,
    pub location: Option<GeoPoint>,
    pub venue: Option<HeldAt>,
    /// The venue's current answers (none without a venue). Read by the page the server
    /// renders, never sent: the browser's islands do not use them.
    #[serde(skip)]
    pub venue_answers: Answers,
    /// The reader's own accessibility needs (theirs only: their profile, or this browser's
    /// choice), to say whether the place suits them. Rendered by the server, never sent.
    #[serde(skip)]
    pub my_needs: Vec<Need>,
    pub languages: Vec<String>,
    pub skills: Vec<String>,
    pub min_age: Option<i64>,
    pub auto_accept: bool,
    pub registration: bool,
    pub slots: Vec<SlotView>,
    /// The viewer manages the association: may edit, see who signed up, announce.
    pub can_manage: bool,
}

impl ActivityView {
    /// The activity's form, to edit it (its slots are edited one by one).
    pub fn to_form(&self) -> ActivityForm {
        ActivityForm {
            kind: self.kind.code().to_owned(),
            title: self.title.clone(),
            description: self.description.clone(),
            category: self.category.code().to_owned(),
            online: self.online,
            address: self.address.clone(),
            location: self.location,
            venue: self.venue.as_ref().map(|v| v.id),
            languages: self.languages.clone(),
            skills: self.skills.join(", "),
            min_age: self.min_age.map(|a| a.to_string()).unwrap_or_default(),
            auto_accept: self.auto_accept,
            registration: self.registration,
            slots: Vec::new(),
        }
    }
}

/// A mission proposed to someone for their skills and area, with why (the matcher's reasons).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub activity: ActivitySummary,
    pub fit: super::matching::Scored,
}

/// Someone signed up, as the association's managers see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignupView {
    pub id: i64,
    pub slot_id: i64,
    pub user_id: i64,
    pub name: String,
    pub status: SignupStatus,
    pub waiting_position: Option<i64>,
    pub minutes: Option<i64>,
    pub at: i64,
}

/// A notice about an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeView {
    pub id: i64,
    pub kind: NoticeKind,
    pub association_id: i64,
    /// `None` for a notice about the association itself (added to it).
    pub activity_id: Option<i64>,
    pub activity_title: String,
    pub association_name: String,
    pub slot_starts_at: Option<i64>,
    pub body: Option<String>,
    pub read: bool,
    pub at: i64,
}

/// One completed slot on a volunteer's certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoursLine {
    pub activity_title: String,
    pub starts_at: i64,
    pub minutes: i64,
}

/// A volunteer's hours for one association, signed with its name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    pub volunteer_name: String,
    pub association_id: i64,
    pub association_name: String,
    pub association_address: String,
    /// The association's logo's address, if it has one.
    pub association_logo: Option<String>,
    pub verified: bool,
    pub lines: Vec<HoursLine>,
    pub total_minutes: i64,
    pub issued_at: i64,
}

/// What the upcoming list can be narrowed to; blank strings mean "any".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpcomingFilter {
    pub kind: String,
    pub category: String,
    /// "Accessible to me": only what suits the reader's own needs, or might.
    #[serde(default)]
    pub mine: bool,
    /// Only slots starting on or after this moment (default: now).
    pub from: Option<i64>,
    /// Only slots starting before this moment.
    pub to: Option<i64>,
}

/// A parsed [`UpcomingFilter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upcoming {
    pub kind: Option<ActivityKind>,
    pub category: Option<Category>,
    /// The reader's own needs (added by the server; empty when they gave none): each line says
    /// how it suits them.
    pub needs: Vec<Need>,
    /// Leave out what does not suit `needs`.
    pub mine: bool,
    pub from: i64,
    pub to: Option<i64>,
}

impl UpcomingFilter {
    pub fn parse(&self, now: i64) -> Result<Upcoming, AppError> {
        fn any<T: Code>(field: Field, raw: &str) -> Result<Option<T>, FieldError> {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                choice(field, raw).map(Some)
            }
        }
        let mut errors = Errors::default();
        let kind = errors.take(any(Field::Kind, &self.kind));
        let category = errors.take(any(Field::Category, &self.category));
        errors.finish()?;
        Ok(Upcoming {
            kind: kind.flatten(),
            category: category.flatten(),
            needs: Vec::new(),
            mine: self.mine,
            from: self.from.unwrap_or(now).max(now),
            to: self.to,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn event() -> ActivityForm {
        ActivityForm {
            title: "Atelier cuisine".into(),
            description: "Cuisiner ensemble des plats du monde.".into(),
            category: "food".into(),
            address: "Maison de quartier".into(),
            location: Some(GeoPoint {
                lat: 45.76,
                lng: 4.84,
            }),
            languages: vec!["fr".into(), "ar".into()],
            slots: vec![SlotForm {
                starts_at: NOW + 3_600,
                ends_at: NOW + 7_200,
                capacity: "10".into(),
            }],
            ..ActivityForm::default()
        }
    }

    fn fields(e: AppError) -> Vec<Field> {
        e.field_errors().iter().map(|e| e.field).collect()
    }

    #[test]
    fn an_event_parses_with_one_slot() {
        let d = event().parse(NOW, true).expect("valid");
        assert_eq!(d.kind, ActivityKind::Event);
        assert_eq!(d.venue, None);
        assert_eq!(d.slots[0].capacity, Some(10));
        assert!(d.registration && !d.auto_accept);
    }

    #[test]
    fn an_event_has_exactly_one_slot_and_a_mission_up_to_twenty() {
        let mut two = event();
        two.slots.push(two.slots[0].clone());
        assert_eq!(
            fields(two.parse(NOW, true).expect_err("refused")),
            vec![Field::Slots]
        );
        two.kind = "mission".into();
        assert_eq!(two.parse(NOW, true).expect("valid").slots.len(), 2);
        two.slots = vec![two.slots[0].clone(); MAX_SLOTS + 1];
        assert_eq!(
            fields(two.parse(NOW, true).expect_err("refused")),
            vec![Field::Slots]
        );
        // Editing does not look at slots.
        assert!(two.parse(NOW, false).is_ok());
    }

    #[test]
    fn bad_slots_and_fields_are_all_reported() {
        let mut bad = event();
        bad.title = String::new();
        bad.location = None;
        bad.min_age = "0".into();
        bad.skills = "x".into();
        bad.slots = vec![SlotForm {
            starts_at: NOW - 1,
            ends_at: NOW - 10,
            capacity: "0".into(),
        }];
        assert_eq!(
            fields(bad.parse(NOW, true).expect_err("refused")),
            vec![
                Field::Title,
                Field::Location,
                Field::Skills,
                Field::MinAge,
                Field::StartsAt,
                Field::EndsAt,
                Field::Capacity
            ]
        );
    }

    #[test]
    fn online_needs_no_place() {
        let mut online = event();
        online.online = true;
        online.address = String::new();
        online.location = None;
        let d = online.parse(NOW, true).expect("valid");
        assert_eq!(d.location, None);
    }

    #[test]
    fn at_a_venue_the_place_is_the_venues_and_online_there_is_none() {
        let mut at = event();
        at.address = String::new();
        at.location = None;
        at.venue = Some(7);
        assert_eq!(at.parse(NOW, true).expect("valid").venue, Some(7));
        at.online = true;
        assert_eq!(at.parse(NOW, true).expect("valid").venue, None);
    }

    #[test]
    fn the_place_suits_online_tells_at_a_venue_and_is_unknown_elsewhere() {
        use crate::domain::accessibility::Fit;
        let needs = [Need::Wheelchair];
        let venue = |access: &str| HeldAt {
            id: 1,
            name: "Salle".into(),
            access: access.into(),
        };
        assert_eq!(fit_for(true, None, &needs), Fit::Suits);
        assert_eq!(fit_for(false, None, &needs), Fit::Unknown);
        assert_eq!(fit_for(false, None, &[]), Fit::Suits);
        assert_eq!(fit_for(false, Some(&venue("AAUUU")), &needs), Fit::Suits);
        assert_eq!(
            fit_for(false, Some(&venue("NAUUU")), &needs),
            Fit::DoesNotSuit
        );
        assert_eq!(fit_for(false, Some(&venue("UAUUU")), &needs), Fit::Unknown);
    }

    #[test]
    fn capacity_may_be_blank() {
        assert_eq!(parse_capacity(" "), Ok(None));
        assert_eq!(parse_capacity("3"), Ok(Some(3)));
        assert!(parse_capacity("10001").is_err());
        assert!(parse_capacity("-1").is_err());
    }

    #[test]
    fn filters_parse_and_never_look_back() {
        let f = UpcomingFilter {
            kind: "event".into(),
            mine: true,
            from: Some(NOW - 100),
            ..UpcomingFilter::default()
        }
        .parse(NOW)
        .expect("valid");
        assert_eq!(f.kind, Some(ActivityKind::Event));
        assert!(
            f.needs.is_empty(),
            "the needs are the reader's, added by the server"
        );
        assert_eq!(f.from, NOW);
        assert!(
            UpcomingFilter {
                category: "x".into(),
                ..UpcomingFilter::default()
            }
            .parse(NOW)
            .is_err()
        );
    }
}
