//! Teams, invites, channels, posts and the PostList cursors, read state and access rules.

mod common;

use std::collections::HashSet;

use reqwest::Method;
use serde_json::{json, Value};

fn ids(list: &Value) -> Vec<String> {
    list["order"]
        .as_array()
        .expect("order")
        .iter()
        .map(|v| v.as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn team_creation_makes_default_channels_and_invites_work() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let team = server
        .get(&format!("/api/v4/teams/{team_id}"), &admin)
        .await
        .body;
    assert_eq!(team["name"], "eng");
    let invite_id = team["invite_id"].as_str().expect("invite id").to_string();
    assert_eq!(invite_id.len(), 26);

    let channels = server
        .get(
            &format!("/api/v4/users/me/teams/{team_id}/channels"),
            &admin,
        )
        .await
        .body;
    let names: HashSet<&str> = channels
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, HashSet::from(["town-square", "off-topic"]));
    assert_eq!(
        server.get("/api/v4/users/me/teams", &admin).await.body[0]["id"],
        team_id.as_str()
    );
    assert_eq!(
        server
            .get("/api/v4/users/me/teams/members", &admin)
            .await
            .body[0]["roles"],
        "team_user team_admin"
    );

    // The invite page needs no session and shows four fields only.
    let info = server
        .call(
            Method::GET,
            &format!("/api/v4/teams/invite/{invite_id}"),
            None,
            None,
        )
        .await;
    assert_eq!(info.status, 200);
    assert_eq!(
        info.body,
        json!({"display_name": "Engineering", "description": "", "name": "eng", "id": team_id})
    );

    // A newcomer signs up through the invite and lands in the default channels.
    let signup = server
        .call(
            Method::POST,
            &format!("/api/v4/users?iid={invite_id}"),
            None,
            Some(json!({"username": "newbie", "email": "n@x.io", "password": "password1"})),
        )
        .await;
    assert_eq!(signup.status, 201, "{}", signup.body);
    let newbie = server.login("newbie", "password1").await;
    let town = server
        .get(
            &format!("/api/v4/teams/{team_id}/channels/name/town-square"),
            &newbie,
        )
        .await;
    assert_eq!(town.status, 200);
    let town_id = town.body["id"].as_str().expect("id").to_string();
    let page = server
        .get(&format!("/api/v4/channels/{town_id}/posts"), &newbie)
        .await
        .body;
    let joins: Vec<&str> = page["posts"]
        .as_object()
        .expect("posts")
        .values()
        .filter_map(|p| p["message"].as_str())
        .collect();
    assert!(joins.contains(&"@newbie joined the team."), "{joins:?}");
    let member = server
        .get(&format!("/api/v4/channels/{town_id}/members/me"), &newbie)
        .await
        .body;
    let channel = server
        .get(&format!("/api/v4/channels/{town_id}"), &newbie)
        .await
        .body;
    assert_eq!(
        member["msg_count"], channel["total_msg_count"],
        "their own join message is read"
    );

    // An existing user joins by invite too.
    let (_, late) = server.user(Some(&admin), "late").await;
    let joined = server
        .post(
            &format!("/api/v4/teams/members/invite?invite_id={invite_id}"),
            &late,
            json!({}),
        )
        .await;
    assert_eq!(joined.status, 201, "{}", joined.body);
    assert_eq!(joined.body["team_id"], team_id.as_str());
    let bad = server
        .post(
            "/api/v4/teams/members/invite?invite_id=nope",
            &late,
            json!({}),
        )
        .await;
    assert_eq!(bad.status, 404);
}

