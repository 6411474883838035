//! Database migrations, one file each, applied at start-up.

use sea_orm_migration::prelude::*;

mod m20261121_000001_init;
mod m20261121_000002_matching;
mod m20261121_000003_ledger;
mod m20261121_000004_exchanges;
mod m20261122_000005_draws;
mod m20261122_000006_moderation;
mod m20261122_000007_associations;
mod m20261122_000008_skills;
mod m20261122_000009_logos;
mod m20261201_000010_privacy;
mod m20261201_000011_invitations;
mod m20261202_000012_cell_counts;
mod m20261203_000013_rollup_counts;
mod m20261203_000014_venues;
mod m20261203_000015_venue_levels;
mod m20261204_000016_held_at_venues;
mod m20261205_000017_venue_map_index;
mod m20261206_000018_support_sites;
mod m20261207_000019_idempotency;
mod m20261208_000020_mail;
mod m20261209_000021_verify_email;
mod m20261210_000022_mail_settings;
mod m20261211_000023_deleted_accounts;
mod m20261212_000024_mail_jobs;
mod m20261213_000025_open_data;
mod m20261214_000026_territories;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_init::Migration),
            Box::new(m20261121_000002_matching::Migration),
            Box::new(m20261121_000003_ledger::Migration),
            Box::new(m20261121_000004_exchanges::Migration),
            Box::new(m20261122_000005_draws::Migration),
            Box::new(m20261122_000006_moderation::Migration),
            Box::new(m20261122_000007_associations::Migration),
            Box::new(m20261122_000008_skills::Migration),
            Box::new(m20261122_000009_logos::Migration),
            Box::new(m20261201_000010_privacy::Migration),
            Box::new(m20261201_000011_invitations::Migration),
            Box::new(m20261202_000012_cell_counts::Migration),
            Box::new(m20261203_000013_rollup_counts::Migration),
            Box::new(m20261203_000014_venues::Migration),
            Box::new(m20261203_000015_venue_levels::Migration),
            Box::new(m20261204_000016_held_at_venues::Migration),
            Box::new(m20261205_000017_venue_map_index::Migration),
            Box::new(m20261206_000018_support_sites::Migration),
            Box::new(m20261207_000019_idempotency::Migration),
            Box::new(m20261208_000020_mail::Migration),
            Box::new(m20261209_000021_verify_email::Migration),
            Box::new(m20261210_000022_mail_settings::Migration),
            Box::new(m20261211_000023_deleted_accounts::Migration),
            Box::new(m20261212_000024_mail_jobs::Migration),
            Box::new(m20261213_000025_open_data::Migration),
            Box::new(m20261214_000026_territories::Migration),
        ]
    }
}
