//! What would pile up does not: stale sessions, unclaimed uploads and empty preview lookups are
//! cleaned up, made-up tokens leave no rate-limit bucket, and a flood of typing announcements is thinned.

mod common;

use std::time::Duration;

use brisk_server::cleanup::{self, Removed};
use brisk_server::db::sessions::SESSION_LENGTH_MS;
use brisk_server::ids::now_ms;
use brisk_server::ws::hub::TYPING_BURST;
use futures_util::SinkExt;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test]
async fn the_clean_up_removes_expired_sessions_and_unclaimed_uploads() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let dev = server.channel(&admin, &team_id, "dev", "O").await;
    let upload = |name: &'static str| {
        let (server, admin, dev) = (&server, admin.clone(), dev.clone());
        async move {
            let form = Form::new()
                .text("channel_id", dev)
                .part("files", Part::bytes(b"hello".to_vec()).file_name(name));
            let reply = server
                .http
                .post(format!("{}/api/v4/files", server.base))
                .bearer_auth(&admin)
                .multipart(form)
                .send()
                .await
                .expect("upload");
            let body: serde_json::Value = reply.json().await.expect("json");
            body["file_infos"][0]["id"]
                .as_str()
                .expect("file id")
                .to_string()
        }
    };
    let claimed = upload("claimed.txt").await;
    let abandoned = upload("abandoned.txt").await;
    let post = server
        .post(
            "/api/v4/posts",
            &admin,
            json!({"channel_id": dev, "message": "with a file", "file_ids": [claimed]}),
        )
        .await;
    assert_eq!(post.status, 201, "{}", post.body);

    // Nothing is stale yet.
    let removed = cleanup::run_once(&server.state, now_ms())
        .await
        .expect("clean");
    assert_eq!(removed, Removed::default());
    assert_eq!(
        server
            .get(&format!("/api/v4/files/{abandoned}/info"), &admin)
            .await
            .status,
        200
    );

    let later = now_ms() + SESSION_LENGTH_MS + 1;
    let removed = cleanup::run_once(&server.state, later)
        .await
        .expect("clean");
    assert_eq!(removed.uploads, 1);
    assert_eq!(removed.sessions, 1);
    let admin = server.login("admin", "password1").await;
    assert_eq!(
        server
            .get(&format!("/api/v4/files/{abandoned}/info"), &admin)
            .await
            .status,
        404
    );
    assert_eq!(
        server
            .get(&format!("/api/v4/files/{claimed}/info"), &admin)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn made_up_tokens_leave_no_rate_limit_bucket() {
    let server = common::start(false, None).await;
    let (_, admin) = server.user(None, "admin").await;
    for n in 0..50 {
        let reply = server
            .get("/api/v4/users/me", &format!("made-up-{n}"))
            .await;
        assert_eq!(reply.status, 401);
    }
    assert_eq!(server.state.rate_limiter.bucket_count(), 0);
    assert_eq!(server.get("/api/v4/users/me", &admin).await.status, 200);
    assert_eq!(server.state.rate_limiter.bucket_count(), 1);
}

#[tokio::test]
async fn a_flood_of_typing_reaches_the_channel_thinned() {
    let (server, people, [dev]) = common::cast_with_bob_in([("dev", "O")]).await;
    let mut typist = server.socket(&people.bob, "").await;
    let mut reader = server.socket(&people.admin, "").await;
    common::greet(&mut typist).await;
    let mut seq = common::greet(&mut reader).await;
    let sent = 20;
    for n in 1..=sent {
        let action = json!({"seq": n, "action": "user_typing", "data": {"channel_id": dev}});
        typist
            .send(Message::Text(action.to_string().into()))
            .await
            .expect("send");
        let reply = common::next_json(&mut typist).await;
        assert_eq!(reply["status"], "OK", "{reply}");
    }
    server.send_post(&people.bob, &dev, "done typing").await;
    let mut typing_events = 0;
    loop {
        let event = common::next_json_within(&mut reader, Duration::from_secs(5))
            .await
            .expect("the post arrives");
        assert_eq!(event["seq"], seq, "{event}");
        seq += 1;
        match event["event"].as_str() {
            Some("typing") => typing_events += 1,
            Some("posted") => break,
            _ => {}
        }
    }
    // The burst, and perhaps one more if sending took over a second.
    let burst = TYPING_BURST as usize;
    assert!(
        (burst..=burst + 1).contains(&typing_events),
        "{typing_events} of {sent} typing announcements went out"
    );
}
