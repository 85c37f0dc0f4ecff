//! Per-session rate limiting: a token bucket per session token (refilled at `per_second`, holding
//! at most `burst`). A request over the limit gets what Mattermost's limiter answers: 429 with a
//! plain-text body and `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` and
//! `Retry-After` (seconds). Requests without a token are not counted here (login attempts have
//! their own throttle), and a token the API refuses (401) loses its bucket, so made-up tokens
//! cannot fill the table.

use std::collections::HashMap;
use std::sync::{Mutex, RwLock};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::http::auth::token_from_headers;
use crate::AppState;

/// How fast a session may call the API.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Sustained requests per second; 0 turns limiting off.
    pub per_second: f64,
    /// Requests that may come at once before the sustained rate applies.
    pub burst: u32,
}

impl Default for RateLimit {
    /// Generous for a person (and for the load benchmark's 10 posts/s per user): 20/s, burst 100.
    fn default() -> Self {
        Self {
            per_second: 20.0,
            burst: 100,
        }
    }
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// What the limiter decided about one request.
#[derive(Debug, PartialEq)]
pub enum Decision {
    Allowed {
        remaining: u32,
        reset_secs: u64,
    },
    Limited {
        retry_after_secs: u64,
        reset_secs: u64,
    },
}

/// Buckets by session token.
pub struct RateLimiter {
    /// Changed by the System console while the server runs.
    limit: RwLock<RateLimit>,
    buckets: Mutex<HashMap<String, Bucket>>,
}

/// Buckets kept before full, idle ones are forgotten.
const PRUNE_ABOVE: usize = 10_000;

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit: RwLock::new(limit),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn limit(&self) -> RateLimit {
        *self
            .limit
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Puts a new limit in effect for the next request.
    pub fn set_limit(&self, limit: RateLimit) {
        *self
            .limit
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = limit;
    }

    pub fn enabled(&self) -> bool {
        self.limit().per_second > 0.0
    }

    /// Takes one token from `key`'s bucket if it has one.
    pub fn check(&self, key: &str, now: Instant) -> Decision {
        let limit = self.limit();
        let burst = f64::from(limit.burst.max(1));
        let rate = limit.per_second;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * rate < burst
            });
        }
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.updated = now;
        let reset_secs = ((burst - bucket.tokens) / rate).ceil() as u64;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Decision::Allowed {
                remaining: bucket.tokens.floor() as u32,
                reset_secs: ((burst - bucket.tokens) / rate).ceil() as u64,
            }
        } else {
            Decision::Limited {
                retry_after_secs: ((1.0 - bucket.tokens) / rate).ceil().max(1.0) as u64,
                reset_secs: reset_secs.max(1),
            }
        }
    }

    /// Drops `key`'s bucket.
    pub fn forget(&self, key: &str) {
        self.buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .remove(key);
    }

    /// How many buckets are kept.
    pub fn bucket_count(&self) -> usize {
        self.buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }

    fn set_headers(&self, headers: &mut HeaderMap, remaining: u32, reset_secs: u64) {
        for (name, value) in [
            ("x-ratelimit-limit", u64::from(self.limit().burst)),
            ("x-ratelimit-remaining", u64::from(remaining)),
            ("x-ratelimit-reset", reset_secs),
        ] {
            headers.insert(name, HeaderValue::from(value));
        }
    }
}

/// The middleware: counts requests that carry a session token.
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limiter = &state.rate_limiter;
    let Some((token, _)) = token_from_headers(request.headers()).filter(|_| limiter.enabled())
    else {
        return next.run(request).await;
    };
    match limiter.check(&token, Instant::now()) {
        Decision::Allowed {
            remaining,
            reset_secs,
        } => {
            let mut response = next.run(request).await;
            if response.status() == StatusCode::UNAUTHORIZED {
                limiter.forget(&token);
            }
            limiter.set_headers(response.headers_mut(), remaining, reset_secs);
            response
        }
        Decision::Limited {
            retry_after_secs,
            reset_secs,
        } => {
            let mut response = (StatusCode::TOO_MANY_REQUESTS, "limit exceeded\n").into_response();
            let headers = response.headers_mut();
            limiter.set_headers(headers, 0, reset_secs);
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_the_sustained_rate() {
        let limiter = RateLimiter::new(RateLimit {
            per_second: 2.0,
            burst: 3,
        });
        let start = Instant::now();
        for expected_remaining in [2, 1, 0] {
            assert!(matches!(
                limiter.check("s", start),
                Decision::Allowed { remaining, .. } if remaining == expected_remaining
            ));
        }
        assert_eq!(
            limiter.check("s", start),
            Decision::Limited {
                retry_after_secs: 1,
                reset_secs: 2
            }
        );
        // Another session has its own bucket.
        assert!(matches!(
            limiter.check("t", start),
            Decision::Allowed { .. }
        ));
        // Half a second later one token has come back.
        let later = start + Duration::from_millis(500);
        assert!(matches!(
            limiter.check("s", later),
            Decision::Allowed { .. }
        ));
        assert!(matches!(
            limiter.check("s", later),
            Decision::Limited { .. }
        ));
    }
}
