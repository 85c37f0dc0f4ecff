//! Conformance: real responses from the running app, checked field by field against the JSON
//! types of Mattermost's API definitions, so the client (ours, or Mattermost's own) can rely on
//! them. Every JSON response must say `Content-Type: application/json`, exactly.
//!
//! Field lists come from mattermost/mattermost `api/v4/source/definitions.yaml` (components →
//! schemas: User, Team, Channel, ChannelMember, ChannelStats, ChannelUnreadAt, Post, PostList,
//! PostListWithSearchMatches, Reaction, FileInfo, StatusOK) and, where that file is silent or
//! wrong, from the Go model the server serialises (`server/public/model/*.go`): AppError
//! (utils.go), the WebSocket envelope (websocket_message.go), and the `posted` / `post_edited` /
//! `reaction_added` data (post.go, reaction.go: the post and the reaction travel as JSON strings).

mod common;

use std::io::Cursor;

use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug)]
enum Kind {
    Str,
    /// A JSON integer (never a float: Mattermost's int64 times and counts).
    Int,
    Bool,
    Obj,
    Arr,
    /// An object, or null (Go maps that may be nil).
    ObjOrNull,
}

use Kind::*;

fn has_kind(value: &Value, kind: Kind) -> bool {
    match kind {
        Str => value.is_string(),
        Int => value.is_i64() || value.is_u64(),
        Bool => value.is_boolean(),
        Obj => value.is_object(),
        Arr => value.is_array(),
        ObjOrNull => value.is_object() || value.is_null(),
    }
}

/// Every listed field is present with its type.
fn conforms(schema: &str, value: &Value, fields: &[(&str, Kind)]) {
    assert!(value.is_object(), "{schema}: not an object: {value}");
    for (name, kind) in fields {
        let field = value
            .get(*name)
            .unwrap_or_else(|| panic!("{schema}.{name} is missing in {value}"));
        assert!(
            has_kind(field, *kind),
            "{schema}.{name} should be {kind:?}, is {field}"
        );
    }
}

/// Present fields that the schema lists optionally must still have its type.
fn optional(schema: &str, value: &Value, fields: &[(&str, Kind)]) {
    for (name, kind) in fields {
        if let Some(field) = value.get(*name) {
            assert!(
                has_kind(field, *kind),
                "{schema}.{name} should be {kind:?}, is {field}"
            );
        }
    }
}

