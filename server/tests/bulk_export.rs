//! The bulk export read back line by line: every line one of the objects Mattermost's bulk import
//! documents, with its fields, in the documented order, and everything the server holds in it.

mod common;

use std::collections::{BTreeSet, HashMap};

use brisk_server::bulk_export::{self, ATTACHMENTS_DIR};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

/// The fields each object may have, from Mattermost's import_types.go, and those it must have.
fn documented(kind: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match kind {
        "version" => (&["type", "version"], &["type", "version"]),
        "team" => (
            &[
                "name",
                "display_name",
                "type",
                "description",
                "allow_open_invite",
                "scheme",
            ],
            &["name", "display_name", "type"],
        ),
        "channel" => (
            &[
                "team",
                "name",
                "display_name",
                "type",
                "header",
                "purpose",
                "scheme",
                "deleted_at",
            ],
            &["team", "name", "display_name", "type"],
        ),
        "user" => (
            &[
                "username",
                "email",
                "auth_service",
                "auth_data",
                "password",
                "nickname",
                "first_name",
                "last_name",
                "position",
                "roles",
                "locale",
                "delete_at",
                "teams",
            ],
            &["username", "email", "auth_service", "roles"],
        ),
        "user_team" => (&["name", "roles", "theme", "channels"], &["name", "roles"]),
        "user_channel" => (
            &["name", "roles", "notify_props", "favorite"],
            &["name", "roles"],
        ),
        "post" => (
            &[
                "team",
                "channel",
                "user",
                "type",
                "message",
                "props",
                "create_at",
                "edit_at",
                "flagged_by",
                "reactions",
                "replies",
                "attachments",
                "is_pinned",
            ],
            &["team", "channel", "user", "message", "create_at"],
        ),
        "reply" => (
            &[
                "user",
                "type",
                "message",
                "props",
                "create_at",
                "edit_at",
                "flagged_by",
                "reactions",
                "attachments",
                "is_pinned",
            ],
            &["user", "message", "create_at"],
        ),
        "reaction" => (
            &["user", "create_at", "emoji_name"],
            &["user", "create_at", "emoji_name"],
        ),
        "attachment" => (&["path"], &["path"]),
        "direct_channel" => (&["members", "favorited_by", "header"], &["members"]),
        "direct_post" => (
            &[
                "channel_members",
                "user",
                "type",
                "message",
                "props",
                "create_at",
                "edit_at",
                "flagged_by",
                "reactions",
                "replies",
                "attachments",
                "is_pinned",
            ],
            &["channel_members", "user", "message", "create_at"],
        ),
        other => panic!("not a documented object: {other}"),
    }
}

fn check_fields(kind: &str, object: &Value) {
    let object = object
        .as_object()
        .unwrap_or_else(|| panic!("{kind} is not an object: {object}"));
    let (allowed, required) = documented(kind);
    for key in object.keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "{kind} has undocumented {key}: {object:?}"
        );
    }
    for key in required {
        assert!(object.contains_key(*key), "{kind} lacks {key}: {object:?}");
    }
}

