//! `/open-data/v1/…`: the neighbourhood figures for municipalities and anyone else (issue 24),
//! read only from the aggregate tables that `app::backend::insights` writes. Open to every origin
//! (CORS), cacheable (a period never changes once published: `ETag` and a day's `Cache-Control`),
//! rate-limited per client, under the Licence Ouverte / Open Licence 2.0 (Etalab), said in every
//! answer.
//!
//! - `GET /open-data/v1/` — what is published: measures, periods, resolutions, the rules.
//! - `GET /open-data/v1/areas.geojson?measure=…&period=…&resolution=7|8&category=…`
//! - `GET /open-data/v1/areas.csv?…` — the same figures as a table (the area's cell id and its
//!   centre instead of its outline).

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use app::backend::insights::{self, Area};
use app::domain::open_data::{
    COARSE_RESOLUTION, DEMAND_HIGH, DEMAND_LOW, DEMAND_MIN_AREAS, Demand, FINEST_RESOLUTION,
    MAX_SHARE_PERCENT, MIN_PEOPLE, Measure, Period, UNMET_AFTER_DAYS, demand_index,
};
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use h3o::{CellIndex, LatLng};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::state::ServerState;

/// The licence of every figure.
pub const LICENCE: &str = "Licence Ouverte / Open Licence 2.0 (Etalab)";
/// Its text.
pub const LICENCE_URL: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

/// Requests a minute per client address, all of which may come at once.
pub const REQUESTS_PER_MINUTE: u32 = 120;

/// The API's rate limiter, keyed by client address.
pub type Limiter = DefaultKeyedRateLimiter<IpAddr>;

pub fn limiter() -> Limiter {
    RateLimiter::keyed(Quota::per_minute(
        NonZeroU32::new(REQUESTS_PER_MINUTE).unwrap_or(NonZeroU32::MIN),
    ))
}

/// The query of `areas.*`.
#[derive(Debug, Default, Deserialize)]
pub struct AreasQuery {
    measure: Option<String>,
    period: Option<String>,
    resolution: Option<String>,
    category: Option<String>,
}

/// What a query asks for, checked.
struct Asked {
    measure: Measure,
    period: Period,
    resolution: u8,
    category: String,
}

/// A refusal: 400 with what was wrong, in English and French (the API speaks to programs and
/// to the people who write them).
fn refuse(status: StatusCode, en: &str, fr: &str) -> Response {
    let mut response = (
        status,
        axum::Json(json!({ "error": en, "error_fr": fr, "licence": LICENCE })),
    )
        .into_response();
    open(response.headers_mut());
    response
}

/// Headers every answer carries: any origin may read it, and the licence.
fn open(headers: &mut HeaderMap) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::LINK,
        HeaderValue::from_str(&format!("<{LICENCE_URL}>; rel=\"license\""))
            .unwrap_or(HeaderValue::from_static("")),
    );
}

async fn check(state: &ServerState, query: AreasQuery) -> Result<Asked, Response> {
    let measure_codes = Measure::ALL.map(Measure::code).join(", ");
    let Some(measure) = query.measure.as_deref().and_then(Measure::from_code) else {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            &format!("measure: one of {measure_codes}"),
            &format!("measure : l'une de {measure_codes}"),
        ));
    };
    let resolution = match query.resolution.as_deref() {
        None | Some("") => FINEST_RESOLUTION,
        Some(r) => match r.parse::<u8>() {
            Ok(r) if r == COARSE_RESOLUTION || r == FINEST_RESOLUTION => r,
            _ => {
                return Err(refuse(
                    StatusCode::BAD_REQUEST,
                    "resolution: 7 or 8",
                    "resolution : 7 ou 8",
                ));
            }
        },
    };
    let published = insights::periods(&state.app.db).await.map_err(failed)?;
    let period = match query.period.as_deref() {
        None | Some("") => match published.first().and_then(|p| Period::from_code(p)) {
            Some(p) => p,
            None => {
                return Err(refuse(
                    StatusCode::NOT_FOUND,
                    "nothing is published yet: a quarter is published 14 days after it ends",
                    "rien n'est encore publié : un trimestre l'est 14 jours après sa fin",
                ));
            }
        },
        Some(code) => match Period::from_code(code) {
            Some(p) if published.contains(&p.code()) => p,
            Some(_) => {
                return Err(refuse(
                    StatusCode::NOT_FOUND,
                    "this period is not published (yet): see /open-data/v1/ for those that are",
                    "cette période n'est pas (encore) publiée : voir /open-data/v1/",
                ));
            }
            None => {
                return Err(refuse(
                    StatusCode::BAD_REQUEST,
                    "period: a year (2026) or a quarter (2026-Q3)",
                    "period : une année (2026) ou un trimestre (2026-Q3)",
                ));
            }
        },
    };
    let category = query.category.unwrap_or_default();
    if category.len() > 64
        || !category
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "category: a category code, or nothing for every category",
            "category : un code de catégorie, ou rien pour toutes",
        ));
    }
    if !category.is_empty() && !measure.has_categories() {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "this measure has no categories",
            "cette mesure n'a pas de catégories",
        ));
    }
    Ok(Asked {
        measure,
        period,
        resolution,
        category,
    })
}

