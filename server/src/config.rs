//! Configuration from environment variables, with defaults that run on a laptop.

use std::net::SocketAddr;
use std::path::PathBuf;

use app::backend::mail::{SmtpSettings, Tls};
use app::domain::geo::GeoPoint;
use app::domain::ledger::{LedgerRules, Policy};
use app::domain::view::MapSettings;

/// Everything the server reads from its environment. See README.md for each variable.
#[derive(Debug, Clone)]
pub struct Config {
    /// `ENTRAIDE_ADDR`: where to listen (default `127.0.0.1:3000`).
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://…` (default `sqlite://data/entraide.db`) or `postgres://…`.
    pub database_url: String,
    /// `ENTRAIDE_SESSION_SECRET`: at least 64 bytes signing the session cookie. When unset, one
    /// is generated once and kept in `data/session.key`.
    pub session_secret: Option<String>,
    /// `ENTRAIDE_PUBLIC_URL`: the address people reach the site at (unset: `http://` + addr).
    pub public_url: String,
    /// `ENTRAIDE_SECURE_COOKIES`: `true` or `false`; unset, `true` when the public URL is
    /// `https://`.
    pub secure_cookies: bool,
    /// `ENTRAIDE_TRUSTED_PROXIES`: comma-separated addresses or networks (`10.0.0.0/8`) of
    /// reverse proxies whose `X-Forwarded-For` is believed; unset, none.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// `ENTRAIDE_AUTH_RATE_PER_MINUTE`: login or sign-up attempts a minute per address.
    pub auth_rate_per_minute: u32,
    /// `ENTRAIDE_OPEN_DATA_PER_MINUTE`: requests a minute per address to `/open-data/v1/`
    /// (default [`crate::insights::REQUESTS_PER_MINUTE`]).
    pub open_data_per_minute: u32,
    /// `ENTRAIDE_TILE_URL`, `ENTRAIDE_TILE_ATTRIBUTION`, `ENTRAIDE_MAP_CENTER` (`lat,lng`),
    /// `ENTRAIDE_MAP_ZOOM`.
    pub map: MapSettings,
    /// `LEPTOS_SITE_ROOT`: the built site (default `target/site`).
    pub site_root: PathBuf,
    /// `ENTRAIDE_NOTIFY_BEST`: how many of a listing's best matches are notified to people who
    /// chose "only the best" (default 5).
    pub notify_best: usize,
    /// `ENTRAIDE_DATA_DIR`: where the SQLite file and generated secrets live (default `data`).
    pub data_dir: PathBuf,
    /// `ENTRAIDE_FLOOR`, `ENTRAIDE_WELCOME_GRANT`, `ENTRAIDE_WEEKLY_GRANT`: the ledger's amounts
    /// (defaults 0, 20, 5).
    pub ledger: LedgerRules,
    /// `ENTRAIDE_POLICY`: `currency` (default) or `gift`, with `ENTRAIDE_GIFT_QUOTA` requests or
    /// proposals a day (default 3).
    pub policy: Policy,
    /// `ENTRAIDE_CURRENCY_NAME`: the currency's name; unset, each language's word for
    /// "credits" is used.
    pub currency_name: Option<String>,
    /// `ENTRAIDE_CONFIRM_DAYS`: days one side's confirmation of an exchange waits for the
    /// other's before it completes the exchange alone (default 7).
    pub confirm_days: i64,
    /// The deployment's time zone, in which opening hours are read (`ENTRAIDE_TIME_ZONE`, an
    /// IANA name; Europe/Paris by default).
    pub time_zone: String,
    /// Where e-mail goes: `ENTRAIDE_SMTP_HOST` (unset: `.eml` files in `DATA_DIR/mail`, listed at
    /// `/dev/mail`), `ENTRAIDE_SMTP_PORT` (default 587, 465 with `tls`, 25 with `none`),
    /// `ENTRAIDE_SMTP_TLS` (`starttls`, the default, `tls` or `none`), `ENTRAIDE_SMTP_USER`,
    /// `ENTRAIDE_SMTP_PASSWORD`, and `ENTRAIDE_MAIL_FROM`, the sender
    /// (default `Entraide <no-reply@localhost>`).
    pub smtp: Option<SmtpSettings>,
    pub mail_from: String,
}

