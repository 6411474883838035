//! The open data's figures (issue 24): computed by a job from the tables once a period has ended,
//! with the secrecy rules of [`crate::domain::open_data`], and stored in `open_data_figures`,
//! which is all the API reads.
//!
//! A period is computed once, in one transaction that also records it in `open_data_periods`
//! (whose key makes a second runner's transaction fail and roll back), so the job is idempotent
//! and safe to stop at any point. A quarter is computed [`UNMET_AFTER_DAYS`] days after it ends
//! (so that its unmet requests are known), a year likewise after its last quarter. Periods are
//! calendar quarters in UTC.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use h3o::{CellIndex, Resolution};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};

use super::Error;
use super::entities::{
    activity, activity_slot, exchange, listing, open_data_figure, open_data_period, signup,
    territory, territory_cell, user,
};
use crate::domain::geo::GeoPoint;
use crate::domain::open_data::{
    COARSE_RESOLUTION, FINEST_RESOLUTION, InsightsQuery, InsightsView, Measure, Part, Period,
    Quarter, UNMET_AFTER_DAYS, figure, partition,
};

const DAY: i64 = 86_400;

/// One part of a measure, with the quarter (index in the year, 0 to 3) and the category.
struct Tagged {
    part: Part,
    quarter: u8,
    category: String,
}

/// The first second (UTC) of a quarter.
pub fn quarter_start(q: Quarter) -> i64 {
    let date = time::Date::from_calendar_date(
        q.year,
        time::Month::try_from(q.first_month()).unwrap_or(time::Month::January),
        1,
    )
    .unwrap_or(time::Date::MIN);
    date.midnight().assume_utc().unix_timestamp()
}

/// The first second after a quarter.
pub fn quarter_end(q: Quarter) -> i64 {
    let next = if q.number == 4 {
        Quarter {
            year: q.year + 1,
            number: 1,
        }
    } else {
        Quarter {
            year: q.year,
            number: q.number + 1,
        }
    };
    quarter_start(next)
}

/// The quarter of a timestamp.
pub fn quarter_of(at: i64) -> Quarter {
    let date =
        time::OffsetDateTime::from_unix_timestamp(at).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    Quarter::of(date.year(), u8::from(date.month()))
}

/// Whether a period can be computed at `now`.
pub fn due(period: Period, now: i64) -> bool {
    quarter_end(period.last_quarter()) + UNMET_AFTER_DAYS * DAY <= now
}

fn h3_parent(cell: u64) -> Option<u64> {
    let cell = CellIndex::try_from(cell).ok()?;
    let up = cell.resolution().pred()?;
    cell.parent(up).map(u64::from)
}

fn h3_resolution(cell: u64) -> u8 {
    CellIndex::try_from(cell).map_or(0, |c| u8::from(c.resolution()))
}

fn cell_u64(cell: i64) -> Option<u64> {
    u64::try_from(cell)
        .ok()
        .filter(|c| CellIndex::try_from(*c).is_ok())
}

