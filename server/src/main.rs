//! `server [serve|migrate|seed]`: serve the app (default), apply migrations, or fill an empty
//! database with demo data. Three verbs do not need an argument-parsing crate.

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
            other => Err(format!(
                "unknown command {other:?}; use serve, migrate or seed"
            )),
        },
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
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
