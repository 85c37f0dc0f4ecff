//! Failed logins per login id: after `MAX_FAILURES` within `WINDOW`, further attempts are refused
//! with 429 until the oldest failure ages out, whether the password is right or not. Counted for
//! unknown ids too, so the answer never tells whether an account exists.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Mattermost's default `MaximumLoginAttempts`.
pub const MAX_FAILURES: usize = 10;
/// How long a failure counts.
pub const WINDOW: Duration = Duration::from_secs(5 * 60);
/// Login ids tracked before stale ones are forgotten.
const PRUNE_ABOVE: usize = 10_000;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

fn key(login_id: &str) -> String {
    login_id.trim().to_lowercase()
}

impl LoginThrottle {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        self.failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// None if `login_id` may try now, else how long until it may.
    pub fn wait_time(&self, login_id: &str, now: Instant) -> Option<Duration> {
        let mut failures = self.lock();
        let recent = failures.get_mut(&key(login_id))?;
        while recent
            .front()
            .is_some_and(|at| now.duration_since(*at) >= WINDOW)
        {
            recent.pop_front();
        }
        if recent.len() < MAX_FAILURES {
            return None;
        }
        recent
            .front()
            .map(|oldest| WINDOW.saturating_sub(now.duration_since(*oldest)))
    }

    pub fn record_failure(&self, login_id: &str, now: Instant) {
        let mut failures = self.lock();
        if failures.len() > PRUNE_ABOVE {
            failures.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|at| now.duration_since(*at) < WINDOW)
            });
        }
        let recent = failures.entry(key(login_id)).or_default();
        recent.push_back(now);
        while recent.len() > MAX_FAILURES {
            recent.pop_front();
        }
    }

    pub fn clear(&self, login_id: &str) {
        self.lock().remove(&key(login_id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_failures_lock_the_id_for_the_window() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for n in 0..MAX_FAILURES {
            assert_eq!(throttle.wait_time("Alice", start), None, "attempt {n}");
            throttle.record_failure("alice ", start);
        }
        assert_eq!(throttle.wait_time("ALICE", start), Some(WINDOW));
        assert_eq!(throttle.wait_time("bob", start), None);
        let later = start + WINDOW;
        assert_eq!(throttle.wait_time("alice", later), None);
        throttle.record_failure("bob", start);
        throttle.clear("bob");
        assert_eq!(throttle.wait_time("bob", start), None);
    }
}
