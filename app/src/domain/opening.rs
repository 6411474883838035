//! Opening hours of support sites and their services, and the one rule that says whether a
//! place is open now, when it opens next, and why it is closed today (issue 21).
//!
//! Hours are a week of time slots in local wall time (as Soliguide stores them: per weekday,
//! several slots), with a rule for public holidays, and temporary notices with a date range
//! (a closure, other hours, or a message). Every comparison is made in local wall time: the
//! moment "now" is turned into the deployment's local date and time first ([`local_now`], which
//! follows the zone's daylight-saving changes), so "09:00–12:00" means nine to noon on the
//! clock on the wall whatever the season. A slot whose end is not after its start runs past
//! midnight (22:00–02:00 ends at 02:00 the next day).

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

#[cfg(test)]
use super::support::OPEN_NON_STOP_DAYS;
use super::support::{ClosedDay, NextOpening, NowView};
pub use super::support::{DAY, Holidays, Minute, Slot, WeeklyHours};

/// How many days ahead [`status`] looks for the next opening.
pub const LOOK_AHEAD_DAYS: i32 = 7;
/// The deployment's time zone unless configured (`ENTRAIDE_TIME_ZONE`).
pub const DEFAULT_TIME_ZONE: &str = "Europe/Paris";

/// What a temporary notice says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    /// Closed for the whole range.
    Closure,
    /// Other hours for the range (they replace the week's).
    Hours(WeeklyHours),
    /// Only a message ("no showers this week"); the hours stay.
    Message,
}

/// Temporary information with a date range (both days included; no end: until further notice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub kind: NoticeKind,
    pub from: Date,
    pub to: Option<Date>,
    /// Why, in the words of the person who wrote it ("works", "staff on strike").
    pub text: String,
}

impl Notice {
    /// Whether the notice is in force on `day`.
    pub fn covers(&self, day: Date) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// Why a place is closed on a day it would open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosedBecause {
    /// A closure notice, with its text.
    Notice(String),
    /// A public holiday and the place closes on them.
    Holiday,
}

/// Where a place stands at a moment, as the lists and pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Open now, until this local date and time (following slots that join or overlap).
    pub open_until: Option<DateTime>,
    /// Closed now: the next opening within [`LOOK_AHEAD_DAYS`], in local date and time.
    pub next_opening: Option<DateTime>,
    /// Closed all of today although its week opens it today, and why.
    pub closed_today: Option<ClosedBecause>,
    /// Today is a public holiday and nobody said whether the place opens on them.
    pub holiday_unsure: bool,
    /// The messages in force today (closures and changed hours included), in the order given.
    pub messages: Vec<String>,
}

impl Status {
    pub fn is_open(&self) -> bool {
        self.open_until.is_some()
    }
}

/// The local date and time of a moment in a zone: the zone's rules say which offset applies on
/// that day (so an instant one hour after 01:30 UTC on the last Sunday of March reads 03:30 in
/// Paris, not 02:30).
pub fn local_now(at: Timestamp, zone: &TimeZone) -> DateTime {
    zone.to_datetime(at)
}

/// The zone of a name in the bundled time-zone database.
pub fn zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name).ok()
}

/// France's public holidays (mainland): New Year, Easter Monday, 1 May, 8 May, Ascension,
/// Whit Monday, 14 July, 15 August, 1 November, 11 November, Christmas.
pub fn is_public_holiday(day: Date) -> bool {
    let fixed = matches!(
        (day.month(), day.day()),
        (1, 1) | (5, 1) | (5, 8) | (7, 14) | (8, 15) | (11, 1) | (11, 11) | (12, 25)
    );
    if fixed {
        return true;
    }
    let Ok(easter) = computus::gregorian(i32::from(day.year())) else {
        return false;
    };
    let Ok(easter) = Date::new(day.year(), easter.month as i8, easter.day as i8) else {
        return false;
    };
    [1, 39, 50]
        .iter()
        .any(|after| easter.checked_add(after.days()).ok() == Some(day))
}