#[tokio::test]
async fn channel_rules_and_duplicate_names() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let dev = server.channel(&admin, &team_id, "dev", "O").await;
    let member = server
        .get(&format!("/api/v4/channels/{dev}/members/me"), &admin)
        .await
        .body;
    assert_eq!(member["roles"], "channel_user channel_admin");
    let duplicate = server
        .post(
            "/api/v4/channels",
            &admin,
            json!({"team_id": team_id, "name": "dev", "display_name": "Dev", "type": "O"}),
        )
        .await;
    assert_eq!(duplicate.status, 400);
    assert_eq!(
        duplicate.body["id"],
        "store.sql_channel.save_channel.exists.app_error"
    );
    let bad_name = server
        .post(
            "/api/v4/channels",
            &admin,
            json!({"team_id": team_id, "name": "Bad Name", "display_name": "Bad Name", "type": "O"}),
        )
        .await;
    assert_eq!(
        bad_name.body["id"],
        "model.channel.is_valid.1_or_more.app_error"
    );
    let no_display = server
        .post(
            "/api/v4/channels",
            &admin,
            json!({"team_id": team_id, "name": "ok", "display_name": "", "type": "O"}),
        )
        .await;
    assert_eq!(
        no_display.body["id"],
        "model.channel.is_valid.display_name.app_error"
    );
    let long_purpose = server
        .post(
            "/api/v4/channels",
            &admin,
            json!({"team_id": team_id, "name": "ok", "display_name": "ok", "type": "O", "purpose": "p".repeat(251)}),
        )
        .await;
    assert_eq!(
        long_purpose.body["id"],
        "model.channel.is_valid.purpose.app_error"
    );
    let missing = server
        .get(
            &format!("/api/v4/teams/{team_id}/channels/name/nope"),
            &admin,
        )
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body["id"],
        "app.channel.get_by_name.missing.app_error"
    );
    let browse = server
        .get(&format!("/api/v4/teams/{team_id}/channels"), &admin)
        .await
        .body;
    assert_eq!(browse.as_array().map(Vec::len), Some(3));
}

/// `GET /teams/name/{team}/channels/name/{channel}`, which a client opening a channel's address
/// asks before it knows the team's id: found only by who may read the channel, and a private
/// channel's existence does not leak.
#[tokio::test]
async fn a_channel_by_its_team_and_channel_names_is_found_only_by_its_readers() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let (eve_id, eve) = server.user(Some(&admin), "eve").await;
    let (_, outsider) = server.user(Some(&admin), "outsider").await;
    server.add_to_team(&admin, &team_id, &eve_id).await;
    let open = server.channel(&admin, &team_id, "open", "O").await;
    server.channel(&admin, &team_id, "secret", "P").await;
    let status = |reply: common::Reply| (reply.status.as_u16(), reply.body["id"].clone());

    let found = server
        .get("/api/v4/teams/name/eng/channels/name/open", &eve)
        .await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert_eq!(found.body["id"], open.as_str());
    assert_eq!(found.body["team_id"], team_id.as_str());
    assert_eq!(
        status(
            server
                .get("/api/v4/teams/name/eng/channels/name/secret", &eve)
                .await
        ),
        (404, json!("app.channel.get_by_name.missing.app_error")),
        "a private channel I am not in"
    );
    assert_eq!(
        status(
            server
                .get("/api/v4/teams/name/eng/channels/name/secret", &admin)
                .await
        )
        .0,
        200,
        "a private channel I am in"
    );
    assert_eq!(
        status(
            server
                .get("/api/v4/teams/name/eng/channels/name/open", &outsider)
                .await
        )
        .0,
        403,
        "an open channel of a team I am not in"
    );
    assert_eq!(
        status(
            server
                .get("/api/v4/teams/name/nope/channels/name/open", &eve)
                .await
        )
        .0,
        404,
        "no such team"
    );
    let signed_out = server
        .call(
            Method::GET,
            "/api/v4/teams/name/eng/channels/name/open",
            None,
            None,
        )
        .await;
    assert_eq!(signed_out.status, 401);
}

#[tokio::test]
async fn non_members_cannot_read_or_post_in_a_private_channel() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let (eve_id, eve) = server.user(Some(&admin), "eve").await;
    server.add_to_team(&admin, &team_id, &eve_id).await;
    let secret = server.channel(&admin, &team_id, "secret", "P").await;
    let post = server.send_post(&admin, &secret, "classified").await;

    let by_id = server
        .get(&format!("/api/v4/channels/{secret}"), &eve)
        .await;
    assert_eq!(by_id.status, 403);
    assert_eq!(by_id.body["id"], "api.context.permissions.app_error");
    let by_name = server
        .get(
            &format!("/api/v4/teams/{team_id}/channels/name/secret"),
            &eve,
        )
        .await;
    assert_eq!(
        by_name.status, 404,
        "a private channel's existence does not leak"
    );
    assert_eq!(
        server
            .get(&format!("/api/v4/channels/{secret}/posts"), &eve)
            .await
            .status,
        403
    );
    assert_eq!(
        server
            .get(
                &format!("/api/v4/posts/{}", post["id"].as_str().expect("id")),
                &eve
            )
            .await
            .status,
        403
    );
    let write = server
        .post(
            "/api/v4/posts",
            &eve,
            json!({"channel_id": secret, "message": "let me in"}),
        )
        .await;
    assert_eq!(write.status, 403);
    assert_eq!(write.body["id"], "api.context.permissions.app_error");
    let join = server
        .post(
            &format!("/api/v4/channels/{secret}/members"),
            &eve,
            json!({"user_id": eve_id}),
        )
        .await;
    assert_eq!(join.status, 403, "nobody joins a private channel uninvited");

    // A member adds her; now she can read and post.
    let added = server
        .post(
            &format!("/api/v4/channels/{secret}/members"),
            &admin,
            json!({"user_id": eve_id}),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(
        server
            .get(&format!("/api/v4/channels/{secret}/posts"), &eve)
            .await
            .status,
        200
    );
    server.send_post(&eve, &secret, "thanks").await;
}

