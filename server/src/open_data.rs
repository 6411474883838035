//! `GET /open-data/venues.csv` and `GET /open-data/venues.geojson`: every venue with its current
//! accessibility answers, under the Licence Ouverte 2.0 (Etalab), like AccesLibre's export whose
//! column names the answers use. Public places only: no person, no contributor, no history.
//!
//! Values: `true` / `false`, a number for the steps and the door's width, empty (CSV) or absent
//! (GeoJSON) for "I don't know". The two kinds of hearing equipment that AccesLibre keeps in one
//! set column are two columns here (`…_bim`, `…_lsf`).

use app::backend::venues;
use app::domain::AppError;
use app::domain::accessibility::{Answer, AnswerKind, Answers, Question, wheelchair_grade};
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
    csv_answer(rows, out, "entraide-venues.csv")
}

/// A CSV file as a download: 500 if writing any row failed.
pub(crate) fn csv_answer(
    rows: Vec<csv::Result<()>>,
    out: csv::Writer<Vec<u8>>,
    filename: &str,
) -> Response {
    let body = match (
        rows.into_iter().collect::<Result<(), _>>(),
        out.into_inner(),
    ) {
        (Ok(()), Ok(body)) => body,
        _ => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
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
    use app::domain::venue::{VenueForm, VenueKind, parse_answers};
    let mut reader = csv::Reader::from_reader(file);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    // AccesLibre's own export: its address in parts, its own values for a few columns.
    let acceslibre = column("address").is_none() && column("voie").is_some();
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
        let location = match (number("latitude"), number("longitude")) {
            (Some(lat), Some(lng)) => Some(GeoPoint { lat, lng }),
            _ => None,
        };
        let (form, typed) = if acceslibre {
            let (address, typed) = from_acceslibre(&get);
            let form = VenueForm {
                name: get("name").to_owned(),
                // AccesLibre's export does not say what kind of place it is.
                kind: VenueKind::Other.code().to_owned(),
                address,
                location,
                website: String::new(),
                hours: String::new(),
            };
            (form, typed)
        } else {
            let form = VenueForm {
                name: get("name").to_owned(),
                kind: get("kind").to_owned(),
                address: get("address").to_owned(),
                location,
                website: get("website").to_owned(),
                hours: get("hours").to_owned(),
            };
            let typed: Vec<(String, String)> = Question::CHOICES
                .iter()
                .filter_map(|q| Some((q.code().to_owned(), yes_no(get(q.code()))?)))
                .collect();
            (form, typed)
        };
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

/// An answer as typed from a cell: `yes`, `no`, a number as it is, `None` for an empty cell
/// ("I don't know"). Reads `true`/`false` in any case (AccesLibre writes Python's `True`), and
/// `oui`/`non`.
fn yes_no(raw: &str) -> Option<String> {
    let raw = raw.trim().to_lowercase();
    Some(match raw.as_str() {
        "" => return None,
        "true" | "oui" | "yes" => "yes".to_owned(),
        "false" | "non" | "no" => "no".to_owned(),
        _ => raw,
    })
}

/// A row of AccesLibre's own export (`erp/export/static/schema.json` in MTES-MCT/acceslibre)
/// as an address and typed answers. Most of our questions are its columns, with its values;
/// four are not:
/// - `entree_porte_manoeuvre` is the door's kind there: a revolving door (`tambour`) or a
///   turnstile (`tourniquet`) is a yes to ours, any other kind a no;
/// - `accueil_personnels` is `formés` (yes), `non-formés` or `aucun` (no);
/// - `accueil_equipements_malentendants` is a set of kinds (`["bim", "lsf"]`): `bim` answers the
///   hearing loop, `lsf`, `lpc` (cued speech) or `scd` (captions) sign language; the set is read
///   only when `accueil_equipements_malentendants_presence` does not say there is none;
/// - `accueil_audiodescription` is a set of kinds in recent exports: any kind is a yes.
///
/// Counts where a yes or no is asked (older exports) are a yes above 0. Nothing is inferred from
/// a missing column or an empty cell: it stays "I don't know".
pub fn from_acceslibre<'a>(get: &impl Fn(&str) -> &'a str) -> (String, Vec<(String, String)>) {
    let address = {
        let street = [get("numero"), get("voie")]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let street = if street.is_empty() {
            get("lieu_dit").to_owned()
        } else {
            street
        };
        let town = [get("postal_code"), get("commune")]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        [street, town]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let kinds = |column: &str| -> Vec<String> {
        get(column)
            .trim_matches(|c| c == '[' || c == ']')
            .split(',')
            .map(|k| {
                k.trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .to_lowercase()
            })
            .filter(|k| !k.is_empty())
            .collect()
    };
    let hearing_known = !get("accueil_equipements_malentendants").is_empty()
        || yes_no(get("accueil_equipements_malentendants_presence")).as_deref() == Some("no");
    let hearing = kinds("accueil_equipements_malentendants");
    let none_present =
        yes_no(get("accueil_equipements_malentendants_presence")).as_deref() == Some("no");
    let has = |wanted: &[&str]| {
        hearing_known.then(|| {
            let yes = !none_present && hearing.iter().any(|k| wanted.contains(&k.as_str()));
            if yes { "yes" } else { "no" }.to_owned()
        })
    };
    let mut typed = Vec::new();
    for q in Question::CHOICES {
        let answer = match q {
            Question::RevolvingDoor => {
                match get("entree_porte_manoeuvre").to_lowercase().as_str() {
                    "" => None,
                    "tambour" | "tourniquet" => Some("yes".to_owned()),
                    _ => Some("no".to_owned()),
                }
            }
            Question::TrainedStaff => match get("accueil_personnels").to_lowercase().as_str() {
                "formés" | "formes" => Some("yes".to_owned()),
                "non-formés" | "non-formes" | "aucun" => Some("no".to_owned()),
                _ => None,
            },
            Question::HearingLoop => has(&["bim"]),
            Question::SignLanguage => has(&["lsf", "lpc", "scd"]),
            Question::AudioDescription => {
                let raw = get("accueil_audiodescription");
                if raw.starts_with('[') {
                    Some(
                        if kinds("accueil_audiodescription").is_empty() {
                            "no"
                        } else {
                            "yes"
                        }
                        .to_owned(),
                    )
                } else {
                    yes_no(raw)
                }
            }
            Question::EasyToRead => None,
            q => {
                let raw = get(q.code());
                match (q.kind(), raw.parse::<u32>()) {
                    // An older export's count where a yes or no is asked.
                    (AnswerKind::YesNo, Ok(n)) => Some(if n > 0 { "yes" } else { "no" }.to_owned()),
                    _ => yes_no(raw),
                }
            }
        };
        if let Some(a) = answer {
            typed.push((q.code().to_owned(), a));
        }
    }
    (address, typed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row<'a>(cells: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> &'a str {
        move |name: &str| {
            cells
                .iter()
                .find(|(k, _)| *k == name)
                .map_or("", |(_, v)| *v)
        }
    }

    #[test]
    fn acceslibre_rows_become_our_answers_and_unknown_stays_unknown() {
        let get = row(&[
            ("numero", "11 bis"),
            ("voie", "Rue de Cotte"),
            ("postal_code", "75012"),
            ("commune", "Paris"),
            ("entree_plain_pied", "False"),
            ("entree_marches", "1"),
            ("entree_largeur_mini", "120"),
            ("entree_porte_manoeuvre", "tambour"),
            ("accueil_personnels", "formés"),
            ("accueil_equipements_malentendants_presence", "True"),
            ("accueil_equipements_malentendants", "[\"bim\", \"lpc\"]"),
            ("sanitaires_adaptes", "1"),
            ("transport_station_presence", "True"),
        ]);
        let (address, typed) = from_acceslibre(&get);
        assert_eq!(address, "11 bis Rue de Cotte, 75012 Paris");
        let answer = |code: &str| {
            typed
                .iter()
                .find(|(q, _)| q == code)
                .map(|(_, a)| a.as_str())
        };
        assert_eq!(answer("entree_plain_pied"), Some("no"));
        assert_eq!(answer("entree_marches"), Some("1"));
        assert_eq!(answer("entree_largeur_mini"), Some("120"));
        assert_eq!(
            answer("entree_porte_manoeuvre"),
            Some("yes"),
            "a revolving door"
        );
        assert_eq!(answer("accueil_personnels"), Some("yes"));
        assert_eq!(answer("accueil_equipements_malentendants_bim"), Some("yes"));
        assert_eq!(
            answer("accueil_equipements_malentendants_lsf"),
            Some("yes"),
            "cued speech"
        );
        assert_eq!(
            answer("sanitaires_adaptes"),
            Some("yes"),
            "an older export's count"
        );
        assert_eq!(answer("transport_station_presence"), Some("yes"));
        // Empty or absent cells are never guessed.
        for unknown in [
            "accueil_visibilite",
            "stationnement_pmr",
            "accueil_audiodescription",
            "signaletique_facile_a_lire",
        ] {
            assert_eq!(answer(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn acceslibre_without_equipment_is_a_no_and_a_place_without_a_street_has_its_locality() {
        let get = row(&[
            ("lieu_dit", "Le Bourg"),
            ("postal_code", "63210"),
            ("commune", "Aurières"),
            ("entree_porte_manoeuvre", "battante"),
            ("accueil_personnels", "non-formés"),
            ("accueil_equipements_malentendants_presence", "False"),
            ("accueil_audiodescription", "[]"),
        ]);
        let (address, typed) = from_acceslibre(&get);
        assert_eq!(address, "Le Bourg, 63210 Aurières");
        let answer = |code: &str| {
            typed
                .iter()
                .find(|(q, _)| q == code)
                .map(|(_, a)| a.as_str())
        };
        assert_eq!(answer("entree_porte_manoeuvre"), Some("no"));
        assert_eq!(answer("accueil_personnels"), Some("no"));
        assert_eq!(answer("accueil_equipements_malentendants_bim"), Some("no"));
        assert_eq!(answer("accueil_equipements_malentendants_lsf"), Some("no"));
        assert_eq!(answer("accueil_audiodescription"), Some("no"));
    }
}
