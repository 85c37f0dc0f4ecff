//! Soak benchmark for `cargo xtask bench soak`: many clients at once for a while, each posting,
//! reading, searching, typing, reacting and reconnecting (resuming its socket) at a person's pace,
//! while hostile traffic runs beside them: oversized and malformed bodies, huge login ids, sockets
//! that never read, connections that never finish their headers. It reports the server's memory
//! and CPU before and after, requests with p50/p99 by kind, and whether every post reached every
//! member's client exactly once (across its reconnects).
//!
//! usage: soak <base_url> <server_pid> <clients> <seconds>
//! The server must be fresh (no users) and started with `--rate-limit 0`: the first account
//! becomes the admin that sets up a team, channels and people through the real API.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use brisk_model::fuzz::Generator;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;

mod bench_client;

use bench_client::{ms, percentile, posted_id, Client, Error, Socket};

/// Sockets (browser tabs) each person keeps open.
const CLIENTS_PER_USER: usize = 10;
/// Channels of the team, and how many of them each person is in.
const CHANNELS: usize = 10;
const CHANNELS_EACH: usize = 3;
/// A client waits this long between two things it does (uniformly, in ms): a busy person.
const THINK_MS: (usize, usize) = (1_000, 4_000);
/// After the traffic stops, a client reads on until its socket has been quiet this long (what is
/// still on its way counts), but no longer than `DRAIN_MAX`.
const QUIET: Duration = Duration::from_secs(3);
const DRAIN_MAX: Duration = Duration::from_secs(60);
/// Sockets of one member of every channel that never read a frame.
const SLOW_READERS: usize = 20;
/// Connections that send half a request's headers and then nothing.
const HALF_REQUESTS: usize = 20;
const WORDS: [&str; 8] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
];

/// Response times by kind of request, and how many answered with which status.
#[derive(Default)]
struct Requests {
    times: HashMap<&'static str, Vec<Duration>>,
    statuses: HashMap<(&'static str, u16), u64>,
}

struct Shared {
    client: Client,
    team_id: String,
    channel_ids: Vec<String>,
    requests: Mutex<Requests>,
    /// Posts the server acknowledged (201): id → channel index.
    posted: Mutex<HashMap<String, usize>>,
}

impl Shared {
    /// Sends a request, timing it under `kind`; the answer's status and body.
    async fn timed(
        &self,
        kind: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Option<(u16, Value)> {
        let started = Instant::now();
        let response = request.send().await;
        let took = started.elapsed();
        let (status, body) = match response {
            Ok(response) => {
                let status = response.status().as_u16();
                (status, response.json().await.unwrap_or(Value::Null))
            }
            // Refused or cut off: counted as status 0.
            Err(_) => (0, Value::Null),
        };
        if let Ok(mut requests) = self.requests.lock() {
            requests.times.entry(kind).or_default().push(took);
            *requests.statuses.entry((kind, status)).or_default() += 1;
        }
        Some((status, body))
    }

    fn api(&self, method: reqwest::Method, path: &str, token: &str) -> reqwest::RequestBuilder {
        self.client
            .http
            .request(method, format!("{}/api/v4{path}", self.client.base))
            .bearer_auth(token)
    }
}

/// One client: a tab of a person, in some of the channels.
struct Tab {
    user_id: String,
    token: String,
    channels: Vec<usize>,
    seed: u64,
}

/// What one client saw.
#[derive(Default)]
struct Seen {
    /// How many times each post arrived as a `posted` event.
    posted: HashMap<String, u32>,
    typing: u64,
    reconnects: u64,
    /// Reconnects the server could not resume (a new `hello`): events in the gap are lost, as a
    /// real client would then fetch them.
    started_over: u64,
    errors: u64,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let [_, base, pid, clients, seconds] = args.as_slice() else {
        return Err("usage: soak <base_url> <server_pid> <clients> <seconds>".into());
    };
    let pid: u32 = pid.parse()?;
    let clients: usize = clients.parse()?;
    let seconds: u64 = seconds.parse()?;
    let client = Client::new(base)?;
    let load_before = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();

