//! A client cannot hold the server with a request it never finishes (slowloris), nor send an
//! upload with parts without end.

mod common;

use std::time::Duration;

use brisk_server::connections::Timeouts;
use brisk_server::Config;
use reqwest::multipart::{Form, Part};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const SHORT: Duration = Duration::from_secs(1);

async fn server_with_short_timeouts() -> common::TestServer {
    common::start_with(Config {
        demo: false,
        static_dir: None,
        timeouts: Timeouts {
            header_read: SHORT,
            body_idle: SHORT,
            request: Duration::from_secs(60),
        },
        ..Config::default()
    })
    .await
}

/// Sends `start` and then nothing; what the server sent before closing the connection, or None
/// if it was still open after `wait`.
async fn answer_to_a_stalled_request(
    server: &common::TestServer,
    start: &str,
    wait: Duration,
) -> Option<String> {
    let address = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream.write_all(start.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    tokio::time::timeout(wait, stream.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    Some(String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn a_request_head_sent_too_slowly_loses_its_connection() {
    let server = server_with_short_timeouts().await;
    let answer = answer_to_a_stalled_request(
        &server,
        "GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\nX-Slow: ",
        SHORT + Duration::from_secs(3),
    )
    .await;
    assert!(answer.is_some(), "the connection is still open");
}

#[tokio::test]
async fn a_body_that_stalls_is_given_up() {
    let server = server_with_short_timeouts().await;
    let answer = answer_to_a_stalled_request(
        &server,
        "POST /api/v4/users/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: 100\r\nConnection: close\r\n\r\n{\"login_id\":",
        SHORT + Duration::from_secs(3),
    )
    .await
    .expect("an answer and a closed connection");
    let status: u16 = answer
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("{answer}"));
    assert!((400..600).contains(&status), "{answer}");
}

#[tokio::test]
async fn an_upload_cannot_carry_parts_without_end() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let dev = server.channel(&admin, &team_id, "dev", "O").await;
    let mut form = Form::new().text("channel_id", dev);
    for n in 0..100 {
        form = form.text("client_ids", format!("client-{n}"));
    }
    form = form.part("files", Part::bytes(b"hello".to_vec()).file_name("a.txt"));
    let reply = server
        .http
        .post(format!("{}/api/v4/files", server.base))
        .bearer_auth(&admin)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(reply.status(), 400);
    let body: serde_json::Value = reply.json().await.expect("json");
    assert_eq!(
        body["id"],
        "api.file.upload_file.incorrect_number_of_files.app_error"
    );
}
