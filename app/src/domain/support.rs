//! Support sites for people in precarity (issue 21): the fixed vocabularies of their services
//! (after Soliguide's eleven top-level categories, its conditions and publics) and the reading
//! of opening hours as a person types them ("9h-12h, 14h-17h30").
//!
//! Hours are checked here, field by field, before anything is stored; [`super::opening`] then
//! answers "open now?" from what passed.

use super::error::{ErrorCode, Field, FieldError};
use super::opening::{DAY, Minute, Slot};
use super::vocab::Code;

/// How many slots one day may have (a morning, an afternoon and an evening, and one more).
pub const MAX_SLOTS_PER_DAY: usize = 4;

/// What a service offers: Soliguide's eleven top-level categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceCategory {
    /// Meals, food parcels, grocery at low prices.
    Food,
    /// Showers, toilets, laundry.
    Hygiene,
    /// Emergency shelter and help with housing.
    Housing,
    /// Care, health centres, mental health.
    Health,
    /// Day centres and places to rest and meet.
    Welcome,
    /// Legal and administrative advice, domiciliation (a postal address).
    Advice,
    /// Clothes, blankets, sleeping bags.
    Equipment,
    /// Phone charging, wifi, computers.
    Digital,
    /// Transport tickets, bicycles.
    Mobility,
    /// Training and jobs.
    TrainingJobs,
    /// Activities, culture and sport.
    Activities,
}

impl Code for ServiceCategory {
    const CHOICES: &'static [Self] = &[
        Self::Food,
        Self::Hygiene,
        Self::Housing,
        Self::Health,
        Self::Welcome,
        Self::Advice,
        Self::Equipment,
        Self::Digital,
        Self::Mobility,
        Self::TrainingJobs,
        Self::Activities,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Food => "food",
            Self::Hygiene => "hygiene",
            Self::Housing => "housing",
            Self::Health => "health",
            Self::Welcome => "welcome",
            Self::Advice => "advice",
            Self::Equipment => "equipment",
            Self::Digital => "digital",
            Self::Mobility => "mobility",
            Self::TrainingJobs => "training_jobs",
            Self::Activities => "activities",
        }
    }
}

/// What it takes to use a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Condition {
    /// Anyone may come, no question asked.
    Unconditional,
    /// On appointment.
    Appointment,
    /// Sent by a social worker (orientation).
    Referral,
    /// After registering once.
    Registration,
}

impl Code for Condition {
    const CHOICES: &'static [Self] = &[
        Self::Unconditional,
        Self::Appointment,
        Self::Referral,
        Self::Registration,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Unconditional => "unconditional",
            Self::Appointment => "appointment",
            Self::Referral => "referral",
            Self::Registration => "registration",
        }
    }
}

/// Who a service is for, when it is not for everyone (no public listed: everyone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Public {
    Women,
    Men,
    Families,
    /// Young people under 25.
    Young,
    Students,
    AsylumSeekers,
    Refugees,
    /// People without papers.
    Undocumented,
    ViolenceVictims,
    /// People living with an addiction.
    Addiction,
    PrisonLeavers,
    Lgbt,
}

impl Code for Public {
    const CHOICES: &'static [Self] = &[
        Self::Women,
        Self::Men,
        Self::Families,
        Self::Young,
        Self::Students,
        Self::AsylumSeekers,
        Self::Refugees,
        Self::Undocumented,
        Self::ViolenceVictims,
        Self::Addiction,
        Self::PrisonLeavers,
        Self::Lgbt,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Women => "women",
            Self::Men => "men",
            Self::Families => "families",
            Self::Young => "young",
            Self::Students => "students",
            Self::AsylumSeekers => "asylum_seekers",
            Self::Refugees => "refugees",
            Self::Undocumented => "undocumented",
            Self::ViolenceVictims => "violence_victims",
            Self::Addiction => "addiction",
            Self::PrisonLeavers => "prison_leavers",
            Self::Lgbt => "lgbt",
        }
    }
}

