//! `server [serve|migrate|seed|bench|bench-open-data|ledger-check|ledger-stress|draw-due|mail-due|open-data-due|role|import-…]`: serve
//! the app (default), apply migrations, fill an empty database with demo data, run the matching
//! benchmark (`BENCH_SIZES`, `BENCH_POSTGRES_URL`) or the open data job's (`bench-open-data`), verify the ledger against its journal, hammer
//! the ledger with concurrent transfers (`STRESS_CLIENTS`, `STRESS_TRANSFERS`), or draw the lots
//! that are due now (`draw-due [listing id]`; `DRAW_AT`, seconds since the epoch, moves "now":
//! an operator's catch-up, and how the browser tests reach a deadline), write the e-mails the
//! mail job would write now (`mail-due`; `MAIL_AT` moves "now" the same way: how the browser
//! tests reach the day before an event), compute the open data's periods that are due
//! (`open-data-due`; `OPEN_DATA_AT`), or give an account a role (`role <email>
//! moderator|member`), or load venues, support sites or territories from a file
//! (`import-venues`, `import-support-sites`, `import-territories`). A dozen verbs do not need an
//! argument-parsing crate.

use server::{Config, seed, telemetry};

/// Stack of the thread that serves. Tokio's default (2 MiB) leaves little room for the
/// server-side render of the deepest pages, whose nested view futures are large: built without
/// optimisation they overflowed it. 8 MiB is reserved address space, not memory in use.
const THREAD_STACK: usize = 8 * 1024 * 1024;

/// The server runs on one thread (a current-thread runtime; blocking work such as password
/// hashing goes to tokio's blocking pool). Leptos numbers a page's resources with a flag of the
/// request that islands switch on and back off; on the multi-threaded runtime two parts of one
/// page finishing at once on two threads took numbers from the wrong counter, and the page
/// failed to hydrate now and then under load. A pool of single-threaded runtimes cured that
/// but shared database connections across runtimes, whose I/O then waited for a busy thread
/// (ARCHITECTURE.md, "A page is rendered on one thread"). More cores: more processes.
fn main() {
    let serving = std::thread::Builder::new()
        .name("entraide".into())
        .stack_size(THREAD_STACK)
        .spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .thread_stack_size(THREAD_STACK)
                .build();
            match runtime {
                Ok(runtime) => runtime.block_on(run()),
                Err(e) => {
                    eprintln!("error: cannot start the runtime: {e}");
                    std::process::exit(1);
                }
            }
        });
    if !matches!(serving.map(std::thread::JoinHandle::join), Ok(Ok(()))) {
        eprintln!("error: the server's thread stopped");
        std::process::exit(1);
    }
}

async fn run() {
    telemetry::init();
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    let result = match Config::from_env() {
        Err(e) => Err(e),
        Ok(config) => match command.as_str() {
            "serve" => server::serve(config).await,
            "migrate" => server::build(&config)
                .await
                .map(|_| println!("migrations applied")),
            "seed" => seed_demo(&config).await,
            "bench" => bench().await,
            "bench-open-data" => bench_open_data(&config).await,
            "ledger-check" => ledger_check(&config).await,
            "ledger-stress" => ledger_stress(&config).await,
            "draw-due" => draw_due(&config).await,
            "mail-due" => mail_due(&config).await,
            "open-data-due" => open_data_due(&config).await,
            "role" => set_role(&config).await,
            "import-venues" => import_venues(&config).await,
            "import-support-sites" => import_support_sites(&config).await,
            "import-territories" => import_territories(&config).await,
            other => Err(format!(
                "unknown command {other:?}; use serve, migrate, seed, bench, bench-open-data, ledger-check, \
                 ledger-stress, draw-due, mail-due, open-data-due, role, import-venues, \
                 import-support-sites or import-territories"
            )),
        },
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

async fn bench() -> Result<(), String> {
    let sizes = std::env::var("BENCH_SIZES").unwrap_or_else(|_| "10000,100000,1000000".into());
    let sizes: Vec<usize> = sizes
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .map_err(|_| format!("BENCH_SIZES: bad size {s:?}"))
        })
        .collect::<Result<_, _>>()?;
    let postgres = std::env::var("BENCH_POSTGRES_URL").ok();
    server::bench::run(
        &sizes,
        std::path::Path::new("target/bench"),
        postgres.as_deref(),
    )
    .await
}

