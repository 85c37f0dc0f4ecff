//! Channel properties, archiving, leaving, members, and direct and group messages: who may, what
//! is written into the channel, and who hears of it.

mod common;

use std::time::Duration;

use brisk_model::ChannelUpdatedData;
use serde_json::{json, Value};

/// The channels of this file's tests.
struct Channels {
    dev: String,
    ops: String,
}

type Setup = common::Scene<Channels>;

/// Sets up an admin, bob (in open "dev" and private "ops"), and eve (on the team, in neither).
async fn setup() -> Setup {
    let (server, people, [dev, ops]) = common::cast_with_bob_in([("dev", "O"), ("ops", "P")]).await;
    Setup {
        server,
        people,
        ch: Channels { dev, ops },
    }
}

async fn quiet(socket: &mut common::Socket) -> bool {
    common::next_json_within(socket, Duration::from_millis(300))
        .await
        .is_none()
}

/// A socket past its greeting, and the seq of its next event.
async fn greeted(server: &common::TestServer, token: &str) -> (common::Socket, i64) {
    let mut socket = server.socket(token, "").await;
    let seq = common::greet(&mut socket).await;
    (socket, seq)
}

/// The channel's posts of `post_type`, newest first.
async fn posts_of_type(s: &Setup, channel: &str, post_type: &str) -> Vec<Value> {
    let page = s
        .server
        .get(&format!("/api/v4/channels/{channel}/posts"), &s.admin)
        .await
        .body;
    let mut found: Vec<Value> = page["posts"]
        .as_object()
        .expect("posts")
        .values()
        .filter(|p| p["type"] == post_type)
        .cloned()
        .collect();
    found.sort_by_key(|p| -p["create_at"].as_i64().unwrap_or(0));
    found
}

#[tokio::test]
async fn members_patch_open_channels_with_system_messages_and_events() {
    let s = setup().await;
    let (mut bob_socket, bob_seq) = greeted(&s.server, &s.bob).await;
    let (mut eve_socket, _) = greeted(&s.server, &s.eve).await;

    let patched = s
        .server
        .put(
            &format!("/api/v4/channels/{}/patch", s.ch.dev),
            &s.bob,
            json!({"header": "Release on Friday", "purpose": "Build things"}),
        )
        .await;
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.content_type(), "application/json");
    assert_eq!(patched.body["header"], "Release on Friday");
    assert_eq!(patched.body["purpose"], "Build things");
    assert_eq!(patched.body["display_name"], "dev", "untouched");

    let header_posts = posts_of_type(&s, &s.ch.dev, "system_header_change").await;
    assert_eq!(header_posts.len(), 1);
    assert_eq!(
        header_posts[0]["props"],
        json!({"username": "bob", "old_header": "", "new_header": "Release on Friday"})
    );
    assert_eq!(header_posts[0]["user_id"], s.bob_id.as_str());
    assert_eq!(
        header_posts[0]["message"],
        "@bob updated the channel header to: Release on Friday"
    );
    let purpose_posts = posts_of_type(&s, &s.ch.dev, "system_purpose_change").await;
    assert_eq!(purpose_posts[0]["props"]["new_purpose"], "Build things");

    let mut seq = bob_seq;
    let event = common::next_event(&mut bob_socket, "channel_updated", &mut seq).await;
    assert_eq!(event["broadcast"]["channel_id"], s.ch.dev.as_str());
    assert!(event["data"]["channel"].is_string(), "a JSON string");
    let data: ChannelUpdatedData = serde_json::from_value(event["data"].clone()).expect("data");
    assert_eq!(
        data.decode_channel().expect("channel").header,
        "Release on Friday"
    );
    assert!(quiet(&mut eve_socket).await, "eve is not a member of dev");

    let renamed = s
        .server
        .put(
            &format!("/api/v4/channels/{}/patch", s.ch.dev),
            &s.admin,
            json!({"display_name": "Development", "header": ""}),
        )
        .await;
    assert_eq!(renamed.status, 200);
    let names = posts_of_type(&s, &s.ch.dev, "system_displayname_change").await;
    assert_eq!(
        names[0]["props"],
        json!({"username": "admin", "old_displayname": "dev", "new_displayname": "Development"})
    );
    let removed = posts_of_type(&s, &s.ch.dev, "system_header_change").await;
    assert_eq!(
        removed[0]["message"],
        "@admin removed the channel header (was: Release on Friday)"
    );

    // Limits, outsiders, and private channels (their admins only).
    let too_long = s
        .server
        .put(
            &format!("/api/v4/channels/{}/patch", s.ch.dev),
            &s.bob,
            json!({"header": "h".repeat(1025)}),
        )
        .await;
    assert_eq!(too_long.status, 400);
    assert_eq!(
        too_long.body["id"],
        "model.channel.is_valid.header.app_error"
    );
    // Outsiders, and in a private channel everyone but its admins, are refused.
    for (who, token, channel, status) in [
        ("eve, outside dev", &s.eve, &s.ch.dev, 403),
        ("bob, a member of private ops", &s.bob, &s.ch.ops, 403),
        ("eve, outside private ops", &s.eve, &s.ch.ops, 403),
        ("the admin of ops", &s.admin, &s.ch.ops, 200),
    ] {
        let reply = s
            .server
            .put(
                &format!("/api/v4/channels/{channel}/patch"),
                token,
                json!({"purpose": format!("set by {who}")}),
            )
            .await;
        assert_eq!(reply.status, status, "{who}");
    }
}