/// Every part of a measure in a year (by quarter), read from the tables.
async fn parts(
    db: &impl ConnectionTrait,
    measure: Measure,
    year: i32,
) -> Result<Vec<Tagged>, Error> {
    let from = quarter_start(Quarter { year, number: 1 });
    let to = quarter_end(Quarter { year, number: 4 });
    let tag = |at: i64| quarter_of(at).number - 1;
    let mut out = Vec::new();
    match measure {
        Measure::Offers | Measure::Requests | Measure::Unmet => {
            let kind = if measure == Measure::Offers {
                "offer"
            } else {
                "request"
            };
            let rows: Vec<(i64, i64, i64, String, i64)> = listing::Entity::find()
                .select_only()
                .columns([
                    listing::Column::Id,
                    listing::Column::AuthorId,
                    listing::Column::CellR8,
                    listing::Column::Category,
                    listing::Column::CreatedAt,
                ])
                .filter(listing::Column::Kind.eq(kind))
                .filter(listing::Column::CreatedAt.gte(from))
                .filter(listing::Column::CreatedAt.lt(to))
                .into_tuple()
                .all(db)
                .await?;
            let answered: HashMap<i64, i64> = if measure == Measure::Unmet {
                let proposals: Vec<(i64, i64)> = exchange::Entity::find()
                    .select_only()
                    .columns([exchange::Column::ListingId, exchange::Column::CreatedAt])
                    .filter(exchange::Column::CreatedAt.gte(from))
                    .filter(exchange::Column::CreatedAt.lt(to + UNMET_AFTER_DAYS * DAY))
                    .into_tuple()
                    .all(db)
                    .await?;
                let mut first = HashMap::new();
                for (listing_id, at) in proposals {
                    first
                        .entry(listing_id)
                        .and_modify(|t: &mut i64| *t = (*t).min(at))
                        .or_insert(at);
                }
                first
            } else {
                HashMap::new()
            };
            for (id, author, cell, category, at) in rows {
                if measure == Measure::Unmet
                    && answered
                        .get(&id)
                        .is_some_and(|t| *t <= at + UNMET_AFTER_DAYS * DAY)
                {
                    continue;
                }
                let Some(cell) = cell_u64(cell) else { continue };
                out.push(Tagged {
                    part: Part {
                        cell,
                        person: author,
                        unit: id,
                        amount: 1,
                    },
                    quarter: tag(at),
                    category,
                });
            }
        }
        Measure::Exchanges => {
            let rows: Vec<(i64, i64, i64, i64, i64)> = exchange::Entity::find()
                .select_only()
                .columns([
                    exchange::Column::Id,
                    exchange::Column::ListingId,
                    exchange::Column::GiverId,
                    exchange::Column::ReceiverId,
                    exchange::Column::UpdatedAt,
                ])
                .filter(exchange::Column::State.eq("completed"))
                .filter(exchange::Column::UpdatedAt.gte(from))
                .filter(exchange::Column::UpdatedAt.lt(to))
                .into_tuple()
                .all(db)
                .await?;
            let ids: BTreeSet<i64> = rows.iter().map(|r| r.1).collect();
            let mut places: HashMap<i64, (i64, String)> = HashMap::new();
            for chunk in ids.into_iter().collect::<Vec<_>>().chunks(500) {
                let found: Vec<(i64, i64, String)> = listing::Entity::find()
                    .select_only()
                    .columns([
                        listing::Column::Id,
                        listing::Column::CellR8,
                        listing::Column::Category,
                    ])
                    .filter(listing::Column::Id.is_in(chunk.to_vec()))
                    .into_tuple()
                    .all(db)
                    .await?;
                places.extend(found.into_iter().map(|(id, cell, cat)| (id, (cell, cat))));
            }
            for (id, listing_id, giver, receiver, at) in rows {
                let Some((cell, category)) = places.get(&listing_id) else {
                    continue;
                };
                let Some(cell) = cell_u64(*cell) else {
                    continue;
                };
                for person in [giver, receiver] {
                    out.push(Tagged {
                        part: Part {
                            cell,
                            person,
                            unit: id,
                            amount: 1,
                        },
                        quarter: tag(at),
                        category: category.clone(),
                    });
                }
            }
        }
        Measure::Hours | Measure::Events | Measure::Registrations => {
            let slots: Vec<(i64, i64, i64)> = activity_slot::Entity::find()
                .select_only()
                .columns([
                    activity_slot::Column::Id,
                    activity_slot::Column::ActivityId,
                    activity_slot::Column::StartsAt,
                ])
                .filter(activity_slot::Column::StartsAt.gte(from))
                .filter(activity_slot::Column::StartsAt.lt(to))
                .into_tuple()
                .all(db)
                .await?;
            let activity_ids: BTreeSet<i64> = slots.iter().map(|s| s.1).collect();
            let mut places: HashMap<i64, (u64, String)> = HashMap::new();
            for chunk in activity_ids.into_iter().collect::<Vec<_>>().chunks(500) {
                let found: Vec<(i64, Option<f64>, Option<f64>, String)> = activity::Entity::find()
                    .select_only()
                    .columns([
                        activity::Column::Id,
                        activity::Column::Lat,
                        activity::Column::Lng,
                        activity::Column::Category,
                    ])
                    .filter(activity::Column::Id.is_in(chunk.to_vec()))
                    .into_tuple()
                    .all(db)
                    .await?;
                for (id, lat, lng, category) in found {
                    let (Some(lat), Some(lng)) = (lat, lng) else {
                        continue;
                    };
                    let Some(cell) = (GeoPoint { lat, lng }).cell(Resolution::Eight) else {
                        continue;
                    };
                    places.insert(id, (u64::from(cell), category));
                }
            }
            let slot_place: HashMap<i64, (i64, i64)> = slots
                .iter()
                .map(|(id, activity, at)| (*id, (*activity, *at)))
                .collect();
            let slot_ids: Vec<i64> = slot_place.keys().copied().collect();
            for chunk in slot_ids.chunks(500) {
                let signups: Vec<(i64, i64, i64, String, Option<i64>)> = signup::Entity::find()
                    .select_only()
                    .columns([
                        signup::Column::Id,
                        signup::Column::SlotId,
                        signup::Column::UserId,
                        signup::Column::Status,
                        signup::Column::Minutes,
                    ])
                    .filter(signup::Column::SlotId.is_in(chunk.to_vec()))
                    .filter(signup::Column::Status.is_in(["registered", "attended", "absent"]))
                    .into_tuple()
                    .all(db)
                    .await?;
                for (id, slot, person, _status, minutes) in signups {
                    let Some((activity, at)) = slot_place.get(&slot) else {
                        continue;
                    };
                    let Some((cell, category)) = places.get(activity) else {
                        continue;
                    };
                    let (unit, amount) = match measure {
                        Measure::Hours => match minutes {
                            Some(m) if m > 0 => (id, m as u64),
                            _ => continue,
                        },
                        Measure::Events => (slot, 1),
                        _ => (id, 1),
                    };
                    out.push(Tagged {
                        part: Part {
                            cell: *cell,
                            person,
                            unit,
                            amount,
                        },
                        quarter: tag(*at),
                        category: category.clone(),
                    });
                }
            }
        }
        Measure::Members => {
            let rows: Vec<(i64, Option<i64>, i64)> = user::Entity::find()
                .select_only()
                .columns([
                    user::Column::Id,
                    user::Column::HomeCell,
                    user::Column::CreatedAt,
                ])
                .filter(user::Column::CreatedAt.gte(from))
                .filter(user::Column::CreatedAt.lt(to))
                .filter(user::Column::DeletedAt.is_null())
                .filter(user::Column::HomeCell.is_not_null())
                .into_tuple()
                .all(db)
                .await?;
            for (id, cell, at) in rows {
                let Some(cell) = cell.and_then(cell_u64) else {
                    continue;
                };
                // Homes are stored at the public resolution or finer: counted in the public cell.
                let cell = CellIndex::try_from(cell)
                    .ok()
                    .and_then(|c| c.parent(Resolution::Eight))
                    .map_or(cell, u64::from);
                out.push(Tagged {
                    part: Part {
                        cell,
                        person: id,
                        unit: id,
                        amount: 1,
                    },
                    quarter: tag(at),
                    category: String::new(),
                });
            }
        }
    }
    Ok(out)
}

