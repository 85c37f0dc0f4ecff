//! The login throttle slows guessing without handing strangers a way to lock owners out, and the
//! answers (and their timing) do not tell which accounts exist.

mod common;

use std::net::IpAddr;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

/// Logs in from `address` (any 127.0.0.0/8 address reaches the test server on Linux).
async fn login_from(
    server: &common::TestServer,
    address: &str,
    login_id: &str,
    password: &str,
) -> StatusCode {
    let client = reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().expect("address"))
        .build()
        .expect("client");
    client
        .post(format!("{}/api/v4/users/login", server.base))
        .json(&json!({"login_id": login_id, "password": password}))
        .send()
        .await
        .expect("login")
        .status()
}

#[tokio::test]
async fn a_stranger_guessing_locks_out_only_themselves() {
    let server = common::start(false, None).await;
    server.user(None, "alice").await;
    for _ in 0..10 {
        let status = login_from(&server, "127.0.0.2", "alice", "guess").await;
        assert_eq!(status, 401);
    }
    assert_eq!(
        login_from(&server, "127.0.0.2", "alice", "password1").await,
        429,
        "the stranger waits, even with the right password"
    );
    assert_eq!(
        login_from(&server, "127.0.0.3", "alice", "password1").await,
        200,
        "the owner, elsewhere, does not"
    );
}

#[tokio::test]
async fn an_unknown_login_id_takes_as_long_as_a_wrong_password() {
    let server = common::start(false, None).await;
    server.user(None, "alice").await;
    // The first unknown id also makes the stand-in hash: not timed.
    login_from(&server, "127.0.0.4", "nobody-0", "password1").await;
    async fn timed(attempts: impl std::future::Future<Output = StatusCode>) -> Duration {
        let started = Instant::now();
        assert_eq!(attempts.await, 401);
        started.elapsed()
    }
    // Interleaved, and summed, so a burst of load on the machine weighs on both sides alike;
    // without the stand-in hash an unknown id answers over ten times faster.
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for n in 1..=5 {
        known.push(timed(login_from(&server, "127.0.0.4", "alice", "wrong-password")).await);
        let nobody = format!("nobody-{n}");
        unknown.push(timed(login_from(&server, "127.0.0.4", &nobody, "password1")).await);
    }
    let total = |times: &[Duration]| times.iter().sum::<Duration>();
    assert!(
        total(&unknown) * 4 > total(&known),
        "unknown {unknown:?} vs known {known:?}"
    );
}
