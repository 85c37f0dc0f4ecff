//! Durability: the real binary is killed (SIGKILL) in the middle of a burst of posts and started
//! again on the same data dir. Every post that was answered 201 must be there exactly once, and
//! retrying a post with its `pending_post_id` after the restart must not duplicate it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

/// Posts the burst would send if nothing stopped it.
const BURST: usize = 3000;
const WORKERS: usize = 24;
/// Successful posts after which the server is killed.
const KILL_AFTER: usize = 150;

struct Server {
    child: Child,
    base: String,
}

/// Starts the binary on `data_dir` and waits for its "listening" line.
fn start(data_dir: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brisk-server"))
        .args([
            "--port",
            "0",
            "--no-demo",
            "--rate-limit",
            "0",
            "--static-dir",
        ])
        .arg(data_dir.join("no-client"))
        .arg("--data-dir")
        .arg(data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start brisk-server");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("the server printed its address")
            .expect("line");
        if let Some(address) = line.strip_prefix("brisk listening on ") {
            break address.trim().to_string();
        }
    };
    Server { child, base }
}

async fn call(
    http: &reqwest::Client,
    base: &str,
    token: Option<&str>,
    method: reqwest::Method,
    path: &str,
    body: Value,
) -> (u16, Value, Option<String>) {
    let mut request = http
        .request(method, format!("{base}/api/v4{path}"))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let token = response
        .headers()
        .get("Token")
        .and_then(|t| t.to_str().ok())
        .map(str::to_string);
    (status, response.json().await.unwrap_or(Value::Null), token)
}

/// Every live post of the channel, by id.
async fn all_posts(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    channel_id: &str,
) -> Vec<Value> {
    let mut posts = Vec::new();
    for page in 0.. {
        let (status, list, _) = call(
            http,
            base,
            Some(token),
            reqwest::Method::GET,
            &format!("/channels/{channel_id}/posts?page={page}&per_page=200"),
            Value::Null,
        )
        .await;
        assert_eq!(status, 200, "{list}");
        let order = list["order"].as_array().cloned().unwrap_or_default();
        if order.is_empty() {
            break;
        }
        for id in order {
            posts.push(list["posts"][id.as_str().expect("id")].clone());
        }
    }
    posts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn posts_answered_201_survive_a_kill_exactly_once() {
    let data = tempfile::tempdir().expect("tempdir");
    let http = reqwest::Client::new();
    let mut server = start(data.path());
    let base = server.base.clone();
    let post = reqwest::Method::POST;

    let (status, user, _) = call(
        &http,
        &base,
        None,
        post.clone(),
        "/users",
        json!({"username": "writer", "email": "w@example.com", "password": "password1"}),
    )
    .await;
    assert_eq!(status, 201, "{user}");
    let user_id = user["id"].as_str().expect("id").to_string();
    let (_, _, token) = call(
        &http,
        &base,
        None,
        post.clone(),
        "/users/login",
        json!({"login_id": "writer", "password": "password1"}),
    )
    .await;
    let token = token.expect("token");
    let (status, team, _) = call(
        &http,
        &base,
        Some(&token),
        post.clone(),
        "/teams",
        json!({"name": "durable", "display_name": "Durable", "type": "O"}),
    )
    .await;
    assert_eq!(status, 201, "{team}");
    let (status, channel, _) = call(
        &http,
        &base,
        Some(&token),
        post.clone(),
        "/channels",
        json!({"team_id": team["id"], "name": "burst", "display_name": "Burst", "type": "O"}),
    )
    .await;
    assert_eq!(status, 201, "{channel}");
    let channel_id = channel["id"].as_str().expect("id").to_string();

    // The burst: workers post numbered messages until the server dies under them.
    let next = Arc::new(AtomicUsize::new(0));
    let succeeded = Arc::new(AtomicUsize::new(0));
    let acknowledged: Arc<Mutex<HashMap<usize, String>>> = Arc::default();
    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let (http, base, token, channel_id, user_id) = (
            http.clone(),
            base.clone(),
            token.clone(),
            channel_id.clone(),
            user_id.clone(),
        );
        let (next, succeeded, acknowledged) =
            (next.clone(), succeeded.clone(), acknowledged.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= BURST {
                    return;
                }
                let body = json!({"channel_id": channel_id, "message": format!("burst {n}"), "pending_post_id": format!("{user_id}:{n}")});
                let sent = http
                    .post(format!("{base}/api/v4/posts"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await;
                let Ok(response) = sent else { return };
                if response.status().as_u16() != 201 {
                    return;
                }
                let Ok(created) = response.json::<Value>().await else { return };
                let id = created["id"].as_str().expect("id").to_string();
                acknowledged.lock().expect("lock").insert(n, id);
                succeeded.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    while succeeded.load(Ordering::SeqCst) < KILL_AFTER {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    server.child.kill().expect("SIGKILL");
    server.child.wait().expect("reap");
    for worker in workers {
        worker.await.expect("worker");
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    let attempted = next.load(Ordering::SeqCst).min(BURST);
    assert!(acknowledged.len() >= KILL_AFTER);
    assert!(
        attempted < BURST,
        "the kill landed mid-burst ({attempted} of {BURST} sent)"
    );

    // Back up on the same data: the session survived too.
    let mut server = start(data.path());
    let base = server.base.clone();
    let posts = all_posts(&http, &base, &token, &channel_id).await;
    let mut by_message: HashMap<String, Vec<String>> = HashMap::new();
    for post in &posts {
        by_message
            .entry(post["message"].as_str().unwrap_or("").to_string())
            .or_default()
            .push(post["id"].as_str().unwrap_or("").to_string());
    }
    for (n, id) in &acknowledged {
        let copies = by_message
            .get(&format!("burst {n}"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            copies,
            vec![id.clone()],
            "post {n} answered 201 must be there once, with its id"
        );
    }
    for (message, ids) in &by_message {
        assert_eq!(ids.len(), 1, "{message} stored {} times", ids.len());
    }

    // Clients retry what they sent with the same pending_post_id: nothing doubles, whether the
    // first try was answered or died with the server.
    for n in 0..attempted {
        let body = json!({"channel_id": channel_id, "message": format!("burst {n}"), "pending_post_id": format!("{user_id}:{n}")});
        let (status, created, _) =
            call(&http, &base, Some(&token), post.clone(), "/posts", body).await;
        assert_eq!(status, 201, "{created}");
        if let Some(id) = acknowledged.get(&n) {
            assert_eq!(
                created["id"].as_str(),
                Some(id.as_str()),
                "retry of {n} is the same post"
            );
        }
    }
    let posts = all_posts(&http, &base, &token, &channel_id).await;
    let burst_posts: Vec<&Value> = posts
        .iter()
        .filter(|p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("burst "))
        })
        .collect();
    assert_eq!(
        burst_posts.len(),
        attempted,
        "every attempted post exactly once after the retries"
    );
    let (_, channel, _) = call(
        &http,
        &base,
        Some(&token),
        reqwest::Method::GET,
        &format!("/channels/{channel_id}"),
        Value::Null,
    )
    .await;
    assert_eq!(
        channel["total_msg_count"].as_u64(),
        Some(posts.len() as u64),
        "the channel's counter agrees with its posts"
    );
    server.child.kill().expect("stop");
    server.child.wait().expect("reap");
}
