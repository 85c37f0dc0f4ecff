//! Failed logins, counted three ways so that guessing is slow and nobody can lock an account's
//! owner out for long:
//! - per address and login id: `MAX_FAILURES` within `WINDOW` refuse that address for that id
//!   (Mattermost's `MaximumLoginAttempts`), whether the password is right or not. The owner, on
//!   another address, is not affected.
//! - per address: `MAX_FAILURES_PER_ADDRESS` within `WINDOW` refuse the address for every id,
//!   so one machine cannot spray a common password across all accounts.
//! - per login id from everywhere: `MAX_FAILURES_PER_ID` within `ID_WINDOW`, against guessing
//!   from many addresses at once. Its window is short, so the owner waits a minute at most once
//!   the attack stops.
//!
//! Unknown ids are counted like known ones, so the answers never tell whether an account exists.
//! Memory is bounded: at most `MAX_TRACKED` keys per table, the stalest forgotten first.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Mattermost's default `MaximumLoginAttempts`.
pub const MAX_FAILURES: usize = 10;
/// How long a failure counts against an address.
pub const WINDOW: Duration = Duration::from_secs(5 * 60);
/// Failures one address may make across all login ids within `WINDOW`.
pub const MAX_FAILURES_PER_ADDRESS: usize = 50;
/// Failures a login id may take from all addresses together within `ID_WINDOW`.
pub const MAX_FAILURES_PER_ID: usize = 30;
pub const ID_WINDOW: Duration = Duration::from_secs(60);
/// Keys tracked per table before the stalest are forgotten.
const MAX_TRACKED: usize = 20_000;

/// Where failures come from: an IPv4 address, or an IPv6 /64 (one machine's whole allocation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Source(u128);

impl From<IpAddr> for Source {
    fn from(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => Source(u128::from(u32::from(v4))),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Source(u128::from(u32::from(v4))),
                // The low bits mark it as IPv6, apart from every IPv4 address.
                None => Source(((u128::from(v6) >> 64) << 64) | (1 << 32)),
            },
        }
    }
}

/// Recent failure times per key, at most `limit` kept per key.
struct Failures<K> {
    limit: usize,
    window: Duration,
    by_key: HashMap<K, VecDeque<Instant>>,
}

impl<K: Eq + Hash + Clone> Failures<K> {
    fn new(limit: usize, window: Duration) -> Self {
        Self {
            limit,
            window,
            by_key: HashMap::new(),
        }
    }

    /// None if `key` is under its limit, else how long until its oldest failure ages out.
    fn wait_time(&mut self, key: &K, now: Instant) -> Option<Duration> {
        let recent = self.by_key.get_mut(key)?;
        while recent
            .front()
            .is_some_and(|at| now.duration_since(*at) >= self.window)
        {
            recent.pop_front();
        }
        if recent.len() < self.limit {
            return None;
        }
        recent
            .front()
            .map(|oldest| self.window.saturating_sub(now.duration_since(*oldest)))
    }

    fn record(&mut self, key: K, now: Instant) {
        if self.by_key.len() >= MAX_TRACKED && !self.by_key.contains_key(&key) {
            self.forget_stalest(now);
        }
        let recent = self.by_key.entry(key).or_default();
        recent.push_back(now);
        while recent.len() > self.limit {
            recent.pop_front();
        }
    }

    /// Drops keys whose failures have all aged out, then, if still full, the half whose last
    /// failure is oldest.
    fn forget_stalest(&mut self, now: Instant) {
        let window = self.window;
        self.by_key.retain(|_, times| {
            times
                .back()
                .is_some_and(|at| now.duration_since(*at) < window)
        });
        if self.by_key.len() >= MAX_TRACKED {
            let mut last_failures: Vec<Instant> = self
                .by_key
                .values()
                .filter_map(|t| t.back().copied())
                .collect();
            let middle = last_failures.len() / 2;
            let (_, cutoff, _) = last_failures.select_nth_unstable(middle);
            let cutoff = *cutoff;
            self.by_key
                .retain(|_, times| times.back().is_some_and(|at| *at > cutoff));
        }
    }

    fn clear(&mut self, key: &K) {
        self.by_key.remove(key);
    }
}

struct Tables {
    by_source_and_id: Failures<(Source, String)>,
    by_source: Failures<Source>,
    by_id: Failures<String>,
}