/// `server bench-open-data`: fills the database of `DATABASE_URL` with a year of synthetic
/// activity if it is empty, then times the open data job (`server::bench_open_data`).
async fn bench_open_data(config: &Config) -> Result<(), String> {
    let (_, state) = server::build(config).await?;
    server::bench_open_data::run_bench(&state.db).await
}

async fn seed_demo(config: &Config) -> Result<(), String> {
    let (_, state) = server::build(config).await?;
    match seed::fill_if_empty(&state.db).await? {
        Some(counts) => println!(
            "demo data loaded: {} users, {} listings",
            counts.0, counts.1
        ),
        None => println!("database not empty: demo data left out"),
    }
    if let Some(n) = server::seed_support::fill_if_empty(&state.db, &state.time_zone).await? {
        println!("demo support sites loaded: {n}");
    }
    if let Some(r) = seed::territories_if_empty(&state.db).await? {
        println!("demo territories loaded: {} ({} cells)", r.added, r.cells);
    }
    Ok(())
}

async fn draw_due(config: &Config) -> Result<(), String> {
    let (_, state) = server::build(config).await?;
    let now = app::backend::now();
    let due_by = match std::env::var("DRAW_AT") {
        Ok(v) => v.trim().parse().map_err(|_| format!("DRAW_AT: {v:?}"))?,
        Err(_) => now,
    };
    let only = match std::env::args().nth(2) {
        Some(id) => Some(id.parse().map_err(|_| format!("listing id: {id:?}"))?),
        None => None,
    };
    let people = app::backend::draws::run_due(&state.db, only, due_by, now)
        .await
        .map_err(|e| format!("{e:?}"))?;
    println!("draws done; {} people told", people.len());
    Ok(())
}

async fn mail_due(config: &Config) -> Result<(), String> {
    let (_, state) = server::build(config).await?;
    let at = match std::env::var("MAIL_AT") {
        Ok(v) => v.trim().parse().map_err(|_| format!("MAIL_AT: {v:?}"))?,
        Err(_) => app::backend::now(),
    };
    let written = app::backend::mail_jobs::run(&state.db, state.public_url, &state.time_zone, at)
        .await
        .map_err(|e| format!("{e:?}"))?;
    // Written at a moved "now", they would wait for it in the outbox: they go at once.
    let now = app::backend::now();
    if at > now {
        use app::backend::entities::mail_outbox;
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        mail_outbox::Entity::update_many()
            .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(now))
            .filter(mail_outbox::Column::SentAt.is_null())
            .filter(mail_outbox::Column::Attempts.eq(0))
            .filter(mail_outbox::Column::NextAttemptAt.gt(now))
            .exec(&state.db)
            .await
            .map_err(|e| e.to_string())?;
    }
    println!("e-mails written: {written:?}");
    Ok(())
}

