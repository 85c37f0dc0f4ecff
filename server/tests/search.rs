//! Post search: words, phrases, prefixes, exclusions, hashtags, from:/in:/dates, OR searches,
//! and only ever in the searcher's own channels.

mod common;

use std::collections::HashSet;

use reqwest::Method;
use serde_json::{json, Value};

struct Setup {
    server: common::TestServer,
    team_id: String,
    bob: String,
    eve: String,
    posts: Vec<String>,
}

/// Posts, oldest first: 0 "Deploying the release today #ops" (admin, dev), 1 "release notes are
/// ready" (bob, dev), 2 "testing the deployment pipeline" (admin, dev, dated 2024-02-15 12:00 UTC),
/// 3 "secret release plans" (admin, private), 4 "flaky release" (admin, dev), 5 "release party"
/// (admin, open channel bob is not in).
async fn setup() -> Setup {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let (bob_id, bob) = server.user(Some(&admin), "bob").await;
    let (eve_id, eve) = server.user(Some(&admin), "eve").await;
    server.add_to_team(&admin, &team_id, &bob_id).await;
    let _ = eve_id;
    let dev = server.channel(&admin, &team_id, "dev", "O").await;
    let secret = server.channel(&admin, &team_id, "secret", "P").await;
    let party = server.channel(&admin, &team_id, "party", "O").await;
    server.add_to_channel(&bob, &dev, &bob_id).await;
    let mut posts = Vec::new();
    for (token, channel, message) in [
        (&admin, &dev, "Deploying the release today #ops"),
        (&bob, &dev, "release notes are ready"),
        (&admin, &dev, "testing the deployment pipeline"),
        (&admin, &secret, "secret release plans"),
        (&admin, &dev, "flaky release"),
        (&admin, &party, "release party"),
    ] {
        let post = server.send_post(token, channel, message).await;
        posts.push(post["id"].as_str().expect("id").to_string());
    }
    let dated = posts[2].clone();
    server
        .state
        .db
        .write(move |tx| {
            // 2024-02-15 12:00:00 UTC
            tx.execute(
                "UPDATE posts SET create_at = 1707998400000 WHERE id = ?1",
                [dated],
            )?;
            Ok(())
        })
        .await
        .expect("date a post");
    Setup {
        server,
        team_id,
        bob,
        eve,
        posts,
    }
}

impl Setup {
    async fn search(&self, token: &str, body: Value) -> common::Reply {
        self.server
            .post(
                &format!("/api/v4/teams/{}/posts/search", self.team_id),
                token,
                body,
            )
            .await
    }

    /// Bob edits his post (`posts[1]`) to say `message`.
    async fn edit_bobs_post(&self, message: &str) {
        let edited = self
            .server
            .call(
                Method::PUT,
                &format!("/api/v4/posts/{}/patch", self.posts[1]),
                Some(&self.bob),
                Some(json!({ "message": message })),
            )
            .await;
        assert_eq!(edited.status, 200, "{}", edited.body);
    }

    /// The indexes (into `posts`) of what bob finds for `terms`, newest first.
    async fn found(&self, terms: &str) -> Vec<usize> {
        self.found_with(json!({"terms": terms, "is_or_search": false}))
            .await
    }

    async fn found_with(&self, body: Value) -> Vec<usize> {
        let reply = self.search(&self.bob, body).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.body["order"]
            .as_array()
            .expect("order")
            .iter()
            .map(|id| {
                self.posts
                    .iter()
                    .position(|p| p == id.as_str().unwrap_or(""))
                    .expect("a known post")
            })
            .collect()
    }
}