impl Config {
    /// Reads the environment.
    pub fn from_env() -> Result<Self, String> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads variables through `get`, for tests.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let data_dir = PathBuf::from(get("ENTRAIDE_DATA_DIR").unwrap_or_else(|| "data".into()));
        let addr = get("ENTRAIDE_ADDR")
            .or_else(|| get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr = addr
            .parse()
            .map_err(|e| format!("ENTRAIDE_ADDR {addr:?}: {e}"))?;
        let database_url = get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/entraide.db", data_dir.display()));
        let defaults = MapSettings::default();
        let center = match get("ENTRAIDE_MAP_CENTER") {
            Some(v) => parse_center(&v)?,
            None => defaults.center,
        };
        let zoom = match get("ENTRAIDE_MAP_ZOOM") {
            Some(v) => v
                .parse()
                .map_err(|e| format!("ENTRAIDE_MAP_ZOOM {v:?}: {e}"))?,
            None => defaults.zoom,
        };
        let auth_rate_per_minute = match get("ENTRAIDE_AUTH_RATE_PER_MINUTE") {
            Some(v) => v
                .parse()
                .map_err(|e| format!("ENTRAIDE_AUTH_RATE_PER_MINUTE {v:?}: {e}"))?,
            None => 10,
        };
        let open_data_per_minute =
            match get("ENTRAIDE_OPEN_DATA_PER_MINUTE") {
                Some(v) => v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    format!("ENTRAIDE_OPEN_DATA_PER_MINUTE {v:?}: a number above 0")
                })?,
                None => crate::insights::REQUESTS_PER_MINUTE,
            };
        let notify_best = match get("ENTRAIDE_NOTIFY_BEST") {
            Some(v) => v
                .parse()
                .ok()
                .filter(|n| (1..=50).contains(n))
                .ok_or_else(|| format!("ENTRAIDE_NOTIFY_BEST {v:?}: expected 1 to 50"))?,
            None => app::domain::matching::DEFAULT_NOTIFY_BEST,
        };
        let standard = LedgerRules::default();
        let ledger = LedgerRules {
            floor: number(
                &get,
                "ENTRAIDE_FLOOR",
                standard.floor,
                -1_000_000..=1_000_000,
            )?,
            welcome_grant: number(
                &get,
                "ENTRAIDE_WELCOME_GRANT",
                standard.welcome_grant,
                0..=1_000_000,
            )?,
            weekly_grant: number(
                &get,
                "ENTRAIDE_WEEKLY_GRANT",
                standard.weekly_grant,
                0..=1_000_000,
            )?,
        };
        let policy = match get("ENTRAIDE_POLICY").as_deref() {
            None | Some("currency") => Policy::Currency,
            Some("gift") => Policy::GiftWithQuota {
                per_day: number(&get, "ENTRAIDE_GIFT_QUOTA", 3, 1..=1_000)?,
            },
            Some(other) => {
                return Err(format!(
                    "ENTRAIDE_POLICY {other:?}: expected `currency` or `gift`"
                ));
            }
        };
        let public_url = get("ENTRAIDE_PUBLIC_URL")
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{addr}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(format!(
                "ENTRAIDE_PUBLIC_URL {public_url:?}: expected http://… or https://…"
            ));
        }
        let secure_cookies = match get("ENTRAIDE_SECURE_COOKIES").as_deref() {
            None => public_url.starts_with("https://"),
            Some("true" | "1") => true,
            Some("false" | "0") => false,
            Some(other) => {
                return Err(format!(
                    "ENTRAIDE_SECURE_COOKIES {other:?}: expected true or false"
                ));
            }
        };
        let trusted_proxies = get("ENTRAIDE_TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<ipnet::IpNet>()
                    .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|e| format!("ENTRAIDE_TRUSTED_PROXIES {s:?}: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let time_zone = get("ENTRAIDE_TIME_ZONE")
            .unwrap_or_else(|| app::domain::opening::DEFAULT_TIME_ZONE.to_owned());
        if app::domain::opening::zone(&time_zone).is_none() {
            return Err(format!(
                "ENTRAIDE_TIME_ZONE {time_zone:?}: expected a zone such as Europe/Paris"
            ));
        }
        let smtp = match get("ENTRAIDE_SMTP_HOST").filter(|h| !h.trim().is_empty()) {
            None => None,
            Some(host) => {
                let tls = match get("ENTRAIDE_SMTP_TLS").as_deref() {
                    None | Some("starttls") => Tls::StartTls,
                    Some("tls") => Tls::Tls,
                    Some("none") => Tls::None,
                    Some(other) => {
                        return Err(format!(
                            "ENTRAIDE_SMTP_TLS {other:?}: expected starttls, tls or none"
                        ));
                    }
                };
                let default_port = match tls {
                    Tls::StartTls => 587,
                    Tls::Tls => 465,
                    Tls::None => 25,
                };
                Some(SmtpSettings {
                    host,
                    port: number(&get, "ENTRAIDE_SMTP_PORT", default_port, 1..=65_535)?,
                    tls,
                    user: get("ENTRAIDE_SMTP_USER"),
                    password: get("ENTRAIDE_SMTP_PASSWORD"),
                })
            }
        };
        let mail_from =
            get("ENTRAIDE_MAIL_FROM").unwrap_or_else(|| "Entraide <no-reply@localhost>".into());
        Ok(Self {
            smtp,
            mail_from,
            addr,
            time_zone,
            public_url,
            trusted_proxies,
            ledger,
            policy,
            confirm_days: number(
                &get,
                "ENTRAIDE_CONFIRM_DAYS",
                app::domain::exchange::DEFAULT_CONFIRM_DAYS,
                1..=90,
            )?,
            currency_name: get("ENTRAIDE_CURRENCY_NAME").filter(|n| !n.trim().is_empty()),
            notify_best,
            database_url,
            session_secret: get("ENTRAIDE_SESSION_SECRET"),
            secure_cookies,
            auth_rate_per_minute,
            open_data_per_minute,
            map: MapSettings {
                tile_url: get("ENTRAIDE_TILE_URL").unwrap_or(defaults.tile_url),
                attribution: get("ENTRAIDE_TILE_ATTRIBUTION").unwrap_or(defaults.attribution),
                center,
                zoom,
            },
            site_root: PathBuf::from(
                get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            ),
            data_dir,
        })
    }
}