/// Mattermost's full update, `PUT /channels/{channel_id}`, as its own web app and mobile app send
/// it: the whole channel object back, header and purpose replaced, the patch's permissions.
#[tokio::test]
async fn the_full_channel_update_replaces_header_and_purpose() {
    let s = setup().await;
    s.server
        .put(
            &format!("/api/v4/channels/{}/patch", s.ch.dev),
            &s.bob,
            json!({"purpose": "Build things"}),
        )
        .await;
    let mut channel = s
        .server
        .get(&format!("/api/v4/channels/{}", s.ch.dev), &s.bob)
        .await
        .body;
    channel["header"] = json!("Release on Friday");
    channel["display_name"] = json!("Development");
    channel
        .as_object_mut()
        .expect("a channel")
        .remove("purpose");
    let (mut bob_socket, mut seq) = greeted(&s.server, &s.bob).await;

    let path = format!("/api/v4/channels/{}", s.ch.dev);
    let updated = s.server.put(&path, &s.bob, channel.clone()).await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.body["header"], "Release on Friday");
    assert_eq!(updated.body["display_name"], "Development");
    assert_eq!(updated.body["purpose"], "", "left out, so blank");
    let read_back = s.server.get(&path, &s.bob).await.body;
    assert_eq!(read_back["header"], "Release on Friday");
    assert_eq!(read_back["purpose"], "");
    assert_eq!(
        posts_of_type(&s, &s.ch.dev, "system_header_change").await[0]["props"]["new_header"],
        "Release on Friday"
    );
    let event = common::next_event(&mut bob_socket, "channel_updated", &mut seq).await;
    let data: ChannelUpdatedData = serde_json::from_value(event["data"].clone()).expect("data");
    assert_eq!(
        data.decode_channel().expect("channel").header,
        "Release on Friday"
    );

    // Outsiders, a body naming another channel, a type or name change, and private channels (their
    // admins only) are refused, as by the patch.
    let mut other = channel.clone();
    other["id"] = json!(s.ch.ops);
    let mut retyped = channel.clone();
    retyped["type"] = json!("P");
    let mut renamed = channel.clone();
    renamed["name"] = json!("elsewhere");
    let ops = s
        .server
        .get(&format!("/api/v4/channels/{}", s.ch.ops), &s.admin)
        .await
        .body;
    let ops_path = format!("/api/v4/channels/{}", s.ch.ops);
    for (who, token, path, body, status) in [
        ("eve, outside dev", &s.eve, &path, &channel, 403),
        ("a body for another channel", &s.bob, &path, &other, 400),
        ("a type change", &s.bob, &path, &retyped, 400),
        ("a rename", &s.bob, &path, &renamed, 400),
        ("bob, a member of private ops", &s.bob, &ops_path, &ops, 403),
        ("the admin of ops", &s.admin, &ops_path, &ops, 200),
    ] {
        let reply = s.server.put(path, token, body.clone()).await;
        assert_eq!(reply.status, status, "{who}: {}", reply.body);
    }
    let unchanged = s.server.get(&path, &s.bob).await.body;
    assert_eq!(unchanged["type"], "O");
    assert_eq!(unchanged["name"], channel["name"]);
}

