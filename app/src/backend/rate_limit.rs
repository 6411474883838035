//! A rate limit on sign-up and login attempts, per action and client address (governor).

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// What is being limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthAction {
    Login,
    Signup,
}

/// Keyed by action and client address.
#[derive(Debug)]
pub struct AuthLimiter {
    inner: DefaultKeyedRateLimiter<(AuthAction, IpAddr)>,
}

impl AuthLimiter {
    /// Allows `per_minute` attempts a minute, all of which may come at once.
    pub fn per_minute(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            inner: RateLimiter::keyed(Quota::per_minute(n)),
        }
    }

    /// `true` when this attempt may go ahead.
    pub fn allow(&self, action: AuthAction, ip: IpAddr) -> bool {
        self.inner.check_key(&(action, ip)).is_ok()
    }
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
}