/// A time of day as people type it: `9`, `9h`, `9h30`, `09:30`, `9.30`, `24h` (the end of the
/// day); minutes since midnight.
pub fn parse_time(raw: &str) -> Option<Minute> {
    let t = raw.trim().to_lowercase();
    let (h, m) = match t.find(['h', ':', '.']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t.as_str(), ""),
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !(m.is_empty() || (digits(m) && m.len() == 2)) {
        return None;
    }
    let h: Minute = h.parse().ok()?;
    let m: Minute = if m.is_empty() { 0 } else { m.parse().ok()? };
    let total = h * 60 + m;
    (m < 60 && total <= DAY).then_some(total)
}

/// A day's slots as typed: ranges separated by commas or semicolons, each `start-end` (a hyphen,
/// an en dash or "à"); empty is closed. At most [`MAX_SLOTS_PER_DAY`]; slots of one day may not
/// overlap (a night slot runs into the next morning and is checked against the evening only).
pub fn parse_day(raw: &str) -> Result<Vec<Slot>, FieldError> {
    let invalid = FieldError::new(Field::Hours, ErrorCode::InvalidHours);
    let mut slots = Vec::new();
    for part in raw
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let normalised = part.replace(['–', '—'], "-").replace(" à ", "-");
        let (start, end) = normalised.split_once('-').ok_or(invalid)?;
        let (start, end) = (
            parse_time(start).ok_or(invalid)?,
            parse_time(end).ok_or(invalid)?,
        );
        slots.push(Slot::new(start, end).ok_or(invalid)?);
    }
    if slots.len() > MAX_SLOTS_PER_DAY {
        return Err(invalid);
    }
    slots.sort_by_key(|s| s.start);
    // Within the day: each slot ends (or, overnight, the day ends) before the next starts.
    let day_end = |s: &Slot| if s.overnight() { DAY } else { s.end };
    if slots.windows(2).any(|w| day_end(&w[0]) > w[1].start)
        || slots.iter().rev().skip(1).any(|s| s.overnight())
    {
        return Err(invalid);
    }
    Ok(slots)
}

/// A week's slots as typed, Monday first: each day read by [`parse_day`], and a night slot may
/// not run into the next day's first slot (Sunday night into Monday). On an error, the day
/// (0 is Monday) and why.
pub fn parse_week(days: &[String; 7]) -> Result<[Vec<Slot>; 7], (usize, FieldError)> {
    let mut week: [Vec<Slot>; 7] = Default::default();
    for (i, raw) in days.iter().enumerate() {
        week[i] = parse_day(raw).map_err(|e| (i, e))?;
    }
    for i in 0..7 {
        let next = (i + 1) % 7;
        let spill = week[i].last().filter(|s| s.overnight()).map(|s| s.end);
        if let (Some(end), Some(first)) = (spill, week[next].first())
            && first.start < end
        {
            return Err((next, FieldError::new(Field::Hours, ErrorCode::InvalidHours)));
        }
    }
    Ok(week)
}

