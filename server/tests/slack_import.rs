//! A Slack export imported with the command, then read back through the API by one of its people.

mod common;

use std::io::Write;

use brisk_server::commands::{self, Command};
use brisk_server::db::users::{self, hash_password, NewUser, ROLES_USER};
use brisk_server::db::Db;
use brisk_server::Config;
use serde_json::{json, Value};

/// A small export: ann (who has an account here already, by email) and bob, one channel with a
/// thread and reactions.
fn write_export(path: &std::path::Path) {
    let files = [
        (
            "users.json",
            json!([
                {"id": "U1", "name": "ann", "profile": {"email": "ann@example.org"}},
                {"id": "U2", "name": "bob", "profile": {"email": "bob@example.org"}}
            ]),
        ),
        (
            "channels.json",
            json!([{"id": "C1", "name": "dev", "created": 1_600_000_000, "members": ["U1", "U2"],
                    "topic": {"value": "Where *code* happens"}}]),
        ),
        (
            "dev/2023-11-14.json",
            json!([
                {"user": "U1", "ts": "1700000000.000100", "thread_ts": "1700000000.000100",
                 "text": "Release today, <@U2>?",
                 "reactions": [{"name": "+1", "users": ["U1", "U2"]}]},
                {"user": "U2", "ts": "1700000060.000000", "thread_ts": "1700000000.000100",
                 "text": "Yes, after lunch"},
                {"user": "U2", "ts": "1700000120.000000", "text": "Lunch!"}
            ]),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create zip"));
    for (name, value) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start file");
        zip.write_all(value.to_string().as_bytes())
            .expect("write file");
    }
    zip.finish().expect("finish zip");
}

fn messages(posts: &Value) -> Vec<String> {
    let order = posts["order"].as_array().expect("order");
    order
        .iter()
        .rev()
        .map(|id| {
            posts["posts"][id.as_str().expect("id")]["message"]
                .as_str()
                .expect("message")
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn imported_history_reads_through_the_api() {
    let data = tempfile::tempdir().expect("data dir");
    {
        let db = Db::open(data.path()).expect("open");
        let hash = hash_password("ann-password").expect("hash");
        db.write_now(|tx| {
            users::insert(
                tx,
                &NewUser {
                    username: "ann",
                    email: "ann@example.org",
                    password_hash: &hash,
                    first_name: "",
                    last_name: "",
                    position: "",
                    roles: ROLES_USER,
                },
                1,
            )
        })
        .expect("ann");
    }
    let zip = data.path().join("slack.zip");
    write_export(&zip);
    let summary = commands::run(Command::ImportSlack {
        zip: zip.clone(),
        team: "acme".into(),
        data_dir: data.path().to_path_buf(),
    })
    .expect("import");
    assert!(
        summary.contains("posts: 3 (1 of them replies in 1 threads), 2 reactions"),
        "{summary}"
    );

    let server = common::start_in(
        data.path(),
        Config {
            demo: false,
            static_dir: None,
            ..Config::default()
        },
    )
    .await;
    let ann = server.login("ann", "ann-password").await;
    let team = server.get("/api/v4/teams/name/acme", &ann).await;
    assert_eq!(team.status, 200, "{}", team.body);
    let team_id = team.body["id"].as_str().expect("team id");
    let dev = server
        .get(&format!("/api/v4/teams/{team_id}/channels/name/dev"), &ann)
        .await;
    assert_eq!(dev.status, 200, "{}", dev.body);
    assert_eq!(dev.body["header"], "Where **code** happens");
    let dev_id = dev.body["id"].as_str().expect("channel id");

    let posts = server
        .get(&format!("/api/v4/channels/{dev_id}/posts"), &ann)
        .await;
    assert_eq!(posts.status, 200, "{}", posts.body);
    assert_eq!(
        messages(&posts.body),
        ["Release today, @bob?", "Yes, after lunch", "Lunch!"]
    );
    let root_id = posts.body["order"][2].as_str().expect("root id");
    let root = &posts.body["posts"][root_id];
    assert_eq!(root["create_at"], 1_700_000_000_000i64);
    assert_eq!(root["reply_count"], 1);

    let thread = server
        .get(&format!("/api/v4/posts/{root_id}/thread"), &ann)
        .await;
    assert_eq!(thread.status, 200, "{}", thread.body);
    assert_eq!(
        messages(&thread.body),
        ["Release today, @bob?", "Yes, after lunch"]
    );

    let reactions = server
        .get(&format!("/api/v4/posts/{root_id}/reactions"), &ann)
        .await;
    assert_eq!(reactions.status, 200, "{}", reactions.body);
    let reactions = reactions.body.as_array().expect("reactions");
    assert_eq!(reactions.len(), 2);
    assert!(reactions.iter().all(|r| r["emoji_name"] == "+1"));

    // bob exists for his history, but cannot sign in until an admin sets his password.
    let bob_login = server
        .call(
            reqwest::Method::POST,
            "/api/v4/users/login",
            None,
            Some(json!({"login_id": "bob", "password": "any-password-at-all"})),
        )
        .await;
    assert_ne!(bob_login.status, 200);
}
