//! How accessible a place is, per kind of need, from what people answered about it.
//!
//! A place's accessibility is a set of answers to [`Question`]s, never a verdict typed by
//! someone. Each question is named after the column of AccesLibre's open-data export it
//! corresponds to, so that data can go both ways. From the answers, [`summary`] says, for one
//! [`Need`], whether the place is accessible, partly, not, or unknown: every need has required
//! criteria and suggested ones ([`rule`]), as AccesLibre's search profiles do. **An answer "I
//! don't know" never counts as yes**: a criterion whose answer is missing is unknown, and an
//! unknown required criterion makes the place "unknown" for that need, so that someone goes and
//! finds out. The page `/accessibility` explains the rules from these same constants.

use serde::{Deserialize, Serialize};

use super::vocab::Code;

/// One thing a person can tell about a place. The code is AccesLibre's export column (or, for
/// the two kinds of hearing equipment sharing one column, the column and the kind); the last one
/// has no column there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Question {
    /// Step-free entrance, or a ramp or a lift to it.
    StepFreeEntrance,
    /// How many steps there are at the entrance.
    EntranceSteps,
    /// The entrance door's narrowest width, in centimetres.
    DoorWidth,
    /// The entrance is a revolving door or a turnstile.
    RevolvingDoor,
    /// Step-free path from the entrance to the reception.
    StepFreeToReception,
    /// The outside path is rough, unstable or steep.
    RoughOutsidePath,
    /// An accessible toilet.
    AccessibleToilet,
    /// A disabled parking space within 200 m.
    DisabledParking,
    /// A public transport stop within 200 m.
    TransportNearby,
    /// A call device, or someone to help, at the entrance.
    CallDevice,
    /// Glass doors and steps are marked with contrast.
    ContrastMarking,
    /// A guide strip or a sound beacon leads to the entrance.
    GuideStrip,
    /// Audio description, or documents in large print or braille.
    AudioDescription,
    /// A hearing loop.
    HearingLoop,
    /// Sign language, cued speech or live captions.
    SignLanguage,
    /// Staff trained to welcome disabled people.
    TrainedStaff,
    /// The reception can be seen from the entrance.
    VisibleReception,
    /// Easy-to-read signs, and quiet hours.
    EasyToRead,
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// Yes or no.
    YesNo,
    /// A whole number, at most `max` (in `unit`, if any).
    Number { max: u32, unit: Option<Unit> },
}

/// The unit of a numeric answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Centimetres,
}

impl Code for Question {
    const CHOICES: &'static [Self] = &[
        Self::StepFreeEntrance,
        Self::EntranceSteps,
        Self::DoorWidth,
        Self::RevolvingDoor,
        Self::StepFreeToReception,
        Self::RoughOutsidePath,
        Self::AccessibleToilet,
        Self::DisabledParking,
        Self::TransportNearby,
        Self::CallDevice,
        Self::ContrastMarking,
        Self::GuideStrip,
        Self::AudioDescription,
        Self::HearingLoop,
        Self::SignLanguage,
        Self::TrainedStaff,
        Self::VisibleReception,
        Self::EasyToRead,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::StepFreeEntrance => "entree_plain_pied",
            Self::EntranceSteps => "entree_marches",
            Self::DoorWidth => "entree_largeur_mini",
            Self::RevolvingDoor => "entree_porte_manoeuvre",
            Self::StepFreeToReception => "accueil_cheminement_plain_pied",
            Self::RoughOutsidePath => "cheminement_ext_terrain_accidente",
            Self::AccessibleToilet => "sanitaires_adaptes",
            Self::DisabledParking => "stationnement_pmr",
            Self::TransportNearby => "transport_station_presence",
            Self::CallDevice => "entree_dispositif_appel",
            Self::ContrastMarking => "entree_vitree_vitrophanie",
            Self::GuideStrip => "entree_balise_sonore",
            Self::AudioDescription => "accueil_audiodescription",
            Self::HearingLoop => "accueil_equipements_malentendants_bim",
            Self::SignLanguage => "accueil_equipements_malentendants_lsf",
            Self::TrainedStaff => "accueil_personnels",
            Self::VisibleReception => "accueil_visibilite",
            Self::EasyToRead => "signaletique_facile_a_lire",
        }
    }
}