/// `server open-data-due`: computes the open data's periods that are due and not stored yet
/// (what the hourly job does), at `OPEN_DATA_AT` (a Unix time) if set, else now; prints them
/// and how long it took.
async fn open_data_due(config: &Config) -> Result<(), String> {
    let (_, state) = server::build(config).await?;
    let at = match std::env::var("OPEN_DATA_AT") {
        Ok(v) => v
            .trim()
            .parse()
            .map_err(|_| format!("OPEN_DATA_AT: {v:?}"))?,
        Err(_) => app::backend::now(),
    };
    let started = std::time::Instant::now();
    let stored = app::backend::insights::run(&state.db, at)
        .await
        .map_err(|e| format!("{e:?}"))?;
    println!(
        "open data: {} period(s) stored {stored:?} in {:.1} s",
        stored.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `server import-venues <file.csv> <email>`: loads venues in the open-data format, as
/// contributions of the account with that address.
async fn import_venues(config: &Config) -> Result<(), String> {
    let usage = "usage: server import-venues <file.csv> <email of the contributing account>";
    let path = std::env::args().nth(2).ok_or(usage)?;
    let email = std::env::args().nth(3).ok_or(usage)?;
    let (_, state) = server::build(config).await?;
    let user = app::backend::users::id_by_email(&state.db, &email)
        .await
        .map_err(|e| format!("{e:?}"))?
        .ok_or_else(|| format!("no account with the address {email:?}"))?;
    let file = std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?;
    let report = server::open_data::import_csv(&state.db, user, file).await?;
    println!(
        "{} venues added, {} already there, {} rows refused",
        report.added,
        report.duplicates,
        report.refused.len()
    );
    for (line, why) in &report.refused {
        println!("line {line}: {why}");
    }
    Ok(())
}

/// `server import-support-sites <file.geojson> [association id]`: loads support sites in the
/// open-data format, run by that association when given (its managers then edit them).
async fn import_support_sites(config: &Config) -> Result<(), String> {
    let usage = "usage: server import-support-sites <file.geojson> [association id]";
    let path = std::env::args().nth(2).ok_or(usage)?;
    let association = match std::env::args().nth(3) {
        Some(a) => Some(a.parse::<i64>().map_err(|_| usage.to_owned())?),
        None => None,
    };
    let (_, state) = server::build(config).await?;
    let file = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let report = server::support_data::import_geojson(&state.db, association, &file).await?;
    println!(
        "{} support sites added, {} already there, {} refused",
        report.added,
        report.duplicates,
        report.refused.len()
    );
    for (n, why) in &report.refused {
        println!("feature {n}: {why}");
    }
    Ok(())
}

/// `server import-territories <file.geojson>`: territories for the open data
/// (`server::territories`).
async fn import_territories(config: &Config) -> Result<(), String> {
    let path = std::env::args()
        .nth(2)
        .ok_or("usage: server import-territories <file.geojson>")?;
    let file = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let (_, state) = server::build(config).await?;
    let report = server::territories::import(&state.db, &file).await?;
    println!(
        "{} territories added, {} replaced, {} cells",
        report.added, report.replaced, report.cells
    );
    Ok(())
}

/// `server role <email> moderator|member`: how an operator names moderators.
async fn set_role(config: &Config) -> Result<(), String> {
    use app::domain::moderation::Role;
    use app::domain::vocab::Code;
    let usage = "usage: server role <email> moderator|member";
    let email = std::env::args().nth(2).ok_or(usage)?;
    let role = std::env::args()
        .nth(3)
        .and_then(|r| Role::from_code(&r))
        .ok_or(usage)?;
    let (_, state) = server::build(config).await?;
    if app::backend::moderation::set_role(&state.db, &email, role)
        .await
        .map_err(|e| e.to_string())?
    {
        println!("{email} is now {}", role.code());
        Ok(())
    } else {
        Err(format!("no account with the address {email:?}"))
    }
}

async fn ledger_check(config: &Config) -> Result<(), String> {
    let (_, state) = server::build(config).await?;
    let report = app::backend::ledger::check(&state.db, &state.ledger)
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "{} accounts, {} transfers, {} entries; balances sum to {}",
        report.accounts, report.transfers, report.entries, report.total
    );
    if report.ok() {
        println!("ledger ok");
        Ok(())
    } else {
        for problem in &report.problems {
            println!("problem: {problem}");
        }
        Err(format!("{} problems in the ledger", report.problems.len()))
    }
}

/// Prints `ack <key>` as each transfer is acknowledged (flushed at once, so a test that kills
/// the process knows exactly what was acknowledged), then a summary.
async fn ledger_stress(config: &Config) -> Result<(), String> {
    use std::io::Write;
    let (_, state) = server::build(config).await?;
    let number = |name: &str, default: usize| {
        std::env::var(name).ok().map_or(Ok(default), |v| {
            v.parse().map_err(|_| format!("{name}: {v:?}"))
        })
    };
    let plan = server::ledger_stress::Plan {
        clients: number("STRESS_CLIENTS", 32)?,
        per_client: number("STRESS_TRANSFERS", 100)?,
        hot_accounts: number("STRESS_ACCOUNTS", 5)?,
        funding: 50,
    };
    let report = server::ledger_stress::run(&state.db, &state.ledger, plan, |receipt| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "ack {}", receipt.key);
        let _ = out.flush();
    })
    .await?;
    println!(
        "{} clients, {} transfers sent, {} succeeded, {} refused below the floor, {} errors, {:.2} s",
        report.clients,
        report.sent,
        report.succeeded,
        report.below_floor,
        report.errors.len(),
        report.duration.as_secs_f64()
    );
    Ok(())
}
