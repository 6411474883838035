//! Structured logs (tracing). `RUST_LOG` sets the level (default `info`); `ENTRAIDE_LOG_JSON=1`
//! writes JSON lines for log collectors.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sea_orm=warn,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let result = if std::env::var("ENTRAIDE_LOG_JSON").is_ok_and(|v| v == "1") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
    // Already initialised (tests start several servers in one process).
    let _ = result;
}