impl Question {
    /// Where the answer goes in AccesLibre's export: its column and, for the column that holds a
    /// set of kinds of hearing equipment, the kind. `None` for the question AccesLibre does not
    /// ask.
    pub fn acceslibre(self) -> Option<(&'static str, Option<&'static str>)> {
        match self {
            Self::HearingLoop => Some(("accueil_equipements_malentendants", Some("bim"))),
            Self::SignLanguage => Some(("accueil_equipements_malentendants", Some("lsf"))),
            Self::EasyToRead => None,
            q => Some((q.code(), None)),
        }
    }

    pub fn kind(self) -> AnswerKind {
        match self {
            Self::EntranceSteps => AnswerKind::Number {
                max: MAX_STEPS,
                unit: None,
            },
            Self::DoorWidth => AnswerKind::Number {
                max: MAX_DOOR_WIDTH_CM,
                unit: Some(Unit::Centimetres),
            },
            _ => AnswerKind::YesNo,
        }
    }
}

/// The most steps an answer may count (a taller flight is "many": the rule only asks for 0 or 1).
pub const MAX_STEPS: u32 = 99;
/// The widest door an answer may give, in centimetres.
pub const MAX_DOOR_WIDTH_CM: u32 = 500;
/// The narrowest door a wheelchair goes through, in centimetres (French rules for public
/// buildings ask for 77 cm of clear passage behind a 80 cm door: we ask for the door's 80).
pub const MIN_DOOR_WIDTH_CM: u32 = 80;
/// An answer older than this many days is shown as possibly out of date.
pub const STALE_AFTER_DAYS: i64 = 730;

/// What one person said to one question. "I don't know" is the absence of an answer, and is
/// stored as such: it is never turned into a yes or a no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    Yes,
    No,
    Number(u32),
}

/// The answers a place has, one per question at most (the latest one given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers(Vec<(Question, Answer)>);

impl Answers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the answer to `question`, replacing an earlier one; `None` is "I don't know".
    pub fn set(&mut self, question: Question, answer: Option<Answer>) {
        self.0.retain(|(q, _)| *q != question);
        if let Some(answer) = answer {
            self.0.push((question, answer));
            self.0.sort_by_key(|(q, _)| *q);
        }
    }

    pub fn with(mut self, question: Question, answer: Answer) -> Self {
        self.set(question, Some(answer));
        self
    }

    pub fn get(&self, question: Question) -> Option<Answer> {
        self.0.iter().find(|(q, _)| *q == question).map(|(_, a)| *a)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Question, Answer)> + '_ {
        self.0.iter().copied()
    }
}

/// A kind of need a person may have, and the family of criteria that answers it. The same list
/// is the private "my accessibility needs" of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Need {
    /// Moves in a wheelchair.
    Wheelchair,
    /// Walks with difficulty (a step or two is possible, a long or rough path is not).
    Walking,
    /// Blind or with low vision.
    Visual,
    /// Deaf or hard of hearing.
    Hearing,
    /// Has difficulty understanding, or with crowds and noise.
    Cognitive,
}

impl Code for Need {
    const CHOICES: &'static [Self] = &[
        Self::Wheelchair,
        Self::Walking,
        Self::Visual,
        Self::Hearing,
        Self::Cognitive,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Wheelchair => "wheelchair",
            Self::Walking => "walking",
            Self::Visual => "visual",
            Self::Hearing => "hearing",
            Self::Cognitive => "cognitive",
        }
    }
}

/// One condition on the answers. Not sent over the wire: both sides compute summaries from
/// [`Answers`] with the same code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    /// The answer is yes.
    Yes(Question),
    /// The answer is no.
    No(Question),
    /// The number answered is at most this.
    AtMost(Question, u32),
    /// The number answered is at least this.
    AtLeast(Question, u32),
    /// The first criterion, or else the second (a step-free entrance, or at most one step).
    Either(&'static Criterion, &'static Criterion),
}

