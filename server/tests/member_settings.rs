//! A member's own settings, with Mattermost's endpoints and rules: the profile
//! (`PUT /users/{id}/patch`, heard by everyone as `user_updated`) and each channel's notification
//! settings (`PUT /channels/{id}/members/{user_id}/notify_props`, heard by the member's sessions as
//! `channel_member_updated`). Each person changes only their own; a system admin anyone's.

mod common;

use serde_json::{json, Value};

/// The next event named `name` on the socket (others are skipped).
async fn event_named(socket: &mut common::Socket, name: &str) -> Value {
    loop {
        let message = common::next_json(socket).await;
        if message["event"] == name {
            return message;
        }
    }
}

#[tokio::test]
async fn a_profile_change_is_checked_saved_and_heard_by_everyone() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let mut eve_socket = server.socket(&people.eve, "").await;
    common::greet(&mut eve_socket).await;
    let path = "/api/v4/users/me/patch";

    let too_long = [
        (
            json!({"first_name": "x".repeat(65)}),
            "model.user.is_valid.first_name.app_error",
        ),
        (
            json!({"nickname": "x".repeat(65)}),
            "model.user.is_valid.nickname.app_error",
        ),
        (
            json!({"position": "x".repeat(129)}),
            "model.user.is_valid.position.app_error",
        ),
        (
            json!({"username": "robert"}),
            "api.user.patch_user.username_email_change.app_error",
        ),
    ];
    for (body, id) in too_long {
        let reply = server.put(path, &people.bob, body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        assert_eq!(reply.body["id"], id, "{body}");
    }
    let unchanged = server.get("/api/v4/users/me", &people.bob).await.body;
    assert_eq!(
        unchanged["first_name"], "",
        "a refused patch changes nothing"
    );

    // Mattermost's web app sends the whole user back, username and email included.
    let mut whole = unchanged.clone();
    whole["first_name"] = json!("Robert");
    whole["last_name"] = json!("Tables");
    whole["nickname"] = json!("Bobby");
    whole["position"] = json!("x".repeat(128));
    let patched = server.put(path, &people.bob, whole).await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.body["first_name"], "Robert");
    assert_eq!(patched.body["username"], "bob");
    assert!(patched.body["update_at"].as_i64() > unchanged["update_at"].as_i64());

    let heard = event_named(&mut eve_socket, "user_updated").await;
    assert_eq!(heard["data"]["user"]["id"], people.bob_id.as_str());
    assert_eq!(heard["data"]["user"]["nickname"], "Bobby");

    let only_nickname = server.put(path, &people.bob, json!({"nickname": ""})).await;
    assert_eq!(only_nickname.body["nickname"], "");
    assert_eq!(
        only_nickname.body["last_name"], "Tables",
        "absent fields stay"
    );
}

#[tokio::test]
async fn only_a_system_admin_changes_someone_elses_profile() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let path = format!("/api/v4/users/{}/patch", people.bob_id);
    let refused = server
        .put(&path, &people.eve, json!({"first_name": "Mallory"}))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let by_admin = server
        .put(&path, &people.admin, json!({"first_name": "Bob"}))
        .await;
    assert_eq!(by_admin.status, 200, "{}", by_admin.body);
    let bob = server
        .get(&format!("/api/v4/users/{}", people.bob_id), &people.eve)
        .await;
    assert_eq!(bob.body["first_name"], "Bob");
}

#[tokio::test]
async fn channel_notification_settings_change_only_what_is_sent_and_reach_my_sessions() {
    let (server, people, [dev]) = common::cast_with_bob_in([("dev", "O")]).await;
    let mut bob_socket = server.socket(&people.bob, "").await;
    common::greet(&mut bob_socket).await;
    let path = format!("/api/v4/channels/{dev}/members/me/notify_props");

    for (body, id) in [
        (
            json!({"mark_unread": "none"}),
            "model.channel_member.is_valid.unread_level.app_error",
        ),
        (
            json!({"desktop": "loud"}),
            "model.channel_member.is_valid.notify_level.app_error",
        ),
        (
            json!({"push": "x"}),
            "model.channel_member.is_valid.push_level.app_error",
        ),
        (
            json!({"email": "all"}),
            "model.channel_member.is_valid.email_value.app_error",
        ),
    ] {
        let reply = server.put(&path, &people.bob, body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        assert_eq!(reply.body["id"], id, "{body}");
    }
    let not_json = server.put(&path, &people.bob, json!(["mention"])).await;
    assert_eq!(not_json.status, 400);

    let muted = server
        .put(&path, &people.bob, json!({"mark_unread": "mention"}))
        .await;
    assert_eq!(muted.status, 200, "{}", muted.body);
    assert_eq!(muted.body["status"], "OK");
    let heard = event_named(&mut bob_socket, "channel_member_updated").await;
    let member: Value = serde_json::from_str(
        heard["data"]["channelMember"]
            .as_str()
            .expect("a JSON string"),
    )
    .expect("a member");
    assert_eq!(member["channel_id"], dev.as_str());
    assert_eq!(member["notify_props"]["mark_unread"], "mention");

    let desktop = server
        .put(
            &path,
            &people.bob,
            json!({"desktop": "all", "ignore_channel_mentions": "on"}),
        )
        .await;
    assert_eq!(desktop.status, 200, "{}", desktop.body);
    let member = server
        .get(&format!("/api/v4/channels/{dev}/members/me"), &people.bob)
        .await;
    assert_eq!(
        member.body["notify_props"]["mark_unread"], "mention",
        "kept"
    );
    assert_eq!(member.body["notify_props"]["desktop"], "all");
}

#[tokio::test]
async fn nobody_changes_anothers_channel_settings_or_those_of_a_channel_they_cannot_see() {
    let (server, people, [secret]) = common::cast_with_bob_in([("secret", "P")]).await;
    let bobs = format!(
        "/api/v4/channels/{secret}/members/{}/notify_props",
        people.bob_id
    );
    let mute = json!({"mark_unread": "mention"});
    let by_eve = server.put(&bobs, &people.eve, mute.clone()).await;
    assert_eq!(by_eve.status, 403, "{}", by_eve.body);
    let eves = format!("/api/v4/channels/{secret}/members/me/notify_props");
    let outsider = server.put(&eves, &people.eve, mute.clone()).await;
    assert_eq!(outsider.status, 403, "{}", outsider.body);
    let by_admin = server.put(&bobs, &people.admin, mute).await;
    assert_eq!(by_admin.status, 200, "{}", by_admin.body);

    let open = server
        .channel(&people.admin, &people.team_id, "open", "O")
        .await;
    let not_a_member = server
        .put(
            &format!("/api/v4/channels/{open}/members/me/notify_props"),
            &people.eve,
            json!({"desktop": "none"}),
        )
        .await;
    assert_eq!(not_a_member.status, 404, "{}", not_a_member.body);
}