#[tokio::test]
async fn admins_archive_and_restore_channels() {
    let s = setup().await;
    let refused = s
        .server
        .delete(&format!("/api/v4/channels/{}", s.ch.dev), &s.bob)
        .await;
    assert_eq!(refused.status, 403, "bob is neither creator nor admin");
    let town = s
        .server
        .get(
            &format!("/api/v4/teams/{}/channels/name/town-square", s.team_id),
            &s.admin,
        )
        .await
        .body["id"]
        .as_str()
        .expect("id")
        .to_string();
    let town_refused = s
        .server
        .delete(&format!("/api/v4/channels/{town}"), &s.admin)
        .await;
    assert_eq!(town_refused.status, 400);
    assert_eq!(
        town_refused.body["id"],
        "api.channel.delete_channel.cannot.app_error"
    );

    let (mut bob_socket, bob_seq) = greeted(&s.server, &s.bob).await;
    let (mut eve_socket, _) = greeted(&s.server, &s.eve).await;
    let archived = s
        .server
        .delete(&format!("/api/v4/channels/{}", s.ch.ops), &s.admin)
        .await;
    assert_eq!(archived.status, 200, "{}", archived.body);
    assert_eq!(archived.body, json!({"status": "OK"}));
    let mut seq = bob_seq;
    let posted = common::next_event(&mut bob_socket, "posted", &mut seq).await;
    assert!(posted["data"]["post"]
        .as_str()
        .expect("post")
        .contains("archived the channel"));
    let event = common::next_event(&mut bob_socket, "channel_deleted", &mut seq).await;
    assert_eq!(event["data"]["channel_id"], s.ch.ops.as_str());
    assert!(event["data"]["delete_at"].as_i64() > Some(0));
    assert!(
        quiet(&mut eve_socket).await,
        "eve is not in the private channel"
    );
    let notes = posts_of_type(&s, &s.ch.ops, "system_channel_deleted").await;
    assert_eq!(notes[0]["message"], "@admin archived the channel.");
    assert_eq!(notes[0]["props"]["username"], "admin");

    // Read-only now; gone from the sidebar; listed among the archived.
    let write = s
        .server
        .post(
            "/api/v4/posts",
            &s.bob,
            json!({"channel_id": s.ch.ops, "message": "hello?"}),
        )
        .await;
    assert_eq!(write.status, 403);
    let mine = s
        .server
        .get(
            &format!("/api/v4/users/me/teams/{}/channels", s.team_id),
            &s.bob,
        )
        .await
        .body;
    assert!(!mine
        .as_array()
        .expect("array")
        .iter()
        .any(|c| c["id"] == s.ch.ops.as_str()));
    let listed = s
        .server
        .get(
            &format!("/api/v4/teams/{}/channels/deleted", s.team_id),
            &s.bob,
        )
        .await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.body[0]["id"], s.ch.ops.as_str());
    let not_for_eve = s
        .server
        .get(
            &format!("/api/v4/teams/{}/channels/deleted", s.team_id),
            &s.eve,
        )
        .await;
    assert_eq!(
        not_for_eve.body,
        json!([]),
        "a private channel eve is not in"
    );
    let by_name = s
        .server
        .get(
            &format!(
                "/api/v4/teams/{}/channels/name/ops?include_deleted=true",
                s.team_id
            ),
            &s.bob,
        )
        .await;
    assert_eq!(by_name.status, 200);
    let again = s
        .server
        .delete(&format!("/api/v4/channels/{}", s.ch.ops), &s.admin)
        .await;
    assert_eq!(again.status, 400);

    let restore_refused = s
        .server
        .post(
            &format!("/api/v4/channels/{}/restore", s.ch.ops),
            &s.bob,
            json!({}),
        )
        .await;
    assert_eq!(restore_refused.status, 403);
    let restored = s
        .server
        .post(
            &format!("/api/v4/channels/{}/restore", s.ch.ops),
            &s.admin,
            json!({}),
        )
        .await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    assert_eq!(restored.body["delete_at"], 0);
    common::next_event(&mut bob_socket, "channel_restored", &mut seq).await;
    s.server
        .send_post(&s.bob, &s.ch.ops, "back in business")
        .await;
    let not_archived = s
        .server
        .post(
            &format!("/api/v4/channels/{}/restore", s.ch.ops),
            &s.admin,
            json!({}),
        )
        .await;
    assert_eq!(not_archived.status, 400);

    // A channel's creator may archive it.
    let bobs = s.server.channel(&s.bob, &s.team_id, "bobs", "O").await;
    let by_creator = s
        .server
        .delete(&format!("/api/v4/channels/{bobs}"), &s.bob)
        .await;
    assert_eq!(by_creator.status, 200);
}