/// Where a criterion stands with a place's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Check {
    Met,
    NotMet,
    /// Nobody answered (or someone said "I don't know").
    Unknown,
}

impl Criterion {
    pub fn check(self, answers: &Answers) -> Check {
        let is = |met: bool| if met { Check::Met } else { Check::NotMet };
        match self {
            Self::Yes(q) => match answers.get(q) {
                Some(Answer::Yes) => Check::Met,
                Some(Answer::No) => Check::NotMet,
                // A number where yes or no was asked is not an answer to it.
                Some(Answer::Number(_)) | None => Check::Unknown,
            },
            Self::No(q) => match answers.get(q) {
                Some(Answer::No) => Check::Met,
                Some(Answer::Yes) => Check::NotMet,
                Some(Answer::Number(_)) | None => Check::Unknown,
            },
            Self::AtMost(q, n) => match answers.get(q) {
                Some(Answer::Number(v)) => is(v <= n),
                _ => Check::Unknown,
            },
            Self::AtLeast(q, n) => match answers.get(q) {
                Some(Answer::Number(v)) => is(v >= n),
                _ => Check::Unknown,
            },
            Self::Either(a, b) => match (a.check(answers), b.check(answers)) {
                (Check::Met, _) | (_, Check::Met) => Check::Met,
                (Check::NotMet, Check::NotMet) => Check::NotMet,
                _ => Check::Unknown,
            },
        }
    }

    /// The questions this criterion reads.
    pub fn questions(self) -> Vec<Question> {
        match self {
            Self::Yes(q) | Self::No(q) | Self::AtMost(q, _) | Self::AtLeast(q, _) => vec![q],
            Self::Either(a, b) => {
                let mut all = a.questions();
                all.extend(b.questions());
                all
            }
        }
    }
}

/// What a need requires of a place, and what it would like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub required: &'static [Criterion],
    pub suggested: &'static [Criterion],
}

const STEP_FREE: Criterion = Criterion::Yes(Question::StepFreeEntrance);
const AT_MOST_ONE_STEP: Criterion = Criterion::AtMost(Question::EntranceSteps, 1);
const TRAINED_STAFF: Criterion = Criterion::Yes(Question::TrainedStaff);
const GUIDE_STRIP: Criterion = Criterion::Yes(Question::GuideStrip);

/// Wheelchair users: get in and to the reception without a step, through a door wide enough,
/// not a revolving one, on a path a wheelchair rolls on.
pub const WHEELCHAIR: Rule = Rule {
    required: &[
        STEP_FREE,
        Criterion::Yes(Question::StepFreeToReception),
        Criterion::AtLeast(Question::DoorWidth, MIN_DOOR_WIDTH_CM),
        Criterion::No(Question::RevolvingDoor),
        Criterion::No(Question::RoughOutsidePath),
    ],
    suggested: &[
        Criterion::Yes(Question::AccessibleToilet),
        Criterion::Yes(Question::DisabledParking),
        Criterion::Yes(Question::TransportNearby),
        Criterion::Yes(Question::CallDevice),
    ],
};

/// People who walk with difficulty: a step-free entrance or a single step, a step-free path to
/// the reception, a stable outside path.
pub const WALKING: Rule = Rule {
    required: &[
        Criterion::Either(&STEP_FREE, &AT_MOST_ONE_STEP),
        Criterion::Yes(Question::StepFreeToReception),
        Criterion::No(Question::RoughOutsidePath),
    ],
    suggested: &[
        Criterion::Yes(Question::DisabledParking),
        Criterion::Yes(Question::TransportNearby),
        Criterion::Yes(Question::AccessibleToilet),
        Criterion::Yes(Question::CallDevice),
    ],
};

/// Blind people and people with low vision: something or someone to find the way in (a guide
/// strip or a sound beacon, or trained staff); marked glass and steps, documents they can read.
pub const VISUAL: Rule = Rule {
    required: &[Criterion::Either(&GUIDE_STRIP, &TRAINED_STAFF)],
    suggested: &[
        Criterion::Yes(Question::ContrastMarking),
        Criterion::Yes(Question::AudioDescription),
        Criterion::Yes(Question::TransportNearby),
    ],
};

