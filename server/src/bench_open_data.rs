//! `server bench-open-data`: how long the open data job (issue 24) takes to compute a year of
//! figures from 1 million listings and 300 thousand completed exchanges (`BENCH_LISTINGS`,
//! `BENCH_EXCHANGES`), and how much memory it needs, on the database of `DATABASE_URL` (empty:
//! the benchmark fills it). The listings are spread over mainland France as people are (the
//! matching benchmark's generator: denser in cities) and over last year; 20 000 people joined
//! over that year. `scripts/bench_open_data.sh` then times the API's answers from the
//! aggregate tables over HTTP and writes `target/bench/open_data.md`.

use std::time::Instant;

use app::backend::entities::{exchange, listing, user};
use app::backend::insights::{quarter_start, run};
use app::backend::tx;
use app::domain::geo::{PUBLIC_RESOLUTION, cell_to_i64};
use app::domain::open_data::Quarter;
use app::domain::vocab::DAY;
use rand::Rng;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};

use crate::bench::Gen;

const PEOPLE: usize = 20_000;

fn env_count(name: &str, default: usize) -> Result<usize, String> {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().map_err(|_| format!("{name}: {v:?}")),
        Err(_) => Ok(default),
    }
}

/// The process's peak resident memory since the last reset, in megabytes (Linux).
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Resets the peak (Linux: writing 5 to `clear_refs`), so the next reading is the job's own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Fills an empty database with last year's people, listings and exchanges.
async fn fill(
    db: &DatabaseConnection,
    listings: usize,
    exchanges: usize,
    now: i64,
) -> Result<(), String> {
    let year = time::OffsetDateTime::from_unix_timestamp(now)
        .map_err(|e| e.to_string())?
        .year()
        - 1;
    let from = quarter_start(Quarter { year, number: 1 });
    let to = quarter_start(Quarter {
        year: year + 1,
        number: 1,
    });
    let mut g = Gen::new(24);
    let mut n = 0;
    while n < PEOPLE {
        let rows: Vec<user::ActiveModel> = (n..(n + 1_000).min(PEOPLE))
            .map(|i| {
                let home = g.point();
                user::ActiveModel {
                    email: Set(format!("open{i}@entraide.example")),
                    display_name: Set(format!("Open {i}")),
                    password_hash: Set(String::new()),
                    bio: Set(String::new()),
                    languages: Set("fr".to_owned()),
                    home_lat: Set(Some(home.lat)),
                    home_lng: Set(Some(home.lng)),
                    home_cell: Set(home.cell(PUBLIC_RESOLUTION).map(cell_to_i64)),
                    created_at: Set(g.rng.random_range(from..to)),
                    notify: Set("best".to_owned()),
                    ..Default::default()
                }
            })
            .collect();
        user::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await
            .map_err(|e| e.to_string())?;
        n += 1_000;
    }
    let mut n = 0;
    while n < listings {
        let batch = (listings - n).min(1_000);
        let rows: Vec<listing::ActiveModel> = (0..batch)
            .map(|_| {
                let author = g.rng.random_range(1..=PEOPLE as i64);
                g.past_listing(author, from, to - 30 * DAY)
            })
            .collect();
        let txn = tx::begin_write(db).await.map_err(|e| e.to_string())?;
        listing::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await
            .map_err(|e| e.to_string())?;
        txn.commit().await.map_err(|e| e.to_string())?;
        n += batch;
    }
    // Exchanges on listings drawn at random (ids 1..=listings in a fresh database), completed
    // within three weeks of being proposed.
    let mut n = 0;
    while n < exchanges {
        let batch = (exchanges - n).min(1_000);
        let rows: Vec<exchange::ActiveModel> = (0..batch)
            .map(|_| {
                let listing_id = g.rng.random_range(1..=listings as i64);
                let author = g.rng.random_range(1..=PEOPLE as i64);
                let other = (author % PEOPLE as i64) + 1;
                let proposed = g.rng.random_range(from..to - 30 * DAY);
                let done = proposed + g.rng.random_range(DAY..21 * DAY);
                exchange::ActiveModel {
                    listing_id: Set(listing_id),
                    author_id: Set(author),
                    proposer_id: Set(other),
                    giver_id: Set(author),
                    receiver_id: Set(other),
                    state: Set("completed".to_owned()),
                    list_price: Set(0),
                    price: Set(Some(0)),
                    author_confirmed_at: Set(Some(done)),
                    proposer_confirmed_at: Set(Some(done)),
                    created_at: Set(proposed),
                    updated_at: Set(done),
                    ..Default::default()
                }
            })
            .collect();
        let txn = tx::begin_write(db).await.map_err(|e| e.to_string())?;
        exchange::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await
            .map_err(|e| e.to_string())?;
        txn.commit().await.map_err(|e| e.to_string())?;
        n += batch;
    }
    db.execute_unprepared("ANALYZE")
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Fills the database if it is empty, then runs the job once and says how long it took and
/// the memory it needed.
pub async fn run_bench(db: &DatabaseConnection) -> Result<(), String> {
    let listings = env_count("BENCH_LISTINGS", 1_000_000)?;
    let exchanges = env_count("BENCH_EXCHANGES", 300_000)?;
    let now = app::backend::now();
    if user::Entity::find()
        .count(db)
        .await
        .map_err(|e| e.to_string())?
        == 0
    {
        let started = Instant::now();
        fill(db, listings, exchanges, now).await?;
        println!(
            "loaded {PEOPLE} people, {listings} listings and {exchanges} exchanges in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    let before = peak_mb();
    reset_peak();
    let started = Instant::now();
    let stored = run(db, now).await.map_err(|e| format!("{e:?}"))?;
    let took = started.elapsed().as_secs_f64();
    let figures = app::backend::entities::open_data_figure::Entity::find()
        .count(db)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "open data job: {} periods ({}) computed in {took:.1} s; {figures} figures stored; peak memory {} MB (before the job: {} MB)",
        stored.len(),
        stored.join(", "),
        peak_mb().map_or("?".to_owned(), |m| format!("{m:.0}")),
        before.map_or("?".to_owned(), |m| format!("{m:.0}")),
    );
    Ok(())
}
