//! Threads one takes part in (`GET /users/{user_id}/teams/{team_id}/threads`) and marking one read
//! (`PUT …/threads/{thread_id}/read/{timestamp}`): only one's own, only in channels one is a
//! member of.

mod common;

use common::TestServer;
use serde_json::{json, Value};

async fn reply(
    server: &TestServer,
    token: &str,
    channel_id: &str,
    root_id: &str,
    message: &str,
) -> Value {
    let reply = server
        .post(
            "/api/v4/posts",
            token,
            json!({"channel_id": channel_id, "root_id": root_id, "message": message}),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    reply.body
}

async fn threads(server: &TestServer, token: &str, team_id: &str, query: &str) -> Value {
    let reply = server
        .get(
            &format!("/api/v4/users/me/teams/{team_id}/threads{query}"),
            token,
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body
}

fn ids(list: &Value) -> Vec<&str> {
    list["threads"]
        .as_array()
        .expect("threads")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .collect()
}

#[tokio::test]
async fn a_thread_i_started_lists_replies_from_others_as_unread_until_i_mark_it_read_or_reply() {
    let (server, p, [lobby]) = common::cast_with_bob_in([("lobby", "O")]).await;
    let root = server
        .send_post(&p.bob, &lobby, "who takes the release?")
        .await;
    let root_id = root["id"].as_str().expect("id");
    let unrelated = server
        .send_post(&p.bob, &lobby, "nobody answers this")
        .await;
    assert!(unrelated["id"].is_string());
    reply(&server, &p.admin, &lobby, root_id, "not me").await;
    let last = reply(
        &server,
        &p.admin,
        &lobby,
        root_id,
        "@bob you did it last time",
    )
    .await;
    let last_at = last["create_at"].as_i64().expect("create_at");

    let mine = threads(&server, &p.bob, &p.team_id, "").await;
    assert_eq!(ids(&mine), [root_id], "a post without replies is no thread");
    let thread = &mine["threads"][0];
    assert_eq!(thread["post"]["message"], "who takes the release?");
    assert_eq!(thread["reply_count"], 2);
    assert_eq!(thread["last_reply_at"], last_at);
    assert_eq!(thread["unread_replies"], 2);
    assert_eq!(thread["unread_mentions"], 1);
    assert_eq!(
        thread["participants"],
        json!([{"id": p.bob_id}, {"id": p.admin_id}])
    );
    assert_eq!(
        (
            mine["total"].as_i64(),
            mine["total_unread_threads"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(
        ids(&threads(&server, &p.bob, &p.team_id, "?unread=true").await),
        [root_id]
    );
    assert!(
        ids(&threads(&server, &p.bob, &p.team_id, &format!("?since={last_at}")).await).is_empty()
    );

    // The replier has read up to their own reply; someone who never wrote there has no thread.
    let admins = threads(&server, &p.admin, &p.team_id, "").await;
    assert_eq!(admins["threads"][0]["unread_replies"], 0);
    assert!(ids(&threads(&server, &p.admin, &p.team_id, "?unread=true").await).is_empty());
    server.add_to_channel(&p.admin, &lobby, &p.eve_id).await;
    assert_eq!(threads(&server, &p.eve, &p.team_id, "").await["total"], 0);

    let marked = server
        .put(
            &format!(
                "/api/v4/users/{}/teams/{}/threads/{root_id}/read/{last_at}",
                p.bob_id, p.team_id
            ),
            &p.bob,
            json!({}),
        )
        .await;
    assert_eq!(marked.status, 200, "{}", marked.body);
    assert_eq!(marked.body["unread_replies"], 0);
    assert_eq!(marked.body["last_viewed_at"], last_at);
    assert!(ids(&threads(&server, &p.bob, &p.team_id, "?unread=true").await).is_empty());

    reply(&server, &p.admin, &lobby, root_id, "one more").await;
    let again = threads(&server, &p.bob, &p.team_id, "?unread=true").await;
    assert_eq!(again["threads"][0]["unread_replies"], 1);
    reply(&server, &p.bob, &lobby, root_id, "fine, me").await;
    assert!(
        ids(&threads(&server, &p.bob, &p.team_id, "?unread=true").await).is_empty(),
        "my reply reads what came before it"
    );

    // A channel left takes its threads with it.
    let left = server
        .delete(
            &format!("/api/v4/channels/{lobby}/members/{}", p.bob_id),
            &p.bob,
        )
        .await;
    assert_eq!(left.status, 200, "{}", left.body);
    assert_eq!(threads(&server, &p.bob, &p.team_id, "").await["total"], 0);
}

#[tokio::test]
async fn threads_are_only_ones_own_and_only_in_channels_one_is_a_member_of() {
    let (server, p, [lobby, secret]) =
        common::cast_with_bob_in([("lobby", "O"), ("secret", "P")]).await;
    let root = server.send_post(&p.admin, &secret, "secret plan").await;
    let root_id = root["id"].as_str().expect("id");
    let answer = reply(&server, &p.bob, &secret, root_id, "agreed").await;
    let answer_id = answer["id"].as_str().expect("id");
    let open_root = server.send_post(&p.admin, &lobby, "open plan").await;
    let open_root_id = open_root["id"].as_str().expect("id");
    reply(&server, &p.bob, &lobby, open_root_id, "sure").await;
    let read = |user: &str, team: &str, thread: &str, at: &str| {
        format!("/api/v4/users/{user}/teams/{team}/threads/{thread}/read/{at}")
    };
    let (team, bob, eve) = (p.team_id.as_str(), p.bob_id.as_str(), p.eve_id.as_str());

    let cases = [
        // (token, path, status, why)
        (
            &p.bob,
            format!("/api/v4/users/{}/teams/{team}/threads", p.admin_id),
            403_u16,
            "someone else's threads",
        ),
        (
            &p.bob,
            read(&p.admin_id, team, root_id, "1"),
            403,
            "marking for someone else",
        ),
        (
            &p.eve,
            read(eve, team, root_id, "1"),
            403,
            "a private channel eve is not in",
        ),
        (
            &p.eve,
            read(eve, team, open_root_id, "1"),
            403,
            "an open channel eve has not joined",
        ),
        (
            &p.bob,
            read(bob, team, answer_id, "1"),
            404,
            "a reply is no thread",
        ),
        (
            &p.bob,
            read(bob, team, "abcdefghijklmnopqrstuvwxyz", "1"),
            404,
            "no such post",
        ),
        (
            &p.bob,
            read(bob, "abcdefghijklmnopqrstuvwxyz", root_id, "1"),
            404,
            "another team's path",
        ),
        (
            &p.bob,
            read(bob, team, root_id, "-1"),
            400,
            "a negative time",
        ),
        (
            &p.bob,
            read(bob, team, root_id, "soon"),
            400,
            "not a number",
        ),
        (&p.bob, read(bob, team, "not-an-id", "1"), 400, "not an id"),
        (
            &p.bob,
            format!("/api/v4/users/me/teams/{team}/threads?unread=maybe"),
            400,
            "unread is true or false",
        ),
        (
            &p.bob,
            format!("/api/v4/users/me/teams/{team}/threads?since=-5"),
            400,
            "a negative since",
        ),
        (
            &p.bob,
            format!("/api/v4/users/me/teams/{team}/threads?per_page=x"),
            400,
            "per_page is a number",
        ),
    ];
    for (token, path, status, why) in cases {
        let reply = if path.contains("/read/") {
            server.put(&path, token, json!({})).await
        } else {
            server.get(&path, token).await
        };
        assert_eq!(reply.status, status, "{why}: {path} → {}", reply.body);
    }

    // Eve, on no team of this thread's, lists nothing there; a stranger is refused the team.
    let (_, stranger) = server.user(Some(&p.admin), "stranger").await;
    let refused = server
        .get(&format!("/api/v4/users/me/teams/{team}/threads"), &stranger)
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);

    // per_page bounds the page, not the totals.
    let page = threads(&server, &p.bob, team, "?per_page=1").await;
    assert_eq!((ids(&page).len(), page["total"].as_i64()), (1, Some(2)));
    let second = threads(&server, &p.bob, team, "?per_page=1&page=1").await;
    assert_eq!(ids(&second).len(), 1);
    assert_ne!(ids(&page), ids(&second));
}
