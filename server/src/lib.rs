//! The Entraide server: configuration, migrations, the HTTP router, background jobs and the
//! demo data. `main.rs` only parses the command line.

pub mod accounts;
pub mod bench;
pub mod bench_open_data;
pub mod calendar;
pub mod config;
pub mod csrf;
pub mod events;
pub mod guards;
pub mod insights;
pub mod jobs;
pub mod ledger_stress;
pub mod logo;
pub mod mail;
pub mod migrations;
pub mod needs;
pub mod open_data;
pub mod pwa;
pub mod router;
pub mod seed;
pub mod seed_history;
pub mod seed_support;
pub mod serve;
pub mod state;
pub mod support;
pub mod support_data;
pub mod telemetry;
pub mod territories;

pub use config::Config;
pub use router::build;
pub use serve::serve;
