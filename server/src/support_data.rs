//! Support sites as open data (issue 21): `GET /open-data/support-sites.geojson` (complete, and
//! the format `server import-support-sites` reads) and `GET /open-data/support-sites.csv` (one
//! flat row per site, for a spreadsheet), under the Licence Ouverte 2.0 (Etalab). Public places
//! only: no person, no author, no report.
//!
//! Hours are written as people read them, per day (`"monday": "09:00-12:00, 14:00-17:00"`), and
//! read back by the same parser as the forms (`domain::support::parse_day`), so a file written by
//! hand in that form loads too.

use app::backend::support;
use app::domain::AppError;
use app::domain::support::{
    Condition, Fullness, Holidays, Price, Public, ServiceCategory, ServiceDraft, SiteDraft,
    StopDraft, WeeklyHours, format_day, hhmm, parse_day, parse_time,
};
use app::domain::vocab::Code;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::state::ServerState;

/// The licence of the files, as written in them and in README.
pub const LICENCE: &str = "Licence Ouverte 2.0 (Etalab)";
/// Day names of the files, Monday first.
pub const DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn holidays_code(h: Holidays) -> &'static str {
    match h {
        Holidays::Closed => "closed",
        Holidays::Open => "open",
        Holidays::Unknown => "unknown",
    }
}

fn week_value(week: &WeeklyHours) -> Value {
    let mut days = Map::new();
    for (i, name) in DAYS.iter().enumerate() {
        days.insert((*name).into(), json!(format_day(&week.days[i])));
    }
    days.insert(
        "public_holidays".into(),
        json!(holidays_code(week.holidays)),
    );
    Value::Object(days)
}

fn codes<T: Code>(values: &[T]) -> Vec<&'static str> {
    values.iter().map(|v| v.code()).collect()
}

/// One site as a GeoJSON feature (a mobile site has no geometry; its stops carry points).
pub fn feature(id: i64, s: &SiteDraft, checked_on: &str) -> Value {
    json!({
        "type": "Feature",
        "geometry": s.point.map(|(lat, lng)| json!({ "type": "Point", "coordinates": [lng, lat] })),
        "properties": {
            "id": id,
            "name": s.name,
            "description": s.description,
            "address": s.address,
            "mobile": s.point.is_none(),
            "phone": s.phone,
            "website": s.website,
            "languages": s.languages,
            "hours": week_value(&s.hours),
            "services": s.services.iter().map(|v| json!({
                "category": v.category.code(),
                "conditions": codes(&v.conditions),
                "publics": codes(&v.publics),
                "pets": v.pets,
                "price": v.price.code(),
                "fullness": v.fullness.code(),
                "hours": v.hours.as_ref().map(week_value),
                "note": v.note,
            })).collect::<Vec<_>>(),
            "stops": s.stops.iter().map(|st| json!({
                "place": st.place,
                "latitude": st.lat,
                "longitude": st.lng,
                "day": DAYS[usize::from(st.weekday.min(6))],
                "start": hhmm(st.start),
                "end": hhmm(st.end),
            })).collect::<Vec<_>>(),
            "checked_on": checked_on,
        },
    })
}

/// The local date of a moment in the deployment's zone.
fn day_of(zone: &jiff::tz::TimeZone, unix: i64) -> String {
    jiff::Timestamp::from_second(unix)
        .map(|t| app::domain::opening::local_now(t, zone).date().to_string())
        .unwrap_or_default()
}

fn failed(e: impl Into<AppError>) -> Response {
    StatusCode::from_u16(e.into().status())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}

pub async fn support_geojson(State(state): State<ServerState>) -> Response {
    let all = match support::all_drafts(&state.app.db).await {
        Ok(all) => all,
        Err(e) => return failed(e),
    };
    let features: Vec<Value> = all
        .iter()
        .map(|(id, draft, checked)| feature(*id, draft, &day_of(&state.app.time_zone, *checked)))
        .collect();
    (
        [(header::CONTENT_TYPE, "application/geo+json")],
        json!({ "type": "FeatureCollection", "license": LICENCE, "features": features })
            .to_string(),
    )
        .into_response()
}

/// The CSV's columns: the site, its week (one column a day), and what its services offer (codes
/// joined by `|`; the GeoJSON keeps each service apart).
pub const CSV_HEAD: [&str; 20] = [
    "id",
    "name",
    "description",
    "address",
    "latitude",
    "longitude",
    "mobile",
    "phone",
    "website",
    "languages",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "public_holidays",
    "categories",
    "unconditional",
];