/// The figures of one measure for one period, both resolutions: the total table and, for a
/// measure with categories, the table by category.
fn figures(
    measure: Measure,
    period: Period,
    tagged: &[Tagged],
) -> Vec<open_data_figure::ActiveModel> {
    let in_quarters = |quarters: &[Quarter], category: Option<&str>| -> Vec<Part> {
        tagged
            .iter()
            .filter(|t| quarters.iter().any(|q| q.number - 1 == t.quarter))
            .filter(|t| category.is_none_or(|c| c == t.category))
            .map(|t| t.part)
            .collect()
    };
    let categories: BTreeSet<&str> = tagged.iter().map(|t| t.category.as_str()).collect();
    let shown = period.quarters();
    let mut rows = Vec::new();
    for by_category in [false, true] {
        if by_category && !measure.has_categories() {
            continue;
        }
        let mut conditions: Vec<Vec<Part>> = Vec::new();
        for quarters in period.conditions() {
            conditions.push(in_quarters(&quarters, None));
            if by_category {
                for c in &categories {
                    conditions.push(in_quarters(&quarters, Some(c)));
                }
            }
        }
        let refs: Vec<&[Part]> = conditions.iter().map(Vec::as_slice).collect();
        let tables: Vec<Option<&str>> = if by_category {
            categories.iter().map(|c| Some(*c)).collect()
        } else {
            vec![None]
        };
        for resolution in [COARSE_RESOLUTION, FINEST_RESOLUTION] {
            let cut = partition(&refs, resolution, h3_parent, h3_resolution);
            let areas: BTreeSet<u64> = cut.areas.into_iter().collect();
            for category in &tables {
                // Each part in the published area holding it.
                let mut by_area: BTreeMap<u64, Vec<Part>> = BTreeMap::new();
                for part in in_quarters(&shown, *category) {
                    let mut cell = Some(part.cell);
                    while let Some(c) = cell {
                        if areas.contains(&c) {
                            by_area.entry(c).or_default().push(part);
                            break;
                        }
                        cell = h3_parent(c);
                    }
                }
                for (area, parts) in by_area {
                    let f = figure(&parts);
                    rows.push(open_data_figure::ActiveModel {
                        period: Set(period.code()),
                        resolution: Set(i32::from(resolution)),
                        measure: Set(measure.code().to_owned()),
                        category: Set(category.unwrap_or("").to_owned()),
                        cell: Set(i64::try_from(area).unwrap_or(i64::MAX)),
                        value: Set(i64::try_from(f.value).unwrap_or(i64::MAX)),
                        participants: Set(i64::try_from(f.participants).unwrap_or(i64::MAX)),
                        ..Default::default()
                    });
                }
            }
        }
    }
    rows
}