#[tokio::test]
async fn leaving_members_and_stats() {
    let s = setup().await;
    let members = s
        .server
        .get(&format!("/api/v4/channels/{}/members", s.ch.dev), &s.bob)
        .await;
    assert_eq!(members.status, 200);
    let ids: Vec<&str> = members
        .body
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|m| m["user_id"].as_str())
        .collect();
    assert_eq!(ids, vec![s.admin_id.as_str(), s.bob_id.as_str()]);
    let paged = s
        .server
        .get(
            &format!("/api/v4/channels/{}/members?page=1&per_page=1", s.ch.dev),
            &s.bob,
        )
        .await
        .body;
    assert_eq!(paged[0]["user_id"], s.bob_id.as_str());
    let one = s
        .server
        .get(
            &format!("/api/v4/channels/{}/members/{}", s.ch.dev, s.admin_id),
            &s.bob,
        )
        .await;
    assert_eq!(one.body["roles"], "channel_user channel_admin");
    let missing = s
        .server
        .get(
            &format!("/api/v4/channels/{}/members/{}", s.ch.dev, s.eve_id),
            &s.bob,
        )
        .await;
    assert_eq!(missing.status, 404);
    let private_list = s
        .server
        .get(&format!("/api/v4/channels/{}/members", s.ch.ops), &s.eve)
        .await;
    assert_eq!(private_list.status, 403);
    let stats = s
        .server
        .get(&format!("/api/v4/channels/{}/stats", s.ch.dev), &s.bob)
        .await
        .body;
    assert_eq!(stats["channel_id"], s.ch.dev.as_str());
    assert_eq!(stats["member_count"], 2);

    let (mut admin_socket, mut admin_seq) = greeted(&s.server, &s.admin).await;
    let (mut bob_socket, mut bob_seq) = greeted(&s.server, &s.bob).await;
    // Leaving as Mattermost's apps may: `me` for one's own user id.
    let left = s
        .server
        .delete(&format!("/api/v4/channels/{}/members/me", s.ch.ops), &s.bob)
        .await;
    assert_eq!(left.status, 200, "{}", left.body);
    let posted = common::next_event(&mut admin_socket, "posted", &mut admin_seq).await;
    assert!(posted["data"]["post"]
        .as_str()
        .expect("post")
        .contains("system_leave_channel"));
    let removed = common::next_event(&mut admin_socket, "user_removed", &mut admin_seq).await;
    assert_eq!(removed["broadcast"]["channel_id"], s.ch.ops.as_str());
    assert_eq!(
        removed["data"],
        json!({"user_id": s.bob_id, "remover_id": s.bob_id})
    );
    let own = common::next_event(&mut bob_socket, "user_removed", &mut bob_seq).await;
    assert_eq!(own["broadcast"]["user_id"], s.bob_id.as_str());
    assert_eq!(
        own["data"],
        json!({"channel_id": s.ch.ops, "remover_id": s.bob_id})
    );

    // Gone means gone: no more events, no reading.
    s.server
        .send_post(&s.admin, &s.ch.ops, "after bob left")
        .await;
    assert!(
        quiet(&mut bob_socket).await,
        "bob hears nothing from ops any more"
    );
    let read = s
        .server
        .get(&format!("/api/v4/channels/{}/posts", s.ch.ops), &s.bob)
        .await;
    assert_eq!(read.status, 403);
    let notes = posts_of_type(&s, &s.ch.ops, "system_leave_channel").await;
    assert_eq!(notes[0]["message"], "@bob left the channel.");

    // Nobody leaves Town Square; only admins remove others.
    let town = s
        .server
        .get(
            &format!("/api/v4/teams/{}/channels/name/town-square", s.team_id),
            &s.bob,
        )
        .await
        .body["id"]
        .as_str()
        .expect("id")
        .to_string();
    let stay = s
        .server
        .delete(
            &format!("/api/v4/channels/{town}/members/{}", s.bob_id),
            &s.bob,
        )
        .await;
    assert_eq!(stay.status, 400);
    assert_eq!(stay.body["id"], "api.channel.remove.default.app_error");
    let kick = s
        .server
        .delete(
            &format!("/api/v4/channels/{}/members/{}", s.ch.dev, s.admin_id),
            &s.bob,
        )
        .await;
    assert_eq!(kick.status, 403);
    let removed_by_admin = s
        .server
        .delete(
            &format!("/api/v4/channels/{}/members/{}", s.ch.dev, s.bob_id),
            &s.admin,
        )
        .await;
    assert_eq!(removed_by_admin.status, 200);
    let notes = posts_of_type(&s, &s.ch.dev, "system_remove_from_channel").await;
    assert_eq!(notes[0]["props"]["removedUsername"], "bob");
}

