//! Integration tests: the real server on a random port, driven over HTTP like a browser, on a
//! temporary SQLite file and on PostgreSQL (`TEST_POSTGRES_URL`, started by `make test`).

mod support;

mod account;
mod activities;
mod associations;
mod auth;
mod bad_input;
mod draws;
mod exchanges;
mod export;
mod fuzz;
mod help;
mod idempotency;
mod ledger;
mod listings;
mod location_attacks;
mod logos;
mod mail_jobs;
mod mail_notices;
mod map_counts;
mod matching;
mod moderation;
mod needs;
mod open_data_v1;
mod paging;
mod password_reset;
mod privacy;
mod promises;
mod pwa;
mod sessions;
mod venues;
mod verification;
mod web;