/// An integer variable within `range`, or its default when unset.
fn number<T>(
    get: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
    range: std::ops::RangeInclusive<T>,
) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    match get(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                format!(
                    "{name} {v:?}: expected a whole number from {} to {}",
                    range.start(),
                    range.end()
                )
            }),
    }
}

fn parse_center(v: &str) -> Result<GeoPoint, String> {
    let err = || format!("ENTRAIDE_MAP_CENTER {v:?}: expected `lat,lng`");
    let (lat, lng) = v.split_once(',').ok_or_else(err)?;
    let lat: f64 = lat.trim().parse().map_err(|_| err())?;
    let lng: f64 = lng.trim().parse().map_err(|_| err())?;
    GeoPoint::parse(lat, lng).map_err(|_| err())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(vars: &[(&str, &str)]) -> Result<Config, String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_locally_on_sqlite() {
        let c = with(&[]).expect("defaults");
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/entraide.db");
        assert!(c.map.tile_url.contains("openstreetmap"));
        assert!(!c.secure_cookies);
        assert_eq!(c.auth_rate_per_minute, 10);
        assert_eq!(c.open_data_per_minute, 120);
    }

    #[test]
    fn variables_override_defaults() {
        let c = with(&[
            ("ENTRAIDE_ADDR", "0.0.0.0:8080"),
            ("DATABASE_URL", "postgres://u@localhost/e"),
            ("ENTRAIDE_TILE_URL", ""),
            ("ENTRAIDE_MAP_CENTER", "45.76, 4.83"),
            ("ENTRAIDE_MAP_ZOOM", "13"),
            ("ENTRAIDE_SECURE_COOKIES", "true"),
        ])
        .expect("valid");
        assert_eq!(c.addr.port(), 8080);
        assert!(c.database_url.starts_with("postgres://"));
        assert_eq!(c.map.tile_url, "");
        assert_eq!(
            c.map.center,
            GeoPoint {
                lat: 45.76,
                lng: 4.83
            }
        );
        assert_eq!(c.map.zoom, 13.0);
        assert!(c.secure_cookies);
    }

    #[test]
    fn secure_cookies_follow_the_public_url_and_proxies_parse() {
        let c = with(&[]).expect("defaults");
        assert!(!c.secure_cookies && c.trusted_proxies.is_empty());
        let c = with(&[("ENTRAIDE_PUBLIC_URL", "https://entraide.example/")]).expect("https");
        assert!(c.secure_cookies);
        assert_eq!(c.public_url, "https://entraide.example");
        let c = with(&[
            ("ENTRAIDE_PUBLIC_URL", "https://entraide.example"),
            ("ENTRAIDE_SECURE_COOKIES", "false"),
        ])
        .expect("explicit");
        assert!(!c.secure_cookies);
        let c = with(&[("ENTRAIDE_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")]).expect("proxies");
        assert_eq!(c.trusted_proxies.len(), 2);
        assert!(with(&[("ENTRAIDE_TRUSTED_PROXIES", "not-an-ip")]).is_err());
        assert!(with(&[("ENTRAIDE_PUBLIC_URL", "ftp://x")]).is_err());
    }

    #[test]
    fn ledger_settings_and_policy() {
        let c = with(&[]).expect("defaults");
        assert_eq!(c.ledger, LedgerRules::default());
        assert_eq!(c.policy, Policy::Currency);
        assert_eq!(c.currency_name, None);
        let c = with(&[
            ("ENTRAIDE_POLICY", "gift"),
            ("ENTRAIDE_GIFT_QUOTA", "2"),
            ("ENTRAIDE_WEEKLY_GRANT", "0"),
            ("ENTRAIDE_CURRENCY_NAME", "Graines"),
        ])
        .expect("valid");
        assert_eq!(c.policy, Policy::GiftWithQuota { per_day: 2 });
        assert_eq!(c.ledger.weekly_grant, 0);
        assert_eq!(c.currency_name.as_deref(), Some("Graines"));
        let err = with(&[("ENTRAIDE_POLICY", "gift"), ("ENTRAIDE_GIFT_QUOTA", "0")])
            .expect_err("quota of zero");
        assert!(err.contains("ENTRAIDE_GIFT_QUOTA"), "{err}");
    }

    #[test]
    fn bad_values_are_reported_by_name() {
        for (k, v) in [
            ("ENTRAIDE_ADDR", "nowhere"),
            ("ENTRAIDE_MAP_CENTER", "north"),
            ("ENTRAIDE_MAP_CENTER", "95,0"),
            ("ENTRAIDE_MAP_ZOOM", "far"),
            ("ENTRAIDE_AUTH_RATE_PER_MINUTE", "-3"),
            ("ENTRAIDE_OPEN_DATA_PER_MINUTE", "0"),
            ("ENTRAIDE_WELCOME_GRANT", "-1"),
            ("ENTRAIDE_FLOOR", "lots"),
            ("ENTRAIDE_POLICY", "barter"),
        ] {
            let err = with(&[(k, v)]).expect_err("invalid");
            assert!(err.contains(k), "{err}");
        }
    }
}