/// Deaf and hard-of-hearing people: trained staff; a hearing loop, sign language or captions,
/// a reception they can see from the door.
pub const HEARING: Rule = Rule {
    required: &[TRAINED_STAFF],
    suggested: &[
        Criterion::Yes(Question::HearingLoop),
        Criterion::Yes(Question::SignLanguage),
        Criterion::Yes(Question::VisibleReception),
    ],
};

/// People who have difficulty understanding, or with crowds: trained staff; easy-to-read signs
/// and quiet hours, a reception in sight.
pub const COGNITIVE: Rule = Rule {
    required: &[TRAINED_STAFF],
    suggested: &[
        Criterion::Yes(Question::EasyToRead),
        Criterion::Yes(Question::VisibleReception),
    ],
};

pub fn rule(need: Need) -> Rule {
    match need {
        Need::Wheelchair => WHEELCHAIR,
        Need::Walking => WALKING,
        Need::Visual => VISUAL,
        Need::Hearing => HEARING,
        Need::Cognitive => COGNITIVE,
    }
}

/// A place's accessibility for one need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Level {
    /// Every required criterion is met, and no suggested one is known to be missing.
    Accessible,
    /// Every required criterion is met, but a suggested one is known to be missing.
    Partly,
    /// A required criterion is known not to be met.
    NotAccessible,
    /// No required criterion is known not to be met, but one is unknown.
    Unknown,
}

impl Code for Level {
    const CHOICES: &'static [Self] = &[
        Self::Accessible,
        Self::Partly,
        Self::NotAccessible,
        Self::Unknown,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Accessible => "accessible",
            Self::Partly => "partly",
            Self::NotAccessible => "not_accessible",
            Self::Unknown => "unknown",
        }
    }
}

/// The level for one need, with the criteria behind it, to say why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub need: Need,
    pub level: Level,
    /// Criteria met (required first, then suggested).
    pub met: Vec<Criterion>,
    /// Criteria known not to be met (required first).
    pub not_met: Vec<Criterion>,
    /// Criteria nobody answered (required first): what to go and find out.
    pub unknown: Vec<Criterion>,
}

/// The per-need rule: see [`Level`] for what each level means.
pub fn summary(answers: &Answers, need: Need) -> Summary {
    let rule = rule(need);
    let mut out = Summary {
        need,
        level: Level::Accessible,
        met: Vec::new(),
        not_met: Vec::new(),
        unknown: Vec::new(),
    };
    let mut required = [0usize; 3];
    let mut suggested_not_met = false;
    for (criteria, is_required) in [(rule.required, true), (rule.suggested, false)] {
        for c in criteria {
            let check = c.check(answers);
            match check {
                Check::Met => out.met.push(*c),
                Check::NotMet => out.not_met.push(*c),
                Check::Unknown => out.unknown.push(*c),
            }
            if is_required {
                required[check as usize] += 1;
            } else if check == Check::NotMet {
                suggested_not_met = true;
            }
        }
    }
    out.level = if required[Check::NotMet as usize] > 0 {
        Level::NotAccessible
    } else if required[Check::Unknown as usize] > 0 {
        Level::Unknown
    } else if suggested_not_met {
        Level::Partly
    } else {
        Level::Accessible
    };
    out
}

/// The summaries for every need, in the order of [`Need::CHOICES`].
pub fn summaries(answers: &Answers) -> Vec<Summary> {
    Need::CHOICES.iter().map(|n| summary(answers, *n)).collect()
}

/// The wheelchair grade that Wheelmap (`wheelchair=yes/limited/no`) and a11yjson
/// (`wheelchairAccessibilityGrade`) publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WheelchairGrade {
    Fully,
    Partially,
    Not,
}

impl Code for WheelchairGrade {
    const CHOICES: &'static [Self] = &[Self::Fully, Self::Partially, Self::Not];
    fn code(self) -> &'static str {
        match self {
            Self::Fully => "fully",
            Self::Partially => "partially",
            Self::Not => "not",
        }
    }
}

