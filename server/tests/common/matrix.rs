//! A real Matrix homeserver for the bridge tests: one Synapse per test binary (it takes seconds to
//! start; a test that stops it has one of its own), from the virtualenv `cargo xtask setup` makes,
//! on a free loopback port with SQLite, open registration and no rate limits. Each test registers
//! its own people and makes its own room.
//! `Person` plays someone in a Matrix client, through the client-server API.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine;
use rand::RngCore;
use reqwest::Method;
use serde_json::{json, Value};

use super::irc::{free_port, WAIT};

/// Synapse's own start (it creates its database schema) takes several seconds here.
const START_WITHIN: Duration = Duration::from_secs(60);
/// The homeserver's name: user ids read `@name:localhost`.
pub const SERVER_NAME: &str = "localhost";

/// The Python of Synapse's virtualenv: `$BRISK_SYNAPSE_PYTHON`, or the one `cargo xtask setup`
/// makes at the root of the repository.
fn synapse_python() -> PathBuf {
    std::env::var_os("BRISK_SYNAPSE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv-synapse/bin/python")
        })
}

/// A Synapse on its own directory and port.
pub struct Synapse {
    pub port: u16,
    dir: PathBuf,
    /// The shell watching the running Synapse: it kills Synapse when this pipe closes (`stop`
    /// closes it; so does the test binary exiting, however it exits), and for the shared
    /// homeserver then removes its directory.
    watch: Mutex<Option<Child>>,
}

static SHARED: OnceLock<Synapse> = OnceLock::new();
static NEXT_NAME: AtomicUsize = AtomicUsize::new(0);

