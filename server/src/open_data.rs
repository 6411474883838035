//! `GET /open-data/venues.csv` and `GET /open-data/venues.geojson`: every venue with its current
//! accessibility answers, under the Licence Ouverte 2.0 (Etalab), like AccesLibre's export whose
//! column names the answers use. Public places only: no person, no contributor, no history.
//!
//! Values: `true` / `false`, a number for the steps and the door's width, empty (CSV) or absent
//! (GeoJSON) for "I don't know". The two kinds of hearing equipment that AccesLibre keeps in one
//! set column are two columns here (`…_bim`, `…_lsf`).

use app::backend::venues;
use app::domain::AppError;
use app::domain::accessibility::{Answer, Answers, Question, wheelchair_grade};
use app::domain::vocab::Code;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::state::ServerState;

/// The columns before the answers.
pub const CSV_HEAD: [&str; 9] = [
    "id",
    "name",
    "kind",
    "address",
    "latitude",
    "longitude",
    "website",
    "hours",
    "wheelchair_grade",
];

fn cell(answer: Option<Answer>) -> String {
    match answer {
        Some(Answer::Yes) => "true".into(),
        Some(Answer::No) => "false".into(),
        Some(Answer::Number(n)) => n.to_string(),
        None => String::new(),
    }
}

fn grade(answers: &Answers) -> &'static str {
    wheelchair_grade(answers).map_or("", |g| g.code())
}

fn failed(e: impl Into<AppError>) -> Response {
    let status =
        StatusCode::from_u16(e.into().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    status.into_response()
}

pub async fn venues_csv(State(state): State<ServerState>) -> Response {
    let all = match venues::all_with_answers(&state.app.db).await {
        Ok(all) => all,
        Err(e) => return failed(e),
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = CSV_HEAD
        .iter()
        .copied()
        .chain(Question::CHOICES.iter().map(|q| q.code()));
    let mut rows = vec![out.write_record(header)];
    for (v, answers) in &all {
        let head = [
            v.id.to_string(),
            v.name.clone(),
            v.kind.clone(),
            v.address.clone(),
            v.lat.to_string(),
            v.lng.to_string(),
            v.website.clone(),
            v.hours.clone(),
            grade(answers).to_owned(),
        ];
        let tail = Question::CHOICES.iter().map(|q| cell(answers.get(*q)));
        rows.push(out.write_record(head.into_iter().chain(tail)));
    }
    let body = match (
        rows.into_iter().collect::<Result<(), _>>(),
        out.into_inner(),
    ) {
        (Ok(()), Ok(body)) => body,
        _ => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"entraide-venues.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn venues_geojson(State(state): State<ServerState>) -> Response {
    let all = match venues::all_with_answers(&state.app.db).await {
        Ok(all) => all,
        Err(e) => return failed(e),
    };
    let features: Vec<Value> = all
        .iter()
        .map(|(v, answers)| {
            let mut accessibility = Map::new();
            for q in Question::CHOICES {
                match answers.get(*q) {
                    Some(Answer::Yes) => accessibility.insert(q.code().into(), json!(true)),
                    Some(Answer::No) => accessibility.insert(q.code().into(), json!(false)),
                    Some(Answer::Number(n)) => accessibility.insert(q.code().into(), json!(n)),
                    None => None,
                };
            }
            json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [v.lng, v.lat] },
                "properties": {
                    "id": v.id,
                    "name": v.name,
                    "kind": v.kind,
                    "address": v.address,
                    "website": v.website,
                    "hours": v.hours,
                    "wheelchair_grade": wheelchair_grade(answers).map(|g| g.code()),
                    "accessibility": accessibility,
                },
            })
        })
        .collect();
    (
        [(header::CONTENT_TYPE, "application/geo+json")],
        json!({
            "type": "FeatureCollection",
            "license": "Licence Ouverte 2.0 (Etalab)",
            "features": features,
        })
        .to_string(),
    )
        .into_response()
}

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    /// Already there (same name at the same point).
    pub duplicates: usize,
    /// Refused rows: line number and why.
    pub refused: Vec<(usize, String)>,
}

/// Loads venues from a CSV file in the format of `GET /open-data/venues.csv` (the `id` and
/// `wheelchair_grade` columns are ignored, answer columns may be missing), as contributions of
/// the account `user` (a municipality's account, say). Each row is checked like the form; a
/// refused row is reported and skipped; a venue already there is not added twice.
pub async fn import_csv(
    db: &sea_orm::DatabaseConnection,
    user: i64,
    file: impl std::io::Read,
) -> Result<ImportReport, String> {
    use app::domain::geo::GeoPoint;
    use app::domain::venue::{VenueForm, parse_answers};
    let mut reader = csv::Reader::from_reader(file);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let mut report = ImportReport::default();
    for (i, record) in reader.records().enumerate() {
        // The header is line 1.
        let line = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                report.refused.push((line, e.to_string()));
                continue;
            }
        };
        let get = |name: &str| {
            column(name)
                .and_then(|c| record.get(c))
                .unwrap_or("")
                .trim()
        };
        let number = |name: &str| get(name).parse::<f64>().ok();
        let form = VenueForm {
            name: get("name").to_owned(),
            kind: get("kind").to_owned(),
            address: get("address").to_owned(),
            location: match (number("latitude"), number("longitude")) {
                (Some(lat), Some(lng)) => Some(GeoPoint { lat, lng }),
                _ => None,
            },
            website: get("website").to_owned(),
            hours: get("hours").to_owned(),
        };
        let typed: Vec<(String, String)> = Question::CHOICES
            .iter()
            .filter_map(|q| {
                let raw = get(q.code()).to_lowercase();
                let answer = match raw.as_str() {
                    "" => return None,
                    "true" | "oui" | "yes" => "yes".to_owned(),
                    "false" | "non" | "no" => "no".to_owned(),
                    _ => raw,
                };
                Some((q.code().to_owned(), answer))
            })
            .collect();
        let parsed = form
            .parse()
            .and_then(|d| parse_answers(&typed).map(|a| (d, a)));
        let (draft, answers) = match parsed {
            Ok(ok) => ok,
            Err(e) => {
                let fields: Vec<String> = e
                    .field_errors()
                    .iter()
                    .map(|f| format!("{:?}", f.field))
                    .collect();
                report
                    .refused
                    .push((line, format!("refused fields: {}", fields.join(", "))));
                continue;
            }
        };
        let now = app::backend::now();
        let added = app::backend::tx::write(db, |txn| {
            let (draft, answers) = (draft.clone(), answers.clone());
            Box::pin(async move { venues::import(txn, user, draft, answers, now).await })
        })
        .await
        .map_err(|e| format!("line {line}: {e:?}"))?;
        match added {
            Some(_) => report.added += 1,
            None => report.duplicates += 1,
        }
    }
    Ok(report)
}
