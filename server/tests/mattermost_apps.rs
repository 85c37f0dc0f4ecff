//! What Mattermost's own apps (web, desktop, mobile) ask of a server on first load and on
//! switching channels, answered with Mattermost's shapes: the unread page, sidebar categories,
//! roles, the client config, statuses, profile images, preferences and the smaller lists.

mod common;

use serde_json::{json, Value};

fn order(list: &Value) -> Vec<String> {
    list["order"]
        .as_array()
        .expect("order")
        .iter()
        .map(|v| v.as_str().expect("id").to_string())
        .collect()
}

fn id(post: &Value) -> String {
    post["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn a_channel_opens_around_the_oldest_unread_post() {
    let (server, p, [dev]) = common::cast_with_bob_in([("dev", "P")]).await;
    let mut read = Vec::new();
    for n in 0..4 {
        read.push(id(&server
            .send_post(&p.admin, &dev, &format!("read {n}"))
            .await));
    }
    let mut unread = Vec::new();
    for n in 0..5 {
        unread.push(id(&server
            .send_post(&p.admin, &dev, &format!("unread {n}"))
            .await));
    }
    let marked = server
        .post(
            &format!("/api/v4/users/me/posts/{}/set_unread", unread[0]),
            &p.bob,
            json!({}),
        )
        .await;
    assert_eq!(marked.status, 200, "{}", marked.body);

    let path = format!("/api/v4/users/{}/channels/{dev}/posts/unread", p.bob_id);
    let page = server
        .get(
            &format!(
                "{path}?limit_before=2&limit_after=3&skipFetchThreads=false&collapsedThreads=false"
            ),
            &p.bob,
        )
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(
        order(&page.body),
        [&unread[2], &unread[1], &unread[0], &read[3], &read[2]].map(String::clone)
    );
    assert_eq!(page.body["next_post_id"], unread[3].as_str());
    assert_eq!(page.body["prev_post_id"], read[1].as_str());
    assert_eq!(page.body["posts"][&unread[0]]["message"], "unread 0");

    // Caught up: the newest `limit_before` posts, nothing newer.
    let viewed = server
        .post(
            "/api/v4/channels/members/me/view",
            &p.bob,
            json!({"channel_id": dev}),
        )
        .await;
    assert_eq!(viewed.status, 200, "{}", viewed.body);
    let page = server.get(&format!("{path}?limit_before=3"), &p.bob).await;
    assert_eq!(
        order(&page.body),
        [&unread[4], &unread[3], &unread[2]].map(String::clone)
    );
    assert_eq!(page.body["next_post_id"], "");
    assert_eq!(page.body["prev_post_id"], unread[1].as_str());

    // Only the caller's own read position, only in a channel they can read, and a real limit.
    let someone_elses = server
        .get(
            &format!("/api/v4/users/{}/channels/{dev}/posts/unread", p.bob_id),
            &p.eve,
        )
        .await;
    assert_eq!(someone_elses.status, 403);
    let not_a_member = server
        .get(
            &format!("/api/v4/users/me/channels/{dev}/posts/unread"),
            &p.eve,
        )
        .await;
    assert_eq!(not_a_member.status, 403);
    let no_after = server.get(&format!("{path}?limit_after=0"), &p.bob).await;
    assert_eq!(no_after.status, 400);
    assert_eq!(
        no_after.body["id"],
        "api.context.invalid_url_param.app_error"
    );
}

fn strings(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// The category of `kind` in a `GET …/categories` answer.
fn category<'a>(answer: &'a Value, kind: &str) -> &'a Value {
    answer["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} category in {answer}"))
}

