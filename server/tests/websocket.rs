//! The WebSocket: hello, numbering without gaps, who receives what, actions, resumption.

mod common;

use std::time::Duration;

use brisk_model::{PostedData, WebSocketEvent};
use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

async fn send(socket: &mut common::Socket, value: serde_json::Value) {
    socket
        .send(Message::Text(value.to_string().into()))
        .await
        .expect("send");
}

#[tokio::test]
async fn hello_then_posted_events_numbered_without_gaps() {
    let (server, people, [dev]) = common::cast_with_bob_in([("dev", "O")]).await;
    let common::People {
        team_id,
        admin_id,
        admin,
        bob_id,
        bob,
        ..
    } = people;

    let mut socket = server.socket(&bob, "").await;
    let hello = common::next_json(&mut socket).await;
    assert_eq!(hello["event"], "hello");
    assert_eq!(hello["seq"], 0);
    assert_eq!(hello["broadcast"]["user_id"], bob_id.as_str());
    assert_eq!(
        hello["data"]["connection_id"].as_str().map(str::len),
        Some(26)
    );
    assert!(hello["data"]["server_version"].is_string());
    let status = common::next_json(&mut socket).await;
    assert_eq!(
        status["event"], "status_change",
        "the first socket brings bob online"
    );
    assert_eq!(status["seq"], 1);

    let mut seq = 2;
    for n in 0..3 {
        let sent = server
            .post("/api/v4/posts", &admin, json!({"channel_id": dev, "message": format!("hi @bob {n}"), "pending_post_id": format!("{admin_id}:{n}")}))
            .await;
        let raw = common::next_event(&mut socket, "posted", &mut seq).await;
        let event: WebSocketEvent = serde_json::from_value(raw.clone()).expect("event");
        assert_eq!(event.broadcast.channel_id, dev);
        assert!(
            raw["data"]["post"].is_string(),
            "post travels as a JSON string"
        );
        let data: PostedData = serde_json::from_value(event.data).expect("posted data");
        let post = data.decode_post().expect("post json");
        assert_eq!(post.id, sent.body["id"].as_str().expect("id"));
        assert_eq!(post.pending_post_id, format!("{admin_id}:{n}"));
        assert_eq!(data.sender_name, "@admin");
        assert_eq!(data.channel_name, "dev");
        assert_eq!(data.channel_type, "O");
        assert_eq!(data.team_id, team_id);
        assert_eq!(data.decode_mentions(), vec![bob_id.clone()]);
    }
    // A post without mentions has no `mentions` key at all.
    server.send_post(&admin, &dev, "plain").await;
    let raw = common::next_event(&mut socket, "posted", &mut seq).await;
    assert!(raw["data"].get("mentions").is_none());

    // Marking read tells the user's own sockets.
    server
        .post(
            "/api/v4/channels/members/me/view",
            &bob,
            json!({"channel_id": dev}),
        )
        .await;
    let viewed = common::next_event(&mut socket, "multiple_channels_viewed", &mut seq).await;
    assert!(viewed["data"]["channel_times"][&dev].is_i64());
}

#[tokio::test]
async fn non_members_never_receive_channel_events() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let (eve_id, eve) = server.user(Some(&admin), "eve").await;
    server.add_to_team(&admin, &team_id, &eve_id).await;
    let secret = server.channel(&admin, &team_id, "secret", "P").await;

    let mut eve_socket = server.socket(&eve, "").await;
    common::greet(&mut eve_socket).await;
    let mut admin_socket = server.socket(&admin, "").await;
    let mut seq = common::greet(&mut admin_socket).await;

    server.send_post(&admin, &secret, "classified").await;
    send(
        &mut admin_socket,
        json!({"seq": 1, "action": "user_typing", "data": {"channel_id": secret, "parent_id": ""}}),
    )
    .await;
    // The admin gets their own posted event; eve gets nothing at all.
    common::next_event(&mut admin_socket, "posted", &mut seq).await;
    let leaked = common::next_json_within(&mut eve_socket, Duration::from_millis(500)).await;
    assert!(leaked.is_none(), "eve received {leaked:?}");

    // Typing in a channel one is not in is refused, and reaches nobody.
    send(
        &mut eve_socket,
        json!({"seq": 1, "action": "user_typing", "data": {"channel_id": secret, "parent_id": ""}}),
    )
    .await;
    let refused = common::next_json(&mut eve_socket).await;
    assert_eq!(refused["status"], "FAIL");
    assert_eq!(refused["seq_reply"], 1);
}