pub async fn support_csv(State(state): State<ServerState>) -> Response {
    let all = match support::all_drafts(&state.app.db).await {
        Ok(all) => all,
        Err(e) => return failed(e),
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut rows = vec![out.write_record(CSV_HEAD)];
    for (id, s, _) in &all {
        let mut row = vec![
            id.to_string(),
            s.name.clone(),
            s.description.clone(),
            s.address.clone(),
            s.point.map(|p| p.0.to_string()).unwrap_or_default(),
            s.point.map(|p| p.1.to_string()).unwrap_or_default(),
            s.point.is_none().to_string(),
            s.phone.clone(),
            s.website.clone(),
            s.languages.join("|"),
        ];
        row.extend(s.hours.days.iter().map(|d| format_day(d)));
        row.push(holidays_code(s.hours.holidays).to_owned());
        row.push(
            s.services
                .iter()
                .map(|v| v.category.code())
                .collect::<Vec<_>>()
                .join("|"),
        );
        row.push(
            s.services
                .iter()
                .any(|v| v.conditions.contains(&Condition::Unconditional))
                .to_string(),
        );
        rows.push(out.write_record(row));
    }
    crate::open_data::csv_answer(rows, out, "entraide-support-sites.csv")
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned()
}

fn week_from(v: Option<&Value>) -> Result<WeeklyHours, String> {
    let mut week = WeeklyHours::default();
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(week);
    };
    for (i, name) in DAYS.iter().enumerate() {
        let raw = text(v, name);
        week.days[i] = parse_day(&raw).map_err(|_| format!("hours of {name}: {raw:?}"))?;
    }
    week.holidays = match text(v, "public_holidays").as_str() {
        "closed" => Holidays::Closed,
        "open" => Holidays::Open,
        _ => Holidays::Unknown,
    };
    Ok(week)
}

fn code_list<T: Code>(v: &Value, key: &str) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for c in v.get(key).and_then(Value::as_array).into_iter().flatten() {
        let c = c.as_str().unwrap_or("");
        out.push(T::from_code(c).ok_or_else(|| format!("{key}: unknown {c:?}"))?);
    }
    Ok(out)
}

fn point(lat: Option<f64>, lng: Option<f64>) -> Result<Option<(f64, f64)>, String> {
    match (lat, lng) {
        (Some(lat), Some(lng)) => app::domain::geo::GeoPoint::parse(lat, lng)
            .map(|p| Some((p.lat, p.lng)))
            .map_err(|_| format!("point out of range: {lat}, {lng}")),
        _ => Ok(None),
    }
}

/// A feature of the GeoJSON as a site to add, checked as the forms would (names, hours, codes,
/// points); why not otherwise.
pub fn site_from(feature: &Value) -> Result<SiteDraft, String> {
    let p = feature.get("properties").ok_or("no properties")?;
    let name = text(p, "name");
    if name.chars().count() < 2 || name.chars().count() > 120 {
        return Err(format!("name {name:?}: 2 to 120 characters"));
    }
    let coords = feature
        .get("geometry")
        .and_then(|g| g.get("coordinates"))
        .and_then(Value::as_array);
    let site_point = point(
        coords.and_then(|c| c.get(1)).and_then(Value::as_f64),
        coords.and_then(|c| c.first()).and_then(Value::as_f64),
    )?;
    let mut services = Vec::new();
    for v in p
        .get("services")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let category = text(v, "category");
        services.push(ServiceDraft {
            category: ServiceCategory::from_code(&category)
                .ok_or_else(|| format!("category {category:?}"))?,
            conditions: code_list::<Condition>(v, "conditions")?,
            publics: code_list::<Public>(v, "publics")?,
            pets: v.get("pets").and_then(Value::as_bool).unwrap_or(false),
            price: Price::from_code(&text(v, "price")).unwrap_or_default(),
            fullness: Fullness::from_code(&text(v, "fullness")).unwrap_or_default(),
            hours: match v.get("hours").filter(|h| !h.is_null()) {
                Some(h) => Some(week_from(Some(h))?),
                None => None,
            },
            note: text(v, "note").chars().take(500).collect(),
        });
    }
    let mut stops = Vec::new();
    for s in p
        .get("stops")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let day = text(s, "day");
        let weekday = DAYS
            .iter()
            .position(|d| *d == day)
            .ok_or_else(|| format!("stop day {day:?}"))?;
        let (lat, lng) = point(
            s.get("latitude").and_then(Value::as_f64),
            s.get("longitude").and_then(Value::as_f64),
        )?
        .ok_or("a stop without its point")?;
        let (start, end) = (
            parse_time(&text(s, "start")).ok_or("stop start")?,
            parse_time(&text(s, "end")).ok_or("stop end")?,
        );
        app::domain::support::Slot::new(start, end).ok_or("stop times")?;
        stops.push(StopDraft {
            place: text(s, "place"),
            lat,
            lng,
            weekday: weekday as u8,
            start,
            end,
        });
    }
    if site_point.is_none() && stops.is_empty() {
        return Err("neither a point nor stops".into());
    }
    Ok(SiteDraft {
        name,
        description: text(p, "description").chars().take(2000).collect(),
        address: text(p, "address"),
        point: site_point,
        phone: text(p, "phone"),
        website: text(p, "website"),
        languages: p
            .get("languages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()))
            .map(str::to_owned)
            .collect(),
        hours: week_from(p.get("hours"))?,
        services,
        stops,
    })
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    /// Already there (same name at the same address).
    pub duplicates: usize,
    /// Refused features: their position in the file (from 1) and why.
    pub refused: Vec<(usize, String)>,
}