/// A day's slots as they are shown in a form again ("09:00-12:00, 14:00-17:30").
pub fn format_day(slots: &[Slot]) -> String {
    let hm = |m: Minute| format!("{:02}:{:02}", m / 60, m % 60);
    slots
        .iter()
        .map(|s| format!("{}-{}", hm(s.start), hm(s.end)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("9", Some(540))]
    #[case("9h", Some(540))]
    #[case("9h30", Some(570))]
    #[case("09:30", Some(570))]
    #[case(" 9.30 ", Some(570))]
    #[case("0h", Some(0))]
    #[case("24h", Some(1440))]
    #[case("23:59", Some(1439))]
    #[case("24:30", None)]
    #[case("25", None)]
    #[case("9h3", None)]
    #[case("9h60", None)]
    #[case("9:300", None)]
    #[case("", None)]
    #[case("midi", None)]
    #[case("-1", None)]
    fn times_are_read_as_people_write_them(#[case] raw: &str, #[case] minutes: Option<Minute>) {
        assert_eq!(parse_time(raw), minutes, "{raw:?}");
    }

    fn slots(pairs: &[(Minute, Minute)]) -> Vec<Slot> {
        pairs
            .iter()
            .map(|(s, e)| Slot::new(*s, *e).expect("slot"))
            .collect()
    }

    #[rstest]
    #[case("", Ok(vec![]))]
    #[case("9h-12h", Ok(slots(&[(540, 720)])))]
    #[case("14h–17h30, 9h-12h", Ok(slots(&[(540, 720), (840, 1050)])))]
    #[case("9h à 12h ; 14h à 17h", Ok(slots(&[(540, 720), (840, 1020)])))]
    #[case("20h-8h", Ok(slots(&[(1200, 480)])))]
    #[case("7h-9h, 20h-8h", Ok(slots(&[(420, 540), (1200, 480)])))]
    #[case("0h-24h", Ok(slots(&[(0, 1440)])))]
    #[case("9h", Err(()))]
    #[case("9h-9h", Err(()))]
    #[case("9h-12h, 11h-14h", Err(()))]
    #[case("20h-8h, 21h-23h", Err(()))]
    // This morning's early slot and tonight's night slot: the night's end is checked against
    // the next day (see `parse_week`).
    #[case("22h-2h, 1h-3h", Ok(slots(&[(60, 180), (1320, 120)])))]
    #[case("8-9, 10-11, 12-13, 14-15, 16-17", Err(()))]
    #[case("le matin", Err(()))]
    fn a_day_is_read_and_checked(#[case] raw: &str, #[case] expected: Result<Vec<Slot>, ()>) {
        let got = parse_day(raw);
        match expected {
            Ok(s) => assert_eq!(got, Ok(s), "{raw:?}"),
            Err(()) => assert_eq!(
                got,
                Err(FieldError::new(Field::Hours, ErrorCode::InvalidHours)),
                "{raw:?}"
            ),
        }
    }

    #[test]
    fn a_night_may_not_run_into_the_next_morning() {
        let typed = |days: [&str; 7]| days.map(str::to_owned);
        let shelter = typed(["20h-8h"; 7]);
        assert!(parse_week(&shelter).is_ok());
        let mut clash = typed(["", "", "", "", "", "", "20h-8h"]);
        clash[0] = "7h-9h".into();
        assert_eq!(
            parse_week(&clash).map(|_| ()),
            Err((0, FieldError::new(Field::Hours, ErrorCode::InvalidHours))),
            "Sunday night runs into Monday 7h"
        );
        let mut bad_day = typed([""; 7]);
        bad_day[3] = "le matin".into();
        assert_eq!(parse_week(&bad_day).map(|_| ()).map_err(|(d, _)| d), Err(3));
        let mut fine = typed(["9h-12h"; 7]);
        fine[2] = "20h-8h".into();
        assert!(
            parse_week(&fine).is_ok(),
            "Wednesday night ends before Thursday 9h"
        );
    }

    #[test]
    fn a_day_shown_again_reads_back_the_same() {
        for raw in ["9h-12h, 14h-17h30", "20h-8h", "0h-24h", ""] {
            let day = parse_day(raw).expect("valid");
            assert_eq!(parse_day(&format_day(&day)), Ok(day.clone()), "{raw:?}");
        }
        assert_eq!(
            format_day(&slots(&[(540, 720), (840, 1050)])),
            "09:00-12:00, 14:00-17:30"
        );
    }

    #[test]
    fn codes_are_unique_and_read_back() {
        fn check<T: Code + PartialEq + std::fmt::Debug>() {
            let mut seen = std::collections::HashSet::new();
            for c in T::CHOICES {
                assert!(seen.insert(c.code()), "{} twice", c.code());
                assert_eq!(T::from_code(c.code()), Some(*c));
            }
        }
        check::<ServiceCategory>();
        check::<Condition>();
        check::<Public>();
        assert_eq!(ServiceCategory::CHOICES.len(), 11);
    }
}