/// Fully: the wheelchair rule is met with nothing suggested missing. Partially: the wheelchair
/// rule is met but something suggested is missing, or the place fails it only by one step at the
/// entrance with a step-free path inside (Wheelmap's "limited"). Not: known to fail otherwise.
/// `None`: not known.
pub fn wheelchair_grade(answers: &Answers) -> Option<WheelchairGrade> {
    let wheelchair = summary(answers, Need::Wheelchair);
    match wheelchair.level {
        Level::Accessible => Some(WheelchairGrade::Fully),
        Level::Partly => Some(WheelchairGrade::Partially),
        Level::NotAccessible | Level::Unknown => {
            let one_step = Criterion::AtMost(Question::EntranceSteps, 1).check(answers)
                == Check::Met
                && Criterion::Yes(Question::StepFreeToReception).check(answers) == Check::Met
                && Criterion::No(Question::RevolvingDoor).check(answers) != Check::NotMet;
            if one_step {
                Some(WheelchairGrade::Partially)
            } else if wheelchair.level == Level::NotAccessible {
                Some(WheelchairGrade::Not)
            } else {
                None
            }
        }
    }
}

/// Whether a place suits a person with these needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Fit {
    /// Every need's required criteria are met.
    Suits,
    /// A need's required criterion is known not to be met.
    DoesNotSuit,
    /// Nothing known fails, but something required is unknown: "unknown for you".
    Unknown,
}

/// "Accessible to me": a place suits when, for each of the person's needs, it is accessible or
/// partly accessible. With no needs, every place suits.
pub fn fit(answers: &Answers, needs: &[Need]) -> Fit {
    let mut unknown = false;
    for need in needs {
        match summary(answers, *need).level {
            Level::NotAccessible => return Fit::DoesNotSuit,
            Level::Unknown => unknown = true,
            Level::Accessible | Level::Partly => {}
        }
    }
    if unknown { Fit::Unknown } else { Fit::Suits }
}

/// A place's levels for every need, one letter per need in the order of [`Need::CHOICES`]
/// (`A`ccessible, `P`artly, `N`ot accessible, `U`nknown): stored beside the place, so that a
/// list filtered on needs is one query however many places there are. Computed from the
/// answers by [`summary`] each time they change.
pub fn levels_code(answers: &Answers) -> String {
    Need::CHOICES
        .iter()
        .map(|n| match summary(answers, *n).level {
            Level::Accessible => 'A',
            Level::Partly => 'P',
            Level::NotAccessible => 'N',
            Level::Unknown => 'U',
        })
        .collect()
}

/// The level for `need` in a code from [`levels_code`] (unknown if the code is short).
pub fn level_in(code: &str, need: Need) -> Level {
    let at = Need::CHOICES.iter().position(|n| *n == need).unwrap_or(0);
    match code.as_bytes().get(at) {
        Some(b'A') => Level::Accessible,
        Some(b'P') => Level::Partly,
        Some(b'N') => Level::NotAccessible,
        _ => Level::Unknown,
    }
}

/// The 1-based position of `need`'s letter in a code from [`levels_code`] (for SQL's `substr`).
pub fn level_position(need: Need) -> usize {
    Need::CHOICES.iter().position(|n| *n == need).unwrap_or(0) + 1
}

/// [`fit`] read from a code from [`levels_code`].
pub fn fit_in(code: &str, needs: &[Need]) -> Fit {
    let mut unknown = false;
    for need in needs {
        match level_in(code, *need) {
            Level::NotAccessible => return Fit::DoesNotSuit,
            Level::Unknown => unknown = true,
            Level::Accessible | Level::Partly => {}
        }
    }
    if unknown { Fit::Unknown } else { Fit::Suits }
}

#[cfg(test)]
mod tests {
    use super::Answer::{No, Number, Yes};
    use super::Question::*;
    use super::*;

    fn answers(list: &[(Question, Answer)]) -> Answers {
        list.iter()
            .fold(Answers::new(), |acc, (q, a)| acc.with(*q, *a))
    }