fn failed(e: app::backend::Error) -> Response {
    tracing::warn!(error = ?e, "open data");
    refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        "the figures cannot be read right now; try again later",
        "les chiffres ne peuvent pas être lus pour l'instant ; réessayez plus tard",
    )
}

fn limited(state: &ServerState, peer: SocketAddr, headers: &HeaderMap) -> Option<Response> {
    let ip = crate::support::client(state, peer, headers);
    if state.open_data_limiter.check_key(&ip).is_ok() {
        return None;
    }
    let mut response = refuse(
        StatusCode::TOO_MANY_REQUESTS,
        "too many requests from this address: wait a minute",
        "trop de requêtes depuis cette adresse : attendez une minute",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    Some(response)
}

/// The published value as shown: hours from minutes (one decimal), else the count.
fn shown(measure: Measure, value: i64) -> Value {
    if measure == Measure::Hours {
        json!((value as f64 / 6.0).round() / 10.0)
    } else {
        json!(value)
    }
}

/// The demand index of each area, for the measures of requests (`None` otherwise).
fn demand(asked: &Asked, areas: &[Area]) -> Vec<Option<(f64, Demand)>> {
    if !matches!(asked.measure, Measure::Requests | Measure::Unmet) {
        return vec![None; areas.len()];
    }
    let values: Vec<(u64, bool)> = areas
        .iter()
        .map(|a| {
            let comparable = area_resolution(a.cell) == asked.resolution;
            (u64::try_from(a.value).unwrap_or(0), comparable)
        })
        .collect();
    demand_index(&values)
}

/// An answer with its validator: `304` when the client already has it.
fn cached(
    request: &HeaderMap,
    tag: String,
    content_type: &'static str,
    filename: Option<String>,
    body: Vec<u8>,
) -> Response {
    let etag = format!("\"{tag}\"");
    let mut response = if request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, content_type)], body).into_response()
    };
    let headers = response.headers_mut();
    open(headers);
    if let Ok(v) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    if let Some(name) = filename
        && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// A tag for a query's answer: a period's figures never change once stored.
fn tag(asked: &Asked, format: &str) -> String {
    format!(
        "v1-{}-{}-{}-{}-{format}",
        asked.period.code(),
        asked.resolution,
        asked.measure.code(),
        if asked.category.is_empty() {
            "all"
        } else {
            &asked.category
        }
    )
}

fn outline(cell: i64) -> Option<Vec<[f64; 2]>> {
    let cell = CellIndex::try_from(u64::try_from(cell).ok()?).ok()?;
    let mut ring: Vec<[f64; 2]> = cell
        .boundary()
        .iter()
        .map(|ll| [ll.lng(), ll.lat()])
        .collect();
    let first = *ring.first()?;
    ring.push(first);
    Some(ring)
}

fn centre(cell: i64) -> Option<(f64, f64)> {
    let cell = CellIndex::try_from(u64::try_from(cell).ok()?).ok()?;
    let ll = LatLng::from(cell);
    Some((ll.lat(), ll.lng()))
}

fn area_resolution(cell: i64) -> u8 {
    u64::try_from(cell)
        .ok()
        .and_then(|c| CellIndex::try_from(c).ok())
        .map_or(0, |c| u8::from(c.resolution()))
}

