//! Moments shown in the reader's own time zone, and typed in it.
//!
//! Hand-written over the browser's `Date` (through `js_sys`) rather than a date crate: the zone
//! is the browser's, which only `Date` knows, and a time-zone database would weigh more than the
//! rest of the wasm bundle.

use leptos::prelude::*;

use crate::ui::text;

/// A moment, or a range when `end` is given (a same-day range says the date once).
///
/// The server knows no reader's zone: it renders UTC (marked so), and the browser's zone
/// replaces it once the page is hydrated (an island, for the pages rendered on the server).
#[island]
pub fn LocalTime(ts: i64, #[prop(optional)] end: Option<i64>) -> impl IntoView {
    let local = RwSignal::new(false);
    Effect::new(move |_| local.set(true));
    let label = move || {
        if local.get() {
            range(browser_parts(ts), end.map(browser_parts), "")
        } else {
            range(utc_parts(ts), end.map(utc_parts), " UTC")
        }
    };
    view! { <time datetime=iso(ts)>{label}</time> }
}

/// `(date, time)` as `YYYY-MM-DD` and `HH:MM`.
type Parts = (String, String);

fn utc_parts(ts: i64) -> Parts {
    let secs = ts.rem_euclid(86_400);
    (
        text::date(ts),
        format!("{:02}:{:02}", secs / 3_600, secs % 3_600 / 60),
    )
}

fn browser_parts(ts: i64) -> Parts {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ts as f64 * 1_000.0));
    (
        format!(
            "{:04}-{:02}-{:02}",
            d.get_full_year(),
            d.get_month() + 1,
            d.get_date()
        ),
        format!("{:02}:{:02}", d.get_hours(), d.get_minutes()),
    )
}

fn range(start: Parts, end: Option<Parts>, zone: &str) -> String {
    match end {
        None => format!("{} {}{zone}", start.0, start.1),
        Some(end) if end.0 == start.0 => format!("{} {}–{}{zone}", start.0, start.1, end.1),
        Some(end) => format!("{} {} – {} {}{zone}", start.0, start.1, end.0, end.1),
    }
}

/// The machine-readable form of a moment, for `<time datetime>`.
fn iso(ts: i64) -> String {
    let (date, time) = utc_parts(ts);
    format!("{date}T{time}Z")
}

/// A `datetime-local` input's value (the reader's zone) as seconds since the epoch; 0 when blank
/// or not a date, which the server refuses as in the past.
pub fn from_local_input(value: &str) -> i64 {
    if value.trim().is_empty() {
        return 0;
    }
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    if ms.is_finite() {
        (ms / 1_000.0) as i64
    } else {
        0
    }
}

/// A `datetime-local` input's value one week later, in the reader's zone (the same hour after a
/// change of daylight saving time); blank when blank or not a date.
pub fn week_later(value: &str) -> String {
    if value.trim().is_empty() {
        return String::new();
    }
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value));
    if !d.get_time().is_finite() {
        return String::new();
    }
    d.set_date(d.get_date() + 7);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_same_day_range_says_the_date_once() {
        // 2026-11-21 10:00 to 12:30 UTC, then to the next day.
        let start = 1_795_219_200 + 10 * 3_600;
        assert_eq!(
            range(utc_parts(start), Some(utc_parts(start + 9_000)), " UTC"),
            "2026-11-21 10:00–12:30 UTC"
        );
        assert_eq!(
            range(utc_parts(start), Some(utc_parts(start + 86_400)), ""),
            "2026-11-21 10:00 – 2026-11-22 10:00"
        );
        assert_eq!(iso(start), "2026-11-21T10:00Z");
    }
}