impl Synapse {
    /// The homeserver of this test binary, started on first use.
    pub fn shared() -> &'static Synapse {
        SHARED.get_or_init(|| {
            let synapse = Synapse::prepare();
            synapse.launch(true);
            synapse
        })
    }

    /// A homeserver of the caller's own, which it may stop and start again.
    pub fn own() -> Synapse {
        let synapse = Synapse::prepare();
        synapse.launch(false);
        synapse
    }

    /// Writes the configuration and signing key into a new directory.
    fn prepare() -> Synapse {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        let port = free_port();
        std::fs::write(dir.join("homeserver.yaml"), homeserver_yaml(&dir, port))
            .expect("write homeserver.yaml");
        let mut seed = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut seed);
        let key = base64::engine::general_purpose::STANDARD_NO_PAD.encode(seed);
        std::fs::write(dir.join("signing.key"), format!("ed25519 a_test {key}\n"))
            .expect("write signing key");
        Synapse {
            port,
            dir,
            watch: Mutex::new(None),
        }
    }

    /// Starts Synapse and waits until it answers.
    fn launch(&self, remove_dir_after: bool) {
        let python = synapse_python();
        assert!(
            python.exists(),
            "no Synapse at {} (run `cargo xtask setup`)",
            python.display()
        );
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("synapse.log"))
            .expect("log file");
        let removed = if remove_dir_after {
            self.dir.as_os_str()
        } else {
            std::ffi::OsStr::new("")
        };
        let watch = Command::new("sh")
            .args([
                "-c",
                "\"$0\" -m synapse.app.homeserver -c \"$1\" </dev/null & read _; kill -9 $!; wait; [ -z \"$2\" ] || rm -rf \"$2\"",
            ])
            .arg(&python)
            .arg(self.dir.join("homeserver.yaml"))
            .arg(removed)
            .stdin(Stdio::piped())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start synapse");
        *self.watch.lock().expect("watch") = Some(watch);
        let deadline = Instant::now() + START_WITHIN;
        while !answers(self.port) {
            assert!(
                Instant::now() < deadline,
                "Synapse did not answer on {}; see {}",
                self.port,
                self.dir.join("synapse.log").display()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Kills Synapse (SIGKILL, as a crash would) and waits until it is gone.
    pub fn stop(&self) {
        let watch = self.watch.lock().expect("watch").take();
        if let Some(mut watch) = watch {
            drop(watch.stdin.take());
            let _ = watch.wait();
        }
    }

    /// Starts it again on the same port and database.
    pub fn start_again(&self) {
        self.launch(false);
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Registers a new account under a name no other test uses; returns it signed in.
    pub async fn person(&self, name: &str, display_name: &str) -> Person {
        let username = unique(name);
        let password = format!("pw-{username}-secret");
        let registered = call(
            &self.url(),
            None,
            Method::POST,
            "/register",
            Some(json!({"username": username, "password": password, "auth": {"type": "m.login.dummy"}})),
        )
        .await;
        let person = Person {
            base: self.url(),
            user_id: registered["user_id"].as_str().expect("user id").to_string(),
            token: registered["access_token"]
                .as_str()
                .expect("access token")
                .to_string(),
            password,
        };
        let path = format!("/profile/{}/displayname", enc(&person.user_id));
        person
            .call(Method::PUT, &path, json!({"displayname": display_name}))
            .await;
        person
    }
}

impl Drop for Synapse {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A name with a number no other call in this binary gets: tests share the homeserver.
pub fn unique(name: &str) -> String {
    format!(
        "{name}{}x{}",
        NEXT_NAME.fetch_add(1, Ordering::Relaxed),
        std::process::id()
    )
}

/// Whether Synapse answers its versions request yet.
fn answers(port: u16) -> bool {
    let Ok(mut tcp) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request = "GET /_matrix/client/versions HTTP/1.0\r\nHost: localhost\r\n\r\n";
    if tcp.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = tcp.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")
}

/// The homeserver's configuration, shared with the journeys and `cargo xtask serve --matrix`.
fn homeserver_yaml(dir: &std::path::Path, port: u16) -> String {
    include_str!("../../../tests/synapse/homeserver.yaml")
        .replace("@DIR@", &dir.display().to_string())
        .replace("@PORT@", &port.to_string())
}

/// Percent-encodes a path segment.
pub fn enc(raw: &str) -> String {
    raw.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                (byte as char).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// One client-server call; a failure fails the test.
async fn call(
    base: &str,
    token: Option<&str>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Value {
    let mut request =
        reqwest::Client::new().request(method, format!("{base}/_matrix/client/v3{path}"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("homeserver request");
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

/// Someone in a Matrix client.
#[derive(Clone)]
pub struct Person {
    base: String,
    pub user_id: String,
    pub token: String,
    pub password: String,
}

/// A message of the room as a person's client shows it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub event_id: String,
    pub sender: String,
    pub msgtype: String,
    pub body: String,
    pub formatted_body: Option<String>,
    /// The event this one replaces, for an edit.
    pub replaces: Option<String>,
    /// The event this one answers, for a reply.
    pub in_reply_to: Option<String>,
    pub redacted: bool,
}

/// A reaction in the room (its relation is gone once it is redacted).
#[derive(Clone, Debug)]
pub struct Annotation {
    pub event_id: String,
    pub sender: String,
    pub to: Option<String>,
    pub key: Option<String>,
    pub redacted: bool,
}

impl Person {
    async fn call(&self, method: Method, path: &str, body: Value) -> Value {
        call(&self.base, Some(&self.token), method, path, Some(body)).await
    }

    /// Makes a public room with the alias `#alias:localhost`; returns its id.
    pub async fn create_room(&self, alias: &str) -> String {
        let created = self
            .call(
                Method::POST,
                "/createRoom",
                json!({"room_alias_name": alias, "preset": "public_chat"}),
            )
            .await;
        created["room_id"].as_str().expect("room id").to_string()
    }

    pub async fn join(&self, room: &str) {
        self.call(Method::POST, &format!("/join/{}", enc(room)), json!({}))
            .await;
    }

    /// Sends `content` as an m.room.message; returns its event id.
    pub async fn send(&self, room_id: &str, content: Value) -> String {
        let path = format!(
            "/rooms/{}/send/m.room.message/{}",
            enc(room_id),
            unique("txn")
        );
        let sent = self.call(Method::PUT, &path, content).await;
        sent["event_id"].as_str().expect("event id").to_string()
    }

    pub async fn say(&self, room_id: &str, text: &str) -> String {
        self.send(room_id, json!({"msgtype": "m.text", "body": text}))
            .await
    }

    /// Replaces the text of `event_id` (an `m.replace` edit).
    pub async fn edit(&self, room_id: &str, event_id: &str, text: &str) -> String {
        self.send(
            room_id,
            json!({
                "msgtype": "m.text",
                "body": format!("* {text}"),
                "m.new_content": {"msgtype": "m.text", "body": text},
                "m.relates_to": {"rel_type": "m.replace", "event_id": event_id},
            }),
        )
        .await
    }

    /// Answers `event_id`, with the quoted fallback clients put first.
    pub async fn reply(&self, room_id: &str, event_id: &str, quoted: &str, text: &str) -> String {
        self.send(
            room_id,
            json!({
                "msgtype": "m.text",
                "body": format!("> <{}> {quoted}\n\n{text}", self.user_id),
                "m.relates_to": {"m.in_reply_to": {"event_id": event_id}},
            }),
        )
        .await
    }

    pub async fn redact(&self, room_id: &str, event_id: &str) {
        let path = format!(
            "/rooms/{}/redact/{}/{}",
            enc(room_id),
            enc(event_id),
            unique("txn")
        );
        self.call(Method::PUT, &path, json!({})).await;
    }

    /// Reacts to `event_id` with `key` (an `m.annotation`); returns the reaction's event id.
    pub async fn react(&self, room_id: &str, event_id: &str, key: &str) -> String {
        let path = format!("/rooms/{}/send/m.reaction/{}", enc(room_id), unique("txn"));
        let content = json!({
            "m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key},
        });
        let sent = self.call(Method::PUT, &path, content).await;
        sent["event_id"].as_str().expect("event id").to_string()
    }

    /// Uploads `bytes` to the homeserver's media store; returns its `mxc://` URL.
    pub async fn upload(&self, name: &str, bytes: Vec<u8>) -> String {
        let response = reqwest::Client::new()
            .post(format!(
                "{}/_matrix/media/v3/upload?filename={}",
                self.base,
                enc(name)
            ))
            .bearer_auth(&self.token)
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .expect("media upload");
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "upload: {status} {body}");
        body["content_uri"]
            .as_str()
            .expect("content uri")
            .to_string()
    }

    /// The room's newest hundred events, oldest first.
    async fn timeline(&self, room_id: &str) -> Vec<Value> {
        let page = call(
            &self.base,
            Some(&self.token),
            Method::GET,
            &format!("/rooms/{}/messages?dir=b&limit=100", enc(room_id)),
            None,
        )
        .await;
        let mut events = page["chunk"].as_array().cloned().unwrap_or_default();
        events.reverse();
        events
    }

    /// The room's reactions, oldest first.
    pub async fn reactions(&self, room_id: &str) -> Vec<Annotation> {
        self.timeline(room_id)
            .await
            .iter()
            .filter(|event| event["type"] == "m.reaction")
            .map(|event| {
                let relation = &event["content"]["m.relates_to"];
                Annotation {
                    event_id: event["event_id"].as_str().unwrap_or("").to_string(),
                    sender: event["sender"].as_str().unwrap_or("").to_string(),
                    to: relation["event_id"].as_str().map(str::to_string),
                    key: relation["key"].as_str().map(str::to_string),
                    redacted: !event["unsigned"]["redacted_because"].is_null(),
                }
            })
            .collect()
    }

    /// The room's messages, oldest first (of the newest hundred events).
    pub async fn messages(&self, room_id: &str) -> Vec<Seen> {
        self.timeline(room_id)
            .await
            .iter()
            .filter(|event| event["type"] == "m.room.message")
            .map(|event| {
                let content = &event["content"];
                Seen {
                    event_id: event["event_id"].as_str().unwrap_or("").to_string(),
                    sender: event["sender"].as_str().unwrap_or("").to_string(),
                    msgtype: content["msgtype"].as_str().unwrap_or("").to_string(),
                    body: content["body"].as_str().unwrap_or("").to_string(),
                    formatted_body: content["formatted_body"].as_str().map(str::to_string),
                    replaces: (content["m.relates_to"]["rel_type"] == "m.replace")
                        .then(|| {
                            content["m.relates_to"]["event_id"]
                                .as_str()
                                .map(str::to_string)
                        })
                        .flatten(),
                    in_reply_to: content["m.relates_to"]["m.in_reply_to"]["event_id"]
                        .as_str()
                        .map(str::to_string),
                    redacted: !event["unsigned"]["redacted_because"].is_null(),
                }
            })
            .collect()
    }

    /// Waits for a message with this body and returns it.
    pub async fn wait_for(&self, room_id: &str, body: &str) -> Seen {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Some(seen) = self
                .messages(room_id)
                .await
                .into_iter()
                .find(|seen| seen.body == body)
            {
                return seen;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no message {body:?} in the Matrix room in time"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
