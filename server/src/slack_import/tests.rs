//! The importer on small exports built here, zipped as Slack zips them (deflate).

use std::io::Write;
use std::path::PathBuf;

use brisk_model::{Channel, Post};
use serde_json::json;

use super::*;
use crate::db::users::{hash_password, verify_password};

/// A zip of `files` (path → text) in a fresh directory, which lives as long as the returned guard.
fn zip_of(files: &[(&str, String)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("export.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).expect("create zip"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in files {
        writer.start_file(*name, options).expect("start file");
        writer.write_all(text.as_bytes()).expect("write file");
    }
    writer.finish().expect("finish zip");
    (dir, path)
}

/// A workspace with every kind of thing an export holds.
fn workspace() -> Vec<(&'static str, String)> {
    let users = json!([
        {"id": "U1", "name": "ann", "real_name": "Ann Lee",
         "profile": {"email": "Ann@Example.org", "title": "Lead"}},
        {"id": "U2", "name": "Bob.Smith", "real_name": "Bob Smith",
         "profile": {"email": "bob@example.org", "first_name": "Bob", "last_name": "Smith", "title": "Dev"}},
        {"id": "U3", "name": "carl", "deleted": true, "profile": {}},
        {"id": "U4", "name": "ci", "is_bot": true, "profile": {"bot_id": "B4"}}
    ]);
    let channels = json!([
        {"id": "C1", "name": "general", "created": 1_600_000_000, "is_general": true,
         "members": ["U1", "U2", "U3"], "purpose": {"value": "Everyone, everything"}},
        {"id": "C2", "name": "dev", "created": 1_600_000_000, "members": ["U1", "U2"],
         "topic": {"value": "Ship it: <https://example.org/board|the board>"},
         "purpose": {"value": "Talk about *code*"}},
        {"id": "C3", "name": "old-stuff", "created": 1_600_000_000, "is_archived": true,
         "members": ["U1"]}
    ]);
    let groups = json!([
        {"id": "G1", "name": "secret", "created": 1_600_000_000, "members": ["U1", "U2"]}
    ]);
    let dms = json!([{"id": "D1", "created": 1_600_000_000, "members": ["U1", "U2"]}]);
    let mpims = json!([
        {"id": "G2", "name": "mpdm-ann--bob--carl-1", "created": 1_600_000_000,
         "members": ["U1", "U2", "U3"]}
    ]);
    let dev_day1 = json!([
        {"type": "message", "user": "U1", "ts": "1700000000.000100",
         "text": "*Hello* <@U2>, see <#C3|old-stuff> and <https://example.org|this> &amp; ~that~",
         "thread_ts": "1700000000.000100", "reply_count": 1,
         "reactions": [{"name": "thumbsup::skin-tone-2", "users": ["U1", "U2"], "count": 2},
                       {"name": "heart", "users": ["U2"], "count": 1}]},
        {"type": "message", "subtype": "channel_join", "user": "U2", "ts": "1700000001.000000",
         "text": "<@U2> has joined the channel"},
        {"type": "message", "user": "U2", "ts": "1700000002.000000",
         "thread_ts": "1700000000.000100", "parent_user_id": "U1", "text": "Thanks!"},
        {"type": "message", "user": "U2", "ts": "1700000003.000000", "text": "typo fixed",
         "edited": {"user": "U2", "ts": "1700000100.000000"}}
    ]);
    let dev_day2 = json!([
        {"type": "message", "subtype": "me_message", "user": "U1", "ts": "1700090000.000000",
         "text": "waves"},
        {"type": "message", "subtype": "bot_message", "bot_id": "B9", "username": "deploybot",
         "ts": "1700090001.000000", "text": "Deployed"},
        {"type": "message", "subtype": "file_share", "user": "U2", "ts": "1700090002.000000",
         "text": "the plan",
         "files": [{"id": "F1", "name": "plan.pdf", "title": "plan.pdf",
                    "permalink": "https://x.slack.com/files/U2/F1/plan.pdf"}]},
        // Two messages in the same millisecond keep their order, a millisecond apart.
        {"type": "message", "user": "U1", "ts": "1700090003.000200", "text": "second"},
        {"type": "message", "user": "U1", "ts": "1700090003.000100", "text": "first"},
        {"type": "message", "subtype": "channel_leave", "user": "U2", "ts": "1700090004.000000",
         "text": "<@U2> has left the channel"}
    ]);
    let general = json!([
        {"type": "message", "user": "U3", "ts": "1690000000.000000", "text": "hello all"}
    ]);
    let secret = json!([
        {"type": "message", "user": "U2", "ts": "1690000000.000000", "text": "psst"}
    ]);
    let direct = json!([
        {"type": "message", "user": "U1", "ts": "1690000000.000000", "text": "hi bob"}
    ]);
    let group = json!([
        {"type": "message", "user": "U3", "ts": "1690000000.000000", "text": "hi both"}
    ]);
    vec![
        ("users.json", users.to_string()),
        ("channels.json", channels.to_string()),
        ("groups.json", groups.to_string()),
        ("dms.json", dms.to_string()),
        ("mpims.json", mpims.to_string()),
        ("dev/2023-11-14.json", dev_day1.to_string()),
        ("dev/2023-11-15.json", dev_day2.to_string()),
        ("general/2023-07-22.json", general.to_string()),
        ("secret/2023-07-22.json", secret.to_string()),
        ("D1/2023-07-22.json", direct.to_string()),
        ("mpdm-ann--bob--carl-1/2023-07-22.json", group.to_string()),
    ]
}

/// A database with one person already there: ann, whose email the export also has.
fn database() -> (tempfile::TempDir, Db, User) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = Db::open(dir.path()).expect("open");
    let hash = hash_password("ann-password").expect("hash");
    let ann = db
        .write_now(|tx| {
            users::insert(
                tx,
                &NewUser {
                    username: "annie",
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
    (dir, db, ann)
}

/// Every row of the tables an import writes, to tell whether anything changed.
fn snapshot(db: &Db) -> Vec<String> {
    let tables = [
        "users",
        "teams",
        "team_members",
        "channels",
        "channel_members",
        "posts",
        "reactions",
        "slack_ids",
    ];
    db.read_now(|conn| {
        let mut rows = Vec::new();
        for table in tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
            let columns = stmt.column_count();
            let mut query = stmt.query([])?;
            while let Some(row) = query.next()? {
                let values: Vec<String> = (0..columns)
                    .map(|i| format!("{:?}", row.get_ref(i).map(|v| format!("{v:?}"))))
                    .collect();
                rows.push(format!("{table}: {}", values.join(" | ")));
            }
        }
        Ok(rows)
    })
    .expect("snapshot")
}

fn channel(db: &Db, team: &str, name: &str) -> Channel {
    let (team, name) = (team.to_string(), name.to_string());
    db.read_now(|conn| {
        let team = teams::get_by_name(conn, &team)?.ok_or_else(ApiError::team_not_found)?;
        channels::get_by_name(conn, &team.id, &name)?.ok_or_else(ApiError::channel_not_found)
    })
    .expect("channel")
}

/// A channel's live posts, oldest first.
fn posts_of(db: &Db, channel_id: &str) -> Vec<Post> {
    let mut posts = db
        .read_now(|conn| posts::page(conn, channel_id, 0, 100))
        .expect("posts");
    posts.reverse();
    posts
}

fn user(db: &Db, username: &str) -> User {
    db.read_now(|conn| users::get_by_username(conn, username))
        .expect("read")
        .expect("user")
}

#[test]
fn every_part_of_an_export_becomes_what_mattermost_would_show() {
    let (_data, db, ann) = database();
    let (_zip_dir, zip) = zip_of(&workspace());
    let mut reported: Vec<(String, usize, usize)> = Vec::new();
    let summary = import(&db, &zip, "acme", &mut |progress| {
        reported.push((
            progress.conversation.to_string(),
            progress.done,
            progress.total,
        ));
    })
    .expect("import");
    // Progress names each conversation as its messages are written, in order.
    assert_eq!(reported.len(), 6);
    assert_eq!(reported[1], ("dev".to_string(), 1, 6));

    // People: ann by her email; bob and carl new, unable to sign in; carl deactivated.
    let bob = user(&db, "bob.smith");
    assert_eq!(
        (bob.first_name.as_str(), bob.position.as_str()),
        ("Bob", "Dev")
    );
    let carl = user(&db, "carl");
    assert!(carl.delete_at > 0, "deleted in Slack, deactivated here");
    assert!(
        user(&db, "ci_").is_bot,
        "a two-letter handle made long enough"
    );
    let bob_hash: String = db
        .read_now(|c| {
            Ok(c.query_row(
                "SELECT password_hash FROM users WHERE id = ?1",
                [&bob.id],
                |r| r.get(0),
            )?)
        })
        .expect("hash");
    assert!(!verify_password("", &bob_hash) && bob_hash.is_empty());
    assert_eq!(user(&db, "annie").id, ann.id, "no second ann");
    assert!(db
        .read_now(|c| users::get_by_username(c, "ann"))
        .expect("read")
        .is_none());

    // Channels: #general is town-square; topic → header, purpose, archived, private, members.
    let dev = channel(&db, "acme", "dev");
    assert_eq!(
        dev.header,
        "Ship it: [the board](https://example.org/board)"
    );
    assert_eq!(dev.purpose, "Talk about **code**");
    assert_eq!(dev.channel_type, "O");
    assert!(channel(&db, "acme", "old-stuff").delete_at > 0);
    let secret = channel(&db, "acme", "secret");
    assert_eq!(secret.channel_type, "P");
    let secret_members = db
        .read_now(|c| channels::member_ids(c, &secret.id))
        .expect("members");
    assert_eq!(secret_members.len(), 2);
    assert!(secret_members.contains(&ann.id) && secret_members.contains(&bob.id));
    let town_square = channel(&db, "acme", TOWN_SQUARE);
    assert_eq!(
        (town_square.header.as_str(), town_square.purpose.as_str()),
        ("", "Everyone, everything")
    );
    let general = posts_of(&db, &town_square.id);
    assert_eq!(general.len(), 1);
    assert_eq!(
        (general[0].message.as_str(), general[0].user_id.as_str()),
        ("hello all", carl.id.as_str())
    );

    // Messages: order and times kept, markup converted, joins and leaves left out.
    let dev_posts = posts_of(&db, &dev.id);
    let texts: Vec<&str> = dev_posts.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        texts,
        [
            "**Hello** @bob.smith, see ~old-stuff and [this](https://example.org) & ~~that~~",
            "Thanks!",
            "typo fixed",
            "*waves*",
            "Deployed",
            "the plan\n\n[plan.pdf](https://x.slack.com/files/U2/F1/plan.pdf)",
            "first",
            "second",
        ]
    );
    let times: Vec<i64> = dev_posts.iter().map(|p| p.create_at).collect();
    assert_eq!(times[0], 1_700_000_000_000);
    assert_eq!(times[6..], [1_700_090_003_000, 1_700_090_003_001]);
    let (root, reply) = (&dev_posts[0], &dev_posts[1]);
    assert_eq!(root.user_id, ann.id);
    assert_eq!(
        (reply.root_id.as_str(), reply.user_id.as_str()),
        (root.id.as_str(), bob.id.as_str())
    );
    assert_eq!(root.reply_count, 1);
    assert_eq!(dev_posts[2].edit_at, 1_700_000_100_000);
    assert_eq!(dev_posts[3].post_type, "me");
    let bot_post = &dev_posts[4];
    assert_eq!(bot_post.override_username(), Some("deploybot"));
    assert!(bot_post.is_from_webhook());
    assert_eq!(bot_post.user_id, user(&db, BOT_USERNAME).id);

    // Reactions, with who reacted; the skin tone is dropped from the name.
    let mut reacted = db
        .read_now(|c| reactions::for_posts(c, &[root.id.as_str()]))
        .expect("reactions")
        .remove(&root.id)
        .unwrap_or_default();
    reacted.sort_by(|a, b| (&a.emoji_name, &a.user_id).cmp(&(&b.emoji_name, &b.user_id)));
    let reacted: Vec<(&str, &str)> = reacted
        .iter()
        .map(|r| (r.emoji_name.as_str(), r.user_id.as_str()))
        .collect();
    let mut expected = vec![
        ("heart", bob.id.as_str()),
        ("thumbsup", ann.id.as_str()),
        ("thumbsup", bob.id.as_str()),
    ];
    expected.sort();
    assert_eq!(reacted, expected);

    // Direct and group conversations.
    let direct = db
        .read_now(|c| {
            let (channel, created) = direct_channels::get_or_create(
                c,
                channel_type::DIRECT,
                &[ann.clone(), bob.clone()],
                &ann.id,
                0,
            )?;
            assert!(!created);
            Ok(channel)
        })
        .expect("direct");
    assert_eq!(posts_of(&db, &direct.id)[0].message, "hi bob");
    assert_eq!(posts_of(&db, &secret.id)[0].message, "psst");

    // Nobody finds years of history unread, or mentions in it.
    let ann_in_dev = db
        .read_now(|c| channels::get_member(c, &dev.id, &ann.id))
        .expect("member")
        .expect("ann in dev");
    assert_eq!(ann_in_dev.mention_count, 0);
    assert_eq!(ann_in_dev.msg_count, dev_posts.len() as i64);

    assert_eq!(
        summary,
        Summary {
            channels_created: 3,
            channels_archived: 1,
            conversations_created: 2,
            people_created: 3,
            people_matched_by_email: 1,
            people_deactivated: 1,
            posts: 12,
            replies: 1,
            threads: 1,
            reactions: 3,
            edited: 1,
            cut: 0,
            replies_without_root: 0,
            already_imported: 0,
            skipped: [
                ("channel_join messages".to_string(), 1),
                ("channel_leave messages".to_string(), 1)
            ]
            .into(),
        }
    );
    let printed = summary.to_string();
    assert!(
        printed.contains("posts: 12 (1 of them replies in 1 threads), 3 reactions"),
        "{printed}"
    );
}

#[test]
fn importing_the_same_export_again_changes_nothing() {
    let (_data, db, _) = database();
    let (_zip_dir, zip) = zip_of(&workspace());
    import(&db, &zip, "acme", &mut |_| {}).expect("first import");
    let before = snapshot(&db);
    let again = import(&db, &zip, "acme", &mut |_| {}).expect("second import");
    assert_eq!(snapshot(&db), before);
    assert_eq!(
        (again.posts, again.people_created, again.channels_created),
        (0, 0, 0)
    );
    // 4 people, 6 conversations, 12 posts.
    assert_eq!(again.already_imported, 4 + 6 + 12);
}

#[test]
fn a_later_export_adds_only_what_is_new() {
    let (_data, db, _) = database();
    let (_first_dir, first) = zip_of(&workspace());
    import(&db, &first, "acme", &mut |_| {}).expect("first import");
    let mut files = workspace();
    files.push((
        "dev/2023-11-16.json",
        json!([{"user": "U2", "ts": "1700200000.000000", "text": "new since",
                "thread_ts": "1700000000.000100"}])
        .to_string(),
    ));
    let (_later_dir, later) = zip_of(&files);
    let summary = import(&db, &later, "acme", &mut |_| {}).expect("later import");
    assert_eq!((summary.posts, summary.replies), (1, 1));
    let dev = channel(&db, "acme", "dev");
    let dev_posts = posts_of(&db, &dev.id);
    assert_eq!(dev_posts.len(), 9);
    assert_eq!(dev_posts[8].root_id, dev_posts[0].id);
}

#[test]
fn a_bad_or_truncated_zip_is_a_clear_error_and_changes_nothing() {
    let (_data, db, _) = database();
    let before = snapshot(&db);
    let (dir, zip) = zip_of(&workspace());

    let bytes = std::fs::read(&zip).expect("read zip");
    let truncated = dir.path().join("truncated.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let err = import(&db, &truncated, "acme", &mut |_| {}).expect_err("truncated accepted");
    assert!(err.contains("not a readable zip"), "{err}");

    let not_zip = dir.path().join("notes.zip");
    std::fs::write(&not_zip, "just text").expect("write");
    assert!(import(&db, &not_zip, "acme", &mut |_| {})
        .expect_err("text accepted")
        .contains("not a readable zip"));

    let mut files = workspace();
    files.push((
        "dev/2023-11-20.json",
        "[{\"user\": \"U1\", \"ts\": ".to_string(),
    ));
    let (_broken_dir, broken) = zip_of(&files);
    let err = import(&db, &broken, "acme", &mut |_| {}).expect_err("broken day accepted");
    assert!(err.starts_with("dev/2023-11-20.json"), "{err}");

    let missing = dir.path().join("missing.zip");
    assert!(import(&db, &missing, "acme", &mut |_| {})
        .expect_err("missing accepted")
        .contains("cannot open"));

    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_failure_while_writing_leaves_nothing_half_written() {
    let (_data, db, _) = database();
    // A person holds the username the import posts bot messages as: found only once people and
    // channels are written, at the first bot message.
    db.write_now(|tx| {
        users::insert(
            tx,
            &NewUser {
                username: BOT_USERNAME,
                email: "slackbot@example.org",
                password_hash: "",
                first_name: "",
                last_name: "",
                position: "",
                roles: ROLES_USER,
            },
            1,
        )
    })
    .expect("person named slackbot");
    let before = snapshot(&db);
    let (_zip_dir, zip) = zip_of(&workspace());
    let err = import(&db, &zip, "acme", &mut |_| {}).expect_err("import went through");
    assert!(
        err.contains("nothing was changed") && err.contains(BOT_USERNAME),
        "{err}"
    );
    assert_eq!(snapshot(&db), before);
}

#[test]
fn a_team_name_outside_the_rules_is_refused() {
    let (_data, db, _) = database();
    let (_zip_dir, zip) = zip_of(&workspace());
    let err = import(&db, &zip, "Not A Team", &mut |_| {}).expect_err("accepted");
    assert!(err.contains("Invalid name"), "{err}");
}

#[test]
fn summary_reads_as_a_report() {
    let mut summary = Summary {
        posts: 3,
        ..Default::default()
    };
    summary.skip("channel_join messages");
    summary.skip("channel_join messages");
    let text = summary.to_string();
    assert!(
        text.contains("posts: 3 (0 of them replies in 0 threads)"),
        "{text}"
    );
    assert!(
        text.contains("skipped:\n  2 channel_join messages"),
        "{text}"
    );
}