#[tokio::test]
async fn the_sidebar_has_default_categories_that_follow_joins_and_leaves() {
    let (server, p, [dev, ops]) = common::cast_with_bob_in([("dev", "O"), ("ops", "P")]).await;
    let base = format!(
        "/api/v4/users/{}/teams/{}/channels/categories",
        p.bob_id, p.team_id
    );
    let dm = server
        .post(
            "/api/v4/channels/direct",
            &p.bob,
            json!([p.bob_id, p.eve_id]),
        )
        .await;
    assert_eq!(dm.status, 201, "{}", dm.body);
    let dm = id(&dm.body);

    let sidebar = server.get(&base, &p.bob).await;
    assert_eq!(sidebar.status, 200, "{}", sidebar.body);
    let kinds: Vec<&str> = sidebar.body["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| c["type"].as_str().expect("type"))
        .collect();
    assert_eq!(kinds, ["favorites", "channels", "direct_messages"]);
    assert_eq!(
        strings(&sidebar.body["order"]),
        [
            format!("favorites_{}_{}", p.bob_id, p.team_id),
            format!("channels_{}_{}", p.bob_id, p.team_id),
            format!("direct_messages_{}_{}", p.bob_id, p.team_id),
        ]
    );
    let channels = strings(&category(&sidebar.body, "channels")["channel_ids"]);
    assert!(
        channels.contains(&dev) && channels.contains(&ops),
        "{channels:?}"
    );
    assert_eq!(
        strings(&category(&sidebar.body, "direct_messages")["channel_ids"]),
        std::slice::from_ref(&dm)
    );
    assert_eq!(
        category(&sidebar.body, "favorites")["channel_ids"],
        json!([])
    );
    assert_eq!(
        category(&sidebar.body, "channels")["display_name"],
        "Channels"
    );

    // Favouriting dev takes it out of Channels, and bob's other sessions hear of it.
    let mut other_session = server.socket(&p.bob, "").await;
    let mut seq = common::greet(&mut other_session).await;
    let mut favorites = category(&sidebar.body, "favorites").clone();
    favorites["channel_ids"] = json!([dev]);
    let updated = server.put(&base, &p.bob, json!([favorites])).await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    let heard = common::next_event(&mut other_session, "sidebar_category_updated", &mut seq).await;
    assert_eq!(heard["broadcast"]["team_id"], p.team_id.as_str());
    let heard_categories: Value = serde_json::from_str(
        heard["data"]["updatedCategories"]
            .as_str()
            .expect("a JSON string"),
    )
    .expect("categories");
    assert_eq!(heard_categories[0]["channel_ids"], json!([dev]));
    assert_eq!(
        strings(&updated.body[0]["channel_ids"]),
        std::slice::from_ref(&dev)
    );

    // A custom category goes on top and takes ops; channels the user is not in are dropped.
    let made = server
        .post(
            &base,
            &p.bob,
            json!({"user_id": p.bob_id, "team_id": p.team_id, "display_name": "Projects",
                   "channel_ids": [ops, "abcdefghijklmnopqrstuvwxyz"]}),
        )
        .await;
    assert_eq!(made.status, 200, "{}", made.body);
    assert_eq!(made.body["type"], "custom");
    assert_eq!(
        strings(&made.body["channel_ids"]),
        std::slice::from_ref(&ops)
    );
    let custom_id = made.body["id"].as_str().expect("id").to_string();

    // Joining a channel puts it in Channels; leaving one takes it out.
    let fresh = server.channel(&p.admin, &p.team_id, "fresh", "O").await;
    server.add_to_channel(&p.admin, &fresh, &p.bob_id).await;
    let left = server
        .delete(
            &format!("/api/v4/channels/{dev}/members/{}", p.bob_id),
            &p.bob,
        )
        .await;
    assert_eq!(left.status, 200, "{}", left.body);
    let sidebar = server.get(&base, &p.bob).await.body;
    assert_eq!(sidebar["order"][0], custom_id.as_str());
    assert_eq!(category(&sidebar, "favorites")["channel_ids"], json!([]));
    let channels = strings(&category(&sidebar, "channels")["channel_ids"]);
    assert_eq!(channels[0], fresh, "{channels:?}");
    assert!(
        !channels.contains(&ops) && !channels.contains(&dev),
        "{channels:?}"
    );
    assert_eq!(
        strings(&category(&sidebar, "custom")["channel_ids"]),
        std::slice::from_ref(&ops)
    );

    // Order, one category, renaming, deleting.
    let mut order = strings(&sidebar["order"]);
    order.reverse();
    let reordered = server
        .put(&format!("{base}/order"), &p.bob, json!(order))
        .await;
    assert_eq!(reordered.status, 200, "{}", reordered.body);
    assert_eq!(
        strings(&server.get(&format!("{base}/order"), &p.bob).await.body),
        order
    );
    let partial = server
        .put(&format!("{base}/order"), &p.bob, json!([order[0]]))
        .await;
    assert_eq!(partial.status, 400);
    let renamed = server
        .put(
            &format!("{base}/{custom_id}"),
            &p.bob,
            json!({"id": custom_id, "user_id": p.bob_id, "team_id": p.team_id,
                   "display_name": "Work", "channel_ids": [ops], "collapsed": true}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(
        (&renamed.body["display_name"], &renamed.body["collapsed"]),
        (&json!("Work"), &json!(true))
    );
    let unsorted = server
        .put(
            &format!("{base}/{custom_id}"),
            &p.bob,
            json!({"id": custom_id, "user_id": p.bob_id, "team_id": p.team_id,
                   "display_name": "Work", "sorting": "by mood"}),
        )
        .await;
    assert_eq!(unsorted.status, 400);
    let one = server.get(&format!("{base}/{custom_id}"), &p.bob).await;
    assert_eq!(one.body["display_name"], "Work");
    let channels_id = format!("channels_{}_{}", p.bob_id, p.team_id);
    let default_delete = server
        .delete(&format!("{base}/{channels_id}"), &p.bob)
        .await;
    assert_eq!(default_delete.status, 400);
    let deleted = server.delete(&format!("{base}/{custom_id}"), &p.bob).await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    let sidebar = server.get(&base, &p.bob).await.body;
    assert_eq!(sidebar["categories"].as_array().map(Vec::len), Some(3));
    assert!(strings(&category(&sidebar, "channels")["channel_ids"]).contains(&ops));

    let as_me = format!("/api/v4/users/me/teams/{}/channels/categories", p.team_id);
    assert_eq!(server.get(&as_me, &p.bob).await.body, sidebar);

    // Only one's own sidebar.
    assert_eq!(server.get(&base, &p.eve).await.status, 403);
    assert_eq!(
        server
            .get(&format!("{base}/{channels_id}"), &p.eve)
            .await
            .status,
        403
    );
    let eves = format!(
        "/api/v4/users/{}/teams/{}/channels/categories",
        p.eve_id, p.team_id
    );
    let smuggled = server
        .put(
            &eves,
            &p.eve,
            json!([{"id": channels_id, "user_id": p.eve_id, "team_id": p.team_id}]),
        )
        .await;
    assert_eq!(smuggled.status, 400);
}

#[tokio::test]
async fn roles_say_what_this_server_allows() {
    let (server, p, _) = common::cast_with_bob_in([]).await;
    let roles = server
        .post(
            "/api/v4/roles/names",
            &p.bob,
            json!([
                "system_user",
                "team_user",
                "channel_user",
                "channel_admin",
                "no_such_role"
            ]),
        )
        .await;
    assert_eq!(roles.status, 200, "{}", roles.body);
    let list = roles.body.as_array().expect("roles");
    assert_eq!(list.len(), 4);
    let permissions = |name: &str| -> Vec<String> {
        let role = list.iter().find(|r| r["name"] == name).expect("role");
        strings(&role["permissions"])
    };
    let channel_user = permissions("channel_user");
    for granted in ["create_post", "add_reaction", "upload_file", "read_channel"] {
        assert!(channel_user.contains(&granted.to_string()), "{granted}");
    }
    assert!(!channel_user.contains(&"delete_others_posts".to_string()));
    assert!(!permissions("system_user").contains(&"create_team".to_string()));

    let by_name = server.get("/api/v4/roles/name/system_admin", &p.bob).await;
    assert_eq!(by_name.status, 200);
    let admin_permissions = strings(&by_name.body["permissions"]);
    assert!(admin_permissions.contains(&"create_team".to_string()));
    assert!(admin_permissions.contains(&"create_post".to_string()));
    let role_id = by_name.body["id"].as_str().expect("id").to_string();
    let by_id = server
        .get(&format!("/api/v4/roles/{role_id}"), &p.bob)
        .await;
    assert_eq!(by_id.body["name"], "system_admin");
    assert_eq!(
        server.get("/api/v4/roles/name/nobody", &p.bob).await.status,
        404
    );
    let anonymous = server
        .call(
            reqwest::Method::GET,
            "/api/v4/roles/name/system_user",
            None,
            None,
        )
        .await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn the_client_config_has_every_key_the_apps_read() {
    let server = common::start(false, None).await;
    let config = server
        .call(
            reqwest::Method::GET,
            "/api/v4/config/client?format=old",
            None,
            None,
        )
        .await
        .body;
    for (key, value) in [
        ("EnableEmojiPicker", "true"),
        ("MaxNotificationsPerChannel", "1000"),
        ("EnableCustomEmoji", "false"),
        ("PluginsEnabled", "false"),
        ("EnableUserTypingMessages", "true"),
        ("ExperimentalEnablePostMetadata", "true"),
        ("CollapsedThreads", "disabled"),
        ("EnableLinkPreviews", "true"),
    ] {
        assert_eq!(config[key], value, "{key}");
    }
    let map = config.as_object().expect("a map");
    assert!(map.len() > 150, "{} keys", map.len());
    assert!(
        map.values().all(Value::is_string),
        "every value is a string"
    );
}

#[tokio::test]
async fn statuses_follow_sockets_and_choices() {
    let (server, p, _) = common::cast_with_bob_in([]).await;
    let path = format!("/api/v4/users/{}/status", p.bob_id);
    let offline = server.get(&path, &p.eve).await;
    assert_eq!(offline.status, 200, "{}", offline.body);
    assert_eq!(offline.body["status"], "offline");

    let mut socket = server.socket(&p.bob, "").await;
    common::greet(&mut socket).await;
    assert_eq!(server.get(&path, &p.eve).await.body["status"], "online");

    let away = server
        .put(
            &path,
            &p.bob,
            json!({"user_id": p.bob_id, "status": "away"}),
        )
        .await;
    assert_eq!(away.status, 200, "{}", away.body);
    assert_eq!(away.body["status"], "away");
    let change = common::next_json(&mut socket).await;
    assert_eq!(
        (&change["event"], &change["data"]["status"]),
        (&json!("status_change"), &json!("away"))
    );
    let many = server
        .post(
            "/api/v4/users/status/ids",
            &p.eve,
            json!([p.bob_id, p.eve_id]),
        )
        .await;
    assert_eq!(many.body[0]["status"], "away");
    assert_eq!(many.body[0]["manual"], true);
    assert_eq!(many.body[1]["status"], "offline");

    let back = server
        .put(
            &path,
            &p.bob,
            json!({"user_id": p.bob_id, "status": "online"}),
        )
        .await;
    assert_eq!(back.body["status"], "online");
    let not_yours = server
        .put(&path, &p.eve, json!({"user_id": p.bob_id, "status": "dnd"}))
        .await;
    assert_eq!(not_yours.status, 403);
    let nonsense = server
        .put(
            &path,
            &p.bob,
            json!({"user_id": p.bob_id, "status": "asleep"}),
        )
        .await;
    assert_eq!(nonsense.status, 400);
}

async fn image(server: &common::TestServer, path: &str, token: &str) -> (u16, String, Vec<u8>) {
    let response = server
        .http
        .get(format!("{}{path}", server.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (
        status,
        content_type,
        response.bytes().await.expect("body").to_vec(),
    )
}

#[tokio::test]
async fn profile_pictures_default_to_initials_and_can_be_replaced() {
    let (server, p, _) = common::cast_with_bob_in([]).await;
    let path = format!("/api/v4/users/{}/image", p.bob_id);
    let (status, content_type, default) = image(&server, &path, &p.eve).await;
    assert_eq!((status, content_type.as_str()), (200, "image/png"));
    assert!(default.starts_with(b"\x89PNG"), "a PNG");
    let (_, _, explicit_default) = image(&server, &format!("{path}/default"), &p.eve).await;
    assert_eq!(default, explicit_default);

    let mut upload = std::io::Cursor::new(Vec::new());
    image::RgbaImage::from_pixel(40, 20, image::Rgba([0, 200, 0, 255]))
        .write_to(&mut upload, image::ImageFormat::Png)
        .expect("png");
    let form = |bytes: Vec<u8>| {
        reqwest::multipart::Form::new().part(
            "image",
            reqwest::multipart::Part::bytes(bytes).file_name("me.png"),
        )
    };
    let send = |token: &str, bytes: Vec<u8>| {
        server
            .http
            .post(format!("{}{path}", server.base))
            .bearer_auth(token)
            .multipart(form(bytes))
            .send()
    };
    let refused = send(&p.eve, upload.get_ref().clone())
        .await
        .expect("upload");
    assert_eq!(refused.status(), 403);
    let not_an_image = send(&p.bob, b"hello".to_vec()).await.expect("upload");
    assert_eq!(not_an_image.status(), 400);
    let uploaded = send(&p.bob, upload.get_ref().clone())
        .await
        .expect("upload");
    assert_eq!(uploaded.status(), 200);

    let (_, _, now) = image(&server, &path, &p.eve).await;
    assert_ne!(now, default);
    let picture = image::load_from_memory(&now).expect("png");
    assert_eq!((picture.width(), picture.height()), (128, 128));
    let me = server.get("/api/v4/users/me", &p.bob).await;
    assert!(
        me.body["last_picture_update"].as_i64().unwrap_or(0) > 0,
        "{}",
        me.body
    );
    let (status, _, _) = image(
        &server,
        "/api/v4/users/abcdefghijklmnopqrstuvwxyz/image",
        &p.bob,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn preferences_are_kept_per_user() {
    let (server, p, _) = common::cast_with_bob_in([]).await;
    let theme = json!({"user_id": p.bob_id, "category": "display_settings", "name": "use_military_time", "value": "true"});
    let saved = server
        .put(
            &format!("/api/v4/users/{}/preferences", p.bob_id),
            &p.bob,
            json!([theme]),
        )
        .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let mine = server.get("/api/v4/users/me/preferences", &p.bob).await;
    assert_eq!(mine.body, json!([theme]));
    let one = server
        .get(
            "/api/v4/users/me/preferences/display_settings/name/use_military_time",
            &p.bob,
        )
        .await;
    assert_eq!(one.body["value"], "true");
    assert!(
        server
            .get("/api/v4/users/me/preferences", &p.eve)
            .await
            .body
            == json!([])
    );

    let for_someone_else = server
        .put(
            &format!("/api/v4/users/{}/preferences", p.eve_id),
            &p.bob,
            json!([theme]),
        )
        .await;
    assert_eq!(for_someone_else.status, 403);
    let smuggled = server
        .put("/api/v4/users/me/preferences", &p.eve, json!([theme]))
        .await;
    assert_eq!(smuggled.status, 403);
    let too_long = server
        .put(
            "/api/v4/users/me/preferences",
            &p.bob,
            json!([{"user_id": p.bob_id, "category": "x", "name": "y", "value": "v".repeat(2001)}]),
        )
        .await;
    assert_eq!(too_long.status, 400);

    let deleted = server
        .post(
            &format!("/api/v4/users/{}/preferences/delete", p.bob_id),
            &p.bob,
            json!([theme]),
        )
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert_eq!(
        server
            .get("/api/v4/users/me/preferences", &p.bob)
            .await
            .body,
        json!([])
    );
}

#[tokio::test]
async fn a_muted_channels_messages_make_no_team_unread_but_its_mentions_do() {
    let (server, p, [dev]) = common::cast_with_bob_in([("dev", "O")]).await;
    server.send_post(&p.admin, &dev, "plain").await;
    server.send_post(&p.admin, &dev, "hello @bob").await;
    let team_unread = || async {
        let unread = server.get("/api/v4/users/me/teams/unread", &p.bob).await;
        assert_eq!(unread.status, 200, "{}", unread.body);
        let count = |field: &str| unread.body[0][field].as_i64().expect(field);
        (count("msg_count"), count("mention_count"))
    };
    let (before, mentions) = team_unread().await;
    assert_eq!(mentions, 1);

    let muted = server
        .put(
            &format!("/api/v4/channels/{dev}/members/me/notify_props"),
            &p.bob,
            json!({"mark_unread": "mention"}),
        )
        .await;
    assert_eq!(muted.status, 200, "{}", muted.body);
    // dev's unread (the two posts, and any join message) leaves the team's count.
    let (after, mentions) = team_unread().await;
    assert!(after <= before - 2, "{before} -> {after}");
    assert_eq!(mentions, 1);
}

#[tokio::test]
async fn the_apps_first_load_lists_answer() {
    let (server, p, [dev]) = common::cast_with_bob_in([("dev", "O")]).await;
    server.send_post(&p.admin, &dev, "hello @bob").await;

    let channels = server.get("/api/v4/users/me/channels", &p.bob).await;
    assert_eq!(channels.status, 200, "{}", channels.body);
    let names: Vec<&str> = channels
        .body
        .as_array()
        .expect("channels")
        .iter()
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    assert!(
        names.contains(&"dev") && names.contains(&"town-square"),
        "{names:?}"
    );
    let members = server
        .get(
            &format!(
                "/api/v4/users/{}/channel_members?page=0&per_page=2",
                p.bob_id
            ),
            &p.bob,
        )
        .await;
    assert_eq!(members.body.as_array().map(Vec::len), Some(2));
    assert_eq!(
        server
            .get(&format!("/api/v4/users/{}/channels", p.bob_id), &p.eve)
            .await
            .status,
        403
    );

    let unread = server.get("/api/v4/users/me/teams/unread", &p.bob).await;
    assert_eq!(unread.status, 200, "{}", unread.body);
    assert_eq!(unread.body[0]["team_id"], p.team_id.as_str());
    assert_eq!(unread.body[0]["mention_count"], 1);
    assert!(unread.body[0]["msg_count"].as_i64().unwrap_or(0) >= 1);
    let one_team = server
        .get(
            &format!("/api/v4/users/me/teams/{}/unread", p.team_id),
            &p.bob,
        )
        .await;
    assert_eq!(one_team.body["mention_count"], 1);

    let teams = server
        .get(
            "/api/v4/teams?page=0&per_page=10&include_total_count=true",
            &p.admin,
        )
        .await;
    assert_eq!(teams.status, 200, "{}", teams.body);
    assert_eq!(teams.body["total_count"], 1);
    let by_names = server
        .get(
            "/api/v4/teams/name/eng/channels/name/dev?include_deleted=true",
            &p.bob,
        )
        .await;
    assert_eq!(by_names.body["id"], dev.as_str());
    let stats = server.get("/api/v4/users/stats", &p.bob).await;
    assert_eq!(stats.body["total_users_count"], 3);

    let post = server.send_post(&p.admin, &dev, "by id").await;
    let posts = server
        .post("/api/v4/posts/ids", &p.eve, json!([id(&post)]))
        .await;
    assert_eq!(posts.body[0]["message"], "by id");

    let pinned = server
        .get(&format!("/api/v4/channels/{dev}/pinned"), &p.bob)
        .await;
    assert_eq!(pinned.body["order"], json!([]));
    let notices = format!(
        "/api/v4/system/notices/{}?clientVersion=1&locale=en",
        p.team_id
    );
    for (path, expected) in [
        ("/api/v4/emoji", json!([])),
        ("/api/v4/plugins/webapp", json!([])),
        (notices.as_str(), json!([])),
        ("/api/v4/custom_profile_attributes/fields", json!([])),
    ] {
        let answer = server.get(path, &p.bob).await;
        assert_eq!(
            (answer.status.as_u16(), answer.body),
            (200, expected),
            "{path}"
        );
    }
    let device = server
        .put(
            "/api/v4/users/sessions/device",
            &p.bob,
            json!({"device_id": "android_rn-v2:abc"}),
        )
        .await;
    assert_eq!(device.status, 200, "{}", device.body);
    let no_device = server
        .put(
            "/api/v4/users/sessions/device",
            &p.bob,
            json!({"device_id": ""}),
        )
        .await;
    assert_eq!(no_device.status, 400);
    let files = server
        .post(
            &format!("/api/v4/teams/{}/files/search", p.team_id),
            &p.bob,
            json!({"terms": "x"}),
        )
        .await;
    assert_eq!(files.body["order"], json!([]));
}

#[tokio::test]
async fn people_and_channels_are_found_by_the_start_of_their_names() {
    let (server, p, [dev]) = common::cast_with_bob_in([("dev", "P")]).await;
    let usernames = |list: &Value| -> Vec<String> {
        list.as_array()
            .expect("users")
            .iter()
            .map(|u| u["username"].as_str().expect("username").to_string())
            .collect()
    };
    let found = server
        .get(
            &format!(
                "/api/v4/users/autocomplete?in_team={}&in_channel={dev}&name=e",
                p.team_id
            ),
            &p.bob,
        )
        .await;
    assert_eq!(found.status, 200, "{}", found.body);
    assert_eq!(usernames(&found.body["users"]), Vec::<String>::new());
    assert_eq!(usernames(&found.body["out_of_channel"]), ["eve"]);
    let in_channel = server
        .get(
            &format!("/api/v4/users/autocomplete?in_channel={dev}&name=@B"),
            &p.bob,
        )
        .await;
    assert_eq!(usernames(&in_channel.body["users"]), ["bob"]);
    let outsider = server
        .get(
            &format!("/api/v4/users/autocomplete?in_channel={dev}&name=b"),
            &p.eve,
        )
        .await;
    assert_eq!(outsider.status, 403);

    let searched = server
        .post(
            "/api/v4/users/search",
            &p.bob,
            json!({"term": "ad", "team_id": p.team_id}),
        )
        .await;
    assert_eq!(usernames(&searched.body), ["admin"]);
    let not_in_dev = server
        .post(
            "/api/v4/users/search",
            &p.bob,
            json!({"term": "", "not_in_channel_id": dev}),
        )
        .await;
    assert_eq!(usernames(&not_in_dev.body), ["eve"]);

    let channels = server
        .get(
            &format!("/api/v4/teams/{}/channels/autocomplete?name=to", p.team_id),
            &p.bob,
        )
        .await;
    assert_eq!(channels.body[0]["name"], "town-square");
    let private = server
        .get(
            &format!("/api/v4/teams/{}/channels/autocomplete?name=dev", p.team_id),
            &p.eve,
        )
        .await;
    assert_eq!(private.body, json!([]), "eve is not in the private channel");
}