#[tokio::test]
async fn direct_and_group_messages_stay_between_their_members() {
    let s = setup().await;
    let (mut bob_socket, bob_seq) = greeted(&s.server, &s.bob).await;
    let (mut eve_socket, mut eve_seq) = greeted(&s.server, &s.eve).await;
    let dm = s
        .server
        .post(
            "/api/v4/channels/direct",
            &s.admin,
            json!([s.admin_id, s.bob_id]),
        )
        .await;
    assert_eq!(dm.status, 201, "{}", dm.body);
    assert_eq!(dm.body["type"], "D");
    assert_eq!(dm.body["team_id"], "");
    let mut pair = [s.admin_id.clone(), s.bob_id.clone()];
    pair.sort();
    assert_eq!(dm.body["name"], format!("{}__{}", pair[0], pair[1]));
    let dm_id = dm.body["id"].as_str().expect("id").to_string();
    let mut seq = bob_seq;
    let added = common::next_event(&mut bob_socket, "direct_added", &mut seq).await;
    assert_eq!(added["data"]["teammate_id"], s.bob_id.as_str());
    let again = s
        .server
        .post(
            "/api/v4/channels/direct",
            &s.bob,
            json!([s.bob_id, s.admin_id]),
        )
        .await;
    assert_eq!(again.status, 201);
    assert_eq!(
        again.body["id"],
        dm_id.as_str(),
        "the same channel, whoever asks"
    );
    let sidebar = s
        .server
        .get(
            &format!("/api/v4/users/me/teams/{}/channels", s.team_id),
            &s.bob,
        )
        .await
        .body;
    assert!(sidebar
        .as_array()
        .expect("array")
        .iter()
        .any(|c| c["id"] == dm_id.as_str()));

    s.server
        .send_post(&s.admin, &dm_id, "just between us")
        .await;
    common::next_event(&mut bob_socket, "posted", &mut seq).await;
    assert!(quiet(&mut eve_socket).await, "eve hears nothing of a DM");
    let snoop = s
        .server
        .get(&format!("/api/v4/channels/{dm_id}/posts"), &s.eve)
        .await;
    assert_eq!(snoop.status, 403);
    let intrude = s
        .server
        .post(
            "/api/v4/posts",
            &s.eve,
            json!({"channel_id": dm_id, "message": "hi"}),
        )
        .await;
    assert_eq!(intrude.status, 403);
    let not_hers = s
        .server
        .post(
            "/api/v4/channels/direct",
            &s.eve,
            json!([s.admin_id, s.bob_id]),
        )
        .await;
    assert_eq!(not_hers.status, 403);

    let gm = s
        .server
        .post(
            "/api/v4/channels/group",
            &s.bob,
            json!([s.eve_id, s.admin_id]),
        )
        .await;
    assert_eq!(gm.status, 201, "{}", gm.body);
    assert_eq!(gm.body["type"], "G");
    assert_eq!(gm.body["display_name"], "admin, bob, eve");
    let name = gm.body["name"].as_str().expect("name");
    assert_eq!(name.len(), 40);
    assert!(name.bytes().all(|b| b.is_ascii_hexdigit()));
    common::next_event(&mut eve_socket, "group_added", &mut eve_seq).await;
    let same = s
        .server
        .post(
            "/api/v4/channels/group",
            &s.admin,
            json!([s.eve_id, s.bob_id, s.admin_id]),
        )
        .await;
    assert_eq!(same.body["id"], gm.body["id"]);
    let too_small = s
        .server
        .post("/api/v4/channels/group", &s.bob, json!([s.eve_id]))
        .await;
    assert_eq!(too_small.status, 400);
    assert_eq!(
        too_small.body["id"],
        "api.channel.create_group.bad_size.app_error"
    );
}