/// definitions.yaml `User` (the fields Mattermost always sends: its Go model omits the others when
/// empty, and never sends the password or auth data).
const USER: &[(&str, Kind)] = &[
    ("id", Str),
    ("create_at", Int),
    ("update_at", Int),
    ("delete_at", Int),
    ("username", Str),
    ("first_name", Str),
    ("last_name", Str),
    ("nickname", Str),
    ("email", Str),
    ("auth_service", Str),
    ("roles", Str),
    ("locale", Str),
    ("timezone", Obj),
    ("last_picture_update", Int),
];
/// The rest of definitions.yaml `User`, sent only when set.
const USER_OPTIONAL: &[(&str, Kind)] = &[
    ("email_verified", Bool),
    ("notify_props", Obj),
    ("props", Obj),
    ("last_password_update", Int),
    ("failed_attempts", Int),
    ("mfa_active", Bool),
    ("terms_of_service_id", Str),
    ("terms_of_service_create_at", Int),
];
/// definitions.yaml `Team` (`policy_id` is null unless a retention policy applies).
const TEAM: &[(&str, Kind)] = &[
    ("id", Str),
    ("create_at", Int),
    ("update_at", Int),
    ("delete_at", Int),
    ("display_name", Str),
    ("name", Str),
    ("description", Str),
    ("email", Str),
    ("type", Str),
    ("allowed_domains", Str),
    ("invite_id", Str),
    ("allow_open_invite", Bool),
];
/// definitions.yaml `Channel`, plus the root-post counters of the Go model the client uses.
const CHANNEL: &[(&str, Kind)] = &[
    ("id", Str),
    ("create_at", Int),
    ("update_at", Int),
    ("delete_at", Int),
    ("team_id", Str),
    ("type", Str),
    ("display_name", Str),
    ("name", Str),
    ("header", Str),
    ("purpose", Str),
    ("last_post_at", Int),
    ("total_msg_count", Int),
    ("extra_update_at", Int),
    ("creator_id", Str),
    ("last_root_post_at", Int),
    ("total_msg_count_root", Int),
];
/// definitions.yaml `ChannelMember`, plus the root counters of the Go model.
const CHANNEL_MEMBER: &[(&str, Kind)] = &[
    ("channel_id", Str),
    ("user_id", Str),
    ("roles", Str),
    ("last_viewed_at", Int),
    ("msg_count", Int),
    ("mention_count", Int),
    ("notify_props", Obj),
    ("last_update_at", Int),
    ("msg_count_root", Int),
    ("mention_count_root", Int),
];
/// definitions.yaml `Post`. (It spells the hashtags field `hashtag`; the Go model, and so every
/// Mattermost server, sends `hashtags`.)
const POST: &[(&str, Kind)] = &[
    ("id", Str),
    ("create_at", Int),
    ("update_at", Int),
    ("delete_at", Int),
    ("edit_at", Int),
    ("user_id", Str),
    ("channel_id", Str),
    ("root_id", Str),
    ("original_id", Str),
    ("message", Str),
    ("type", Str),
    ("props", Obj),
    ("hashtags", Str),
    ("file_ids", Arr),
    ("pending_post_id", Str),
    ("metadata", Obj),
    ("reply_count", Int),
    ("is_pinned", Bool),
];
/// definitions.yaml `PostMetadata`: every part is omitted (or null) when there is nothing.
const POST_METADATA: &[(&str, Kind)] = &[
    ("embeds", Arr),
    ("emojis", Arr),
    ("files", Arr),
    ("images", Obj),
    ("reactions", Arr),
];
/// definitions.yaml `PostList`.
const POST_LIST: &[(&str, Kind)] = &[
    ("order", Arr),
    ("posts", Obj),
    ("next_post_id", Str),
    ("prev_post_id", Str),
    ("has_next", Bool),
];
/// definitions.yaml `Reaction`.
const REACTION: &[(&str, Kind)] = &[
    ("user_id", Str),
    ("post_id", Str),
    ("emoji_name", Str),
    ("create_at", Int),
];
/// definitions.yaml `FileInfo`.
const FILE_INFO: &[(&str, Kind)] = &[
    ("id", Str),
    ("user_id", Str),
    ("post_id", Str),
    ("create_at", Int),
    ("update_at", Int),
    ("delete_at", Int),
    ("name", Str),
    ("extension", Str),
    ("size", Int),
    ("mime_type", Str),
    ("width", Int),
    ("height", Int),
    ("has_preview_image", Bool),
];
/// definitions.yaml `ChannelUnreadAt`.
const CHANNEL_UNREAD_AT: &[(&str, Kind)] = &[
    ("team_id", Str),
    ("channel_id", Str),
    ("msg_count", Int),
    ("mention_count", Int),
    ("last_viewed_at", Int),
];
/// definitions.yaml `ChannelStats`.
const CHANNEL_STATS: &[(&str, Kind)] = &[("channel_id", Str), ("member_count", Int)];
/// The Go model's `AppError` (utils.go), which every error body is.
const APP_ERROR: &[(&str, Kind)] = &[
    ("id", Str),
    ("message", Str),
    ("detailed_error", Str),
    ("request_id", Str),
    ("status_code", Int),
];
/// websocket_message.go `WebSocketEvent` and its `WebsocketBroadcast`.
const EVENT: &[(&str, Kind)] = &[
    ("event", Str),
    ("data", Obj),
    ("broadcast", Obj),
    ("seq", Int),
];
const BROADCAST: &[(&str, Kind)] = &[
    ("omit_users", ObjOrNull),
    ("user_id", Str),
    ("channel_id", Str),
    ("team_id", Str),
];
/// The `posted` event's data (post.go / web_hub: the post and mentions as JSON strings).
const POSTED_DATA: &[(&str, Kind)] = &[
    ("post", Str),
    ("channel_type", Str),
    ("channel_display_name", Str),
    ("channel_name", Str),
    ("sender_name", Str),
    ("team_id", Str),
];

/// A JSON response with exactly `Content-Type: application/json`.
fn json_body(reply: &common::Reply, expected_status: u16) -> &Value {
    assert_eq!(reply.status.as_u16(), expected_status, "{}", reply.body);
    assert_eq!(reply.content_type(), "application/json");
    &reply.body
}

fn conforms_post(post: &Value) {
    conforms("Post", post, POST);
    optional("PostMetadata", &post["metadata"], POST_METADATA);
}

