//! A real server on 127.0.0.1:0 with a temporary data dir, and small helpers to call it.

#![allow(dead_code)] // each test binary uses a different part of the harness

pub mod irc;
pub mod matrix;

use std::path::{Path, PathBuf};
use std::time::Duration;

use brisk_server::{app, AppState, Config};
use futures_util::StreamExt;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct TestServer {
    pub base: String,
    pub state: AppState,
    pub http: reqwest::Client,
    /// The data dir, unless the test keeps it (to start a server on it again).
    _data: Option<tempfile::TempDir>,
}

/// A response: status, headers and the body parsed as JSON (Null if it is not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    pub async fn read(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        Reply {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

pub async fn start(demo: bool, static_dir: Option<PathBuf>) -> TestServer {
    start_with(Config {
        demo,
        static_dir,
        ..Config::default()
    })
    .await
}

/// A server with `config`, on a free port and a fresh temporary data dir.
pub async fn start_with(config: Config) -> TestServer {
    let data = tempfile::tempdir().expect("tempdir");
    let mut server = start_in(data.path(), config).await;
    server._data = Some(data);
    server
}

/// A server with `config` on `data_dir`, which the caller keeps: a server started on it again
/// (in a new runtime, the first one dropped) is the first one restarted.
pub async fn start_in(data_dir: &Path, config: Config) -> TestServer {
    let config = Config {
        host: "127.0.0.1".into(),
        port: 0,
        data_dir: data_dir.to_path_buf(),
        ..config
    };
    let state = AppState::new(&config).expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let router = app(state.clone());
    tokio::spawn(brisk_server::connections::serve(
        listener,
        router,
        config.timeouts.header_read,
        std::future::pending(),
    ));
    TestServer {
        base: format!("http://{address}"),
        state,
        http: reqwest::Client::new(),
        _data: None,
    }
}

