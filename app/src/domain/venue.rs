//! Venues: public places (a town hall, a library, a café…) whose accessibility people describe
//! question by question (`domain::accessibility`). A venue's address and point are public: it
//! is a place open to the public, never a home (the form says so); a moderator removes one that
//! is not (`remove_venue`), with its answers.

use serde::{Deserialize, Serialize};

use super::accessibility::{Answer, AnswerKind, Answers, Question, STALE_AFTER_DAYS};
use super::association::optional_text;
use super::error::{AppError, ErrorCode, Errors, Field, FieldError};
use super::geo::GeoPoint;
use super::vocab::{Code, choice, text};

/// What kind of place a venue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VenueKind {
    TownHall,
    Library,
    School,
    HealthCentre,
    Pharmacy,
    Shop,
    Cafe,
    Sports,
    Culture,
    Worship,
    AssociationPremises,
    TransportStation,
    Other,
}

impl Code for VenueKind {
    const CHOICES: &'static [Self] = &[
        Self::TownHall,
        Self::Library,
        Self::School,
        Self::HealthCentre,
        Self::Pharmacy,
        Self::Shop,
        Self::Cafe,
        Self::Sports,
        Self::Culture,
        Self::Worship,
        Self::AssociationPremises,
        Self::TransportStation,
        Self::Other,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::TownHall => "town_hall",
            Self::Library => "library",
            Self::School => "school",
            Self::HealthCentre => "health_centre",
            Self::Pharmacy => "pharmacy",
            Self::Shop => "shop",
            Self::Cafe => "cafe",
            Self::Sports => "sports",
            Self::Culture => "culture",
            Self::Worship => "worship",
            Self::AssociationPremises => "association_premises",
            Self::TransportStation => "transport_station",
            Self::Other => "other",
        }
    }
}

/// A venue as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VenueForm {
    pub name: String,
    /// A `VenueKind` code.
    pub kind: String,
    pub address: String,
    /// The point of the entrance, picked on the map.
    pub location: Option<GeoPoint>,
    pub website: String,
    /// Opening hours, in free text for now.
    pub hours: String,
}

/// A venue that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct VenueDraft {
    pub name: String,
    pub kind: VenueKind,
    pub address: String,
    pub location: GeoPoint,
    pub website: String,
    pub hours: String,
}

impl VenueForm {
    /// Parses every field; all errors come at once.
    pub fn parse(&self) -> Result<VenueDraft, AppError> {
        let mut errors = Errors::default();
        let name = errors.take(text(Field::Name, &self.name, 2, 120));
        let kind = errors.take(choice::<VenueKind>(Field::Kind, &self.kind));
        let address = errors.take(text(Field::Address, &self.address, 3, 200));
        let location = errors.take(match self.location {
            Some(p) => GeoPoint::parse(p.lat, p.lng),
            None => Err(FieldError::new(Field::Location, ErrorCode::Required)),
        });
        let website = errors.take(super::association::parse_website(&self.website));
        let hours = errors.take(optional_text(Field::Hours, &self.hours, 300));
        errors.finish()?;
        match (name, kind, address, location, website, hours) {
            (Some(name), Some(kind), Some(address), Some(location), Some(website), Some(hours)) => {
                Ok(VenueDraft {
                    name,
                    kind,
                    address,
                    location,
                    website,
                    hours,
                })
            }
            _ => Err(AppError::Internal),
        }
    }
}

/// One answer as typed: the question's code, and `yes`, `no`, `unknown` ("I don't know") or a
/// number for a numeric question.
pub fn parse_answer(question: &str, raw: &str) -> Result<(Question, Option<Answer>), AppError> {
    let question =
        choice::<Question>(Field::Question, question).map_err(|e| AppError::Validation(vec![e]))?;
    let raw = raw.trim();
    let bad = |code| AppError::field(Field::Answer, code);
    let answer = match (question.kind(), raw) {
        (_, "") => return Err(bad(ErrorCode::Required)),
        (_, "unknown") => None,
        (AnswerKind::YesNo, "yes") => Some(Answer::Yes),
        (AnswerKind::YesNo, "no") => Some(Answer::No),
        (AnswerKind::YesNo, _) => return Err(bad(ErrorCode::UnknownChoice)),
        (AnswerKind::Number { max, .. }, _) => {
            let out_of_range = ErrorCode::OutOfRange {
                min: 0,
                max: i64::from(max),
            };
            match super::vocab::ascii_digits(raw).parse::<u32>() {
                Ok(n) if n <= max => Some(Answer::Number(n)),
                _ => return Err(bad(out_of_range)),
            }
        }
    };
    Ok((question, answer))
}

