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

use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;

mod bench_client;

use bench_client::{ms, percentile, posted_id, Client, Error};

/// Posting accounts; the posts are spread over them so no single session carries the whole rate,
/// and the sockets are spread over them as tabs of the same people would be.
const USERS: usize = 20;

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
    let client = Client::new(base)?;

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
            .join(&admin, (&user_id, &token), &team_id, &[&channel_id])
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
    let mut sockets = vec![];
    for i in 0..connections {
        let mut socket = client.socket(&tokens[i % tokens.len()], None).await?;
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
    Ok(format!(
        "{rate} | {:.0} | {}/{expected} | {:.1} ms | {:.1} ms | {:.1} ms |",
        acknowledged.len() as f64 / elapsed.as_secs_f64(),
        latencies.len(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default()),
    ))
}
