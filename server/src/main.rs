//! `server [serve|migrate|seed|bench]`: serve the app (default), apply migrations, fill an empty
//! database with demo data, or run the matching benchmark (`BENCH_SIZES`, `BENCH_POSTGRES_URL`).
//! Four verbs do not need an argument-parsing crate.

use server::{Config, seed, telemetry};

#[tokio::main]
async fn main() {
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
            other => Err(format!(
                "unknown command {other:?}; use serve, migrate, seed or bench"
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

async fn seed_demo(config: &Config) -> Result<(), String> {
    let (_, state) = server::build(config).await?;
    match seed::fill_if_empty(&state.db).await? {
        Some(counts) => println!(
            "demo data loaded: {} users, {} listings",
            counts.0, counts.1
        ),
        None => println!("database not empty: demo data left out"),
    }
    Ok(())
}
