//! Load generator for `cargo xtask bench server`: posts per second sustained by the server, and
//! the time from a post's 201 to its `posted` event arriving at every connected member.
//!
//! usage: load <base_url> <connections,...> <posts_per_second> <seconds>
//! The server must be fresh (no users): the first account becomes the admin that sets up a team,
//! a channel and the posting users through the real API. Each level's sockets close when it ends
//! but stay resumable on the server for 5 minutes, so a later level also carries the connections
//! of the levels before it (given room for them in `--max-sockets-per-user`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;

/// Posting accounts; the posts are spread over them so no single session carries the whole rate,
/// and the sockets are spread over them as tabs of the same people would be.
const USERS: usize = 20;

type Error = Box<dyn std::error::Error + Send + Sync>;

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    async fn call(
        &self,
        token: Option<&str>,
        method: reqwest::Method,
        path: &str,
        body: Value,
    ) -> Result<(Value, Option<String>), Error> {
        let mut request = self
            .http
            .request(method, format!("{}/api/v4{path}", self.base))
            .json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status();
        let token = response
            .headers()
            .get("Token")
            .and_then(|t| t.to_str().ok())
            .map(str::to_string);
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(format!("{path}: {status} {body}").into());
        }
        Ok((body, token))
    }

    async fn user(&self, admin: Option<&str>, name: &str) -> Result<(String, String), Error> {
        let password = format!("pw-{name}-bench");
        let (user, _) = self
            .call(admin, reqwest::Method::POST, "/users", json!({"username": name, "email": format!("{name}@example.org"), "password": password}))
            .await?;
        let (_, token) = self
            .call(
                None,
                reqwest::Method::POST,
                "/users/login",
                json!({"login_id": name, "password": password}),
            )
            .await?;
        Ok((
            user["id"].as_str().unwrap_or_default().to_string(),
            token.ok_or("no Token header")?,
        ))
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, levels, rate, seconds] = args.as_slice() else {
        return Err("usage: load <base_url> <connections,...> <posts_per_second> <seconds>".into());
    };
    let levels: Vec<usize> = levels
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let rate: u64 = rate.parse()?;
    let seconds: u64 = seconds.parse()?;
    let client = Client {
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .build()?,
        base: base.trim_end_matches('/').to_string(),
    };

    let (_, admin) = client.user(None, "benchadmin").await?;
    let (team, _) = client
        .call(
            Some(&admin),
            reqwest::Method::POST,
            "/teams",
            json!({"name": "bench", "display_name": "Bench", "type": "O"}),
        )
        .await?;
    let team_id = team["id"].as_str().unwrap_or_default().to_string();
    let (channel, _) = client
        .call(
            Some(&admin),
            reqwest::Method::POST,
            "/channels",
            json!({"team_id": team_id, "name": "load", "display_name": "Load", "type": "O"}),
        )
        .await?;
    let channel_id = channel["id"].as_str().unwrap_or_default().to_string();
    let mut tokens = vec![];
    for i in 0..USERS {
        let (user_id, token) = client.user(Some(&admin), &format!("bench{i}")).await?;
        client
            .call(
                Some(&admin),
                reqwest::Method::POST,
                &format!("/teams/{team_id}/members"),
                json!({"team_id": team_id, "user_id": user_id}),
            )
            .await?;
        client
            .call(
                Some(&token),
                reqwest::Method::POST,
                &format!("/channels/{channel_id}/members"),
                json!({"user_id": user_id}),
            )
            .await?;
        tokens.push(token);
    }

    println!("\n| connected clients | detached, resumable | posts/s offered | posts/s acknowledged | deliveries | p50 | p99 | max |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut detached = 0;
    for connections in levels {
        let report = run_level(&client, &tokens, &channel_id, connections, rate, seconds).await?;
        println!("| {connections} | {detached} | {report}");
        detached += connections;
    }
    Ok(())
}

/// When one socket saw each post: (post id, arrival).
type Arrivals = Arc<std::sync::Mutex<Vec<(String, Instant)>>>;

async fn run_level(
    client: &Client,
    tokens: &[String],
    channel_id: &str,
    connections: usize,
    rate: u64,
    seconds: u64,
) -> Result<String, Error> {
    let ws_base = client.base.replacen("http", "ws", 1);
    let mut sockets = vec![];
    for i in 0..connections {
        let (mut socket, _) =
            tokio_tungstenite::connect_async(format!("{ws_base}/api/v4/websocket")).await?;
        let challenge = json!({"seq": 1, "action": "authentication_challenge", "data": {"token": tokens[i % tokens.len()]}});
        socket.send(Message::text(challenge.to_string())).await?;
        // Measure only once every socket is authenticated and greeted.
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(text))) if text.contains("\"event\":\"hello\"") => break,
                Some(Ok(_)) => continue,
                _ => return Err("a socket closed before its hello".into()),
            }
        }
        let arrivals: Arrivals = Arc::default();
        let seen = arrivals.clone();
        let reader = tokio::spawn(async move {
            while let Some(Ok(message)) = socket.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                if let Some(id) = posted_id(&text) {
                    if let Ok(mut seen) = seen.lock() {
                        seen.push((id, Instant::now()));
                    }
                }
            }
        });
        sockets.push((reader, arrivals));
    }

    let acknowledged: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let started = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_micros(1_000_000 / rate));
    let mut sends = vec![];
    for n in 0..rate * seconds {
        ticker.tick().await;
        let http = client.http.clone();
        let url = format!("{}/api/v4/posts", client.base);
        let token = tokens[n as usize % tokens.len()].clone();
        let body = json!({"channel_id": channel_id, "message": format!("load post {n}")});
        let acknowledged = acknowledged.clone();
        sends.push(tokio::spawn(async move {
            let response = http
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .ok()?;
            let at = Instant::now();
            if response.status() != reqwest::StatusCode::CREATED {
                return None;
            }
            let post: Value = response.json().await.ok()?;
            acknowledged
                .lock()
                .await
                .insert(post["id"].as_str()?.to_string(), at);
            Some(())
        }));
    }
    for send in sends {
        let _ = send.await;
    }
    let elapsed = started.elapsed();
    // Give the last events time to arrive, then close every socket.
    tokio::time::sleep(Duration::from_secs(2)).await;
    for (reader, _) in &sockets {
        reader.abort();
    }
    let acknowledged = acknowledged.lock().await;
    let mut latencies: Vec<Duration> = vec![];
    for (_, arrivals) in &sockets {
        let arrivals = arrivals.lock().map_err(|_| "a socket reader panicked")?;
        latencies.extend(arrivals.iter().filter_map(|(id, at)| {
            acknowledged
                .get(id)
                .map(|sent| at.saturating_duration_since(*sent))
        }));
    }
    latencies.sort();
    let expected = acknowledged.len() * connections;
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    Ok(format!(
        "{rate} | {:.0} | {}/{expected} | {:.1} ms | {:.1} ms | {:.1} ms |",
        acknowledged.len() as f64 / elapsed.as_secs_f64(),
        latencies.len(),
        ms(percentile(0.5)),
        ms(percentile(0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    ))
}

/// The post id of a `posted` event, found without decoding the whole event: at 2,000 sockets
/// the load generator must not be the bottleneck it measures.
fn posted_id(text: &str) -> Option<String> {
    if !text.contains("\"event\":\"posted\"") {
        return None;
    }
    let start = text.find("\\\"id\\\":\\\"")? + 9;
    Some(text[start..start + 26].to_string())
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