    let setup_started = Instant::now();
    let (shared, tabs, slowpoke) = set_up(client, clients.div_ceil(CLIENTS_PER_USER)).await?;
    let tabs: Vec<Tab> = tabs.into_iter().take(clients).collect();
    println!(
        "\nsoak: {} clients ({} people × {CLIENTS_PER_USER} tabs, each person in {CHANNELS_EACH} of {CHANNELS} channels), {seconds} s; set up in {:.0} s",
        tabs.len(),
        clients.div_ceil(CLIENTS_PER_USER),
        setup_started.elapsed().as_secs_f64()
    );

    let shared = Arc::new(shared);
    let mut slow_readers = vec![];
    for _ in 0..SLOW_READERS {
        slow_readers.push(shared.client.socket(&slowpoke, None).await?);
    }
    let mut half_requests = vec![];
    let address = shared.client.base.trim_start_matches("http://").to_string();
    for _ in 0..HALF_REQUESTS {
        let mut stream = tokio::net::TcpStream::connect(&address).await?;
        stream
            .write_all(b"POST /api/v4/posts HTTP/1.1\r\nHost: soak\r\nContent-Length: 10\r\n")
            .await?;
        half_requests.push(stream);
    }

    let before = Usage::of(pid);
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    let hostile = tokio::spawn(hostile_traffic(shared.clone(), slowpoke.clone(), deadline));
    let mut running = vec![];
    for tab in tabs {
        let shared = shared.clone();
        running.push(tokio::spawn(async move {
            let seen = run_tab(&shared, &tab, deadline).await;
            (tab, seen)
        }));
    }
    let mut finished = vec![];
    for task in running {
        finished.push(task.await?);
    }
    hostile.await?;
    let elapsed = Duration::from_secs(seconds);
    let drained_after = started.elapsed().saturating_sub(elapsed + QUIET);
    let after = Usage::of(pid);

    let slow_cut_off = count_cut_off_sockets(slow_readers).await;
    let half_closed = count_closed_connections(half_requests).await;
    // Every socket is closed by now: what the server keeps once they are gone.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let idle = Usage::of(pid);