#[tokio::test]
async fn typing_reaches_other_members_but_not_the_typist() {
    let (server, people, [dev]) = common::cast_with_bob_in([("dev", "O")]).await;
    let common::People {
        admin_id,
        admin,
        bob,
        ..
    } = people;

    let mut admin_socket = server.socket(&admin, "").await;
    common::greet(&mut admin_socket).await;
    let mut bob_socket = server.socket(&bob, "").await;
    let mut seq = common::greet(&mut bob_socket).await;

    send(
        &mut admin_socket,
        json!({"seq": 1, "action": "user_typing", "data": {"channel_id": dev, "parent_id": ""}}),
    )
    .await;
    let ack = common::next_json(&mut admin_socket).await;
    assert_eq!(ack, json!({"status": "OK", "seq_reply": 1}));
    let typing = common::next_event(&mut bob_socket, "typing", &mut seq).await;
    assert_eq!(
        typing["data"],
        json!({"parent_id": "", "user_id": admin_id})
    );
    assert_eq!(typing["broadcast"]["channel_id"], dev.as_str());
    assert_eq!(typing["broadcast"]["omit_users"][&admin_id], true);
    assert!(
        common::next_json_within(&mut admin_socket, Duration::from_millis(300))
            .await
            .is_none()
    );
}

#[tokio::test]
async fn ping_and_authentication_challenge() {
    let server = common::start(false, None).await;
    let (user_id, token) = server.user(None, "alice").await;
    let mut socket = server.socket_without_auth().await;
    send(&mut socket, json!({"seq": 1, "action": "ping"})).await;
    let refused = common::next_json(&mut socket).await;
    assert_eq!(
        refused["status"], "FAIL",
        "nothing but the challenge before authentication"
    );
    send(
        &mut socket,
        json!({"seq": 2, "action": "authentication_challenge", "data": {"token": token}}),
    )
    .await;
    assert_eq!(
        common::next_json(&mut socket).await,
        json!({"status": "OK", "seq_reply": 2})
    );
    let hello = common::next_json(&mut socket).await;
    assert_eq!(hello["event"], "hello");
    assert_eq!(hello["seq"], 0);
    assert_eq!(hello["broadcast"]["user_id"], user_id.as_str());
    assert_eq!(
        common::next_json(&mut socket).await["event"],
        "status_change"
    );

    send(&mut socket, json!({"seq": 3, "action": "ping"})).await;
    let pong = common::next_json(&mut socket).await;
    assert_eq!(pong["status"], "OK");
    assert_eq!(pong["seq_reply"], 3);
    assert_eq!(pong["data"]["text"], "pong");
    assert!(pong["data"]["server_time"].is_i64());
    assert!(pong["data"]["version"].is_string());

    send(&mut socket, json!({"seq": 4, "action": "get_statuses"})).await;
    let statuses = common::next_json(&mut socket).await;
    assert_eq!(statuses["seq_reply"], 4);
    assert_eq!(statuses["data"][&user_id], "online");
    send(&mut socket, json!({"seq": 5, "action": "get_statuses_by_ids", "data": {"user_ids": [user_id, "nobody"]}})).await;
    let statuses = common::next_json(&mut socket).await;
    assert_eq!(
        statuses["data"],
        json!({user_id.clone(): "online", "nobody": "offline"})
    );
    send(&mut socket, json!({"seq": 0, "action": "ping"})).await;
    assert_eq!(
        common::next_json(&mut socket).await["status"],
        "FAIL",
        "seq must be positive"
    );
}

