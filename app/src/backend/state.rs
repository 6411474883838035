//! What every server function can reach: the database, the rate limiter, settings.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use super::notifier::Notifier;
use super::rate_limit::AuthLimiter;
use crate::domain::ledger::{LedgerRules, Policy};
use crate::domain::view::MapSettings;

/// Shared state, provided to every server function through Leptos context.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub limiter: Arc<AuthLimiter>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`ENTRAIDE_TRUSTED_PROXIES`).
    pub trusted_proxies: Arc<Vec<ipnet::IpNet>>,
    pub map: MapSettings,
    /// Wakes the open notification streams.
    pub notifier: Notifier,
    /// How many of a listing's best matches are notified (for the "only the best" preference).
    pub notify_best: usize,
    /// The ledger's floor and grants.
    pub ledger: LedgerRules,
    /// Currency, or gift with a daily quota.
    pub policy: Policy,
    /// The deployment's name for its currency, if it chose one.
    pub currency_name: Option<String>,
    /// Days one side's confirmation of an exchange waits for the other's.
    pub confirm_days: i64,
    /// The deployment's time zone: opening hours are read in it.
    pub time_zone: jiff::tz::TimeZone,
    /// The address people reach the site at (`ENTRAIDE_PUBLIC_URL`), for links printed on paper.
    pub public_url: &'static str,
}

impl AppState {
    /// What the exchange commands need.
    pub fn exchange_settings(&self) -> super::exchanges::Settings {
        super::exchanges::Settings {
            policy: self.policy,
            rules: self.ledger,
            confirm_days: self.confirm_days,
            public_url: self.public_url,
        }
    }

    /// The public currency settings.
    pub fn currency_rules(&self) -> crate::domain::ledger::CurrencyRules {
        crate::domain::ledger::CurrencyRules {
            ledger: self.ledger,
            policy: self.policy,
            currency_name: self.currency_name.clone(),
            confirm_days: self.confirm_days,
        }
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("map", &self.map)
            .finish_non_exhaustive()
    }
}