    println!(
        "\nthe last events arrived about {:.1} s after the traffic stopped",
        drained_after.as_secs_f64()
    );
    report_requests(&shared, elapsed);
    report_delivery(&shared, &finished);
    println!("\n| server | before | after {seconds} s | 5 s after the clients left |\n|---|---:|---:|---:|");
    println!(
        "| RSS | {:.1} MB | {:.1} MB | {:.1} MB |",
        before.rss_mb, after.rss_mb, idle.rss_mb
    );
    println!(
        "| CPU time used | | {:.1} s (in {:.0} s) | |",
        after.cpu_seconds - before.cpu_seconds,
        started.elapsed().as_secs_f64()
    );
    println!(
        "\nhostile sockets: {slow_cut_off} of {SLOW_READERS} that never read were cut off; {half_closed} of {HALF_REQUESTS} half-sent requests were closed"
    );
    println!(
        "machine: {} cores; load average before {}, after {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        first_three(&load_before),
        first_three(&std::fs::read_to_string("/proc/loadavg").unwrap_or_default())
    );
    Ok(())
}

fn first_three(loadavg: &str) -> String {
    loadavg
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The team, its channels, `people` people in `CHANNELS_EACH` channels each with their tabs,
/// and the token of one more person in every channel (for the slow readers).
async fn set_up(client: Client, people: usize) -> Result<(Shared, Vec<Tab>, String), Error> {
    let post = reqwest::Method::POST;
    let (_, admin) = client.user(None, "soakadmin").await?;
    let (team, _) = client
        .call(
            Some(&admin),
            post.clone(),
            "/teams",
            json!({"name": "soak", "display_name": "Soak", "type": "O"}),
        )
        .await?;
    let team_id = team["id"].as_str().unwrap_or_default().to_string();
    let mut channel_ids = vec![];
    for n in 0..CHANNELS {
        let (channel, _) = client
            .call(
                Some(&admin),
                post.clone(),
                "/channels",
                json!({"team_id": team_id, "name": format!("soak-{n}"), "display_name": format!("Soak {n}"), "type": "O"}),
            )
            .await?;
        channel_ids.push(channel["id"].as_str().unwrap_or_default().to_string());
    }
    let mut tabs = vec![];
    for person in 0..people {
        let (user_id, token) = client.user(Some(&admin), &format!("soak{person}")).await?;
        let channels: Vec<usize> = (0..CHANNELS_EACH)
            .map(|k| (person + k * 3) % CHANNELS)
            .collect();
        let joined: Vec<&str> = channels.iter().map(|&n| channel_ids[n].as_str()).collect();
        client
            .join(&admin, (&user_id, &token), &team_id, &joined)
            .await?;
        for tab in 0..CLIENTS_PER_USER {
            tabs.push(Tab {
                user_id: user_id.clone(),
                token: token.clone(),
                channels: channels.clone(),
                seed: (person * CLIENTS_PER_USER + tab + 1) as u64,
            });
        }
    }
    let (slowpoke_id, slowpoke) = client.user(Some(&admin), "soakslow").await?;
    let every_channel: Vec<&str> = channel_ids.iter().map(String::as_str).collect();
    client
        .join(&admin, (&slowpoke_id, &slowpoke), &team_id, &every_channel)
        .await?;
    let shared = Shared {
        client,
        team_id,
        channel_ids,
        requests: Mutex::default(),
        posted: Mutex::default(),
    };
    Ok((shared, tabs, slowpoke))
}

/// One tab until `deadline`, then until its socket is quiet: reads its socket throughout, and at
/// a person's pace posts, reads a channel, searches, types, reacts or reconnects.
async fn run_tab(shared: &Shared, tab: &Tab, deadline: tokio::time::Instant) -> Seen {
    let mut seen = Seen::default();
    let mut random = Generator::with_seed(tab.seed);
    let Ok(mut socket) = shared.client.socket(&tab.token, None).await else {
        seen.errors += 1;
        return seen;
    };
    // The connection to resume and the next sequence number it owes us.
    let mut connection: Option<(String, i64)> = None;
    let mut resuming = false;
    let mut recent_posts: Vec<String> = vec![];
    let think = |random: &mut Generator| {
        Duration::from_millis((THINK_MS.0 + random.below(THINK_MS.1 - THINK_MS.0)) as u64)
    };
    let mut next_action = tokio::time::Instant::now() + think(&mut random);
    let mut last_frame = tokio::time::Instant::now();
    loop {
        let stop = (last_frame.max(deadline) + QUIET).min(deadline + DRAIN_MAX);
        tokio::select! {
            frame = socket.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    last_frame = tokio::time::Instant::now();
                    read_event(&text, &mut seen, &mut connection, &mut resuming, &mut recent_posts);
                }
                Some(Ok(_)) => {}
                // Cut off (too slow, say): resume like a browser would.
                _ => match reconnect(shared, tab, &connection, &mut seen).await {
                    Some(fresh) => { socket = fresh; resuming = true; }
                    None => return seen,
                },
            },
            () = tokio::time::sleep_until(next_action), if next_action < deadline => {
                next_action = tokio::time::Instant::now() + think(&mut random);
                let channel = tab.channels[random.below(tab.channels.len())];
                let channel_id = &shared.channel_ids[channel];
                match random.below(100) {
                    0..35 => {
                        let words: Vec<&str> = (0..4).map(|_| WORDS[random.below(WORDS.len())]).collect();
                        let body = json!({"channel_id": channel_id, "message": format!("soak {}", words.join(" "))});
                        let request = shared.api(reqwest::Method::POST, "/posts", &tab.token).json(&body);
                        if let Some((201, post)) = shared.timed("post", request).await {
                            if let (Some(id), Ok(mut posted)) = (post["id"].as_str(), shared.posted.lock()) {
                                posted.insert(id.to_string(), channel);
                            }
                        }
                    }
                    35..60 => {
                        let path = format!("/channels/{channel_id}/posts?per_page=30");
                        shared.timed("read channel", shared.api(reqwest::Method::GET, &path, &tab.token)).await;
                    }
                    60..70 => {
                        let path = format!("/teams/{}/posts/search", shared.team_id);
                        let body = json!({"terms": WORDS[random.below(WORDS.len())], "is_or_search": false});
                        shared.timed("search", shared.api(reqwest::Method::POST, &path, &tab.token).json(&body)).await;
                    }
                    70..85 => {
                        let typing = json!({"action": "user_typing", "seq": 2, "data": {"channel_id": channel_id}});
                        if socket.send(Message::text(typing.to_string())).await.is_err() {
                            seen.errors += 1;
                        }
                    }
                    85..95 => {
                        if let Some(post_id) = recent_posts.last() {
                            let body = json!({"user_id": tab.user_id, "post_id": post_id, "emoji_name": "+1"});
                            shared.timed("react", shared.api(reqwest::Method::POST, "/reactions", &tab.token).json(&body)).await;
                        }
                    }
                    _ => {
                        let _ = socket.close(None).await;
                        match reconnect(shared, tab, &connection, &mut seen).await {
                            Some(fresh) => { socket = fresh; resuming = true; }
                            None => return seen,
                        }
                    }
                }
            },
            () = tokio::time::sleep_until(stop) => return seen,
        }
    }
}

/// Opens the tab's socket again, resuming its connection where it left off.
async fn reconnect(
    shared: &Shared,
    tab: &Tab,
    connection: &Option<(String, i64)>,
    seen: &mut Seen,
) -> Option<Socket> {
    seen.reconnects += 1;
    let resume = connection.as_ref().map(|(id, next)| (id.as_str(), *next));
    match shared.client.socket(&tab.token, resume).await {
        Ok(socket) => Some(socket),
        Err(_) => {
            seen.errors += 1;
            None
        }
    }
}

/// Takes one event: its sequence number (to resume from), a new connection's `hello`, a post.
fn read_event(
    text: &str,
    seen: &mut Seen,
    connection: &mut Option<(String, i64)>,
    resuming: &mut bool,
    recent_posts: &mut Vec<String>,
) {
    if let Some(id) = posted_id(text) {
        *seen.posted.entry(id.clone()).or_default() += 1;
        recent_posts.push(id);
        if recent_posts.len() > 20 {
            recent_posts.remove(0);
        }
    } else if text.contains("\"event\":\"typing\"") {
        seen.typing += 1;
    }
    // Replies to our actions carry `seq_reply`, events `seq`.
    let Ok(event) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let Some(seq) = event["seq"].as_i64() else {
        return;
    };
    if event["event"] == "hello" {
        if *resuming {
            seen.started_over += 1;
        }
        let id = event["data"]["connection_id"].as_str().unwrap_or_default();
        *connection = Some((id.to_string(), seq + 1));
    } else if let Some((_, next)) = connection {
        *next = seq + 1;
    }
    *resuming = false;
}

/// Beside the clients until `deadline`: bodies over the limit, bodies that are not JSON, login ids
/// of 200,000 characters, a round every 100 ms.
async fn hostile_traffic(shared: Arc<Shared>, token: String, deadline: tokio::time::Instant) {
    let oversized =
        json!({"channel_id": shared.channel_ids[0], "message": "x".repeat(2 * 1024 * 1024)})
            .to_string();
    let huge_login = json!({"login_id": "x".repeat(200_000), "password": "x"}).to_string();
    let mut round = 0;
    while tokio::time::Instant::now() < deadline {
        let (kind, request) = match round % 3 {
            0 => (
                "hostile: 2 MB post",
                shared
                    .api(reqwest::Method::POST, "/posts", &token)
                    .body(oversized.clone()),
            ),
            1 => (
                "hostile: bad JSON",
                shared
                    .api(reqwest::Method::POST, "/posts", &token)
                    .body("{\"channel_id\": [}"),
            ),
            _ => (
                "hostile: 200,000-char login id",
                shared
                    .client
                    .http
                    .post(format!("{}/api/v4/users/login", shared.client.base))
                    .body(huge_login.clone()),
            ),
        };
        shared
            .timed(kind, request.header("content-type", "application/json"))
            .await;
        round += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How many of the sockets that never read the server has closed (reading what is left, briefly).
async fn count_cut_off_sockets(sockets: Vec<Socket>) -> usize {
    let mut cut_off = 0;
    for mut socket in sockets {
        let ended = tokio::time::timeout(Duration::from_secs(2), async {
            loop {
                match socket.next().await {
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return true,
                    Some(Ok(_)) => {}
                }
            }
        })
        .await
        .unwrap_or(false);
        cut_off += usize::from(ended);
    }
    cut_off
}

/// How many of the half-sent requests the server has closed (an answer or an end, within 1 s).
async fn count_closed_connections(streams: Vec<tokio::net::TcpStream>) -> usize {
    let mut closed = 0;
    for mut stream in streams {
        let mut buffer = [0u8; 512];
        let read = tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buffer)).await;
        closed += usize::from(matches!(read, Ok(Ok(_)) | Ok(Err(_))));
    }
    closed
}

/// The server's resident memory and CPU time so far, from /proc.
struct Usage {
    rss_mb: f64,
    cpu_seconds: f64,
}

impl Usage {
    fn of(pid: u32) -> Self {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let rss_kb: f64 = status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse().ok())
            .unwrap_or(0.0);
        // utime and stime, fields 14 and 15, in clock ticks (100 a second on Linux).
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let ticks: f64 = after_name
            .split_whitespace()
            .skip(11)
            .take(2)
            .filter_map(|n| n.parse::<f64>().ok())
            .sum();
        Self {
            rss_mb: rss_kb / 1024.0,
            cpu_seconds: ticks / 100.0,
        }
    }
}

