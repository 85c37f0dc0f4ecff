//! Limits: per-session rate limiting (429 with Mattermost's headers), login throttling, body and
//! message sizes.

mod common;

use brisk_server::rate_limit::RateLimit;
use brisk_server::Config;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_session_over_its_rate_gets_429_with_retry_after() {
    let server = common::start_with(Config {
        demo: false,
        rate_limit: RateLimit {
            per_second: 1.0,
            burst: 5,
        },
        ..Config::default()
    })
    .await;
    let (_, alice) = server.user(None, "alice").await;
    let other = server.login("alice", "password1").await;
    for n in 0..5 {
        let reply = server.get("/api/v4/users/me", &alice).await;
        assert_eq!(reply.status, 200, "request {n}");
        assert_eq!(reply.headers["x-ratelimit-limit"], "5");
        assert_eq!(
            reply.headers["x-ratelimit-remaining"],
            (4 - n).to_string().as_str()
        );
    }
    let limited = server
        .http
        .get(format!("{}/api/v4/users/me", server.base))
        .bearer_auth(&alice)
        .send()
        .await
        .expect("request");
    assert_eq!(limited.status(), 429);
    let headers = limited.headers().clone();
    assert_eq!(headers["x-ratelimit-limit"], "5");
    assert_eq!(headers["x-ratelimit-remaining"], "0");
    let reset: u64 = headers["x-ratelimit-reset"]
        .to_str()
        .expect("reset")
        .parse()
        .expect("a number");
    assert!(reset >= 1);
    let retry: u64 = headers["retry-after"]
        .to_str()
        .expect("retry")
        .parse()
        .expect("seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    assert!(headers["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/plain"));
    assert_eq!(limited.text().await.expect("body").trim(), "limit exceeded");

    // Another session of the same person, and requests without a session, are not held back.
    assert_eq!(server.get("/api/v4/users/me", &other).await.status, 200);
    let ping = server
        .call(Method::GET, "/api/v4/system/ping", None, None)
        .await;
    assert_eq!(ping.status, 200);
    // A second later the session may call again.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(server.get("/api/v4/users/me", &alice).await.status, 200);
}

#[tokio::test]
async fn the_default_limit_lets_a_busy_client_through() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let dev = server.channel(&admin, &team_id, "dev", "O").await;
    // A burst well beyond what a person does: 80 posts as fast as they go.
    for n in 0..80 {
        server.send_post(&admin, &dev, &format!("post {n}")).await;
    }
}

#[tokio::test]
async fn repeated_failed_logins_lock_the_login_id_for_a_while() {
    let server = common::start(false, None).await;
    let (_, alice) = server.user(None, "alice").await;
    server.user(Some(&alice), "bob").await;
    let attempt = |login_id: &'static str, password: &'static str| {
        let server = &server;
        async move {
            server
                .call(
                    Method::POST,
                    "/api/v4/users/login",
                    None,
                    Some(json!({"login_id": login_id, "password": password})),
                )
                .await
        }
    };
    for _ in 0..10 {
        assert_eq!(attempt("alice", "wrong-password").await.status, 401);
    }
    let locked = attempt("Alice", "password1").await;
    assert_eq!(locked.status, 429, "even the right password waits");
    assert_eq!(locked.content_type(), "application/json");
    assert_eq!(
        locked.body["id"],
        "api.user.check_user_login_attempts.too_many.app_error"
    );
    let retry: u64 = locked.headers["retry-after"]
        .to_str()
        .expect("retry")
        .parse()
        .expect("seconds");
    assert!((1..=300).contains(&retry));
    // Others are not affected, and unknown ids are throttled the same way (no account probing).
    assert_eq!(attempt("bob", "password1").await.status, 200);
    for _ in 0..10 {
        assert_eq!(attempt("nobody", "x").await.status, 401);
    }
    assert_eq!(attempt("nobody", "x").await.status, 429);
}

#[tokio::test]
async fn oversized_bodies_and_messages_are_refused_with_app_errors() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let dev = server.channel(&admin, &team_id, "dev", "O").await;
    let huge = server
        .post(
            "/api/v4/posts",
            &admin,
            json!({"channel_id": dev, "message": "x".repeat(2 * 1024 * 1024)}),
        )
        .await;
    assert_eq!(huge.status, 413);
    assert_eq!(huge.content_type(), "application/json");
    assert_eq!(
        huge.body["id"],
        "api.context.request_body_too_large.app_error"
    );
    assert_eq!(huge.body["status_code"], 413);
    let long = server
        .post(
            "/api/v4/posts",
            &admin,
            json!({"channel_id": dev, "message": "é".repeat(16_384)}),
        )
        .await;
    assert_eq!(
        long.status, 400,
        "16,384 characters (not bytes) is one too many"
    );
    let longest = server
        .post(
            "/api/v4/posts",
            &admin,
            json!({"channel_id": dev, "message": "é".repeat(16_383)}),
        )
        .await;
    assert_eq!(longest.status, 201);
    let bad_name = server
        .post(
            "/api/v4/channels",
            &admin,
            json!({"team_id": team_id, "name": "../etc", "display_name": "x", "type": "O"}),
        )
        .await;
    assert_eq!(bad_name.status, 400);
    let garbage = server
        .http
        .post(format!("{}/api/v4/posts", server.base))
        .bearer_auth(&admin)
        .body("{not json")
        .send()
        .await
        .expect("request");
    assert_eq!(garbage.status(), 400);
    assert_eq!(garbage.headers()["content-type"], "application/json");
}