/// The slots a place opens on `day`, or why it stays closed although its week opens it then.
fn day_plan(
    week: &WeeklyHours,
    notices: &[Notice],
    day: Date,
) -> (Vec<Slot>, Option<ClosedBecause>) {
    // The latest notice of other hours wins over the week and over earlier ones.
    let hours = notices
        .iter()
        .rev()
        .find_map(|n| match &n.kind {
            NoticeKind::Hours(h) if n.covers(day) => Some(h),
            _ => None,
        })
        .unwrap_or(week);
    let slots = hours.days[day.weekday().to_monday_zero_offset() as usize].clone();
    if slots.is_empty() {
        return (slots, None);
    }
    // A closure wins over any hours.
    if let Some(closure) = notices
        .iter()
        .find(|n| n.kind == NoticeKind::Closure && n.covers(day))
    {
        return (
            Vec::new(),
            Some(ClosedBecause::Notice(closure.text.clone())),
        );
    }
    if hours.holidays == Holidays::Closed && is_public_holiday(day) {
        return (Vec::new(), Some(ClosedBecause::Holiday));
    }
    (slots, None)
}

/// The local moment `minute` minutes after the start of `day` (24:00 is the next midnight).
fn at(day: Date, minute: Minute) -> Option<DateTime> {
    let (day, minute) = if minute >= DAY {
        (day.tomorrow().ok()?, minute - DAY)
    } else {
        (day, minute)
    };
    Some(day.at((minute / 60) as i8, (minute % 60) as i8, 0, 0))
}

/// The openings from the day before `today` (a night slot may still run) to
/// [`LOOK_AHEAD_DAYS`] after, as local start and end, in order of start.
fn openings(week: &WeeklyHours, notices: &[Notice], today: Date) -> Vec<(DateTime, DateTime)> {
    let mut out = Vec::new();
    for offset in -1..=LOOK_AHEAD_DAYS {
        let Ok(day) = today.checked_add(offset.days()) else {
            continue;
        };
        for slot in day_plan(week, notices, day).0 {
            let end = if slot.overnight() {
                slot.end + DAY
            } else {
                slot.end
            };
            if let (Some(s), Some(e)) = (at(day, slot.start), at(day, end)) {
                out.push((s, e));
            }
        }
    }
    out.sort();
    out
}

/// Whether a place with these hours and notices is open at `now` (local wall time), until
/// when, or when it opens next; and what today's notices say. Pure: the caller turns the
/// moment into local time with [`local_now`].
pub fn status(week: &WeeklyHours, notices: &[Notice], now: DateTime) -> Status {
    let today = now.date();
    let open = openings(week, notices, today);
    let mut open_until = None;
    for (start, end) in &open {
        match open_until {
            None if *start <= now && now < *end => open_until = Some(*end),
            // A slot that starts before (or as) the current one ends carries on the opening.
            Some(until) if *start <= until && *end > until => open_until = Some(*end),
            _ => {}
        }
    }
    let next_opening = if open_until.is_some() {
        None
    } else {
        open.iter().map(|(s, _)| *s).find(|s| *s > now)
    };
    let (_, closed_today) = day_plan(week, notices, today);
    let holiday_unsure = is_public_holiday(today)
        && notices
            .iter()
            .rev()
            .find_map(|n| match &n.kind {
                NoticeKind::Hours(h) if n.covers(today) => Some(h.holidays),
                _ => None,
            })
            .unwrap_or(week.holidays)
            == Holidays::Unknown;
    let messages = notices
        .iter()
        .filter(|n| n.covers(today) && !n.text.trim().is_empty())
        .map(|n| n.text.clone())
        .collect();
    Status {
        open_until,
        next_opening,
        closed_today,
        holiday_unsure,
        messages,
    }
}

/// Why a place with these hours stays closed all of `day` although its week opens it then.
pub fn closed_on(week: &WeeklyHours, notices: &[Notice], day: Date) -> Option<ClosedBecause> {
    day_plan(week, notices, day).1
}