#[tokio::test]
async fn creating_and_joining_channels_are_announced() {
    let s = setup().await;
    let (mut admin_socket, admin_seq) = greeted(&s.server, &s.admin).await;
    let (mut eve_socket, _) = greeted(&s.server, &s.eve).await;
    let new = s.server.channel(&s.admin, &s.team_id, "new", "O").await;
    let mut seq = admin_seq;
    let created = common::next_event(&mut admin_socket, "channel_created", &mut seq).await;
    assert_eq!(created["data"]["channel_id"], new.as_str());
    assert!(
        quiet(&mut eve_socket).await,
        "only the creator hears channel_created"
    );
    let joined = s
        .server
        .post(
            &format!("/api/v4/channels/{new}/members"),
            &s.bob,
            json!({"user_id": s.bob_id}),
        )
        .await;
    assert_eq!(joined.status, 201);
    let added = common::next_event(&mut admin_socket, "user_added", &mut seq).await;
    assert_eq!(added["broadcast"]["channel_id"], new.as_str());
    assert_eq!(added["data"]["user_id"], s.bob_id.as_str());
    assert!(quiet(&mut eve_socket).await);
}

#[tokio::test]
async fn member_counts_of_many_channels_answer_only_for_readable_ones() {
    let s = setup().await;
    let path = "/api/v4/channels/stats/member_count";
    // eve is on the team: she may count the open channel, not the private one she is not in.
    let counts = s
        .server
        .post(path, &s.eve, json!([s.ch.dev, "a".repeat(26)]))
        .await;
    assert_eq!(counts.status, 200, "{}", counts.body);
    assert_eq!(
        counts.body,
        json!({ s.ch.dev.as_str(): 2 }),
        "a channel that does not exist is left out"
    );
    let both = s
        .server
        .post(path, &s.bob, json!([s.ch.dev, s.ch.ops]))
        .await;
    assert_eq!(
        both.body,
        json!({ s.ch.dev.as_str(): 2, s.ch.ops.as_str(): 2 })
    );
    let private = s
        .server
        .post(path, &s.eve, json!([s.ch.dev, s.ch.ops]))
        .await;
    assert_eq!(private.status, 403, "{}", private.body);
    assert!(private.body.get(s.ch.ops.as_str()).is_none());

    // Someone off the team counts nothing of it, open channels included.
    let (_, outsider) = s.server.user(Some(&s.admin), "outsider").await;
    let outside = s.server.post(path, &outsider, json!([s.ch.dev])).await;
    assert_eq!(outside.status, 403, "{}", outside.body);

    let no_body = s
        .server
        .post(path, &s.bob, json!({"channel_ids": []}))
        .await;
    assert_eq!(no_body.status, 400, "an object is not a list of ids");
    let bad_id = s.server.post(path, &s.bob, json!(["not an id"])).await;
    assert_eq!(bad_id.status, 400);
    let too_many = s
        .server
        .post(path, &s.bob, json!(vec![s.ch.dev.clone(); 1001]))
        .await;
    assert_eq!(too_many.status, 400, "{}", too_many.body);
    // The body is capped far below the 1 MB of other JSON bodies.
    let padded = format!("[\"{}\"{}]", s.ch.dev, " ".repeat(64 * 1024));
    let oversized = s
        .server
        .http
        .post(format!("{}{path}", s.server.base))
        .bearer_auth(&s.bob)
        .header("content-type", "application/json")
        .body(padded)
        .send()
        .await
        .expect("request");
    assert_eq!(oversized.status(), 413);
}