impl TestServer {
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        Reply::read(request.send().await.expect("request")).await
    }

    /// `POST /api/v4/files` with a multipart form.
    pub async fn upload(&self, token: &str, form: reqwest::multipart::Form) -> Reply {
        let response = self
            .http
            .post(format!("{}/api/v4/files", self.base))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        Reply::read(response).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(token), Some(body)).await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Reply {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    /// Creates an account (with the admin's token, or none for the first one) and logs it in.
    pub async fn user(&self, admin: Option<&str>, username: &str) -> (String, String) {
        let body = json!({"username": username, "email": format!("{username}@example.com"), "password": "password1"});
        let created = self
            .call(Method::POST, "/api/v4/users", admin, Some(body))
            .await;
        assert_eq!(created.status, 201, "create {username}: {}", created.body);
        let token = self.login(username, "password1").await;
        (created.body["id"].as_str().expect("id").to_string(), token)
    }

    pub async fn login(&self, login_id: &str, password: &str) -> String {
        let reply = self
            .call(
                Method::POST,
                "/api/v4/users/login",
                None,
                Some(json!({"login_id": login_id, "password": password})),
            )
            .await;
        assert_eq!(reply.status, 200, "login {login_id}: {}", reply.body);
        reply
            .headers
            .get("Token")
            .and_then(|t| t.to_str().ok())
            .expect("Token header")
            .to_string()
    }

    /// An admin with a team "eng"; returns (admin id, admin token, team id).
    pub async fn admin_with_team(&self) -> (String, String, String) {
        let (admin_id, admin) = self.user(None, "admin").await;
        let team = self
            .post(
                "/api/v4/teams",
                &admin,
                json!({"name": "eng", "display_name": "Engineering", "type": "O"}),
            )
            .await;
        assert_eq!(team.status, 201, "{}", team.body);
        (
            admin_id,
            admin,
            team.body["id"].as_str().expect("team id").to_string(),
        )
    }

    pub async fn add_to_team(&self, admin: &str, team_id: &str, user_id: &str) {
        let reply = self
            .post(
                &format!("/api/v4/teams/{team_id}/members"),
                admin,
                json!({"team_id": team_id, "user_id": user_id}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
    }

    pub async fn channel(
        &self,
        token: &str,
        team_id: &str,
        name: &str,
        channel_type: &str,
    ) -> String {
        let reply = self
            .post(
                "/api/v4/channels",
                token,
                json!({"team_id": team_id, "name": name, "display_name": name, "type": channel_type}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
        reply.body["id"].as_str().expect("channel id").to_string()
    }

    pub async fn send_post(&self, token: &str, channel_id: &str, message: &str) -> Value {
        let reply = self
            .post(
                "/api/v4/posts",
                token,
                json!({"channel_id": channel_id, "message": message}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
        reply.body
    }

    /// A WebSocket authenticated by header, optionally resuming a connection.
    pub async fn socket(&self, token: &str, query: &str) -> Socket {
        let url = format!(
            "{}/api/v4/websocket{query}",
            self.base.replace("http://", "ws://")
        );
        let mut request = url.into_client_request().expect("ws request");
        request.headers_mut().insert(
            "Authorization",
            format!("Bearer {token}").parse().expect("header"),
        );
        let (socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("ws connect");
        socket
    }

    pub async fn socket_without_auth(&self) -> Socket {
        let url = format!("{}/api/v4/websocket", self.base.replace("http://", "ws://"));
        let (socket, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("ws connect");
        socket
    }
}

/// The next JSON text message, or None if nothing arrives within `wait`.
pub async fn next_json_within(socket: &mut Socket, wait: Duration) -> Option<Value> {
    loop {
        let message = tokio::time::timeout(wait, socket.next())
            .await
            .ok()??
            .ok()?;
        if let Message::Text(text) = message {
            return Some(serde_json::from_str(text.as_str()).expect("json message"));
        }
    }
}

/// The next JSON text message; fails the test if none arrives within 5 s.
pub async fn next_json(socket: &mut Socket) -> Value {
    next_json_within(socket, Duration::from_secs(5))
        .await
        .expect("a message within 5 s")
}

/// The next message that is an event named `name`, checking that seq numbers have no gaps on the way.
pub async fn next_event(socket: &mut Socket, name: &str, expected_seq: &mut i64) -> Value {
    loop {
        let message = next_json(socket).await;
        if message.get("seq_reply").is_some() {
            continue;
        }
        assert_eq!(
            message["seq"].as_i64(),
            Some(*expected_seq),
            "gap in seq: {message}"
        );
        *expected_seq += 1;
        if message["event"] == name {
            return message;
        }
    }
}

/// Reads a new socket's `hello` and, for the user's first socket, the `status_change` to online
/// that follows it. Returns the seq the next event will carry.
pub async fn greet(socket: &mut Socket) -> i64 {
    let hello = next_json(socket).await;
    assert_eq!(hello["event"], "hello", "{hello}");
    match next_json_within(socket, Duration::from_millis(1000)).await {
        Some(status) => {
            assert_eq!(status["event"], "status_change", "{status}");
            assert_eq!(status["data"]["status"], "online");
            2
        }
        None => 1,
    }
}

/// An admin with team "eng", and bob and eve on the team (tokens and ids).
pub struct People {
    pub team_id: String,
    pub admin_id: String,
    pub admin: String,
    pub bob_id: String,
    pub bob: String,
    pub eve_id: String,
    pub eve: String,
}

impl TestServer {
    /// The usual cast: see `People`.
    pub async fn people(&self) -> People {
        let (admin_id, admin, team_id) = self.admin_with_team().await;
        let (bob_id, bob) = self.user(Some(&admin), "bob").await;
        let (eve_id, eve) = self.user(Some(&admin), "eve").await;
        self.add_to_team(&admin, &team_id, &bob_id).await;
        self.add_to_team(&admin, &team_id, &eve_id).await;
        People {
            team_id,
            admin_id,
            admin,
            bob_id,
            bob,
            eve_id,
            eve,
        }
    }

    /// Adds `user_id` to the channel (or joins it, with their own token), expecting 201.
    pub async fn add_to_channel(&self, token: &str, channel_id: &str, user_id: &str) {
        let reply = self
            .post(
                &format!("/api/v4/channels/{channel_id}/members"),
                token,
                json!({"user_id": user_id}),
            )
            .await;
        assert_eq!(reply.status, 201, "{}", reply.body);
    }
}

/// A test's world: the server, its people (`s.admin`, `s.bob`... through `Deref`), and the
/// channels the test file made (`s.ch`).
/// A fresh server with the usual cast (see `People`) and, for each `(name, type)` asked for, a
/// channel the admin made and added bob to.
pub async fn cast_with_bob_in<const N: usize>(
    channels: [(&str, &str); N],
) -> (TestServer, People, [String; N]) {
    let server = start(false, None).await;
    let people = server.people().await;
    let mut ids = Vec::with_capacity(N);
    for (name, channel_type) in channels {
        let id = server
            .channel(&people.admin, &people.team_id, name, channel_type)
            .await;
        server
            .add_to_channel(&people.admin, &id, &people.bob_id)
            .await;
        ids.push(id);
    }
    let ids: [String; N] = ids.try_into().expect("one id per channel");
    (server, people, ids)
}

pub struct Scene<C> {
    pub server: TestServer,
    pub people: People,
    pub ch: C,
}

impl<C> std::ops::Deref for Scene<C> {
    type Target = People;

    fn deref(&self) -> &People {
        &self.people
    }
}

/// Whether the server closes `socket` (close frame, end or error) within `wait`, skipping the
/// events that come before.
pub async fn closed_within(socket: &mut Socket, wait: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, socket.next()).await {
            Err(_) => return false,
            Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => return true,
            Ok(Some(Ok(_))) => {}
        }
    }
}

/// Whether the server closes `socket` within 5 s.
pub async fn closes(socket: &mut Socket) -> bool {
    closed_within(socket, Duration::from_secs(5)).await
}

impl TestServer {
    /// The status of a login attempt.
    pub async fn login_status(&self, login_id: &str, password: &str) -> StatusCode {
        self.call(
            Method::POST,
            "/api/v4/users/login",
            None,
            Some(json!({"login_id": login_id, "password": password})),
        )
        .await
        .status
    }
}

/// Checks again and again until `check` finds what it looks for (or `WAIT` passes: a failure).
pub async fn until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + irc::WAIT;
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(tokio::time::Instant::now() < deadline, "no {what} in time");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