/// `GET /open-data/v1/`: what is published and under which rules.
pub async fn index(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = limited(&state, peer, &headers) {
        return refused;
    }
    let periods = match insights::periods(&state.app.db).await {
        Ok(p) => p,
        Err(e) => return failed(e),
    };
    let body = json!({
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "measures": Measure::ALL.map(|m| json!({
            "code": m.code(),
            "categories": m.has_categories(),
            "unit": if m == Measure::Hours { "hours" } else { "count" },
        })),
        "periods": periods,
        "resolutions": [COARSE_RESOLUTION, FINEST_RESOLUTION],
        "rules": {
            "min_people": MIN_PEOPLE,
            "max_share_percent": MAX_SHARE_PERCENT,
            "unmet_after_days": UNMET_AFTER_DAYS,
            "demand_index": format!(
                "requests (or unmet requests) of an area over the median of the areas published at the view's resolution; high at {DEMAND_HIGH} or more, low at {DEMAND_LOW} or less; none with fewer than {DEMAND_MIN_AREAS} such areas or for a merged area"
            ),
            "areas": "H3 cells; a cell whose children do not all pass is published whole, so the areas of a view are a partition",
        },
        "areas": "/open-data/v1/areas.geojson?measure=exchanges&period=2026&resolution=8",
    });
    let tag = format!("v1-index-{}", periods.join("_"));
    cached(
        &headers,
        tag,
        "application/json",
        None,
        body.to_string().into_bytes(),
    )
}

/// What both formats of `areas.*` start with: the rate limit, the query checked, the figures.
async fn read(
    state: &ServerState,
    peer: SocketAddr,
    headers: &HeaderMap,
    query: Result<Query<AreasQuery>, QueryRejection>,
) -> Result<(Asked, Vec<Area>), Response> {
    if let Some(refused) = limited(state, peer, headers) {
        return Err(refused);
    }
    let Ok(Query(query)) = query else {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "the query string cannot be read",
            "les paramètres de l'adresse sont illisibles",
        ));
    };
    let asked = check(state, query).await?;
    let areas = insights::areas(
        &state.app.db,
        asked.measure,
        asked.period,
        asked.resolution,
        &asked.category,
    )
    .await
    .map_err(failed)?;
    Ok((asked, areas))
}

/// `GET /open-data/v1/areas.geojson`
pub async fn areas_geojson(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<AreasQuery>, QueryRejection>,
) -> Response {
    let (asked, areas) = match read(&state, peer, &headers, query).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let demand = demand(&asked, &areas);
    let features: Vec<Value> = areas
        .iter()
        .zip(&demand)
        .filter_map(|(a, d): (&Area, _)| {
            Some(json!({
                "type": "Feature",
                "geometry": { "type": "Polygon", "coordinates": [outline(a.cell)?] },
                "properties": {
                    "cell": format!("{:x}", a.cell),
                    "cell_resolution": area_resolution(a.cell),
                    "value": shown(asked.measure, a.value),
                    "participants": a.participants,
                    "demand_index": d.map(|(i, _)| (i * 100.0).round() / 100.0),
                    "demand": d.map(|(_, f)| f.code()),
                },
            }))
        })
        .collect();
    let body = json!({
        "type": "FeatureCollection",
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "measure": asked.measure.code(),
        "period": asked.period.code(),
        "resolution": asked.resolution,
        "category": asked.category,
        "features": features,
    });
    cached(
        &headers,
        tag(&asked, "geojson"),
        "application/geo+json",
        None,
        body.to_string().into_bytes(),
    )
}

/// `GET /open-data/v1/areas.csv`
pub async fn areas_csv(
    State(state): State<ServerState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<AreasQuery>, QueryRejection>,
) -> Response {
    let (asked, areas) = match read(&state, peer, &headers, query).await {
        Ok(read) => read,
        Err(refused) => return refused,
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut rows = vec![out.write_record([
        "period",
        "measure",
        "category",
        "cell",
        "cell_resolution",
        "centre_lat",
        "centre_lng",
        "value",
        "participants",
        "demand_index",
        "demand",
    ])];
    let demand = demand(&asked, &areas);
    for (a, d) in areas.iter().zip(&demand) {
        let (lat, lng) = centre(a.cell).unwrap_or_default();
        rows.push(out.write_record([
            asked.period.code(),
            asked.measure.code().to_owned(),
            asked.category.clone(),
            format!("{:x}", a.cell),
            area_resolution(a.cell).to_string(),
            format!("{lat:.5}"),
            format!("{lng:.5}"),
            shown(asked.measure, a.value).to_string(),
            a.participants.to_string(),
            d.map(|(i, _)| format!("{i:.2}")).unwrap_or_default(),
            d.map(|(_, f)| f.code().to_owned()).unwrap_or_default(),
        ]));
    }
    let body = match (
        rows.into_iter().collect::<Result<(), _>>(),
        out.into_inner(),
    ) {
        (Ok(()), Ok(body)) => body,
        _ => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let name = format!(
        "entraide-{}-{}-r{}.csv",
        asked.measure.code(),
        asked.period.code(),
        asked.resolution
    );
    cached(
        &headers,
        tag(&asked, "csv"),
        "text/csv; charset=utf-8",
        Some(name),
        body,
    )
}