/// Loads support sites from a GeoJSON file in the format of `/open-data/support-sites.geojson`
/// (ids and `checked_on` are ignored: an imported site counts as checked on import), for the
/// association `association` if given. A refused feature is reported and skipped; a site
/// already there (same name and address) is not added twice.
pub async fn import_geojson(
    db: &sea_orm::DatabaseConnection,
    association: Option<i64>,
    file: &str,
) -> Result<ImportReport, String> {
    let doc: Value = serde_json::from_str(file).map_err(|e| format!("not JSON: {e}"))?;
    let features = doc
        .get("features")
        .and_then(Value::as_array)
        .ok_or("not a GeoJSON FeatureCollection")?;
    let mut report = ImportReport::default();
    for (i, f) in features.iter().enumerate() {
        let draft = match site_from(f) {
            Ok(d) => d,
            Err(why) => {
                report.refused.push((i + 1, why));
                continue;
            }
        };
        let now = app::backend::now();
        let added = app::backend::tx::write(db, |txn| {
            let draft = draft.clone();
            Box::pin(async move { support::import(txn, &draft, association, now).await })
        })
        .await
        .map_err(|e| format!("feature {}: {e:?}", i + 1))?;
        if added.is_some() {
            report.added += 1;
        } else {
            report.duplicates += 1;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::support::Slot;

    fn sample() -> SiteDraft {
        let mut hours = WeeklyHours::default();
        hours.days[0] = vec![Slot::new(540, 720).expect("slot")];
        hours.days[5] = vec![Slot::new(1200, 480).expect("slot")];
        hours.holidays = Holidays::Closed;
        SiteDraft {
            name: "Bains-douches Oberkampf".into(),
            description: "Douches gratuites".into(),
            address: "42 rue Oberkampf, 75011 Paris".into(),
            point: Some((48.865, 2.375)),
            phone: "01 23 45 67 89".into(),
            website: "https://example.org".into(),
            languages: vec!["fr".into(), "ar".into()],
            hours,
            services: vec![ServiceDraft {
                category: ServiceCategory::Hygiene,
                conditions: vec![Condition::Unconditional],
                publics: vec![Public::Women, Public::Families],
                pets: true,
                price: Price::Symbolic,
                fullness: Fullness::Sometimes,
                hours: Some(WeeklyHours::default()),
                note: "Serviettes prêtées".into(),
            }],
            stops: vec![],
        }
    }

    #[test]
    fn a_site_survives_the_round_trip_through_its_feature() {
        let s = sample();
        assert_eq!(site_from(&feature(7, &s, "2026-12-01")), Ok(s));
        let mut van = sample();
        van.point = None;
        van.stops = vec![StopDraft {
            place: "Place de la République".into(),
            lat: 48.867,
            lng: 2.363,
            weekday: 2,
            start: 1140,
            end: 1290,
        }];
        assert_eq!(site_from(&feature(8, &van, "2026-12-01")), Ok(van));
    }

    #[test]
    fn a_feature_with_wrong_values_is_refused_with_the_reason() {
        let mut f = feature(1, &sample(), "2026-12-01");
        f["properties"]["hours"]["monday"] = json!("9h-midi");
        assert!(site_from(&f).expect_err("hours").contains("monday"));
        let mut f = feature(1, &sample(), "2026-12-01");
        f["properties"]["services"][0]["category"] = json!("spa");
        assert!(site_from(&f).expect_err("category").contains("spa"));
        let mut f = feature(1, &sample(), "2026-12-01");
        f["geometry"] = Value::Null;
        assert!(site_from(&f).is_err(), "neither point nor stops");
    }
}
