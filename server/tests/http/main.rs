//! Integration tests: the real server on a random port, driven over HTTP like a browser, on a
//! temporary SQLite file and on PostgreSQL (`TEST_POSTGRES_URL`, started by `make test`).

mod support;

mod associations;
mod auth;
mod draws;
mod exchanges;
mod ledger;
mod listings;
mod matching;
mod moderation;
mod privacy;
mod web;