/// What the pages show of a place at `now` (local wall time): [`status`], with tomorrow's
/// closure, in words the browser translates.
pub fn now_view(week: &WeeklyHours, notices: &[Notice], now: DateTime) -> NowView {
    let s = status(week, notices, now);
    let shown = |c: ClosedBecause| match c {
        ClosedBecause::Notice(text) => ClosedDay::Notice(text),
        ClosedBecause::Holiday => ClosedDay::Holiday,
    };
    let today = now.date();
    let shown_at = |t: DateTime| NextOpening {
        in_days: today
            .until(t.date())
            .map_or(0, |span| span.get_days())
            .clamp(0, 255) as u8,
        weekday: t.weekday().to_monday_zero_offset() as u8,
        time: format!("{:02}:{:02}", t.hour(), t.minute()),
    };
    let no_hours = week.days.iter().all(Vec::is_empty)
        && !notices
            .iter()
            .any(|n| matches!(n.kind, NoticeKind::Hours(_)) && n.covers(today));
    NowView {
        open_until: s.open_until.map(shown_at),
        next: s.next_opening.map(shown_at),
        closed_today: s.closed_today.map(shown),
        closed_tomorrow: today
            .tomorrow()
            .ok()
            .and_then(|d| closed_on(week, notices, d))
            .map(shown),
        holiday_unsure: s.holiday_unsure,
        messages: s.messages,
        no_hours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use rstest::rstest;

    fn hm(text: &str) -> Minute {
        let (h, m) = text.split_once(':').expect("hh:mm");
        h.parse::<Minute>().expect("hours") * 60 + m.parse::<Minute>().expect("minutes")
    }

    fn slot(from: &str, to: &str) -> Slot {
        Slot::new(hm(from), hm(to)).expect("slot")
    }

    /// Monday to Friday 09:00–12:00 and 14:00–17:00; Saturday 10:00–12:00; closed on Sunday.
    fn office() -> WeeklyHours {
        let weekday = vec![slot("09:00", "12:00"), slot("14:00", "17:00")];
        WeeklyHours {
            days: [
                weekday.clone(),
                weekday.clone(),
                weekday.clone(),
                weekday.clone(),
                weekday,
                vec![slot("10:00", "12:00")],
                vec![],
            ],
            holidays: Holidays::Closed,
        }
    }

    /// A night shelter: every night 20:00–08:00, open on holidays.
    fn shelter() -> WeeklyHours {
        WeeklyHours {
            days: std::array::from_fn(|_| vec![slot("20:00", "08:00")]),
            holidays: Holidays::Open,
        }
    }

    fn dt(text: &str) -> DateTime {
        text.parse().expect("date and time")
    }

    // 2026-12-01 is a Tuesday.
    #[rstest]
    #[case::morning("2026-12-01T10:30", Some("2026-12-01T12:00"), None)]
    #[case::at_opening("2026-12-01T09:00", Some("2026-12-01T12:00"), None)]
    #[case::at_closing_is_closed("2026-12-01T12:00", None, Some("2026-12-01T14:00"))]
    #[case::lunch("2026-12-01T13:00", None, Some("2026-12-01T14:00"))]
    #[case::evening("2026-12-01T18:00", None, Some("2026-12-02T09:00"))]
    #[case::saturday_after("2026-12-05T12:30", None, Some("2026-12-07T09:00"))]
    #[case::sunday("2026-12-06T11:00", None, Some("2026-12-07T09:00"))]
    fn an_office_opens_and_closes_by_the_clock(
        #[case] now: &str,
        #[case] until: Option<&str>,
        #[case] next: Option<&str>,
    ) {
        let s = status(&office(), &[], dt(now));
        assert_eq!(s.open_until, until.map(dt), "{now}");
        assert_eq!(s.next_opening, next.map(dt), "{now}");
        assert_eq!(s.is_open(), until.is_some());
        assert_eq!(s.closed_today, None);
    }

    #[rstest]
    #[case::before_midnight("2026-12-01T23:00", Some("2026-12-02T08:00"))]
    #[case::after_midnight("2026-12-02T03:00", Some("2026-12-02T08:00"))]
    #[case::day("2026-12-02T12:00", None)]
    fn a_night_slot_runs_past_midnight(#[case] now: &str, #[case] until: Option<&str>) {
        let s = status(&shelter(), &[], dt(now));
        assert_eq!(s.open_until, until.map(dt), "{now}");
        if until.is_none() {
            assert_eq!(s.next_opening, Some(dt("2026-12-02T20:00")));
        }
    }

    #[test]
    fn joined_slots_make_one_opening() {
        // 08:00–12:00 and 12:00–18:00, and a night slot ending at 24:00 followed by one from
        // 00:00: open until the last end.
        let mut week = WeeklyHours::default();
        week.days[1] = vec![
            slot("08:00", "12:00"),
            slot("12:00", "18:00"),
            slot("22:00", "24:00"),
        ];
        week.days[2] = vec![slot("00:00", "06:00")];
        assert_eq!(
            status(&week, &[], dt("2026-12-01T09:00")).open_until,
            Some(dt("2026-12-01T18:00"))
        );
        assert_eq!(
            status(&week, &[], dt("2026-12-01T23:00")).open_until,
            Some(dt("2026-12-02T06:00"))
        );
    }

    #[rstest]
    #[case::christmas(date(2026, 12, 25), true)]
    #[case::bastille_day(date(2026, 7, 14), true)]
    #[case::easter_monday_2026(date(2026, 4, 6), true)]
    #[case::ascension_2026(date(2026, 5, 14), true)]
    #[case::whit_monday_2026(date(2026, 5, 25), true)]
    #[case::easter_monday_2027(date(2027, 3, 29), true)]
    #[case::easter_sunday(date(2026, 4, 5), false)]
    #[case::ordinary_day(date(2026, 12, 1), false)]
    fn public_holidays_of_france(#[case] day: Date, #[case] holiday: bool) {
        assert_eq!(is_public_holiday(day), holiday);
    }

    #[test]
    fn holidays_close_what_closes_on_them_and_leave_the_rest_open() {
        // Friday 25 December 2026.
        let christmas = dt("2026-12-25T10:00");
        let s = status(&office(), &[], christmas);
        assert!(!s.is_open());
        assert_eq!(s.closed_today, Some(ClosedBecause::Holiday));
        assert_eq!(s.next_opening, Some(dt("2026-12-26T10:00")));
        let s = status(&shelter(), &[], dt("2026-12-25T21:00"));
        assert!(s.is_open());
        assert!(!s.holiday_unsure);
        let unsure = WeeklyHours {
            holidays: Holidays::Unknown,
            ..office()
        };
        let s = status(&unsure, &[], christmas);
        assert!(s.is_open(), "unknown: open as usual");
        assert!(s.holiday_unsure);
    }

    #[test]
    fn a_closure_closes_its_days_and_says_why() {
        let works = Notice {
            kind: NoticeKind::Closure,
            from: date(2026, 12, 1),
            to: Some(date(2026, 12, 2)),
            text: "Travaux".into(),
        };
        let s = status(
            &office(),
            std::slice::from_ref(&works),
            dt("2026-12-01T10:00"),
        );
        assert!(!s.is_open());
        assert_eq!(
            s.closed_today,
            Some(ClosedBecause::Notice("Travaux".into()))
        );
        assert_eq!(s.next_opening, Some(dt("2026-12-03T09:00")));
        assert_eq!(s.messages, ["Travaux"]);
        // The day after the range, as usual.
        let s = status(&office(), &[works], dt("2026-12-03T10:00"));
        assert!(s.is_open());
        assert_eq!(s.messages, Vec::<String>::new());
        // On a day the week keeps closed, a closure is no reason of its own.
        let sunday = Notice {
            kind: NoticeKind::Closure,
            from: date(2026, 12, 6),
            to: None,
            text: "Fermé".into(),
        };
        assert_eq!(
            status(&office(), &[sunday], dt("2026-12-06T10:00")).closed_today,
            None
        );
    }

    #[test]
    fn overlapping_notices_closure_first_then_the_latest_hours() {
        let every_day = |from, to| WeeklyHours {
            days: std::array::from_fn(|_| vec![slot(from, to)]),
            holidays: Holidays::Unknown,
        };
        let (short, shorter) = (every_day("10:00", "11:00"), every_day("10:00", "10:30"));
        let notices = [
            Notice {
                kind: NoticeKind::Hours(short),
                from: date(2026, 11, 30),
                to: Some(date(2026, 12, 13)),
                text: "Horaires d’hiver".into(),
            },
            Notice {
                kind: NoticeKind::Hours(shorter),
                from: date(2026, 12, 1),
                to: Some(date(2026, 12, 1)),
                text: String::new(),
            },
            Notice {
                kind: NoticeKind::Closure,
                from: date(2026, 12, 2),
                to: Some(date(2026, 12, 3)),
                text: "Grève".into(),
            },
            Notice {
                kind: NoticeKind::Closure,
                from: date(2026, 12, 3),
                to: Some(date(2026, 12, 4)),
                text: "Inventaire".into(),
            },
            Notice {
                kind: NoticeKind::Message,
                from: date(2026, 12, 1),
                to: None,
                text: "Pas de douches cette semaine".into(),
            },
        ];
        let s = status(&office(), &notices, dt("2026-11-30T10:45"));
        assert_eq!(s.open_until, Some(dt("2026-11-30T11:00")));
        let s = status(&office(), &notices, dt("2026-12-01T10:00"));
        assert_eq!(
            s.open_until,
            Some(dt("2026-12-01T10:30")),
            "the latest hours win"
        );
        assert_eq!(
            s.messages,
            ["Horaires d’hiver", "Pas de douches cette semaine"]
        );
        let s = status(&office(), &notices, dt("2026-12-03T10:00"));
        assert_eq!(s.closed_today, Some(ClosedBecause::Notice("Grève".into())));
        assert_eq!(s.next_opening, Some(dt("2026-12-05T10:00")));
        // Past the changed hours, the week again.
        let s = status(&office(), &notices, dt("2026-12-14T16:00"));
        assert_eq!(s.open_until, Some(dt("2026-12-14T17:00")));
    }

    #[test]
    fn nothing_in_the_week_ahead() {
        let s = status(&WeeklyHours::default(), &[], dt("2026-12-01T10:00"));
        assert_eq!((s.open_until, s.next_opening), (None, None));
    }

    /// Moments around the daylight-saving changes of 2026 in Paris (29 March: 02:00 CET
    /// becomes 03:00 CEST; 25 October: 03:00 CEST becomes 02:00 CET), read in local time.
    #[rstest]
    // 00:30 UTC is 01:30 in winter time: before an early slot from 03:00.
    #[case::march_before("2026-03-29T00:30:00Z", "03:00", "05:00", false)]
    // 01:30 UTC is already 03:30 in summer time (a fixed offset would say 02:30, closed).
    #[case::march_after("2026-03-29T01:30:00Z", "03:00", "05:00", true)]
    // 00:30 UTC is 02:30 summer time, 01:30 UTC is 02:30 winter time: the hour that happens
    // twice is open twice.
    #[case::october_first("2026-10-25T00:30:00Z", "02:00", "03:00", true)]
    #[case::october_again("2026-10-25T01:30:00Z", "02:00", "03:00", true)]
    #[case::october_after("2026-10-25T02:30:00Z", "02:00", "03:00", false)]
    fn daylight_saving_changes_follow_the_clock_on_the_wall(
        #[case] instant: &str,
        #[case] from: &str,
        #[case] to: &str,
        #[case] open: bool,
    ) {
        let paris = zone(DEFAULT_TIME_ZONE).expect("Europe/Paris");
        let week = WeeklyHours {
            days: std::array::from_fn(|_| vec![slot(from, to)]),
            holidays: Holidays::Open,
        };
        let now = local_now(instant.parse().expect("instant"), &paris);
        assert_eq!(
            status(&week, &[], now).is_open(),
            open,
            "{instant} is {now}"
        );
    }

    #[test]
    fn slots_are_refused_when_they_make_no_sense() {
        assert_eq!(Slot::new(600, 600), None);
        assert_eq!(Slot::new(DAY, 60), None);
        assert_eq!(Slot::new(60, DAY + 1), None);
        assert!(Slot::new(0, DAY).is_some());
        assert!(Slot::new(1200, 120).expect("night").overnight());
    }

    fn closure(from: &str, to: &str, text: &str) -> Notice {
        Notice {
            kind: NoticeKind::Closure,
            from: from.parse().expect("from"),
            to: Some(to.parse().expect("to")),
            text: text.into(),
        }
    }

    // 2026-12-01 is a Tuesday; the office opens at 09:00 and 14:00 on weekdays.
    #[rstest]
    #[case::open_now("2026-12-01T10:00", vec![], Some((0, 1, "12:00")), None, None, None)]
    #[case::later_today("2026-12-01T12:30", vec![], None, Some((0, 1, "14:00")), None, None)]
    #[case::tomorrow("2026-12-01T18:00", vec![], None, Some((1, 2, "09:00")), None, None)]
    #[case::closed_tomorrow_for_works(
        "2026-12-01T18:00",
        vec![closure("2026-12-02", "2026-12-02", "works")],
        None,
        Some((2, 3, "09:00")),
        None,
        Some(ClosedDay::Notice("works".into()))
    )]
    #[case::closed_today(
        "2026-12-01T10:00",
        vec![closure("2026-12-01", "2026-12-03", "strike")],
        None,
        Some((3, 4, "09:00")),
        Some(ClosedDay::Notice("strike".into())),
        Some(ClosedDay::Notice("strike".into()))
    )]
    #[case::christmas_eve("2026-12-24T18:00", vec![], None, Some((2, 5, "10:00")), None, Some(ClosedDay::Holiday))]
    fn what_the_pages_show(
        #[case] now: &str,
        #[case] notices: Vec<Notice>,
        #[case] until: Option<(u8, u8, &str)>,
        #[case] next: Option<(u8, u8, &str)>,
        #[case] today: Option<ClosedDay>,
        #[case] tomorrow: Option<ClosedDay>,
    ) {
        let v = now_view(&office(), &notices, dt(now));
        let shown = |(in_days, weekday, time): (u8, u8, &str)| NextOpening {
            in_days,
            weekday,
            time: time.into(),
        };
        assert_eq!(v.open_until, until.map(shown), "{now}");
        assert_eq!(v.next, next.map(shown), "{now}");
        assert_eq!(v.closed_today, today, "{now}");
        assert_eq!(v.closed_tomorrow, tomorrow, "{now}");
        assert!(!v.no_hours);
    }

    #[test]
    fn a_place_without_hours_says_so_and_a_night_shelter_runs_past_midnight() {
        let none = now_view(&WeeklyHours::default(), &[], dt("2026-12-01T10:00"));
        assert!(none.no_hours && !none.is_open() && none.next.is_none());
        let night = now_view(&shelter(), &[], dt("2026-12-01T23:00"));
        let until = night.open_until.clone().expect("open");
        assert_eq!((until.in_days, until.time.as_str()), (1, "08:00"));
        let always = WeeklyHours {
            days: std::array::from_fn(|_| vec![Slot::new(0, DAY).expect("slot")]),
            holidays: Holidays::Open,
        };
        let open = now_view(&always, &[], dt("2026-12-01T10:00"));
        assert!(open.open_until.expect("open").in_days >= OPEN_NON_STOP_DAYS);
        assert!(night.open_today());
    }
}