#[tokio::test]
async fn responses_have_mattermosts_fields_and_types() {
    let server = common::start(false, None).await;
    let (admin_id, admin, team_id) = server.admin_with_team().await;
    let (bob_id, bob) = server.user(Some(&admin), "bob").await;
    server.add_to_team(&admin, &team_id, &bob_id).await;

    let me = server.get("/api/v4/users/me", &bob).await;
    conforms("User", json_body(&me, 200), USER);
    optional("User", &me.body, USER_OPTIONAL);
    let users = server
        .post("/api/v4/users/ids", &bob, json!([admin_id]))
        .await;
    conforms("User", &json_body(&users, 200)[0], USER);

    let team = server.get(&format!("/api/v4/teams/{team_id}"), &bob).await;
    conforms("Team", json_body(&team, 200), TEAM);
    optional("Team", &team.body, &[("policy_id", Str)]);
    let teams = server.get("/api/v4/users/me/teams", &bob).await;
    conforms("Team", &json_body(&teams, 200)[0], TEAM);

    let dev = server.channel(&admin, &team_id, "dev", "O").await;
    let joined = server
        .post(
            &format!("/api/v4/channels/{dev}/members"),
            &bob,
            json!({"user_id": bob_id}),
        )
        .await;
    conforms("ChannelMember", json_body(&joined, 201), CHANNEL_MEMBER);
    let channel = server.get(&format!("/api/v4/channels/{dev}"), &bob).await;
    conforms("Channel", json_body(&channel, 200), CHANNEL);
    let mine = server
        .get(&format!("/api/v4/users/me/teams/{team_id}/channels"), &bob)
        .await;
    for channel in json_body(&mine, 200).as_array().expect("array") {
        conforms("Channel", channel, CHANNEL);
    }
    let members = server
        .get(
            &format!("/api/v4/users/me/teams/{team_id}/channels/members"),
            &bob,
        )
        .await;
    for member in json_body(&members, 200).as_array().expect("array") {
        conforms("ChannelMember", member, CHANNEL_MEMBER);
    }
    let stats = server
        .get(&format!("/api/v4/channels/{dev}/stats"), &bob)
        .await;
    conforms("ChannelStats", json_body(&stats, 200), CHANNEL_STATS);
    let dm = server
        .post("/api/v4/channels/direct", &bob, json!([bob_id, admin_id]))
        .await;
    conforms("Channel", json_body(&dm, 201), CHANNEL);

    // Posts, with a file and a reaction so their metadata is there too.
    let mut png = Vec::new();
    image::RgbImage::from_pixel(4, 4, image::Rgb([0, 0, 0]))
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let uploaded = server
        .http
        .post(format!("{}/api/v4/files", server.base))
        .bearer_auth(&bob)
        .multipart(
            Form::new()
                .text("channel_id", dev.clone())
                .part("files", Part::bytes(png).file_name("dot.png")),
        )
        .send()
        .await
        .expect("upload");
    assert_eq!(uploaded.status(), 201);
    assert_eq!(uploaded.headers()["content-type"], "application/json");
    let uploaded: Value = uploaded.json().await.expect("json");
    conforms(
        "FileUploadResponse",
        &uploaded,
        &[("file_infos", Arr), ("client_ids", Arr)],
    );
    let file = &uploaded["file_infos"][0];
    conforms("FileInfo", file, FILE_INFO);

    let mut bob_socket = server.socket(&bob, "").await;
    let hello = common::next_json(&mut bob_socket).await;
    conforms("WebSocketEvent", &hello, EVENT);
    conforms("WebsocketBroadcast", &hello["broadcast"], BROADCAST);
    let mut seq = 1;

    let created = server
        .post(
            "/api/v4/posts",
            &admin,
            json!({"channel_id": dev, "message": "hello @bob #conformance", "pending_post_id": format!("{admin_id}:1")}),
        )
        .await;
    conforms_post(json_body(&created, 201));
    let post_id = created.body["id"].as_str().expect("id").to_string();
    let with_file = server
        .post(
            "/api/v4/posts",
            &bob,
            json!({"channel_id": dev, "message": "a file", "file_ids": [file["id"]]}),
        )
        .await;
    conforms_post(json_body(&with_file, 201));
    conforms(
        "FileInfo",
        &with_file.body["metadata"]["files"][0],
        FILE_INFO,
    );

    let posted = common::next_event(&mut bob_socket, "posted", &mut seq).await;
    conforms("WebSocketEvent", &posted, EVENT);
    conforms("WebsocketBroadcast", &posted["broadcast"], BROADCAST);
    conforms("posted data", &posted["data"], POSTED_DATA);
    optional("posted data", &posted["data"], &[("mentions", Str)]);
    let inner: Value = serde_json::from_str(posted["data"]["post"].as_str().expect("string"))
        .expect("the post is JSON");
    conforms_post(&inner);

    let reaction = server
        .post(
            "/api/v4/reactions",
            &bob,
            json!({"user_id": bob_id, "post_id": post_id, "emoji_name": "smile"}),
        )
        .await;
    conforms("Reaction", json_body(&reaction, 201), REACTION);
    let added = common::next_event(&mut bob_socket, "reaction_added", &mut seq).await;
    conforms("WebSocketEvent", &added, EVENT);
    let inner: Value = serde_json::from_str(added["data"]["reaction"].as_str().expect("string"))
        .expect("the reaction is JSON");
    conforms("Reaction", &inner, REACTION);
    let listed = server
        .get(&format!("/api/v4/posts/{post_id}/reactions"), &bob)
        .await;
    conforms("Reaction", &json_body(&listed, 200)[0], REACTION);

    let edited = server
        .call(
            Method::PUT,
            &format!("/api/v4/posts/{post_id}/patch"),
            Some(&admin),
            Some(json!({"message": "hello again"})),
        )
        .await;
    conforms_post(json_body(&edited, 200));
    let edit_event = common::next_event(&mut bob_socket, "post_edited", &mut seq).await;
    conforms("WebSocketEvent", &edit_event, EVENT);
    conforms("post_edited data", &edit_event["data"], &[("post", Str)]);
    let inner: Value = serde_json::from_str(edit_event["data"]["post"].as_str().expect("string"))
        .expect("the post is JSON");
    conforms_post(&inner);
    conforms("Reaction", &inner["metadata"]["reactions"][0], REACTION);

    let one = server.get(&format!("/api/v4/posts/{post_id}"), &bob).await;
    conforms_post(json_body(&one, 200));
    let page = server
        .get(&format!("/api/v4/channels/{dev}/posts"), &bob)
        .await;
    let list = json_body(&page, 200);
    conforms("PostList", list, POST_LIST);
    for post in list["posts"].as_object().expect("posts").values() {
        conforms_post(post);
    }
    let thread = server
        .get(&format!("/api/v4/posts/{post_id}/thread"), &bob)
        .await;
    conforms("PostList", json_body(&thread, 200), POST_LIST);
    let found = server
        .post(
            &format!("/api/v4/teams/{team_id}/posts/search"),
            &bob,
            json!({"terms": "hello", "is_or_search": false}),
        )
        .await;
    let found = json_body(&found, 200);
    conforms(
        "PostListWithSearchMatches",
        found,
        &[("order", Arr), ("posts", Obj), ("matches", Obj)],
    );
    assert_eq!(found["matches"][&post_id], json!(["hello"]));

    let info = server
        .get(
            &format!("/api/v4/files/{}/info", file["id"].as_str().expect("id")),
            &bob,
        )
        .await;
    conforms("FileInfo", json_body(&info, 200), FILE_INFO);
    let unread = server
        .post(
            &format!("/api/v4/users/{bob_id}/posts/{post_id}/set_unread"),
            &bob,
            json!({}),
        )
        .await;
    conforms(
        "ChannelUnreadAt",
        json_body(&unread, 200),
        CHANNEL_UNREAD_AT,
    );
    let removed = server
        .call(
            Method::DELETE,
            &format!("/api/v4/users/{bob_id}/posts/{post_id}/reactions/smile"),
            Some(&bob),
            None,
        )
        .await;
    conforms("StatusOK", json_body(&removed, 200), &[("status", Str)]);
}