#[tokio::test]
async fn search_finds_words_phrases_prefixes_and_hashtags_in_ones_own_channels() {
    let s = setup().await;
    let reply = s
        .search(&s.bob, json!({"terms": "release", "is_or_search": false, "time_zone_offset": 0, "page": 0, "per_page": 60}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.content_type(), "application/json");
    let order: Vec<&str> = reply.body["order"]
        .as_array()
        .expect("order")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        order,
        vec![
            s.posts[4].as_str(),
            s.posts[1].as_str(),
            s.posts[0].as_str()
        ],
        "newest first; not the private channel, not a channel bob is not in"
    );
    assert_eq!(
        reply.body["posts"][&s.posts[1]]["message"],
        "release notes are ready"
    );
    assert_eq!(reply.body["matches"][&s.posts[1]], json!(["release"]));
    for key in ["next_post_id", "prev_post_id", "has_next"] {
        assert!(reply.body.get(key).is_some(), "{key}");
    }

    assert_eq!(s.found("release -flaky").await, vec![1, 0]);
    assert_eq!(s.found("\"release notes\"").await, vec![1]);
    assert_eq!(s.found("-\"release notes\" release").await, vec![4, 0]);
    assert_eq!(
        s.found("RELEASE NOTES").await,
        vec![1],
        "all words, any case"
    );
    assert_eq!(s.found("deploy*").await, vec![0, 2]);
    let prefix = s.search(&s.bob, json!({"terms": "deploy*"})).await.body;
    assert_eq!(prefix["matches"][&s.posts[0]], json!(["deploying"]));
    assert_eq!(s.found("#ops").await, vec![0]);
    assert_eq!(
        s.found("#op").await,
        Vec::<usize>::new(),
        "hashtags match whole"
    );
    assert_eq!(s.found("release -#ops").await, vec![4, 1]);
    assert_eq!(s.found("from:bob release").await, vec![1]);
    assert_eq!(s.found("-from:bob release").await, vec![4, 0]);
    assert_eq!(
        s.found("from:@bob").await,
        vec![1],
        "filters alone search everything of theirs"
    );
    assert_eq!(s.found("in:dev release").await, vec![4, 1, 0]);
    assert_eq!(s.found("in:secret release").await, Vec::<usize>::new());
    assert_eq!(s.found("in:party release").await, Vec::<usize>::new());
    assert_eq!(
        s.found_with(json!({"terms": "notes pipeline", "is_or_search": true}))
            .await,
        vec![1, 2]
    );
    assert_eq!(s.found("notes pipeline").await, Vec::<usize>::new());
    assert_eq!(s.found("").await, Vec::<usize>::new());
    assert_eq!(s.found("\"unclosed phrase").await, Vec::<usize>::new());
    assert_eq!(
        s.found("AND OR NOT ( ) * \"").await,
        Vec::<usize>::new(),
        "FTS syntax is just text"
    );

    // Pages.
    let first = s
        .found_with(json!({"terms": "release", "per_page": 2, "page": 0}))
        .await;
    let second = s
        .found_with(json!({"terms": "release", "per_page": 2, "page": 1}))
        .await;
    assert_eq!((first, second), (vec![4, 1], vec![0]));

    // Outsiders of the team get nothing.
    let outsider = s.search(&s.eve, json!({"terms": "release"})).await;
    assert_eq!(outsider.status, 403);
}

#[tokio::test]
async fn dates_follow_the_searchers_time_zone() {
    let s = setup().await;
    assert_eq!(s.found("on:2024-02-15").await, vec![2]);
    assert_eq!(s.found("on:2024-02-16").await, Vec::<usize>::new());
    assert_eq!(s.found("testing before:2024-02-16").await, vec![2]);
    assert_eq!(
        s.found("testing before:2024-02-15").await,
        Vec::<usize>::new()
    );
    assert_eq!(s.found("testing after:2024-02-14").await, vec![2]);
    assert_eq!(
        s.found("testing after:2024-02-15").await,
        Vec::<usize>::new()
    );
    // 12:00 UTC on the 15th is 02:00 on the 16th at UTC+14.
    assert_eq!(
        s.found_with(json!({"terms": "on:2024-02-16", "time_zone_offset": 14 * 3600}))
            .await,
        vec![2]
    );
    let recent: HashSet<usize> = s
        .found("release after:2024-02-15")
        .await
        .into_iter()
        .collect();
    assert_eq!(recent, HashSet::from([0, 1, 4]));
}

#[tokio::test]
async fn edits_and_deletions_reach_the_index() {
    let s = setup().await;
    s.edit_bobs_post("all done, shipped").await;
    assert_eq!(s.found("notes").await, Vec::<usize>::new());
    assert_eq!(s.found("shipped").await, vec![1]);
    let deleted = s
        .server
        .call(
            Method::DELETE,
            &format!("/api/v4/posts/{}", s.posts[1]),
            Some(&s.bob),
            None,
        )
        .await;
    assert_eq!(deleted.status, 200);
    assert_eq!(s.found("shipped").await, Vec::<usize>::new());
    // System messages ("bob joined the channel") are never results.
    assert_eq!(s.found("joined").await, Vec::<usize>::new());
}

#[tokio::test]
async fn a_hashtag_finds_the_message_it_is_shown_in_whatever_punctuation_follows_it() {
    let s = setup().await;
    s.edit_bobs_post("see ##Roadmap's notes (#ops/#dev)").await;
    assert_eq!(s.found("#roadmap").await, vec![1]);
    assert_eq!(s.found("#ops").await, vec![1, 0]);
    assert_eq!(s.found("#dev").await, vec![1]);
}
