//! The built client is served with an SPA fallback, and the demo community seeds consistently.

mod common;

use std::collections::HashMap;

use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn spa_routes_get_index_html_and_assets_are_cached() {
    let dist = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>brisk</title>",
    )
    .expect("index");
    std::fs::write(
        dist.path().join("brisk-0123456789abcdef_bg.wasm"),
        vec![0u8; 64],
    )
    .expect("wasm");
    let server = common::start(false, Some(dist.path().to_path_buf())).await;

    for path in ["/", "/team/channels/x", "/demo/channels/dev", "/login"] {
        let reply = server
            .http
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .expect("get");
        assert_eq!(reply.status(), 200, "{path}");
        assert_eq!(reply.headers()["cache-control"], "no-cache", "{path}");
        assert!(
            reply
                .text()
                .await
                .expect("text")
                .contains("<title>brisk</title>"),
            "{path}"
        );
    }
    let wasm = server
        .http
        .get(format!("{}/brisk-0123456789abcdef_bg.wasm", server.base))
        .send()
        .await
        .expect("get");
    assert_eq!(wasm.status(), 200);
    assert!(wasm.headers()["cache-control"]
        .to_str()
        .expect("header")
        .contains("immutable"));

    // A build that ships a brotli twin gets it served as is.
    std::fs::write(
        dist.path().join("app-fedcba9876543210.js"),
        "console.log(1)",
    )
    .expect("js");
    std::fs::write(
        dist.path().join("app-fedcba9876543210.js.br"),
        "precompressed",
    )
    .expect("br");
    let js = server
        .http
        .get(format!("{}/app-fedcba9876543210.js", server.base))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .expect("get");
    assert_eq!(js.headers()["content-encoding"], "br");
    assert_eq!(js.bytes().await.expect("body").as_ref(), b"precompressed");

    let api = server
        .call(Method::GET, "/api/v4/unknown", None, None)
        .await;
    assert_eq!(api.status, 404);
    assert_eq!(api.body["id"], "api.context.404.app_error");
    assert_eq!(
        server
            .call(Method::GET, "/api/v3/users", None, None)
            .await
            .status,
        404,
        "API paths never get the page"
    );

    let compressed = server
        .http
        .get(format!("{}/api/v4/config/client?format=old", server.base))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .expect("get");
    assert_eq!(
        compressed
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap_or("")),
        Some("gzip")
    );
}

#[tokio::test]
async fn demo_seed_has_consistent_counts() {
    let server = common::start(true, None).await;
    let token = server.login("alice", "brisk-demo").await;
    let teams = server.get("/api/v4/users/me/teams", &token).await.body;
    let team_id = teams[0]["id"].as_str().expect("team").to_string();
    let channels = server
        .get(
            &format!("/api/v4/users/me/teams/{team_id}/channels"),
            &token,
        )
        .await
        .body;
    let members: HashMap<String, Value> = server
        .get(
            &format!("/api/v4/users/me/teams/{team_id}/channels/members"),
            &token,
        )
        .await
        .body
        .as_array()
        .expect("members")
        .iter()
        .map(|m| (m["channel_id"].as_str().expect("id").to_string(), m.clone()))
        .collect();
    let channels = channels.as_array().expect("channels");
    assert!(channels.len() >= 5);
    let mut total_posts = 0;
    let mut some_unread = false;
    for channel in channels {
        let id = channel["id"].as_str().expect("id");
        let mut posts: Vec<Value> = Vec::new();
        let mut page = 0;
        loop {
            let list = server
                .get(
                    &format!("/api/v4/channels/{id}/posts?page={page}&per_page=200"),
                    &token,
                )
                .await
                .body;
            let order = list["order"].as_array().expect("order").clone();
            if order.is_empty() {
                break;
            }
            posts.extend(
                order
                    .iter()
                    .map(|pid| list["posts"][pid.as_str().expect("id")].clone()),
            );
            page += 1;
        }
        total_posts += posts.len();
        let roots = posts.iter().filter(|p| p["root_id"] == "").count();
        assert_eq!(
            channel["total_msg_count"].as_u64(),
            Some(posts.len() as u64),
            "{}",
            channel["name"]
        );
        assert_eq!(
            channel["total_msg_count_root"].as_u64(),
            Some(roots as u64),
            "{}",
            channel["name"]
        );
        let newest = posts
            .iter()
            .filter_map(|p| p["create_at"].as_i64())
            .max()
            .unwrap_or(0);
        if !posts.is_empty() {
            assert_eq!(
                channel["last_post_at"].as_i64(),
                Some(newest),
                "{}",
                channel["name"]
            );
        }
        for post in posts.iter().filter(|p| p["root_id"] == "") {
            let replies = posts.iter().filter(|p| p["root_id"] == post["id"]).count();
            assert_eq!(post["reply_count"].as_u64(), Some(replies as u64));
        }
        let member = &members[id];
        let read = posts
            .iter()
            .filter(|p| p["create_at"].as_i64() <= member["last_viewed_at"].as_i64())
            .count();
        assert_eq!(
            member["msg_count"].as_u64(),
            Some(read as u64),
            "{}",
            channel["name"]
        );
        some_unread |= read < posts.len();
    }
    assert!(
        total_posts > 100,
        "the demo has hundreds of posts, got {total_posts}"
    );
    assert!(some_unread, "recent posts are left unread");

    // Seeding happens once: a second start on the same data would find users and skip it.
    assert!(!brisk_server::demo::seed_if_empty(&server.state.db).expect("seed check"));
}