fn each<'a>(object: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    object
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn id(reply: &common::Reply) -> String {
    reply.body["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn the_export_holds_everything_as_mattermost_documents_it() {
    let server = common::start(true, None).await;
    let alice = server.login("alice", "brisk-demo").await;
    let bob = server.login("bob", "brisk-demo").await;
    let ids: HashMap<&str, String> = {
        let mut ids = HashMap::new();
        for name in ["alice", "bob", "carol"] {
            let user = server
                .get(&format!("/api/v4/users/username/{name}"), &alice)
                .await;
            ids.insert(name, id(&user));
        }
        ids
    };
    let team = server.get("/api/v4/teams/name/demo", &alice).await;
    let team_id = id(&team);
    let dev = server
        .get(
            &format!("/api/v4/teams/{team_id}/channels/name/dev"),
            &alice,
        )
        .await;
    let dev_id = id(&dev);

    // A thread with a reaction and a file, a direct and a group conversation.
    let root = server.send_post(&alice, &dev_id, "export me").await;
    let root_id = root["id"].as_str().expect("root id");
    let reply = server
        .post(
            "/api/v4/posts",
            &bob,
            json!({"channel_id": dev_id, "root_id": root_id, "message": "exported"}),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let reacted = server
        .post(
            "/api/v4/reactions",
            &bob,
            json!({"user_id": ids["bob"], "post_id": root_id, "emoji_name": "tada"}),
        )
        .await;
    assert_eq!(reacted.status, 201, "{}", reacted.body);
    let form = Form::new().text("channel_id", dev_id.clone()).part(
        "files",
        Part::bytes(b"the notes".to_vec()).file_name("notes.txt"),
    );
    let uploaded = server
        .http
        .post(format!("{}/api/v4/files", server.base))
        .bearer_auth(&alice)
        .multipart(form)
        .send()
        .await
        .expect("upload");
    let uploaded: Value = uploaded.json().await.expect("upload body");
    let file_id = uploaded["file_infos"][0]["id"].as_str().expect("file id");
    let with_file = server
        .post(
            "/api/v4/posts",
            &alice,
            json!({"channel_id": dev_id, "message": "see file", "file_ids": [file_id]}),
        )
        .await;
    assert_eq!(with_file.status, 201, "{}", with_file.body);
    let direct = server
        .post(
            "/api/v4/channels/direct",
            &alice,
            json!([ids["alice"], ids["bob"]]),
        )
        .await;
    let direct_root = server.send_post(&alice, &id(&direct), "just us").await;
    let direct_reply = server
        .post(
            "/api/v4/posts",
            &bob,
            json!({"channel_id": id(&direct), "root_id": direct_root["id"], "message": "indeed"}),
        )
        .await;
    assert_eq!(direct_reply.status, 201, "{}", direct_reply.body);
    let group = server
        .post(
            "/api/v4/channels/group",
            &alice,
            json!([ids["alice"], ids["bob"], ids["carol"]]),
        )
        .await;
    assert_eq!(group.status, 201, "{}", group.body);
    server.send_post(&bob, &id(&group), "all three").await;

    let out_dir = tempfile::tempdir().expect("out dir");
    let out = out_dir.path().join("brisk.jsonl");
    let summary = bulk_export::export(&server.state.db, &server.state.files, &out).expect("export");

    let text = std::fs::read_to_string(&out).expect("read export");
    let lines: Vec<Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("every line is JSON"))
        .collect();
    assert_eq!(lines[0], json!({"type": "version", "version": 1}));
    let rank = |kind: &str| {
        [
            "version",
            "team",
            "channel",
            "user",
            "post",
            "direct_channel",
            "direct_post",
        ]
        .iter()
        .position(|k| *k == kind)
        .unwrap_or_else(|| panic!("unknown line type {kind}"))
    };
    let kinds: Vec<usize> = lines
        .iter()
        .map(|l| rank(l["type"].as_str().expect("type")))
        .collect();
    assert!(
        kinds.windows(2).all(|w| w[0] <= w[1]),
        "lines out of the documented order"
    );

    let mut exported_posts: BTreeSet<(i64, String)> = BTreeSet::new();
    let mut reactions = 0;
    let mut users = 0;
    let mut directs = 0;
    for line in &lines[1..] {
        let kind = line["type"].as_str().expect("type");
        let object = &line[kind];
        check_fields(kind, object);
        match kind {
            "user" => {
                users += 1;
                for team in each(object, "teams") {
                    check_fields("user_team", team);
                    each(team, "channels").for_each(|c| check_fields("user_channel", c));
                }
            }
            "direct_channel" => {
                directs += 1;
                let members = object["members"].as_array().expect("members");
                assert!((2..=8).contains(&members.len()), "{object}");
            }
            "post" | "direct_post" => {
                let replies: Vec<&Value> = each(object, "replies").collect();
                for post in std::iter::once(object).chain(replies.iter().copied()) {
                    if !std::ptr::eq(post, object) {
                        check_fields("reply", post);
                    }
                    for reaction in each(post, "reactions") {
                        check_fields("reaction", reaction);
                        reactions += 1;
                    }
                    for attachment in each(post, "attachments") {
                        check_fields("attachment", attachment);
                        let path = out_dir
                            .path()
                            .join(ATTACHMENTS_DIR)
                            .join(attachment["path"].as_str().expect("path"));
                        assert_eq!(std::fs::read(&path).expect("attachment file"), b"the notes");
                    }
                    exported_posts.insert((
                        post["create_at"].as_i64().expect("create_at"),
                        post["message"].as_str().expect("message").to_string(),
                    ));
                }
            }
            _ => {}
        }
    }

    // Everything the server holds is there: every person, conversation, post, reply, reaction.
    let (held_posts, held_reactions, held_users, held_directs) = server
        .state
        .db
        .read_now(|conn| {
            let mut stmt = conn.prepare(
                "SELECT create_at, message FROM posts WHERE delete_at = 0 AND type NOT LIKE 'system_%'",
            )?;
            let posts: BTreeSet<(i64, String)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, usize>(0));
            Ok((
                posts,
                count("SELECT COUNT(*) FROM reactions")?,
                count("SELECT COUNT(*) FROM users")?,
                count("SELECT COUNT(*) FROM channels WHERE type IN ('D', 'G')")?,
            ))
        })
        .expect("read");
    assert_eq!(exported_posts, held_posts);
    assert!(exported_posts.contains(&(
        reply.body["create_at"].as_i64().expect("at"),
        "exported".into()
    )));
    assert_eq!(
        (reactions, users, directs),
        (held_reactions, held_users, held_directs)
    );
    assert_eq!(directs, 2);
    assert_eq!(summary.attachments, 1);
    assert!(
        summary.to_string().contains("direct and group channels: 2"),
        "{summary}"
    );
}

#[tokio::test]
async fn the_export_never_writes_into_bricks_own_data_directory() {
    let server = common::start(false, None).await;
    let parent = tempfile::tempdir().expect("dir");
    std::fs::create_dir(parent.path().join(ATTACHMENTS_DIR)).expect("data dir");
    std::fs::write(parent.path().join(ATTACHMENTS_DIR).join("brisk.db"), b"").expect("db");
    let out = parent.path().join("export.jsonl");
    let err = bulk_export::export(&server.state.db, &server.state.files, &out)
        .expect_err("wrote beside a data directory");
    assert!(err.contains("brisk's data directory"), "{err}");
    assert!(!out.exists());
}