pub struct LoginThrottle {
    tables: Mutex<Tables>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self {
            tables: Mutex::new(Tables {
                by_source_and_id: Failures::new(MAX_FAILURES, WINDOW),
                by_source: Failures::new(MAX_FAILURES_PER_ADDRESS, WINDOW),
                by_id: Failures::new(MAX_FAILURES_PER_ID, ID_WINDOW),
            }),
        }
    }
}

fn key(login_id: &str) -> String {
    login_id.trim().to_lowercase()
}

impl LoginThrottle {
    fn lock(&self) -> std::sync::MutexGuard<'_, Tables> {
        self.tables
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// None if `source` may try `login_id` now, else how long until it may.
    pub fn wait_time(&self, source: Source, login_id: &str, now: Instant) -> Option<Duration> {
        let id = key(login_id);
        let mut tables = self.lock();
        [
            tables
                .by_source_and_id
                .wait_time(&(source, id.clone()), now),
            tables.by_source.wait_time(&source, now),
            tables.by_id.wait_time(&id, now),
        ]
        .into_iter()
        .flatten()
        .max()
    }

    pub fn record_failure(&self, source: Source, login_id: &str, now: Instant) {
        let id = key(login_id);
        let mut tables = self.lock();
        tables.by_source_and_id.record((source, id.clone()), now);
        tables.by_source.record(source, now);
        tables.by_id.record(id, now);
    }

    /// After a successful login: that address's failures for the id are forgiven (the others
    /// stand, so guessing elsewhere gains nothing).
    pub fn clear(&self, source: Source, login_id: &str) {
        self.lock().by_source_and_id.clear(&(source, key(login_id)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(ip: &str) -> Source {
        Source::from(ip.parse::<IpAddr>().expect("ip"))
    }

    #[test]
    fn ten_failures_lock_the_id_for_that_address_only() {
        let throttle = LoginThrottle::default();
        let (stranger, owner) = (source("203.0.113.7"), source("198.51.100.1"));
        let start = Instant::now();
        for n in 0..MAX_FAILURES {
            assert_eq!(
                throttle.wait_time(stranger, "Alice", start),
                None,
                "attempt {n}"
            );
            throttle.record_failure(stranger, "alice ", start);
        }
        assert_eq!(throttle.wait_time(stranger, "ALICE", start), Some(WINDOW));
        assert_eq!(throttle.wait_time(owner, "alice", start), None);
        assert_eq!(throttle.wait_time(stranger, "bob", start), None);
        assert_eq!(throttle.wait_time(stranger, "alice", start + WINDOW), None);
        throttle.record_failure(owner, "bob", start);
        throttle.clear(owner, "bob");
        assert_eq!(throttle.wait_time(owner, "bob", start), None);
    }

    #[test]
    fn spraying_one_address_over_many_ids_is_stopped() {
        let throttle = LoginThrottle::default();
        let sprayer = source("203.0.113.7");
        let start = Instant::now();
        for n in 0..MAX_FAILURES_PER_ADDRESS {
            throttle.record_failure(sprayer, &format!("user{n}"), start);
        }
        assert!(throttle.wait_time(sprayer, "someone-else", start).is_some());
        assert_eq!(
            throttle.wait_time(source("198.51.100.1"), "someone-else", start),
            None
        );
    }

    #[test]
    fn many_addresses_lock_an_id_for_a_minute_at_most() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for n in 0..MAX_FAILURES_PER_ID {
            throttle.record_failure(source(&format!("203.0.113.{n}")), "alice", start);
        }
        let owner = source("198.51.100.1");
        assert_eq!(throttle.wait_time(owner, "alice", start), Some(ID_WINDOW));
        assert_eq!(throttle.wait_time(owner, "alice", start + ID_WINDOW), None);
    }

    #[test]
    fn an_ipv6_machine_counts_as_one_source_whatever_address_of_its_64_it_uses() {
        assert_eq!(source("2001:db8:1:2::1"), source("2001:db8:1:2:ffff::9"));
        assert_ne!(source("2001:db8:1:2::1"), source("2001:db8:1:3::1"));
        assert_eq!(source("::ffff:192.0.2.1"), source("192.0.2.1"));
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_ids() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for n in 0..(3 * MAX_TRACKED) {
            let at = start + Duration::from_millis(n as u64);
            throttle.record_failure(source("203.0.113.7"), &format!("id{n}"), at);
        }
        let tables = throttle.lock();
        assert!(tables.by_source_and_id.by_key.len() <= MAX_TRACKED);
        assert!(tables.by_id.by_key.len() <= MAX_TRACKED);
    }
}
