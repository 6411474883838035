//! Rate limits on sign-up and login: per action and client address (governor), and per
//! account on failed logins, so that guessing one person's password from many addresses is
//! slowed too.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// What is being limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthAction {
    Login,
    Signup,
    /// Asking for a link to choose a new password.
    PasswordReset,
    /// A report "this information is wrong" on a support site, sent without an account.
    SupportReport,
}

/// Failed logins one account may take in [`FAILURE_WINDOW_SECS`] before further attempts on it
/// are refused until the window has passed.
pub const MAX_FAILED_LOGINS: u32 = 10;
/// The window of [`MAX_FAILED_LOGINS`].
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// Past this many keys, keys that are back to a full quota are forgotten, so an attacker who
/// varies addresses or e-mails cannot grow the server's memory without bound.
const MAX_KEYS: usize = 100_000;

/// Keyed by action and client address, plus failed logins per account.
#[derive(Debug)]
pub struct AuthLimiter {
    inner: DefaultKeyedRateLimiter<(AuthAction, IpAddr)>,
    failures: Mutex<HashMap<String, (u32, i64)>>,
}

impl AuthLimiter {
    /// Allows `per_minute` attempts a minute per address, all of which may come at once.
    pub fn per_minute(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            inner: RateLimiter::keyed(Quota::per_minute(n)),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `true` when this attempt may go ahead.
    pub fn allow(&self, action: AuthAction, ip: IpAddr) -> bool {
        if self.inner.len() > MAX_KEYS {
            self.inner.retain_recent();
            self.inner.shrink_to_fit();
        }
        self.inner.check_key(&(action, ip)).is_ok()
    }

    /// `true` while the account (by its normalised e-mail) has not used up its failed logins.
    // Hand-written rather than governor: a login must be refused *before* the password is
    // checked, and only failures count, and governor cannot look at a quota without spending it.
    pub fn account_open(&self, email: &str, now: i64) -> bool {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures
            .get(&key(email))
            .is_none_or(|(n, since)| *n < MAX_FAILED_LOGINS || now - since >= FAILURE_WINDOW_SECS)
    }

    /// Counts a failed login on the account.
    pub fn failed(&self, email: &str, now: i64) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() > MAX_KEYS {
            failures.retain(|_, (_, since)| now - *since < FAILURE_WINDOW_SECS);
        }
        let entry = failures.entry(key(email)).or_insert((0, now));
        if now - entry.1 >= FAILURE_WINDOW_SECS {
            *entry = (0, now);
        }
        entry.0 = entry.0.saturating_add(1);
    }

    /// A successful login clears the account's failures.
    pub fn succeeded(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&key(email));
    }
}

/// The client's address behind trusted reverse proxies: the peer itself unless it is trusted;
/// then the `X-Forwarded-For` addresses are read from the right (the nearest hop first) and
/// the first one that is not a trusted proxy is the client. A client cannot forge its way past
/// this: whatever it writes itself stands to the left of what the trusted proxies appended.
pub fn forwarded_client(peer: IpAddr, forwarded_for: &[&str], trusted: &[ipnet::IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for
        .iter()
        .rev()
        .flat_map(|line| line.rsplit(','))
        .map(str::trim)
    {
        match hop.parse::<IpAddr>() {
            Ok(ip) if is_trusted(&ip) => client = ip,
            Ok(ip) => return ip,
            // Unreadable: the last trusted hop is the best we know.
            Err(_) => return client,
        }
    }
    client
}

fn key(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quota_applies_per_action_and_address() {
        let limiter = AuthLimiter::per_minute(2);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        assert!(limiter.allow(AuthAction::Login, a));
        assert!(limiter.allow(AuthAction::Login, a));
        assert!(!limiter.allow(AuthAction::Login, a));
        assert!(limiter.allow(AuthAction::Signup, a));
        assert!(limiter.allow(AuthAction::Login, b));
    }

    #[test]
    fn an_account_closes_after_its_failures_and_reopens_after_the_window() {
        let limiter = AuthLimiter::per_minute(1000);
        let t = 1_000_000;
        for _ in 0..MAX_FAILED_LOGINS {
            assert!(limiter.account_open("Amina@Example.org", t));
            limiter.failed("amina@example.org ", t);
        }
        assert!(!limiter.account_open("amina@example.org", t + 60));
        assert!(limiter.account_open("bob@example.org", t + 60));
        assert!(limiter.account_open("amina@example.org", t + FAILURE_WINDOW_SECS));
        limiter.failed("amina@example.org", t + FAILURE_WINDOW_SECS);
        assert!(limiter.account_open("amina@example.org", t + FAILURE_WINDOW_SECS));
        limiter.succeeded("amina@example.org");
        assert!(limiter.failures.lock().expect("lock").is_empty());
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_forwarded_address() {
        let trusted: Vec<ipnet::IpNet> = vec![
            "10.0.0.0/8".parse().expect("net"),
            "::1/128".parse().expect("net"),
        ];
        let proxy: IpAddr = [10, 0, 0, 5].into();
        let client: IpAddr = [203, 0, 113, 7].into();
        // No proxy configured, or a peer that is not one: the peer, whatever the header says.
        assert_eq!(forwarded_client(client, &["1.2.3.4"], &trusted), client);
        assert_eq!(forwarded_client(proxy, &["203.0.113.7"], &[]), proxy);
        // Behind one or two trusted proxies; a forged left-most entry is ignored.
        assert_eq!(forwarded_client(proxy, &["203.0.113.7"], &trusted), client);
        assert_eq!(
            forwarded_client(proxy, &["6.6.6.6, 203.0.113.7, 10.1.1.1"], &trusted),
            client
        );
        assert_eq!(
            forwarded_client(proxy, &["6.6.6.6", "203.0.113.7"], &trusted),
            client
        );
        // Nothing forwarded or garbage: the proxy itself.
        assert_eq!(forwarded_client(proxy, &[], &trusted), proxy);
        assert_eq!(forwarded_client(proxy, &["nonsense"], &trusted), proxy);
    }

    #[test]
    fn memory_stays_bounded_under_many_addresses() {
        // One attempt a millisecond: a key is back to a full quota a millisecond after its use.
        let limiter = AuthLimiter::per_minute(60_000);
        for i in 0..=(MAX_KEYS as u32) {
            limiter.allow(AuthAction::Login, IpAddr::from(i.to_be_bytes()));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        limiter.allow(AuthAction::Login, IpAddr::from([255, 255, 255, 255]));
        assert!(
            limiter.inner.len() < 10,
            "{} keys kept",
            limiter.inner.len()
        );
    }
}