#[tokio::test]
async fn posts_page_with_cursors_like_mattermost() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let dev = server.channel(&admin, &team_id, "dev", "O").await;
    let mut sent = Vec::new();
    for n in 0..7 {
        sent.push(
            server
                .send_post(&admin, &dev, &format!("message {n}"))
                .await["id"]
                .as_str()
                .expect("id")
                .to_string(),
        );
    }
    let unused = server.send_post(&admin, &dev, "unused").await;
    let root = sent[2].clone();
    let answer = server
        .post(
            "/api/v4/posts",
            &admin,
            json!({"channel_id": dev, "message": "a reply", "root_id": root}),
        )
        .await;
    assert_eq!(answer.status, 201);
    let reply_id = answer.body["id"].as_str().expect("id").to_string();
    sent.push(unused["id"].as_str().expect("id").to_string());
    sent.push(reply_id.clone());
    // sent is oldest first: message 0..6, "unused", "a reply"

    let first = server
        .get(
            &format!("/api/v4/channels/{dev}/posts?page=0&per_page=3"),
            &admin,
        )
        .await;
    assert_eq!(first.content_type(), "application/json");
    let list = first.body;
    let newest_three: Vec<String> = sent.iter().rev().take(3).cloned().collect();
    assert_eq!(ids(&list), newest_three, "newest first");
    assert_eq!(list["next_post_id"], "");
    assert_eq!(list["prev_post_id"], sent[5].as_str());
    assert_eq!(list["has_next"], false);
    // The reply's root is in `posts` (not `order`) so the client can show what it answers.
    assert!(list["posts"][&root].is_object());
    assert_eq!(list["posts"][&root]["reply_count"], 1);
    assert_eq!(list["posts"][&reply_id]["reply_count"], 1);
    assert_eq!(list["posts"][&reply_id]["root_id"], root.as_str());

    let second = server
        .get(
            &format!("/api/v4/channels/{dev}/posts?page=1&per_page=3"),
            &admin,
        )
        .await
        .body;
    assert_eq!(
        ids(&second),
        vec![sent[5].clone(), sent[4].clone(), sent[3].clone()]
    );
    assert_eq!(second["next_post_id"], sent[6].as_str());
    assert_eq!(second["prev_post_id"], sent[2].as_str());

    let before = server
        .get(
            &format!("/api/v4/channels/{dev}/posts?before={}&per_page=2", sent[3]),
            &admin,
        )
        .await
        .body;
    assert_eq!(ids(&before), vec![sent[2].clone(), sent[1].clone()]);
    assert_eq!(before["next_post_id"], sent[3].as_str());
    assert_eq!(before["prev_post_id"], sent[0].as_str());

    let after = server
        .get(
            &format!("/api/v4/channels/{dev}/posts?after={}&per_page=2", sent[3]),
            &admin,
        )
        .await
        .body;
    assert_eq!(ids(&after), vec![sent[5].clone(), sent[4].clone()]);
    assert_eq!(after["prev_post_id"], sent[3].as_str());
    assert_eq!(after["next_post_id"], sent[6].as_str());

    let at_the_end = server
        .get(
            &format!("/api/v4/channels/{dev}/posts?after={}", sent[8]),
            &admin,
        )
        .await
        .body;
    assert!(ids(&at_the_end).is_empty());
    assert_eq!(at_the_end["next_post_id"], "");
    assert_eq!(at_the_end["prev_post_id"], sent[8].as_str());

    // `since` returns what changed after a time: the newest posts and the root touched by the reply.
    let since_time = list["posts"][&sent[6]]["create_at"].as_i64().expect("time");
    let since = server
        .get(
            &format!("/api/v4/channels/{dev}/posts?since={since_time}"),
            &admin,
        )
        .await
        .body;
    let changed: HashSet<String> = ids(&since).into_iter().collect();
    assert_eq!(
        changed,
        HashSet::from([sent[7].clone(), sent[8].clone(), root.clone()])
    );
    assert_eq!(since["next_post_id"], "");
    assert_eq!(since["prev_post_id"], "");

    let thread = server
        .get(&format!("/api/v4/posts/{reply_id}/thread"), &admin)
        .await
        .body;
    assert_eq!(
        ids(&thread),
        vec![reply_id.clone(), root.clone()],
        "the whole thread, newest first"
    );

    let one = server
        .get(&format!("/api/v4/posts/{}", sent[0]), &admin)
        .await;
    assert_eq!(one.body["message"], "message 0");
    let bad_root = server
        .post(
            "/api/v4/posts",
            &admin,
            json!({"channel_id": dev, "message": "x", "root_id": reply_id}),
        )
        .await;
    assert_eq!(
        bad_root.body["id"], "api.post.create_post.root_id.app_error",
        "replies to replies are refused"
    );
    let too_long = server
        .post(
            "/api/v4/posts",
            &admin,
            json!({"channel_id": dev, "message": "x".repeat(16384)}),
        )
        .await;
    assert_eq!(too_long.status, 400);
    assert_eq!(too_long.body["id"], "model.post.is_valid.msg.app_error");
    let blank = server
        .post(
            "/api/v4/posts",
            &admin,
            json!({"channel_id": dev, "message": "  "}),
        )
        .await;
    assert_eq!(blank.status, 400);
}