/// Computes and stores one period (every measure), unless it is already stored. Returns
/// whether this call stored it.
pub async fn compute(db: &DatabaseConnection, period: Period, now: i64) -> Result<bool, Error> {
    let code = period.code();
    if open_data_period::Entity::find_by_id(code.clone())
        .one(db)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let mut rows = Vec::new();
    for measure in Measure::ALL {
        let tagged = parts(db, measure, period.year()).await?;
        // Pure computation, seconds at a million listings: off the runtime's threads.
        let computed = tokio::task::spawn_blocking(move || figures(measure, period, &tagged))
            .await
            .map_err(|e| Error::Db(sea_orm::DbErr::Custom(format!("open data: {e}"))))?;
        rows.extend(computed);
    }
    let txn = db.begin().await?;
    let claimed = open_data_period::Entity::insert(open_data_period::ActiveModel {
        period: Set(code.clone()),
        computed_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(open_data_period::Column::Period)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if claimed == 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    for chunk in rows.chunks(200) {
        open_data_figure::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// The periods to compute at `now`: every quarter and year from the first listing's or
/// member's to the last one due, oldest first.
async fn periods_due(db: &DatabaseConnection, now: i64) -> Result<Vec<Period>, Error> {
    let first: Option<i64> = user::Entity::find()
        .select_only()
        .column(user::Column::CreatedAt)
        .order_by_asc(user::Column::CreatedAt)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    let Some(first) = first else {
        return Ok(Vec::new());
    };
    let start = quarter_of(first);
    let last = quarter_of(now);
    let mut out = Vec::new();
    for year in start.year..=last.year {
        for number in 1..=4 {
            let q = Period::Quarter(Quarter { year, number });
            if due(q, now) {
                out.push(q);
            }
        }
        if due(Period::Year(year), now) {
            out.push(Period::Year(year));
        }
    }
    Ok(out)
}

/// The job: computes every period due and not stored yet. Returns the periods it stored.
pub async fn run(db: &DatabaseConnection, now: i64) -> Result<Vec<String>, Error> {
    let done: BTreeSet<String> = open_data_period::Entity::find()
        .select_only()
        .column(open_data_period::Column::Period)
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut stored = Vec::new();
    for period in periods_due(db, now).await? {
        if !done.contains(&period.code()) && compute(db, period, now).await? {
            stored.push(period.code());
        }
    }
    Ok(stored)
}

/// One published area, as the API gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    pub cell: i64,
    pub value: i64,
    pub participants: i64,
}

/// The published figures of a measure, period, view resolution and category (`""` for all),
/// ordered by cell.
pub async fn areas(
    db: &impl ConnectionTrait,
    measure: Measure,
    period: Period,
    resolution: u8,
    category: &str,
) -> Result<Vec<Area>, Error> {
    Ok(open_data_figure::Entity::find()
        .filter(open_data_figure::Column::Period.eq(period.code()))
        .filter(open_data_figure::Column::Resolution.eq(i32::from(resolution)))
        .filter(open_data_figure::Column::Measure.eq(measure.code()))
        .filter(open_data_figure::Column::Category.eq(category))
        .order_by_asc(open_data_figure::Column::Cell)
        .all(db)
        .await?
        .into_iter()
        .map(|f| Area {
            cell: f.cell,
            value: f.value,
            participants: f.participants,
        })
        .collect())
}

/// The periods published, newest first.
pub async fn periods(db: &impl ConnectionTrait) -> Result<Vec<String>, Error> {
    let mut all: Vec<String> = open_data_period::Entity::find()
        .select_only()
        .column(open_data_period::Column::Period)
        .into_tuple()
        .all(db)
        .await?;
    all.sort_by_key(|p| std::cmp::Reverse(Period::from_code(p).map(Period::recency)));
    Ok(all)
}

/// The published value as people read it: hours from minutes (one decimal), else the count.
pub fn shown(measure: Measure, value: i64) -> f64 {
    if measure == Measure::Hours {
        (value as f64 / 6.0).round() / 10.0
    } else {
        value as f64
    }
}

/// [`shown`] as text: no decimals for counts.
pub fn shown_text(measure: Measure, value: i64) -> String {
    if measure == Measure::Hours {
        format!("{:.1}", shown(measure, value))
    } else {
        value.to_string()
    }
}

fn cell_index(cell: i64) -> Option<CellIndex> {
    CellIndex::try_from(u64::try_from(cell).ok()?).ok()
}

/// The resolution of a published area's cell (0 for a value that is no cell).
pub fn cell_resolution(cell: i64) -> u8 {
    cell_index(cell).map_or(0, |c| u8::from(c.resolution()))
}

/// A published area's outline, closed, as GeoJSON positions (longitude first).
pub fn outline(cell: i64) -> Option<Vec<[f64; 2]>> {
    let cell = cell_index(cell)?;
    let mut ring: Vec<[f64; 2]> = cell
        .boundary()
        .iter()
        .map(|ll| [ll.lng(), ll.lat()])
        .collect();
    let first = *ring.first()?;
    ring.push(first);
    Some(ring)
}

/// A published area's centre (latitude, longitude).
pub fn centre(cell: i64) -> Option<(f64, f64)> {
    let ll = h3o::LatLng::from(cell_index(cell)?);
    Some((ll.lat(), ll.lng()))
}

/// The demand index of each area of a view, for the measures of requests (`None` otherwise):
/// [`crate::domain::open_data::demand_index`] over the areas published at the view's resolution.
pub fn demand(
    measure: Measure,
    resolution: u8,
    areas: &[Area],
) -> Vec<Option<(f64, crate::domain::open_data::Demand)>> {
    if !matches!(measure, Measure::Requests | Measure::Unmet) {
        return vec![None; areas.len()];
    }
    let values: Vec<(u64, bool)> = areas
        .iter()
        .map(|a| {
            (
                u64::try_from(a.value).unwrap_or(0),
                cell_resolution(a.cell) == resolution,
            )
        })
        .collect();
    crate::domain::open_data::demand_index(&values)
}

/// The categories published for a measure, period and resolution.
pub async fn categories(
    db: &impl ConnectionTrait,
    measure: Measure,
    period: Period,
    resolution: u8,
) -> Result<Vec<String>, Error> {
    let mut all: Vec<String> = open_data_figure::Entity::find()
        .select_only()
        .column(open_data_figure::Column::Category)
        .distinct()
        .filter(open_data_figure::Column::Period.eq(period.code()))
        .filter(open_data_figure::Column::Resolution.eq(i32::from(resolution)))
        .filter(open_data_figure::Column::Measure.eq(measure.code()))
        .filter(open_data_figure::Column::Category.ne(""))
        .into_tuple()
        .all(db)
        .await?;
    all.sort();
    Ok(all)
}

/// The `/insights` page's figures for what its address asks (unknown codes fall back to the
/// defaults: exchanges, the newest period, resolution 8, every category).
pub async fn view(db: &impl ConnectionTrait, query: &InsightsQuery) -> Result<InsightsView, Error> {
    use crate::domain::open_data::{InsightArea, class_of};
    let measure = Measure::from_code(&query.measure).unwrap_or(Measure::Exchanges);
    let resolution = match query.resolution.parse::<u8>() {
        Ok(r) if r == COARSE_RESOLUTION => r,
        _ => FINEST_RESOLUTION,
    };
    let has_territories = territory::Entity::find().one(db).await?.is_some();
    let by_territory =
        has_territories && query.resolution == crate::domain::open_data::BY_TERRITORY;
    let periods = periods(db).await?;
    let period = periods
        .iter()
        .find(|p| **p == query.period)
        .or(periods.first())
        .and_then(|p| Period::from_code(p));
    let Some(period) = period else {
        return Ok(InsightsView {
            periods,
            measure,
            period: String::new(),
            resolution,
            by_territory,
            has_territories,
            rates: false,
            category: String::new(),
            categories: Vec::new(),
            areas: Vec::new(),
            bounds: Vec::new(),
            geojson: String::new(),
            focus: [0.0; 4],
        });
    };
    let categories = if measure.has_categories() {
        categories(db, measure, period, resolution).await?
    } else {
        Vec::new()
    };
    let category = if categories.contains(&query.category) {
        query.category.clone()
    } else {
        String::new()
    };
    if by_territory {
        let rows = territory_rows(db, measure, period, &category).await?;
        let (areas, geojson, bounds, rates) = territory_view(measure, rows, query.comma);
        return Ok(InsightsView {
            periods,
            measure,
            period: period.code(),
            resolution,
            by_territory,
            has_territories,
            rates,
            category,
            categories,
            focus: focus(&areas),
            areas,
            bounds,
            geojson,
        });
    }
    let found = areas(db, measure, period, resolution, &category).await?;
    let demand = demand(measure, resolution, &found);
    let mut rows: Vec<(Area, Option<(f64, crate::domain::open_data::Demand)>)> =
        found.into_iter().zip(demand).collect();
    rows.sort_by(|a, b| b.0.value.cmp(&a.0.value).then(a.0.cell.cmp(&b.0.cell)));
    let max = rows
        .iter()
        .map(|(a, _)| shown(measure, a.value))
        .fold(0.0, f64::max);
    let mut features = Vec::new();
    let mut shown_areas = Vec::new();
    for (i, (area, demand)) in rows.into_iter().enumerate() {
        let (Some((lat, lng)), Some(ring)) = (centre(area.cell), outline(area.cell)) else {
            continue;
        };
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let value = shown_text(measure, area.value);
        let class = class_of(shown(measure, area.value), max);
        let flag = demand.map(|(_, d)| d.code().to_owned());
        features.push(serde_json::json!({
            "type": "Feature",
            "geometry": { "type": "Polygon", "coordinates": [ring] },
            "properties": {
                "number": number,
                "value": label(&value, query.comma),
                "class": class,
                "demand": flag,
            },
        }));
        shown_areas.push(InsightArea {
            number,
            cell: format!("{:x}", area.cell),
            name: None,
            per_1000: None,
            merged: cell_resolution(area.cell) < resolution,
            lat: (lat * 1e4).round() / 1e4,
            lng: (lng * 1e4).round() / 1e4,
            value,
            participants: area.participants,
            demand: flag,
            index: demand.map(|(i, _)| format!("{i:.2}")),
            class,
        });
    }
    let focus = focus(&shown_areas);
    let bounds = bounds(max, |b| {
        if measure == Measure::Hours {
            format!("{b:.1}")
        } else {
            format!("{}", b.ceil())
        }
    });
    Ok(InsightsView {
        periods,
        measure,
        period: period.code(),
        resolution,
        by_territory,
        has_territories,
        rates: false,
        category,
        categories,
        areas: shown_areas,
        bounds,
        geojson: serde_json::json!({ "type": "FeatureCollection", "features": features })
            .to_string(),
        focus,
    })
}

/// A figure as the map's label writes it: with a decimal comma for a French reader.
fn label(value: &str, comma: bool) -> String {
    if comma {
        value.replace('.', ",")
    } else {
        value.to_owned()
    }
}

/// The upper bound of each colour class, as written by `write`.
fn bounds(max: f64, write: impl Fn(f64) -> String) -> Vec<String> {
    let steps = f64::from(crate::domain::open_data::CLASSES);
    if max > 0.0 {
        (1..=crate::domain::open_data::CLASSES)
            .map(|k| write(max * f64::from(k) / steps))
            .collect()
    } else {
        Vec::new()
    }
}

/// The middle of a GeoJSON geometry's bounding box (latitude, longitude).
fn middle(geometry: &str) -> Option<(f64, f64)> {
    fn walk(v: &serde_json::Value, b: &mut [f64; 4]) {
        match v.as_array() {
            Some(pair) if pair.len() >= 2 && pair[0].is_number() => {
                let (lng, lat) = (
                    pair[0].as_f64().unwrap_or(0.0),
                    pair[1].as_f64().unwrap_or(0.0),
                );
                *b = [b[0].min(lat), b[1].min(lng), b[2].max(lat), b[3].max(lng)];
            }
            Some(items) => items.iter().for_each(|i| walk(i, b)),
            None => {}
        }
    }
    let v: serde_json::Value = serde_json::from_str(geometry).ok()?;
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    walk(v.get("coordinates")?, &mut b);
    (b[0] <= b[2]).then(|| ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0))
}

/// The `/insights` rows, map and legend of territories: classes of their rates per 1 000
/// inhabitants when every one has a population (a map of counts over areas of unequal size
/// says little), else of their values; numbered in that order.
fn territory_view(
    measure: Measure,
    rows: Vec<TerritoryRow>,
    comma: bool,
) -> (
    Vec<crate::domain::open_data::InsightArea>,
    String,
    Vec<String>,
    bool,
) {
    use crate::domain::open_data::{InsightArea, class_of};
    let rates = !rows.is_empty() && rows.iter().all(|r| r.per_1000.is_some());
    let key = |r: &TerritoryRow| {
        if rates {
            r.per_1000.unwrap_or(0.0)
        } else {
            shown(measure, r.value)
        }
    };
    let mut rows = rows;
    rows.sort_by(|a, b| {
        key(b)
            .total_cmp(&key(a))
            .then(a.territory.code.cmp(&b.territory.code))
    });
    let max = rows.iter().map(key).fold(0.0, f64::max);
    let mut features = Vec::new();
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let Some((lat, lng)) = middle(&r.outline) else {
            continue;
        };
        let Ok(geometry) = serde_json::from_str::<serde_json::Value>(&r.outline) else {
            continue;
        };
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let value = shown_text(measure, r.value);
        let class = class_of(key(r), max);
        let flag = r.demand.map(|(_, d)| d.code().to_owned());
        let per_1000 = r.per_1000.map(|v| format!("{v:.2}"));
        features.push(serde_json::json!({
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "number": number,
                "value": label(if rates { per_1000.as_deref().unwrap_or_default() } else { &value }, comma),
                "class": class,
                "demand": flag,
            },
        }));
        out.push(InsightArea {
            number,
            cell: r.territory.code.clone(),
            name: Some(r.territory.name.clone()),
            per_1000,
            merged: false,
            lat: (lat * 1e4).round() / 1e4,
            lng: (lng * 1e4).round() / 1e4,
            value,
            participants: r.participants,
            demand: flag,
            index: r.demand.map(|(i, _)| format!("{i:.2}")),
            class,
        });
    }
    let bounds = bounds(max, |b| {
        if rates {
            format!("{b:.2}")
        } else if measure == Measure::Hours {
            format!("{b:.1}")
        } else {
            format!("{}", b.ceil())
        }
    });
    let geojson =
        serde_json::json!({ "type": "FeatureCollection", "features": features }).to_string();
    (out, geojson, bounds, rates)
}

