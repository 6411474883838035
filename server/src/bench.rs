//! `server bench`: how long matching one new listing takes among 10 thousand, 100 thousand and
//! 1 million open listings, on SQLite and PostgreSQL, against a scan-all baseline in the same run.
//!
//! The database is filled with synthetic listings spread over mainland France as people are:
//! four in five around cities (weighted by population, denser at the centre), one in five
//! anywhere. Probes are new listings drawn from the same spread. For each size it reports:
//!
//! - **match**: [`matching::candidates`], the matcher's whole read path (H3 grid disk query,
//!   profiles, scoring, ranking), median and 90th percentile;
//! - **full**: saving a listing and running [`matching::match_listing`] (find, score, store both
//!   sides, notify), in a transaction rolled back so the data does not drift;
//! - **scan**: [`matching::candidates_by_scan`], which reads every open listing and measures
//!   each, and the ratio scan / match;
//! - the median for probes in a dense city centre and in the countryside, to show that time
//!   follows the listings nearby, not the total;
//! - **viewport**: [`listings::in_view`], what the map asks for a view, at street (zoom 16),
//!   town (13), region (10) and country (6) zoom on a 1280 × 800 screen, centred on cities
//!   (France's centre for the country), half with a category filter: median, 90th percentile
//!   and the listings in view. Report: `target/bench/viewport.md`.
//! - **venues**: [`venues::list`], the accessible places' list, among 100 000 venues
//!   (`BENCH_VENUES`) with varied answers: without needs, for one need, for two, with a kind,
//!   and a page far down; and [`venues::in_view`], the home map's venue layer, at the same four
//!   zooms and centres as the listings' views, without needs and for a wheelchair user (pins, or
//!   counts per part of the view when many). Report: `target/bench/venues.md`.

use std::time::{Duration, Instant};

use app::backend::entities::venue;
use app::backend::entities::{listing, user};
use app::backend::{db, listings, matching, tx, venues};
use app::domain::geo::{Bbox, GeoPoint};
use app::domain::listing::{Category, ListingDraft, ListingKind, Nature};
use app::domain::matching::Side;
use app::domain::view::Filters;
use app::domain::vocab::{Code, DAY};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait};
use sea_orm_migration::MigratorTrait;

use crate::migrations::Migrator;

/// Cities of mainland France: name, centre, weight (about the population of the urban area,
/// in hundreds of thousands).
const CITIES: [(&str, f64, f64, f64); 15] = [
    ("Paris", 48.8566, 2.3522, 130.0),
    ("Lyon", 45.764, 4.8357, 23.0),
    ("Marseille", 43.2965, 5.3698, 19.0),
    ("Toulouse", 43.6047, 1.4442, 14.0),
    ("Lille", 50.6292, 3.0573, 12.0),
    ("Bordeaux", 44.8378, -0.5792, 12.0),
    ("Nice", 43.7102, 7.262, 10.0),
    ("Nantes", 47.2184, -1.5536, 10.0),
    ("Strasbourg", 48.5734, 7.7521, 8.0),
    ("Montpellier", 43.6108, 3.8767, 8.0),
    ("Rennes", 48.1173, -1.6778, 7.0),
    ("Grenoble", 45.1885, 5.7245, 7.0),
    ("Rouen", 49.4432, 1.0999, 7.0),
    ("Clermont-Ferrand", 45.7772, 3.087, 5.0),
    ("Dijon", 47.322, 5.0415, 4.0),
];

/// The users the listings are spread over.
const AUTHORS: usize = 20_000;
const PROBES: usize = 200;

pub(crate) struct Gen {
    pub(crate) rng: StdRng,
    total_weight: f64,
}