#[tokio::test]
async fn every_error_is_an_app_error() {
    let server = common::start(false, None).await;
    let (_, admin, team_id) = server.admin_with_team().await;
    let (eve_id, eve) = server.user(Some(&admin), "eve").await;
    server.add_to_team(&admin, &team_id, &eve_id).await;
    let secret = server.channel(&admin, &team_id, "secret", "P").await;
    let cases = [
        (
            server
                .call(Method::GET, "/api/v4/users/me", None, None)
                .await,
            401,
        ),
        (
            server
                .get(&format!("/api/v4/channels/{secret}"), &eve)
                .await,
            403,
        ),
        (
            server
                .get("/api/v4/posts/aaaaaaaaaaaaaaaaaaaaaaaaaa", &eve)
                .await,
            404,
        ),
        (server.get("/api/v4/no/such/route", &eve).await, 404),
        (
            server
                .post(
                    "/api/v4/reactions",
                    &eve,
                    json!({"user_id": eve_id, "post_id": "x", "emoji_name": "smile"}),
                )
                .await,
            400,
        ),
        (
            server
                .call(Method::PATCH, "/api/v4/users/me", Some(&eve), None)
                .await,
            405,
        ),
    ];
    for (reply, status) in &cases {
        let body = json_body(reply, *status);
        conforms("AppError", body, APP_ERROR);
        assert_eq!(body["status_code"], *status);
    }
}