/// The box (south, west, north, east) around the first area and the others within about
/// 30 km of it, with a margin of a cell.
fn focus(areas: &[crate::domain::open_data::InsightArea]) -> [f64; 4] {
    let Some(first) = areas.first() else {
        return [0.0; 4];
    };
    let near = areas
        .iter()
        .filter(|a| (a.lat - first.lat).abs() < 0.3 && (a.lng - first.lng).abs() < 0.4);
    let mut b = [first.lat, first.lng, first.lat, first.lng];
    for a in near {
        b = [
            b[0].min(a.lat),
            b[1].min(a.lng),
            b[2].max(a.lat),
            b[3].max(a.lng),
        ];
    }
    [b[0] - 0.01, b[1] - 0.015, b[2] + 0.01, b[3] + 0.015]
}

/// A territory loaded by the operator (`server import-territories`), without its outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Territory {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub population: Option<i64>,
}

impl From<territory::Model> for Territory {
    fn from(t: territory::Model) -> Self {
        Territory {
            id: t.id,
            code: t.code,
            name: t.name,
            population: t.population,
        }
    }
}

/// Every territory, by code.
pub async fn territories(db: &impl ConnectionTrait) -> Result<Vec<Territory>, Error> {
    let rows: Vec<(i64, String, String, Option<i64>)> = territory::Entity::find()
        .select_only()
        .column(territory::Column::Id)
        .column(territory::Column::Code)
        .column(territory::Column::Name)
        .column(territory::Column::Population)
        .order_by_asc(territory::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, name, population)| Territory {
            id,
            code,
            name,
            population,
        })
        .collect())
}