#[tokio::test]
async fn resume_replays_missed_events_and_otherwise_starts_over() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let dev = server.channel(&admin, &team_id, "dev", "O").await;

    let mut socket = server.socket(&admin, "").await;
    let hello = common::next_json(&mut socket).await;
    let connection_id = hello["data"]["connection_id"]
        .as_str()
        .expect("id")
        .to_string();
    let mut seq = 1;
    server.send_post(&admin, &dev, "seen").await;
    common::next_event(&mut socket, "posted", &mut seq).await;
    socket.close(None).await.expect("close");
    drop(socket);
    tokio::time::sleep(Duration::from_millis(200)).await;

    let missed_a = server.send_post(&admin, &dev, "missed a").await;
    let missed_b = server.send_post(&admin, &dev, "missed b").await;
    let mut resumed = server
        .socket(
            &admin,
            &format!("?connection_id={connection_id}&sequence_number={seq}"),
        )
        .await;
    for expected in [&missed_a, &missed_b] {
        let event = common::next_event(&mut resumed, "posted", &mut seq).await;
        let data: PostedData = serde_json::from_value(event["data"].clone()).expect("data");
        assert_eq!(
            data.decode_post().expect("post").id,
            expected["id"].as_str().expect("id")
        );
    }
    // Numbering simply continues on the resumed connection.
    server.send_post(&admin, &dev, "live again").await;
    common::next_event(&mut resumed, "posted", &mut seq).await;
    resumed.close(None).await.expect("close");
    tokio::time::sleep(Duration::from_millis(200)).await;

    // A sequence number the buffer cannot cover gets a new connection and a fresh hello.
    let mut fresh = server
        .socket(
            &admin,
            &format!(
                "?connection_id={connection_id}&sequence_number={}",
                seq + 50
            ),
        )
        .await;
    let hello = common::next_json(&mut fresh).await;
    assert_eq!(hello["event"], "hello");
    assert_eq!(hello["seq"], 0);
    assert_ne!(hello["data"]["connection_id"], connection_id.as_str());
}

#[tokio::test]
async fn status_changes_when_the_first_socket_opens_and_the_last_closes() {
    let server = common::start(false, None).await;
    let (alice_id, alice) = server.user(None, "alice").await;
    let (_, bob) = server.user(Some(&alice), "bob").await;
    let mut bob_socket = server.socket(&bob, "").await;
    common::greet(&mut bob_socket).await;

    let mut first = server.socket(&alice, "").await;
    let hello = common::next_json(&mut first).await;
    let connection_id = hello["data"]["connection_id"]
        .as_str()
        .expect("id")
        .to_string();
    let online = common::next_json(&mut first).await;
    assert_eq!(online["event"], "status_change");
    assert_eq!(
        online["data"],
        json!({"status": "online", "user_id": alice_id})
    );
    assert_eq!(online["broadcast"]["user_id"], alice_id.as_str());

    // A second socket changes nothing; closing it neither.
    let mut second = server.socket(&alice, "").await;
    assert_eq!(
        common::greet(&mut second).await,
        1,
        "no status_change: already online"
    );
    second.close(None).await.expect("close");
    drop(second);
    assert!(
        common::next_json_within(&mut first, Duration::from_millis(300))
            .await
            .is_none()
    );

    // The last socket closing takes her offline; resuming replays that, then brings her back.
    first.close(None).await.expect("close");
    drop(first);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let statuses = server
        .post("/api/v4/users/status/ids", &bob, json!([alice_id]))
        .await;
    assert_eq!(statuses.body[0]["status"], "offline");
    let mut resumed = server
        .socket(
            &alice,
            &format!("?connection_id={connection_id}&sequence_number=2"),
        )
        .await;
    let mut seq = 2;
    let offline = common::next_event(&mut resumed, "status_change", &mut seq).await;
    assert_eq!(offline["data"]["status"], "offline");
    let back = common::next_event(&mut resumed, "status_change", &mut seq).await;
    assert_eq!(back["data"]["status"], "online");

    assert!(
        common::next_json_within(&mut bob_socket, Duration::from_millis(300))
            .await
            .is_none(),
        "status changes go to the user's own sockets only, as Mattermost's"
    );
}