/// Several answers as typed, all checked at once; a question given twice keeps its last answer.
pub fn parse_answers(
    typed: &[(String, String)],
) -> Result<Vec<(Question, Option<Answer>)>, AppError> {
    let mut out: Vec<(Question, Option<Answer>)> = Vec::new();
    let mut errors = Vec::new();
    if typed.len() > Question::CHOICES.len() * 2 {
        return Err(AppError::field(
            Field::Answer,
            ErrorCode::TooLong {
                max: Question::CHOICES.len() as u32,
            },
        ));
    }
    for (question, raw) in typed {
        match parse_answer(question, raw) {
            Ok((q, a)) => {
                out.retain(|(x, _)| *x != q);
                out.push((q, a));
            }
            Err(AppError::Validation(e)) => errors.extend(e),
            Err(e) => return Err(e),
        }
    }
    if errors.is_empty() {
        out.sort_by_key(|(q, _)| *q);
        Ok(out)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// How an answer is stored and sent: `yes`, `no`, `unknown` or the number.
pub fn answer_code(answer: Option<Answer>) -> String {
    match answer {
        Some(Answer::Yes) => "yes".into(),
        Some(Answer::No) => "no".into(),
        Some(Answer::Number(n)) => n.to_string(),
        None => "unknown".into(),
    }
}

/// The stored form back; anything unreadable is "I don't know", never a yes.
pub fn answer_from_code(code: &str) -> Option<Answer> {
    match code {
        "yes" => Some(Answer::Yes),
        "no" => Some(Answer::No),
        other => other.parse().ok().map(Answer::Number),
    }
}

/// A venue in a list: its levels for every need (in the order of `Need::CHOICES`) and whether
/// it suits the needs the list was asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VenueCard {
    pub id: i64,
    pub name: String,
    pub kind: VenueKind,
    pub address: String,
    pub levels: Vec<(
        crate::domain::accessibility::Need,
        crate::domain::accessibility::Level,
    )>,
    pub fit: crate::domain::accessibility::Fit,
}

/// A venue on its public page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VenueView {
    pub id: i64,
    pub name: String,
    pub kind: VenueKind,
    pub address: String,
    pub location: GeoPoint,
    pub website: String,
    pub hours: String,
    /// The current answer to each question someone answered ("I don't know" included).
    pub answers: Vec<GivenAnswer>,
    /// Every answer ever given, newest first.
    pub history: Vec<GivenAnswer>,
    /// Whether the viewer may contribute (signed in).
    pub can_answer: bool,
    /// The viewer moderates, and may remove the venue.
    pub can_remove: bool,
    /// The associations the viewer manages (id and name), which may hold an event or a
    /// mission here.
    #[serde(default)]
    pub hosts: Vec<(i64, String)>,
    /// The association whose premises it is (id and name), if one said so.
    #[serde(default)]
    pub premises_of: Option<(i64, String)>,
    /// The viewer manages that association, or moderates: may say it is not its premises.
    #[serde(default)]
    pub can_release: bool,
}

/// One answer, with who gave it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GivenAnswer {
    pub id: i64,
    pub question: Question,
    /// `None` is "I don't know".
    pub answer: Option<Answer>,
    pub by_id: i64,
    pub by_name: String,
    /// Seconds since the epoch.
    pub at: i64,
    /// Given so long ago (more than [`STALE_AFTER_DAYS`]) that it may no longer be true.
    pub stale: bool,
    /// How many people confirmed it ("I was there, this is right"), and the last time.
    pub confirmations: u32,
    pub last_confirmed: Option<i64>,
    /// A moderator reverted it: it stays in the history and no longer counts.
    pub reverted: bool,
}

/// Whether an answer given at `at` may no longer be true at `now`.
pub fn is_stale(at: i64, now: i64) -> bool {
    now - at > STALE_AFTER_DAYS * 86_400
}

impl VenueView {
    /// The answers the rules read.
    pub fn current(&self) -> Answers {
        let mut out = Answers::new();
        for a in &self.answers {
            out.set(a.question, a.answer);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> VenueForm {
        VenueForm {
            name: "Médiathèque Jean Macé".into(),
            kind: "library".into(),
            address: "2 rue Domer, Lyon".into(),
            location: Some(GeoPoint {
                lat: 45.75,
                lng: 4.84,
            }),
            website: "https://bm-lyon.example.org".into(),
            hours: "Mar–sam 10h–19h".into(),
        }
    }

    #[test]
    fn a_good_form_parses() {
        let d = form().parse().expect("valid");
        assert_eq!(d.kind, VenueKind::Library);
        assert_eq!(d.name, "Médiathèque Jean Macé");
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = VenueForm {
            name: " ".into(),
            kind: "castle".into(),
            address: "".into(),
            location: None,
            website: "not a site".into(),
            hours: "x".repeat(301),
        };
        let Err(AppError::Validation(errors)) = bad.parse() else {
            panic!("should fail")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                Field::Name,
                Field::Kind,
                Field::Address,
                Field::Location,
                Field::Website,
                Field::Hours
            ]
        );
    }

    #[test]
    fn answers_parse_by_kind() {
        use Question::*;
        assert_eq!(
            parse_answer("entree_plain_pied", "yes").expect("valid"),
            (StepFreeEntrance, Some(Answer::Yes))
        );
        assert_eq!(
            parse_answer("entree_plain_pied", "unknown").expect("valid"),
            (StepFreeEntrance, None)
        );
        assert_eq!(
            parse_answer("entree_marches", " 2 ").expect("valid"),
            (EntranceSteps, Some(Answer::Number(2)))
        );
        for (q, raw, field) in [
            ("entree_plain_pied", "maybe", Field::Answer),
            ("entree_plain_pied", "3", Field::Answer),
            ("entree_marches", "yes", Field::Answer),
            ("entree_marches", "-1", Field::Answer),
            ("entree_marches", "100", Field::Answer),
            ("entree_largeur_mini", "501", Field::Answer),
            ("entree_marches", "", Field::Answer),
            ("nope", "yes", Field::Question),
        ] {
            match parse_answer(q, raw) {
                Err(AppError::Validation(e)) => assert_eq!(e[0].field, field, "{q} {raw}"),
                other => panic!("{q} {raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn stored_answers_round_trip_and_garbage_is_unknown() {
        for a in [
            None,
            Some(Answer::Yes),
            Some(Answer::No),
            Some(Answer::Number(0)),
            Some(Answer::Number(85)),
        ] {
            assert_eq!(answer_from_code(&answer_code(a)), a);
        }
        assert_eq!(answer_from_code("oui"), None);
        assert_eq!(answer_from_code("-3"), None);
    }
}