impl Gen {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            rng: StdRng::seed_from_u64(seed),
            total_weight: CITIES.iter().map(|c| c.3).sum(),
        }
    }

    fn normal(&mut self) -> f64 {
        // Box–Muller: two uniforms make one standard normal.
        let u1: f64 = self.rng.random_range(f64::EPSILON..1.0);
        let u2: f64 = self.rng.random_range(0.0..1.0);
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    pub(crate) fn point(&mut self) -> GeoPoint {
        if self.rng.random_bool(0.8) {
            let mut pick = self.rng.random_range(0.0..self.total_weight);
            let mut city = CITIES[0];
            for c in CITIES {
                if pick < c.3 {
                    city = c;
                    break;
                }
                pick -= c.3;
            }
            // Bigger cities spread wider: about 3 km for a small one, 12 km for Paris.
            let sigma_km = 2.0 + city.3.sqrt();
            let dlat = self.normal() * sigma_km / 111.0;
            let dlng = self.normal() * sigma_km / (111.0 * city.1.to_radians().cos());
            GeoPoint {
                lat: city.1 + dlat,
                lng: city.2 + dlng,
            }
        } else {
            GeoPoint {
                lat: self.rng.random_range(43.3..50.8),
                lng: self.rng.random_range(-1.5..7.5),
            }
        }
    }

    /// A synthetic listing and when it was posted (up to 30 days ago).
    fn draft(&mut self, now: i64) -> (ListingDraft, i64) {
        let location = self.point();
        let category = Category::ALL[self.rng.random_range(0..Category::ALL.len())];
        let nature = if matches!(
            category,
            Category::Food | Category::Clothing | Category::Furniture | Category::Tools
        ) {
            Nature::Good
        } else {
            Nature::Service
        };
        let kind = if self.rng.random_bool(0.5) {
            ListingKind::Offer
        } else {
            ListingKind::Request
        };
        let created = now - self.rng.random_range(0..30 * DAY);
        let draft = ListingDraft {
            kind,
            nature,
            category,
            title: format!("{} {}", category.code(), self.rng.random_range(0..50)),
            description: "Synthetic listing for the matching benchmark.".to_owned(),
            remote: nature == Nature::Service && self.rng.random_bool(0.1),
            price: 0,
            expires_in_days: 60,
            location,
            radius_m: 5_000,
        };
        (draft, created)
    }

    /// A listing of the past, posted between `from` and `to`: long matched, and out of the
    /// map's counts (the open data benchmark).
    pub(crate) fn past_listing(
        &mut self,
        author_id: i64,
        from: i64,
        to: i64,
    ) -> listing::ActiveModel {
        let created = self.rng.random_range(from..to);
        let (draft, _) = self.draft(created);
        let mut row = listings::new_row(author_id, &draft, created);
        row.matched_at = Set(Some(created));
        row.counted = Set(false);
        row
    }

    /// A stored listing, already matched (the benchmark measures one new listing at a time).
    fn listing(&mut self, author_id: i64, now: i64) -> listing::ActiveModel {
        let (draft, created) = self.draft(now);
        let mut row = listings::new_row(author_id, &draft, created);
        row.matched_at = Set(Some(created));
        row
    }

    /// A new listing to match, at `at` or drawn from the same spread.
    fn probe(&mut self, now: i64, at: Option<GeoPoint>) -> Side {
        let (draft, _) = self.draft(now);
        Side {
            listing_id: -1,
            author_id: -1,
            kind: draft.kind,
            nature: draft.nature,
            category: draft.category,
            title: draft.title,
            remote: draft.remote,
            location: at.unwrap_or(draft.location),
            radius_m: draft.radius_m,
            created_at: now,
            languages: vec!["fr".into()],
        }
    }
}

/// The figures for one database size.
struct Row {
    size: usize,
    matched: Stats,
    full: Stats,
    scan: Stats,
    city: Stats,
    country: Stats,
    found: usize,
}

struct Stats(Vec<Duration>);

