//! Editing, deleting and marking posts unread: who may, what changes, who hears of it.

mod common;

use std::time::Duration;

use brisk_model::PostChangedData;
use serde_json::{json, Value};

/// The channels of this file's tests.
struct Channels {
    dev: String,
}

type Setup = common::Scene<Channels>;

/// Sets up an admin and bob in a private channel "dev", and eve (on the team, not in "dev").
async fn setup() -> Setup {
    let (server, people, [dev]) = common::cast_with_bob_in([("dev", "P")]).await;
    Setup {
        server,
        people,
        ch: Channels { dev },
    }
}

fn id(post: &Value) -> String {
    post["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn authors_edit_their_posts_and_members_hear_of_it() {
    let s = setup().await;
    let post = s.server.send_post(&s.bob, &s.ch.dev, "frist").await;
    let post_id = id(&post);
    let mut admin_socket = s.server.socket(&s.admin, "").await;
    let mut seq = common::greet(&mut admin_socket).await;
    let mut eve_socket = s.server.socket(&s.eve, "").await;
    common::greet(&mut eve_socket).await;

    let edited = s
        .server
        .put(
            &format!("/api/v4/posts/{post_id}/patch"),
            &s.bob,
            json!({"message": "first #fixed"}),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(edited.content_type(), "application/json");
    assert_eq!(edited.body["message"], "first #fixed");
    assert_eq!(edited.body["hashtags"], "#fixed");
    let edit_at = edited.body["edit_at"].as_i64().expect("edit_at");
    assert!(edit_at >= post["create_at"].as_i64().expect("create_at") && edit_at > 0);
    assert_eq!(edited.body["update_at"], edit_at);

    let event = common::next_event(&mut admin_socket, "post_edited", &mut seq).await;
    assert_eq!(event["broadcast"]["channel_id"], s.ch.dev.as_str());
    assert!(
        event["data"]["post"].is_string(),
        "post travels as a JSON string"
    );
    let data: PostChangedData = serde_json::from_value(event["data"].clone()).expect("data");
    assert_eq!(data.decode_post().expect("post").message, "first #fixed");
    assert!(
        common::next_json_within(&mut eve_socket, Duration::from_millis(300))
            .await
            .is_none(),
        "eve is not in the private channel and hears nothing"
    );

    // Someone else's post: only a system admin may edit it.
    let refused = s
        .server
        .put(
            &format!("/api/v4/posts/{post_id}/patch"),
            &s.eve,
            json!({"message": "pwned"}),
        )
        .await;
    assert_eq!(refused.status, 403);
    let admin_post = s.server.send_post(&s.admin, &s.ch.dev, "admin words").await;
    let refused = s
        .server
        .put(
            &format!("/api/v4/posts/{}/patch", id(&admin_post)),
            &s.bob,
            json!({"message": "bob words"}),
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(refused.body["id"], "api.context.permissions.app_error");
    let by_admin = s
        .server
        .put(
            &format!("/api/v4/posts/{post_id}/patch"),
            &s.admin,
            json!({"message": "moderated"}),
        )
        .await;
    assert_eq!(by_admin.status, 200);

    // The whole-post update takes the message too, and refuses a mismatched id.
    let updated = s
        .server
        .put(
            &format!("/api/v4/posts/{post_id}"),
            &s.bob,
            json!({"id": post_id, "message": "updated"}),
        )
        .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.body["message"], "updated");
    let mismatch = s
        .server
        .put(
            &format!("/api/v4/posts/{post_id}"),
            &s.bob,
            json!({"id": id(&admin_post), "message": "x"}),
        )
        .await;
    assert_eq!(mismatch.status, 400);

    // Limits and system messages.
    let too_long = s
        .server
        .put(
            &format!("/api/v4/posts/{post_id}/patch"),
            &s.bob,
            json!({"message": "x".repeat(16_384)}),
        )
        .await;
    assert_eq!(too_long.status, 400);
    assert_eq!(too_long.body["id"], "model.post.is_valid.msg.app_error");
    let page = s
        .server
        .get(&format!("/api/v4/channels/{}/posts", s.ch.dev), &s.admin)
        .await
        .body;
    let system_id = page["posts"]
        .as_object()
        .expect("posts")
        .values()
        .find(|p| p["type"] == "system_add_to_channel")
        .map(id)
        .expect("the add-to-channel message");
    let system_edit = s
        .server
        .put(
            &format!("/api/v4/posts/{system_id}/patch"),
            &s.admin,
            json!({"message": "rewritten history"}),
        )
        .await;
    assert_eq!(system_edit.status, 400);
    assert_eq!(
        system_edit.body["id"],
        "api.post.update_post.system_message.app_error"
    );
}

#[tokio::test]
async fn deleting_a_root_takes_its_replies_and_tells_the_channel() {
    let s = setup().await;
    let root = s.server.send_post(&s.bob, &s.ch.dev, "root").await;
    let root_id = id(&root);
    let reply = s
        .server
        .post(
            "/api/v4/posts",
            &s.admin,
            json!({"channel_id": s.ch.dev, "message": "reply", "root_id": root_id}),
        )
        .await;
    assert_eq!(reply.status, 201);
    let reply_id = id(&reply.body);
    let thread = s
        .server
        .get(&format!("/api/v4/posts/{root_id}/thread"), &s.bob)
        .await
        .body;
    assert_eq!(thread["order"], json!([reply_id, root_id]), "root included");
    assert_eq!(thread["posts"][&root_id]["reply_count"], 1);

    let refused = s
        .server
        .delete(&format!("/api/v4/posts/{reply_id}"), &s.bob)
        .await;
    assert_eq!(refused.status, 403, "bob may not delete the admin's reply");
    let refused = s
        .server
        .delete(&format!("/api/v4/posts/{root_id}"), &s.eve)
        .await;
    assert_eq!(refused.status, 403, "eve cannot even see the channel");

    let mut admin_socket = s.server.socket(&s.admin, "").await;
    let mut seq = common::greet(&mut admin_socket).await;
    let before = s
        .server
        .get(&format!("/api/v4/channels/{}", s.ch.dev), &s.admin)
        .await
        .body["last_post_at"]
        .as_i64()
        .expect("time");
    let deleted = s
        .server
        .delete(&format!("/api/v4/posts/{root_id}"), &s.bob)
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(deleted.body, json!({"status": "OK"}));
    let event = common::next_event(&mut admin_socket, "post_deleted", &mut seq).await;
    let data: PostChangedData = serde_json::from_value(event["data"].clone()).expect("data");
    let gone = data.decode_post().expect("post");
    assert_eq!(gone.id, root_id);
    assert!(gone.delete_at > 0);
    assert_eq!(data.delete_by.as_deref(), Some(s.bob_id.as_str()));

    for post_id in [&root_id, &reply_id] {
        let fetched = s
            .server
            .get(&format!("/api/v4/posts/{post_id}"), &s.admin)
            .await;
        assert_eq!(fetched.status, 404, "{post_id} is gone");
    }
    let page = s
        .server
        .get(&format!("/api/v4/channels/{}/posts", s.ch.dev), &s.admin)
        .await
        .body;
    assert!(page["posts"].get(&root_id).is_none());
    assert!(page["posts"].get(&reply_id).is_none());
    // Clients catching up with `since` learn of both deletions.
    let since = s
        .server
        .get(
            &format!("/api/v4/channels/{}/posts?since={}", s.ch.dev, before - 1),
            &s.admin,
        )
        .await
        .body;
    assert!(since["posts"][&root_id]["delete_at"].as_i64() > Some(0));
    assert!(since["posts"][&reply_id]["delete_at"].as_i64() > Some(0));
    let again = s
        .server
        .delete(&format!("/api/v4/posts/{root_id}"), &s.bob)
        .await;
    assert_eq!(again.status, 404);

    // An admin of the channel may delete anyone's post.
    let bobs = s.server.send_post(&s.bob, &s.ch.dev, "spam").await;
    let moderated = s
        .server
        .delete(&format!("/api/v4/posts/{}", id(&bobs)), &s.admin)
        .await;
    assert_eq!(moderated.status, 200);
}

#[tokio::test]
async fn set_unread_moves_the_read_position_back_and_tells_the_user() {
    let s = setup().await;
    let first = s.server.send_post(&s.admin, &s.ch.dev, "one").await;
    let second = s.server.send_post(&s.admin, &s.ch.dev, "two @bob").await;
    s.server.send_post(&s.admin, &s.ch.dev, "three").await;
    let viewed = s
        .server
        .post(
            "/api/v4/channels/members/me/view",
            &s.bob,
            json!({"channel_id": s.ch.dev}),
        )
        .await;
    assert_eq!(viewed.status, 200);
    let channel = s
        .server
        .get(&format!("/api/v4/channels/{}", s.ch.dev), &s.bob)
        .await
        .body;
    let total = channel["total_msg_count"].as_i64().expect("total");

    let mut bob_socket = s.server.socket(&s.bob, "").await;
    let mut seq = common::greet(&mut bob_socket).await;
    let mut admin_socket = s.server.socket(&s.admin, "").await;
    common::greet(&mut admin_socket).await;
    let unread = s
        .server
        .post(
            &format!(
                "/api/v4/users/{}/posts/{}/set_unread",
                s.bob_id,
                id(&second)
            ),
            &s.bob,
            json!({"collapsed_threads_supported": true}),
        )
        .await;
    assert_eq!(unread.status, 200, "{}", unread.body);
    assert_eq!(unread.content_type(), "application/json");
    let body = &unread.body;
    assert_eq!(body["channel_id"], s.ch.dev.as_str());
    assert_eq!(body["user_id"], s.bob_id.as_str());
    assert!(body["team_id"].is_string());
    assert_eq!(body["msg_count"], total - 2, "two and three are unread");
    assert_eq!(body["msg_count_root"], total - 2);
    assert_eq!(body["mention_count"], 1);
    assert_eq!(
        body["last_viewed_at"],
        second["create_at"].as_i64().expect("time") - 1
    );
    assert!(body["notify_props"].is_object());

    let event = common::next_event(&mut bob_socket, "post_unread", &mut seq).await;
    assert_eq!(event["broadcast"]["channel_id"], s.ch.dev.as_str());
    assert_eq!(event["broadcast"]["user_id"], s.bob_id.as_str());
    assert_eq!(event["data"]["msg_count"], total - 2);
    assert_eq!(event["data"]["mention_count"], 1);
    assert_eq!(event["data"]["post_id"], id(&second).as_str());
    assert!(
        common::next_json_within(&mut admin_socket, Duration::from_millis(300))
            .await
            .is_none(),
        "only the user's own sockets hear of it"
    );

    let member = s
        .server
        .get(&format!("/api/v4/channels/{}/members/me", s.ch.dev), &s.bob)
        .await
        .body;
    assert_eq!(member["msg_count"], total - 2);
    assert_eq!(member["mention_count"], 1);

    // Not for someone else, and not in a channel one cannot read.
    let others = s
        .server
        .post(
            &format!("/api/v4/users/{}/posts/{}/set_unread", s.bob_id, id(&first)),
            &s.admin,
            json!({}),
        )
        .await;
    assert_eq!(others.status, 403);
    let eve_id = s.server.get("/api/v4/users/me", &s.eve).await.body["id"]
        .as_str()
        .expect("id")
        .to_string();
    let outsider = s
        .server
        .post(
            &format!("/api/v4/users/{eve_id}/posts/{}/set_unread", id(&first)),
            &s.eve,
            json!({}),
        )
        .await;
    assert_eq!(outsider.status, 403);
}

#[tokio::test]
async fn archived_channels_are_read_only() {
    let s = setup().await;
    let post = s
        .server
        .send_post(&s.bob, &s.ch.dev, "before the archive")
        .await;
    let dev = s.ch.dev.clone();
    s.server
        .state
        .db
        .write(move |tx| {
            tx.execute("UPDATE channels SET delete_at = 1 WHERE id = ?1", [dev])?;
            Ok(())
        })
        .await
        .expect("archive");
    let refused = s
        .server
        .post(
            "/api/v4/posts",
            &s.bob,
            json!({"channel_id": s.ch.dev, "message": "after"}),
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.body["id"],
        "api.post.create_post.can_not_post_to_deleted.error"
    );
    let edit = s
        .server
        .put(
            &format!("/api/v4/posts/{}/patch", id(&post)),
            &s.bob,
            json!({"message": "edited"}),
        )
        .await;
    assert_eq!(edit.status, 403);
    assert_eq!(
        edit.body["id"],
        "api.post.update_post.can_not_update_post_in_deleted.error"
    );
    let removal = s
        .server
        .delete(&format!("/api/v4/posts/{}", id(&post)), &s.bob)
        .await;
    assert_eq!(removal.status, 403);
    // Reading still works.
    let read = s
        .server
        .get(&format!("/api/v4/posts/{}", id(&post)), &s.bob)
        .await;
    assert_eq!(read.status, 200);
}