fn report_requests(shared: &Shared, elapsed: Duration) {
    let Ok(mut requests) = shared.requests.lock() else {
        return;
    };
    let mut kinds: Vec<&'static str> = requests.times.keys().copied().collect();
    kinds.sort();
    let total: usize = requests.times.values().map(Vec::len).sum();
    println!(
        "\n{total} requests in {:.0} s ({:.0}/s)\n\n| requests | count | answers | p50 | p99 |\n|---|---:|---|---:|---:|",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    for kind in kinds {
        let mut statuses: Vec<(u16, u64)> = requests
            .statuses
            .iter()
            .filter(|((k, _), _)| *k == kind)
            .map(|((_, status), count)| (*status, *count))
            .collect();
        statuses.sort();
        let answers: Vec<String> = statuses
            .iter()
            .map(|(status, count)| match status {
                0 => format!("{count}× no answer"),
                status => format!("{count}× {status}"),
            })
            .collect();
        let times = requests.times.entry(kind).or_default();
        times.sort();
        println!(
            "| {kind} | {} | {} | {:.1} ms | {:.1} ms |",
            times.len(),
            answers.join(", "),
            ms(percentile(times, 0.5)),
            ms(percentile(times, 0.99))
        );
    }
}

/// Every acknowledged post against what each member's tab received: once each is right.
fn report_delivery(shared: &Shared, finished: &[(Tab, Seen)]) {
    let Ok(posted) = shared.posted.lock() else {
        return;
    };
    let (mut once, mut missing, mut missing_after_start_over, mut duplicated, mut strays) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let (mut typing, mut reconnects, mut started_over, mut errors) = (0, 0, 0, 0);
    for (tab, seen) in finished {
        let mine: HashSet<usize> = tab.channels.iter().copied().collect();
        for (id, channel) in posted.iter() {
            let count = seen.posted.get(id).copied().unwrap_or(0);
            match (mine.contains(channel), count) {
                (true, 1) => once += 1,
                (true, 0) if seen.started_over > 0 => missing_after_start_over += 1,
                (true, 0) => missing += 1,
                (true, _) => duplicated += 1,
                (false, 0) => {}
                (false, _) => strays += 1,
            }
        }
        typing += seen.typing;
        reconnects += seen.reconnects;
        started_over += seen.started_over;
        errors += seen.errors;
    }
    let expected = once + missing + missing_after_start_over + duplicated;
    println!(
        "\n| posts acknowledged | deliveries owed to member tabs | exactly once | missing | duplicated | to non-members |\n|---:|---:|---:|---:|---:|---:|"
    );
    println!(
        "| {} | {expected} | {once} | {missing} | {duplicated} | {strays} |",
        posted.len()
    );
    println!(
        "\nsockets: {reconnects} reconnects, {started_over} of them not resumable (the {missing_after_start_over} deliveries those tabs missed are not counted above); {typing} typing events received; {errors} socket errors"
    );
}