/// The territory of a code.
pub async fn territory_by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<Territory>, Error> {
    Ok(territory::Entity::find()
        .filter(territory::Column::Code.eq(code))
        .one(db)
        .await?
        .map(Territory::from))
}

/// An area's centre cell at [`FINEST_RESOLUTION`]: where a territory looks for it.
fn centre_cell(cell: i64) -> Option<i64> {
    let c = cell_index(cell)?;
    let resolution = Resolution::try_from(FINEST_RESOLUTION).ok()?;
    let centre = if c.resolution() >= resolution {
        c
    } else {
        c.center_child(resolution)?
    };
    i64::try_from(u64::from(centre)).ok()
}

/// The territories each of these cells lies in.
async fn territories_of_cells(
    db: &impl ConnectionTrait,
    cells: &[i64],
) -> Result<HashMap<i64, Vec<i64>>, Error> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for chunk in cells.chunks(500) {
        let rows: Vec<(i64, i64)> = territory_cell::Entity::find()
            .select_only()
            .column(territory_cell::Column::Cell)
            .column(territory_cell::Column::TerritoryId)
            .filter(territory_cell::Column::Cell.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (cell, territory) in rows {
            out.entry(cell).or_default().push(territory);
        }
    }
    Ok(out)
}

/// Which of these areas have their centre in the territory `id` (the API's `territory` filter).
pub async fn in_territory(
    db: &impl ConnectionTrait,
    areas: &[Area],
    id: i64,
) -> Result<Vec<bool>, Error> {
    let centres: Vec<Option<i64>> = areas.iter().map(|a| centre_cell(a.cell)).collect();
    let lookup =
        territories_of_cells(db, &centres.iter().flatten().copied().collect::<Vec<_>>()).await?;
    Ok(centres
        .iter()
        .map(|c| {
            c.and_then(|c| lookup.get(&c))
                .is_some_and(|ts| ts.contains(&id))
        })
        .collect())
}