impl Stats {
    fn pct(&self, p: f64) -> Duration {
        let mut v = self.0.clone();
        v.sort();
        v.get(((v.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or_default()
    }
    fn median(&self) -> Duration {
        self.pct(0.5)
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

async fn fill(
    conn: &DatabaseConnection,
    g: &mut Gen,
    from: usize,
    to: usize,
    now: i64,
) -> Result<(), String> {
    let mut n = from;
    while n < to {
        let batch = (to - n).min(1_000);
        let rows: Vec<listing::ActiveModel> = (0..batch)
            .map(|_| {
                let author = g.rng.random_range(1..=AUTHORS as i64);
                g.listing(author, now)
            })
            .collect();
        let txn = tx::begin_write(conn).await.map_err(|e| e.to_string())?;
        listing::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await
            .map_err(|e| e.to_string())?;
        txn.commit().await.map_err(|e| e.to_string())?;
        n += batch;
    }
    conn.execute_unprepared("ANALYZE")
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

async fn users(conn: &DatabaseConnection, now: i64) -> Result<(), String> {
    let langs = ["fr", "fr,en", "fr,ar", "ar,en", "fa,fr", "ur,en,fr", "en"];
    let mut n = 0;
    while n < AUTHORS {
        let rows: Vec<user::ActiveModel> = (n..(n + 1_000).min(AUTHORS))
            .map(|i| user::ActiveModel {
                email: Set(format!("bench{i}@entraide.example")),
                display_name: Set(format!("Bench {i}")),
                password_hash: Set(String::new()),
                bio: Set(String::new()),
                languages: Set(langs[i % langs.len()].to_owned()),
                home_lat: Set(None),
                home_lng: Set(None),
                home_cell: Set(None),
                created_at: Set(now),
                email_verified_at: Set(Some(now)),
                notify: Set("best".to_owned()),
                ..Default::default()
            })
            .collect();
        user::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await
            .map_err(|e| e.to_string())?;
        n += 1_000;
    }
    Ok(())
}

async fn time<F, T>(f: F) -> Result<(Duration, T), String>
where
    F: std::future::Future<Output = Result<T, app::backend::Error>>,
{
    let start = Instant::now();
    let out = f.await.map_err(|e| format!("{e:?}"))?;
    Ok((start.elapsed(), out))
}

async fn measure(conn: &DatabaseConnection, size: usize, now: i64) -> Result<Row, String> {
    let mut g = Gen::new(7);
    let probes: Vec<Side> = (0..PROBES).map(|_| g.probe(now, None)).collect();
    // Warm the caches once.
    for p in probes.iter().take(10) {
        matching::candidates(conn, p, now)
            .await
            .map_err(|e| format!("{e:?}"))?;
    }
    let mut matched = Vec::new();
    let mut found = Vec::new();
    for p in &probes {
        let (d, c) = time(matching::candidates(conn, p, now)).await?;
        matched.push(d);
        found.push(c.len());
    }
    found.sort_unstable();

    let mut full = Vec::new();
    for _ in 0..50 {
        let row = g.listing(1, now);
        let start = Instant::now();
        let txn = tx::begin_write(conn).await.map_err(|e| e.to_string())?;
        let id = listing::Entity::insert(row)
            .exec(&txn)
            .await
            .map_err(|e| e.to_string())?
            .last_insert_id;
        matching::match_listing(&txn, id, now, 5)
            .await
            .map_err(|e| format!("{e:?}"))?;
        txn.rollback().await.map_err(|e| e.to_string())?;
        full.push(start.elapsed());
    }

    let scans = if size >= 1_000_000 { 5 } else { 20 };
    let mut scan = Vec::new();
    for p in probes.iter().take(scans) {
        let (d, slow) = time(matching::candidates_by_scan(conn, p, now)).await?;
        let fast = matching::candidates(conn, p, now)
            .await
            .map_err(|e| format!("{e:?}"))?;
        // Same counterparts both ways (the baseline ignores languages, so compare the sets).
        let mut a: Vec<i64> = slow.iter().map(|c| c.side.listing_id).collect();
        let mut b: Vec<i64> = fast.iter().map(|c| c.side.listing_id).collect();
        if a.len() < 50 && b.len() < 50 {
            a.sort_unstable();
            b.sort_unstable();
            if a != b {
                return Err(format!("baseline and matcher disagree for {p:?}"));
            }
        }
        scan.push(d);
    }

    let paris = GeoPoint {
        lat: 48.8566,
        lng: 2.3522,
    };
    let countryside = GeoPoint {
        lat: 46.6,
        lng: 2.4,
    };
    let mut city = Vec::new();
    let mut country = Vec::new();
    for i in 0..50 {
        let (at, out) = if i % 2 == 0 {
            (paris, &mut city)
        } else {
            (countryside, &mut country)
        };
        let p = g.probe(now, Some(at));
        out.push(time(matching::candidates(conn, &p, now)).await?.0);
    }
    Ok(Row {
        size,
        matched: Stats(matched),
        full: Stats(full),
        scan: Stats(scan),
        city: Stats(city),
        country: Stats(country),
        found: found.get(found.len() / 2).copied().unwrap_or(0),
    })
}

/// Zoom levels of the viewport benchmark, with their names.
const ZOOMS: [(&str, u32); 4] = [("street", 16), ("town", 13), ("region", 10), ("country", 6)];
const VIEWS_PER_ZOOM: usize = 40;

/// The box a 1280 × 800 web map shows at `zoom` around `center` (Web Mercator, 256 px tiles).
fn view_box(center: GeoPoint, zoom: u32) -> Option<Bbox> {
    let lng_span = 1280.0 * 360.0 / (256.0 * f64::from(1u32 << zoom));
    let lat_span = lng_span * 800.0 / 1280.0 * center.lat.to_radians().cos();
    Bbox::around(center, lat_span / 2.0, lng_span / 2.0)
}

/// Where a measured view is centred: France's centre at country zoom, a city otherwise.
fn view_centre(g: &mut Gen, zoom: u32) -> GeoPoint {
    if zoom <= 6 {
        GeoPoint {
            lat: 46.6 + g.rng.random_range(-0.5..0.5),
            lng: 2.4 + g.rng.random_range(-0.5..0.5),
        }
    } else {
        let city = CITIES[g.rng.random_range(0..CITIES.len())];
        GeoPoint {
            lat: city.1 + g.normal() * 0.01,
            lng: city.2 + g.normal() * 0.01,
        }
    }
}

/// Times the map's query at each zoom: one Markdown row per zoom.
async fn viewport(
    conn: &DatabaseConnection,
    name: &str,
    size: usize,
    now: i64,
) -> Result<Vec<String>, String> {
    let mut g = Gen::new(11);
    let mut lines = Vec::new();
    for (zoom_name, zoom) in ZOOMS {
        let mut times = Vec::new();
        let mut in_view = Vec::new();
        for i in 0..VIEWS_PER_ZOOM + 5 {
            let bbox = view_box(view_centre(&mut g, zoom), zoom).ok_or("empty view")?;
            let filters = Filters {
                category: (i % 2 == 1).then_some(Category::Food),
                ..Filters::default()
            };
            let (d, view) = time(listings::in_view(conn, bbox, &filters, now)).await?;
            // The first few warm the caches.
            if i >= 5 {
                times.push(d);
                in_view.push(view.total);
            }
        }
        in_view.sort_unstable();
        let t = Stats(times);
        lines.push(format!(
            "| {name} | {size} | {zoom_name} ({zoom}) | {} | {} | {} |",
            ms(t.median()),
            ms(t.pct(0.9)),
            in_view[in_view.len() / 2],
        ));
    }
    Ok(lines)
}

async fn run_on(
    name: &str,
    url: &str,
    sizes: &[usize],
) -> Result<(Vec<String>, Vec<String>), String> {
    let conn = db::connect(url).await.map_err(|e| e.to_string())?;
    Migrator::up(&conn, None).await.map_err(|e| e.to_string())?;
    let now = app::backend::now();
    users(&conn, now).await?;
    let mut g = Gen::new(2026);
    let mut have = 0;
    let mut lines = Vec::new();
    let mut views = Vec::new();
    for &size in sizes {
        let start = Instant::now();
        fill(&conn, &mut g, have, size, now).await?;
        // The steady state of a live database: PostgreSQL's autovacuum would have vacuumed and
        // analysed a table after this many inserts (index-only scans need its visibility map).
        if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            conn.execute_unprepared("VACUUM ANALYZE listings")
                .await
                .map_err(|e| e.to_string())?;
        }
        eprintln!(
            "{name}: {size} listings loaded in {:.0} s",
            start.elapsed().as_secs_f64()
        );
        have = size;
        let r = measure(&conn, size, now).await?;
        let ratio = r.scan.median().as_secs_f64() / r.matched.median().as_secs_f64().max(1e-9);
        let line = format!(
            "| {name} | {} | {} | {} | {} | {} | {:.0}× | {} | {} | {} |",
            r.size,
            ms(r.matched.median()),
            ms(r.matched.pct(0.9)),
            ms(r.full.median()),
            ms(r.scan.median()),
            ratio,
            ms(r.city.median()),
            ms(r.country.median()),
            r.found,
        );
        println!("{line}");
        lines.push(line);
        for line in viewport(&conn, name, size, now).await? {
            eprintln!("viewport {line}");
            views.push(line);
        }
    }
    let venue_lines = venues_bench(&conn, name, now).await?;
    for line in &venue_lines {
        eprintln!("venues {line}");
    }
    views.extend(venue_lines.into_iter().map(|l| format!("venues{l}")));
    conn.close().await.map_err(|e| e.to_string())?;
    Ok((lines, views))
}

/// How many venues the list is measured among (`BENCH_VENUES`, 100 000 by default).
fn venue_count() -> usize {
    std::env::var("BENCH_VENUES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// Fills the venues (their levels computed from random answers, as the app stores them) and
/// times the list's queries. Lines of the report, each starting with `|`.
async fn venues_bench(
    conn: &DatabaseConnection,
    name: &str,
    now: i64,
) -> Result<Vec<String>, String> {
    use app::domain::accessibility::{Answer, Answers, Need, Question, levels_code};
    use app::domain::venue::VenueKind;
    let count = venue_count();
    let mut g = Gen::new(20);
    let start = Instant::now();
    let mut rows = Vec::with_capacity(1000);
    for i in 0..count {
        let known = g.rng.random_range(0.2..=1.0);
        let mut answers = Answers::new();
        for q in Question::CHOICES {
            if g.rng.random_bool(known) {
                let a = match q.kind() {
                    app::domain::accessibility::AnswerKind::YesNo => {
                        if g.rng.random_bool(0.6) {
                            Answer::Yes
                        } else {
                            Answer::No
                        }
                    }
                    app::domain::accessibility::AnswerKind::Number { .. } => {
                        Answer::Number(g.rng.random_range(0..=100))
                    }
                };
                answers.set(*q, Some(a));
            }
        }
        let kind = VenueKind::CHOICES[g.rng.random_range(0..VenueKind::CHOICES.len())];
        let at = g.point();
        rows.push(venue::ActiveModel {
            name: Set(format!("Lieu {i:06}")),
            kind: Set(kind.code().to_owned()),
            address: Set(String::new()),
            lat: Set(at.lat),
            lng: Set(at.lng),
            website: Set(String::new()),
            hours: Set(String::new()),
            created_by: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            access: Set(levels_code(&answers)),
            ..Default::default()
        });
        if rows.len() == 1000 || i + 1 == count {
            venue::Entity::insert_many(std::mem::take(&mut rows))
                .exec_without_returning(conn)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        conn.execute_unprepared("VACUUM ANALYZE venues")
            .await
            .map_err(|e| e.to_string())?;
    }
    eprintln!(
        "{name}: {count} venues loaded in {:.0} s",
        start.elapsed().as_secs_f64()
    );
    let cases: [(&str, Vec<Need>, Option<VenueKind>, u32); 5] = [
        ("no needs", vec![], None, 0),
        ("wheelchair", vec![Need::Wheelchair], None, 0),
        (
            "wheelchair + visual",
            vec![Need::Wheelchair, Need::Visual],
            None,
            0,
        ),
        (
            "wheelchair, libraries",
            vec![Need::Wheelchair],
            Some(VenueKind::Library),
            0,
        ),
        ("wheelchair, page 100", vec![Need::Wheelchair], None, 99),
    ];
    let mut lines = Vec::new();
    for (label, needs, kind, page) in cases {
        let mut times = Vec::new();
        let mut shown = 0;
        for _ in 0..30 {
            let (took, list) = time(venues::list(conn, &needs, kind, page)).await?;
            times.push(took);
            shown = list.items.len();
        }
        let stats = Stats(times);
        lines.push(format!(
            "| {name} | {count} | list, {label} | {} | {} | {shown} |",
            ms(stats.median()),
            ms(stats.pct(0.9)),
        ));
    }
    // The home map's venue layer: what one view asks, at each zoom, as the listings' views are
    // measured (same centres), without needs and for a wheelchair user.
    for (zoom_name, zoom) in ZOOMS {
        for (label, needs) in [("no needs", vec![]), ("wheelchair", vec![Need::Wheelchair])] {
            let mut g = Gen::new(11);
            let mut times = Vec::new();
            let mut shown = Vec::new();
            for i in 0..VIEWS_PER_ZOOM + 5 {
                let bbox = view_box(view_centre(&mut g, zoom), zoom).ok_or("empty view")?;
                let (took, (pins, areas)) = time(venues::in_view(conn, bbox, &needs)).await?;
                if i >= 5 {
                    times.push(took);
                    let in_areas: u64 = areas.iter().map(|a| a.count).sum();
                    shown.push(if pins.is_empty() {
                        (in_areas, format!("{in_areas} in {} areas", areas.len()))
                    } else {
                        (pins.len() as u64, format!("{} pins", pins.len()))
                    });
                }
            }
            let stats = Stats(times);
            shown.sort_unstable();
            lines.push(format!(
                "| {name} | {count} | map, {zoom_name} ({zoom}), {label} | {} | {} | {} |",
                ms(stats.median()),
                ms(stats.pct(0.9)),
                shown[shown.len() / 2].1,
            ));
        }
    }
    Ok(lines)
}

/// Runs the benchmark: `sizes` on SQLite (a file under `dir`) and, when `postgres` is an admin
/// URL, on a fresh PostgreSQL database. Prints a Markdown table.
pub async fn run(
    sizes: &[usize],
    dir: &std::path::Path,
    postgres: Option<&str>,
) -> Result<(), String> {
    let header = "| database | open listings | match median (ms) | match p90 (ms) | full median (ms) | scan-all median (ms) | scan / match | city centre median (ms) | countryside median (ms) | matches found (median) |\n|---|---|---|---|---|---|---|---|---|---|";
    println!("{header}");
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let file = dir.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
    // `BENCH_SQLITE=0` measures PostgreSQL only.
    let (mut lines, mut views) = if std::env::var("BENCH_SQLITE").as_deref() == Ok("0") {
        (Vec::new(), Vec::new())
    } else {
        run_on("SQLite", &format!("sqlite://{}", file.display()), sizes).await?
    };
    if let Some(admin) = postgres {
        let name = format!("entraide_bench_{}", rand::random::<u32>());
        let conn = sea_orm::Database::connect(admin)
            .await
            .map_err(|e| e.to_string())?;
        conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .map_err(|e| e.to_string())?;
        let base = admin.rsplit_once('/').map_or(admin, |(b, _)| b);
        let (more, more_views) = run_on("PostgreSQL", &format!("{base}/{name}"), sizes).await?;
        lines.extend(more);
        views.extend(more_views);
        conn.execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .await
            .map_err(|e| e.to_string())?;
    } else {
        eprintln!("BENCH_POSTGRES_URL not set: PostgreSQL skipped");
    }
    let report = format!("{header}\n{}\n", lines.join("\n"));
    std::fs::write(dir.join("matching.md"), report).map_err(|e| e.to_string())?;
    let (venue_lines, views): (Vec<String>, Vec<String>) =
        views.into_iter().partition(|l| l.starts_with("venues|"));
    let venue_header = "| database | venues | asked | median (ms) | p90 (ms) | shown (median) |\n|---|---|---|---|---|---|";
    let venue_report = format!(
        "{venue_header}\n{}\n",
        venue_lines
            .iter()
            .map(|l| l.trim_start_matches("venues"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    println!("\n{venue_report}");
    std::fs::write(dir.join("venues.md"), venue_report).map_err(|e| e.to_string())?;
    let view_header = "| database | open listings | zoom | viewport median (ms) | viewport p90 (ms) | listings in view (median) |\n|---|---|---|---|---|---|";
    let views = format!("{view_header}\n{}\n", views.join("\n"));
    println!("\n{views}");
    std::fs::write(dir.join("viewport.md"), views).map_err(|e| e.to_string())?;
    eprintln!(
        "written to {} and {}",
        dir.join("matching.md").display(),
        dir.join("viewport.md").display()
    );
    Ok(())
}