#[tokio::test]
async fn pending_post_id_deduplicates_and_counts_stay_consistent() {
    let server = common::start(false, None).await;
    let (admin_id, admin, team_id) = server.admin_with_team().await;
    let (bob_id, bob) = server.user(Some(&admin), "bob").await;
    server.add_to_team(&admin, &team_id, &bob_id).await;
    let dev = server.channel(&admin, &team_id, "dev", "O").await;
    let join = server
        .post(
            &format!("/api/v4/channels/{dev}/members"),
            &bob,
            json!({"user_id": bob_id}),
        )
        .await;
    assert_eq!(join.status, 201);

    let pending = format!("{admin_id}:1700000000000");
    let body = json!({"channel_id": dev, "message": "hello @bob", "pending_post_id": pending});
    let first = server.post("/api/v4/posts", &admin, body.clone()).await;
    let again = server.post("/api/v4/posts", &admin, body).await;
    assert_eq!(first.status, 201);
    assert_eq!(again.status, 201);
    assert_eq!(
        first.body["id"], again.body["id"],
        "a retry returns the same post"
    );
    assert_eq!(first.body["pending_post_id"], pending.as_str());
    assert_eq!(again.body["pending_post_id"], pending.as_str());

    let channel = server
        .get(&format!("/api/v4/channels/{dev}"), &admin)
        .await
        .body;
    let page = server
        .get(&format!("/api/v4/channels/{dev}/posts"), &admin)
        .await
        .body;
    assert_eq!(
        channel["total_msg_count"].as_u64(),
        Some(ids(&page).len() as u64),
        "one post, plus bob's join message"
    );
    assert_eq!(channel["total_msg_count"], 2);
    assert_eq!(channel["last_post_at"], first.body["create_at"]);

    // The author has read their post; bob has one unread message that mentions him.
    let author = server
        .get(&format!("/api/v4/channels/{dev}/members/me"), &admin)
        .await
        .body;
    assert_eq!(author["msg_count"], 2);
    let bob_member = server
        .get(&format!("/api/v4/channels/{dev}/members/me"), &bob)
        .await
        .body;
    assert_eq!(bob_member["msg_count"], 1);
    assert_eq!(bob_member["mention_count"], 1);

    let view = server
        .post(
            "/api/v4/channels/members/me/view",
            &bob,
            json!({"channel_id": dev, "prev_channel_id": ""}),
        )
        .await;
    assert_eq!(view.status, 200);
    assert_eq!(view.body["status"], "OK");
    assert_eq!(
        view.body["last_viewed_at_times"][&dev],
        first.body["create_at"]
    );
    let bob_member = server
        .get(&format!("/api/v4/channels/{dev}/members/me"), &bob)
        .await
        .body;
    assert_eq!(bob_member["msg_count"], 2);
    assert_eq!(bob_member["mention_count"], 0);
    let members = server
        .get(
            &format!("/api/v4/users/me/teams/{team_id}/channels/members"),
            &bob,
        )
        .await
        .body;
    assert!(members
        .as_array()
        .expect("array")
        .iter()
        .any(|m| m["channel_id"] == dev.as_str()));
}
