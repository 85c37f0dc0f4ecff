//! What keeps the WebSocket from being used against its users or the server: other origins are
//! refused, an ended session's sockets close, and sockets, messages and idle unauthenticated
//! connections are bounded.

mod common;

use std::time::Duration;

use brisk_server::ws::hub::SocketLimits;
use brisk_server::ws::{AUTH_TIMEOUT, MAX_INCOMING_MESSAGE};
use brisk_server::Config;
use futures_util::{SinkExt, StreamExt};
use reqwest::Method;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::StatusCode;
use tokio_tungstenite::tungstenite::Message;

/// The status of an upgrade request sent with `origin` (and a valid token).
async fn upgrade_status(server: &common::TestServer, token: &str, origin: Option<&str>) -> u16 {
    let url = format!(
        "{}/api/v4/websocket",
        server.base.replace("http://", "ws://")
    );
    let mut request = url.into_client_request().expect("ws request");
    let headers = request.headers_mut();
    headers.insert(
        "Authorization",
        format!("Bearer {token}").parse().expect("auth"),
    );
    if let Some(origin) = origin {
        headers.insert("Origin", origin.parse().expect("origin"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((_, response)) => response.status().as_u16(),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(err) => panic!("upgrade: {err}"),
    }
}

#[tokio::test]
async fn pages_of_other_origins_cannot_open_a_socket() {
    let server = common::start(false, None).await;
    let (_, token) = server.user(None, "admin").await;
    let own = server.base.clone();
    let switching = StatusCode::SWITCHING_PROTOCOLS.as_u16();
    assert_eq!(upgrade_status(&server, &token, Some(&own)).await, switching);
    assert_eq!(
        upgrade_status(&server, &token, None).await,
        switching,
        "non-browser client"
    );
    let port = own.rsplit(':').next().expect("port");
    for other in [
        "http://evil.example".to_string(),
        format!("http://localhost:{port}"),
        format!(
            "http://127.0.0.1:{}",
            port.parse::<u16>().expect("port") + 1
        ),
        "null".to_string(),
    ] {
        assert_eq!(
            upgrade_status(&server, &token, Some(&other)).await,
            403,
            "{other}"
        );
    }
}

#[tokio::test]
async fn logging_out_closes_the_sessions_sockets_only() {
    let server = common::start(false, None).await;
    let (_, token) = server.user(None, "admin").await;
    let other_session = server.login("admin", "password1").await;
    let mut ended = server.socket(&token, "").await;
    let mut kept = server.socket(&other_session, "").await;
    common::greet(&mut ended).await;
    common::greet(&mut kept).await;

    let reply = server
        .call(Method::POST, "/api/v4/users/logout", Some(&token), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(common::closed_within(&mut ended, Duration::from_secs(5)).await);
    assert!(!common::closed_within(&mut kept, Duration::from_millis(300)).await);
}

#[tokio::test]
async fn a_user_cannot_open_sockets_without_end() {
    let server = common::start_with(Config {
        demo: false,
        static_dir: None,
        socket_limits: SocketLimits {
            per_user: 2,
            total: 100,
        },
        ..Config::default()
    })
    .await;
    let (_, token) = server.user(None, "admin").await;
    let mut open = Vec::new();
    for _ in 0..2 {
        let mut socket = server.socket(&token, "").await;
        assert_eq!(common::next_json(&mut socket).await["event"], "hello");
        open.push(socket);
    }
    let mut third = server.socket(&token, "").await;
    match tokio::time::timeout(Duration::from_secs(5), third.next()).await {
        Ok(Some(Ok(Message::Close(Some(frame))))) => assert_eq!(u16::from(frame.code), 1013),
        other => panic!("expected a close frame, got {other:?}"),
    }
    // Closing one makes room again.
    open.pop()
        .expect("socket")
        .close(None)
        .await
        .expect("close");
    let mut next = server.socket(&token, "").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        // The server notices the closed socket asynchronously: reconnect until it has.
        let first = common::next_json_within(&mut next, Duration::from_secs(1)).await;
        if first.is_some_and(|event| event["event"] == "hello") {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no room after a close"
        );
        next = server.socket(&token, "").await;
    }
}

#[tokio::test]
async fn oversized_messages_and_silent_unauthenticated_sockets_are_cut_off() {
    let server = common::start(false, None).await;
    let (_, token) = server.user(None, "admin").await;
    let mut socket = server.socket(&token, "").await;
    common::greet(&mut socket).await;
    let big = format!(
        r#"{{"seq":1,"action":"ping","data":{{"pad":"{}"}}}}"#,
        "x".repeat(MAX_INCOMING_MESSAGE)
    );
    // The write itself may fail once the server has closed its side.
    let _ = socket.send(Message::Text(big.into())).await;
    assert!(common::closed_within(&mut socket, Duration::from_secs(5)).await);

    let mut silent = server.socket_without_auth().await;
    assert!(common::closed_within(&mut silent, AUTH_TIMEOUT + Duration::from_secs(2)).await);
}