/// One territory's published figure.
#[derive(Clone, Debug, PartialEq)]
pub struct TerritoryRow {
    pub territory: Territory,
    /// Its outline, a GeoJSON geometry.
    pub outline: String,
    /// [`crate::domain::open_data::TerritoryFigure`]: sums of its published areas.
    pub value: i64,
    pub participants: i64,
    pub areas: i64,
    /// The value per 1 000 inhabitants (as shown: hours for hours).
    pub per_1000: Option<f64>,
    pub demand: Option<(f64, crate::domain::open_data::Demand)>,
}

/// The figures of the territories for a measure, period and category: each the sum of the
/// published areas of the finest view whose centre it holds
/// ([`crate::domain::open_data::territory_figures`]), with its rate per 1 000 inhabitants and,
/// for requests, its demand index among the territories whose population is known (by rate).
/// Territories without a published area are left out. Ordered by code.
pub async fn territory_rows(
    db: &impl ConnectionTrait,
    measure: Measure,
    period: Period,
    category: &str,
) -> Result<Vec<TerritoryRow>, Error> {
    use crate::domain::open_data::{Figure, per_thousand, territory_figures};
    let found = areas(db, measure, period, FINEST_RESOLUTION, category).await?;
    let centres: Vec<i64> = found.iter().filter_map(|a| centre_cell(a.cell)).collect();
    let lookup = territories_of_cells(db, &centres).await?;
    let figures: Vec<(u64, Figure)> = found
        .iter()
        .map(|a| {
            (
                u64::try_from(a.cell).unwrap_or(0),
                Figure {
                    value: u64::try_from(a.value).unwrap_or(0),
                    participants: u64::try_from(a.participants).unwrap_or(0),
                },
            )
        })
        .collect();
    let sums = territory_figures(&figures, |cell| {
        i64::try_from(cell)
            .ok()
            .and_then(centre_cell)
            .and_then(|c| lookup.get(&c))
            .cloned()
            .unwrap_or_default()
    });
    let ids: Vec<i64> = sums.keys().copied().collect();
    let mut models: Vec<territory::Model> = Vec::new();
    for chunk in ids.chunks(500) {
        models.extend(
            territory::Entity::find()
                .filter(territory::Column::Id.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    models.sort_by(|a, b| a.code.cmp(&b.code));
    let mut rows: Vec<TerritoryRow> = models
        .into_iter()
        .filter_map(|m| {
            let sum = sums.get(&m.id)?;
            let value = i64::try_from(sum.value).unwrap_or(i64::MAX);
            let per_1000 = per_thousand(shown(measure, value), m.population);
            Some(TerritoryRow {
                outline: m.outline.clone(),
                value,
                participants: i64::try_from(sum.participants).unwrap_or(i64::MAX),
                areas: i64::try_from(sum.areas).unwrap_or(i64::MAX),
                per_1000,
                demand: None,
                territory: Territory::from(m),
            })
        })
        .collect();
    if matches!(measure, Measure::Requests | Measure::Unmet) {
        // Rates compared as integers (millionths per 1 000 inhabitants): the index is a ratio.
        let values: Vec<(u64, bool)> = rows
            .iter()
            .map(|r| {
                (
                    r.per_1000.map_or(0, |v| (v * 1e6).round() as u64),
                    r.per_1000.is_some(),
                )
            })
            .collect();
        let index = crate::domain::open_data::demand_index(&values);
        for (row, demand) in rows.iter_mut().zip(index) {
            row.demand = demand;
        }
    }
    Ok(rows)
}

/// Saves a territory (replacing the one of the same code, cells included): its outline (a
/// GeoJSON geometry) and the cells at [`FINEST_RESOLUTION`] whose centre lies in it. Returns
/// whether it was new.
pub async fn save_territory(
    db: &impl ConnectionTrait,
    code: &str,
    name: &str,
    population: Option<i64>,
    outline: String,
    cells: &[i64],
) -> Result<bool, Error> {
    let existing = territory::Entity::find()
        .filter(territory::Column::Code.eq(code))
        .one(db)
        .await?;
    let new = existing.is_none();
    let id = match existing {
        Some(t) => {
            let id = t.id;
            let mut row: territory::ActiveModel = t.into();
            row.name = Set(name.to_owned());
            row.population = Set(population);
            row.outline = Set(outline);
            territory::Entity::update(row).exec(db).await?;
            territory_cell::Entity::delete_many()
                .filter(territory_cell::Column::TerritoryId.eq(id))
                .exec(db)
                .await?;
            id
        }
        None => {
            territory::Entity::insert(territory::ActiveModel {
                code: Set(code.to_owned()),
                name: Set(name.to_owned()),
                population: Set(population),
                outline: Set(outline),
                ..Default::default()
            })
            .exec(db)
            .await?
            .last_insert_id
        }
    };
    for chunk in cells.chunks(1000) {
        territory_cell::Entity::insert_many(chunk.iter().map(|cell| territory_cell::ActiveModel {
            territory_id: Set(id),
            cell: Set(*cell),
        }))
        .on_conflict(
            OnConflict::columns([
                territory_cell::Column::TerritoryId,
                territory_cell::Column::Cell,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(new)
}