    /// Everything a wheelchair user needs, and everything suggested.
    fn wheelchair_perfect() -> Vec<(Question, Answer)> {
        vec![
            (StepFreeEntrance, Yes),
            (StepFreeToReception, Yes),
            (DoorWidth, Number(90)),
            (RevolvingDoor, No),
            (RoughOutsidePath, No),
            (AccessibleToilet, Yes),
            (DisabledParking, Yes),
            (TransportNearby, Yes),
            (CallDevice, Yes),
        ]
    }

    #[test]
    fn codes_are_unique_and_every_question_has_a_kind() {
        let mut codes: Vec<_> = Question::CHOICES.iter().map(|q| q.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Question::CHOICES.len());
        assert_eq!(Question::CHOICES.len(), 18);
        assert_eq!(Question::from_code("entree_marches"), Some(EntranceSteps));
    }

    #[test]
    fn every_question_is_read_by_some_rule() {
        for q in Question::CHOICES {
            let used = Need::CHOICES.iter().any(|n| {
                let r = rule(*n);
                r.required
                    .iter()
                    .chain(r.suggested)
                    .any(|c| c.questions().contains(q))
            });
            assert!(used, "{q:?} is asked but no rule reads it");
        }
    }

    #[test]
    fn the_per_need_rule_table() {
        use Level::*;
        let perfect = wheelchair_perfect();
        let without = |q: Question| -> Vec<(Question, Answer)> {
            perfect.iter().copied().filter(|(x, _)| *x != q).collect()
        };
        let replaced = |q: Question, a: Answer| -> Vec<(Question, Answer)> {
            let mut v = without(q);
            v.push((q, a));
            v
        };
        type Case = (&'static str, Vec<(Question, Answer)>, Need, Level);
        let cases: Vec<Case> = vec![
            ("nothing answered", vec![], Need::Wheelchair, Unknown),
            ("all met", perfect.clone(), Need::Wheelchair, Accessible),
            (
                "a step at the door",
                replaced(StepFreeEntrance, No),
                Need::Wheelchair,
                NotAccessible,
            ),
            (
                "door too narrow",
                replaced(DoorWidth, Number(70)),
                Need::Wheelchair,
                NotAccessible,
            ),
            (
                "door exactly wide enough",
                replaced(DoorWidth, Number(80)),
                Need::Wheelchair,
                Accessible,
            ),
            (
                "revolving door",
                replaced(RevolvingDoor, Yes),
                Need::Wheelchair,
                NotAccessible,
            ),
            (
                "door width unknown",
                without(DoorWidth),
                Need::Wheelchair,
                Unknown,
            ),
            (
                "no accessible toilet",
                replaced(AccessibleToilet, No),
                Need::Wheelchair,
                Partly,
            ),
            (
                "toilet unknown",
                without(AccessibleToilet),
                Need::Wheelchair,
                Accessible,
            ),
            // Unknown never hides a known failure, and never passes for a yes.
            (
                "a failure and an unknown",
                replaced(StepFreeEntrance, No)
                    .into_iter()
                    .filter(|(q, _)| *q != DoorWidth)
                    .collect(),
                Need::Wheelchair,
                NotAccessible,
            ),
            (
                "one step, walking",
                replaced(StepFreeEntrance, No)
                    .into_iter()
                    .chain([(EntranceSteps, Number(1))])
                    .collect(),
                Need::Walking,
                Accessible,
            ),
            (
                "two steps, walking",
                replaced(StepFreeEntrance, No)
                    .into_iter()
                    .chain([(EntranceSteps, Number(2))])
                    .collect(),
                Need::Walking,
                NotAccessible,
            ),
            (
                "steps unknown, not step-free, walking",
                replaced(StepFreeEntrance, No),
                Need::Walking,
                Unknown,
            ),
            (
                "step-free, steps unknown, walking",
                perfect.clone(),
                Need::Walking,
                Accessible,
            ),
            (
                "rough path, walking",
                replaced(RoughOutsidePath, Yes),
                Need::Walking,
                NotAccessible,
            ),
            (
                "visual: nothing known",
                perfect.clone(),
                Need::Visual,
                Unknown,
            ),
            (
                "visual: guide strip",
                vec![(GuideStrip, Yes)],
                Need::Visual,
                Accessible,
            ),
            (
                "visual: staff, no strip",
                vec![(GuideStrip, No), (TrainedStaff, Yes)],
                Need::Visual,
                Accessible,
            ),
            (
                "visual: neither",
                vec![(GuideStrip, No), (TrainedStaff, No)],
                Need::Visual,
                NotAccessible,
            ),
            (
                "visual: no strip, staff unknown",
                vec![(GuideStrip, No)],
                Need::Visual,
                Unknown,
            ),
            (
                "visual: unmarked glass",
                vec![(GuideStrip, Yes), (ContrastMarking, No)],
                Need::Visual,
                Partly,
            ),
            (
                "hearing: trained staff and a loop",
                vec![(TrainedStaff, Yes), (HearingLoop, Yes)],
                Need::Hearing,
                Accessible,
            ),
            (
                "hearing: no loop",
                vec![(TrainedStaff, Yes), (HearingLoop, No)],
                Need::Hearing,
                Partly,
            ),
            (
                "hearing: untrained staff",
                vec![(TrainedStaff, No), (HearingLoop, Yes)],
                Need::Hearing,
                NotAccessible,
            ),
            (
                "hearing: a loop but staff unknown",
                vec![(HearingLoop, Yes), (SignLanguage, Yes)],
                Need::Hearing,
                Unknown,
            ),
            (
                "cognitive: trained staff",
                vec![(TrainedStaff, Yes)],
                Need::Cognitive,
                Accessible,
            ),
            (
                "cognitive: no easy-to-read signs",
                vec![(TrainedStaff, Yes), (EasyToRead, No)],
                Need::Cognitive,
                Partly,
            ),
            // A number where yes or no is asked (a bad import) is not a yes.
            (
                "a number for a yes/no",
                vec![(TrainedStaff, Number(1))],
                Need::Cognitive,
                Unknown,
            ),
            (
                "a yes for a number",
                vec![(GuideStrip, Yes), (TrainedStaff, Yes), (DoorWidth, Yes)],
                Need::Visual,
                Accessible,
            ),
        ];
        for (name, list, need, expected) in cases {
            let got = summary(&answers(&list), need);
            assert_eq!(got.level, expected, "{name}: {got:?}");
        }
    }

    #[test]
    fn unknown_never_counts_as_yes_for_any_need() {
        // Whatever subset of questions is left unanswered, a need whose required criteria read an
        // unanswered question is never "accessible" or "partly" because of it.
        let all_good: Vec<(Question, Answer)> = Question::CHOICES
            .iter()
            .map(|q| match q {
                EntranceSteps => (*q, Number(0)),
                DoorWidth => (*q, Number(100)),
                RevolvingDoor | RoughOutsidePath => (*q, No),
                _ => (*q, Yes),
            })
            .collect();
        for need in Need::CHOICES {
            assert_eq!(summary(&answers(&all_good), *need).level, Level::Accessible);
            for dropped in Question::CHOICES {
                let list: Vec<_> = all_good
                    .iter()
                    .copied()
                    .filter(|(q, _)| q != dropped)
                    .collect();
                let got = summary(&answers(&list), *need);
                let required_reads = rule(*need).required.iter().any(|c| {
                    let qs = c.questions();
                    // An `Either` still passes on its other branch.
                    qs.contains(dropped) && c.check(&answers(&list)) != Check::Met
                });
                if required_reads {
                    assert_eq!(got.level, Level::Unknown, "{need:?} without {dropped:?}");
                    assert!(!got.unknown.is_empty());
                } else {
                    assert_eq!(got.level, Level::Accessible, "{need:?} without {dropped:?}");
                }
            }
        }
    }

    #[test]
    fn a_summary_says_why() {
        let list = [
            (StepFreeEntrance, Yes),
            (AccessibleToilet, No),
            (DoorWidth, Number(60)),
        ];
        let s = summary(&answers(&list), Need::Wheelchair);
        assert_eq!(s.level, Level::NotAccessible);
        assert_eq!(s.met, vec![Criterion::Yes(StepFreeEntrance)]);
        assert_eq!(
            s.not_met,
            vec![
                Criterion::AtLeast(DoorWidth, MIN_DOOR_WIDTH_CM),
                Criterion::Yes(AccessibleToilet)
            ]
        );
        assert!(s.unknown.contains(&Criterion::No(RevolvingDoor)));
    }

    #[test]
    fn the_wheelchair_grade() {
        let perfect = wheelchair_perfect();
        let with = |extra: &[(Question, Answer)]| {
            let mut list = perfect.clone();
            list.retain(|(q, _)| !extra.iter().any(|(x, _)| x == q));
            list.extend_from_slice(extra);
            wheelchair_grade(&answers(&list))
        };
        assert_eq!(wheelchair_grade(&Answers::new()), None);
        assert_eq!(with(&[]), Some(WheelchairGrade::Fully));
        assert_eq!(
            with(&[(AccessibleToilet, No)]),
            Some(WheelchairGrade::Partially)
        );
        assert_eq!(
            with(&[(StepFreeEntrance, No), (EntranceSteps, Number(1))]),
            Some(WheelchairGrade::Partially)
        );
        assert_eq!(
            with(&[(StepFreeEntrance, No), (EntranceSteps, Number(3))]),
            Some(WheelchairGrade::Not)
        );
        // One step, but a revolving door: not.
        assert_eq!(
            with(&[
                (StepFreeEntrance, No),
                (EntranceSteps, Number(1)),
                (RevolvingDoor, Yes)
            ]),
            Some(WheelchairGrade::Not)
        );
        // A step, the number unknown: not step-free is known, so not.
        assert_eq!(with(&[(StepFreeEntrance, No)]), Some(WheelchairGrade::Not));
        // Step-free but the door unknown: unknown, not "fully".
        let unknown_door: Vec<_> = perfect
            .iter()
            .copied()
            .filter(|(q, _)| *q != DoorWidth)
            .collect();
        assert_eq!(wheelchair_grade(&answers(&unknown_door)), None);
    }

    #[test]
    fn fit_for_a_person() {
        let place = answers(&wheelchair_perfect());
        assert_eq!(fit(&place, &[]), Fit::Suits);
        assert_eq!(fit(&place, &[Need::Wheelchair, Need::Walking]), Fit::Suits);
        assert_eq!(
            fit(&place, &[Need::Wheelchair, Need::Hearing]),
            Fit::Unknown
        );
        let place = place.with(TrainedStaff, No);
        assert_eq!(
            fit(&place, &[Need::Wheelchair, Need::Hearing]),
            Fit::DoesNotSuit
        );
        let steps = answers(&[(StepFreeEntrance, No), (EntranceSteps, Number(4))]);
        assert_eq!(
            fit(&steps, &[Need::Wheelchair, Need::Hearing]),
            Fit::DoesNotSuit
        );
    }

    #[test]
    fn a_later_answer_replaces_an_earlier_one_and_i_dont_know_removes_it() {
        let mut a = Answers::new();
        a.set(TrainedStaff, Some(Yes));
        a.set(TrainedStaff, Some(No));
        assert_eq!(a.get(TrainedStaff), Some(No));
        a.set(TrainedStaff, None);
        assert_eq!(a.get(TrainedStaff), None);
        assert_eq!(a.iter().count(), 0);
    }

    #[test]
    fn the_stored_levels_say_what_the_summaries_say() {
        for list in [vec![], wheelchair_perfect(), vec![(StepFreeEntrance, No)]] {
            let a = answers(&list);
            let code = levels_code(&a);
            assert_eq!(code.len(), Need::CHOICES.len());
            for need in Need::CHOICES {
                assert_eq!(
                    level_in(&code, *need),
                    summary(&a, *need).level,
                    "{code} {need:?}"
                );
            }
            for needs in [
                &[][..],
                &[Need::Wheelchair],
                &[Need::Wheelchair, Need::Visual],
            ] {
                assert_eq!(fit_in(&code, needs), fit(&a, needs), "{code} {needs:?}");
            }
        }
        assert_eq!(
            levels_code(&Answers::new()),
            "UUUUU",
            "nothing known is never accessible"
        );
        assert_eq!(level_position(Need::Wheelchair), 1);
        assert_eq!(level_in("", Need::Cognitive), Level::Unknown);
    }
}
