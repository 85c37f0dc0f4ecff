//! Flood control: IRC servers disconnect a client that sends lines faster than they allow, so the
//! bridge paces what it sends with a token bucket.

use std::time::Duration;

use tokio::time::Instant;

/// A short burst, then one line per `refill`.
pub struct TokenBucket {
    burst: f64,
    refill: Duration,
    tokens: f64,
    updated_at: Instant,
}

impl TokenBucket {
    /// Full to start with.
    pub fn new(burst: u32, refill: Duration, now: Instant) -> Self {
        Self {
            burst: f64::from(burst),
            refill,
            tokens: f64::from(burst),
            updated_at: now,
        }
    }

    /// Takes a token if one is there; otherwise how long until one is.
    pub fn try_take(&mut self, now: Instant) -> Result<(), Duration> {
        let earned = now.saturating_duration_since(self.updated_at).as_secs_f64()
            / self.refill.as_secs_f64();
        self.tokens = (self.tokens + earned).min(self.burst);
        self.updated_at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err(self.refill.mul_f64(1.0 - self.tokens))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_line_per_refill() {
        let start = Instant::now();
        let refill = Duration::from_millis(500);
        let mut bucket = TokenBucket::new(4, refill, start);
        for _ in 0..4 {
            assert_eq!(bucket.try_take(start), Ok(()));
        }
        let wait = bucket.try_take(start).expect_err("the burst is spent");
        assert_eq!(wait, refill);
        assert!(bucket.try_take(start + Duration::from_millis(250)).is_err());
        assert_eq!(bucket.try_take(start + refill), Ok(()));
        // A long pause refills the burst, never more.
        let later = start + Duration::from_secs(60);
        for _ in 0..4 {
            assert_eq!(bucket.try_take(later), Ok(()));
        }
        assert!(bucket.try_take(later).is_err());
    }
}
