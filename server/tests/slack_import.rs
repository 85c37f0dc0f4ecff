//! A Slack export imported with the command, then read back through the API by one of its people.

mod common;

use std::io::Write;

use brisk_server::commands::{self, Command};
use brisk_server::db::users::{self, hash_password, NewUser, ROLES_USER};
use brisk_server::db::Db;
use brisk_server::Config;
use serde_json::{json, Value};

/// A small export: ann (who has an account here already, by `ann_email`) and bob, one channel with
/// a thread and reactions.
fn export_zip(ann_email: &str) -> Vec<u8> {
    let files = [
        (
            "users.json",
            json!([
                {"id": "U1", "name": "ann", "profile": {"email": ann_email}},
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
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, value) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start file");
        zip.write_all(value.to_string().as_bytes())
            .expect("write file");
    }
    zip.finish().expect("finish zip").into_inner()
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
    std::fs::write(&zip, export_zip("ann@example.org")).expect("write zip");
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

/// The System console's way in: an upload session of type "import", its bytes, an
/// `import_process` job, polled until it ends.
mod from_the_console {
    use super::*;
    use common::{Reply, TestServer};
    use reqwest::{Method, StatusCode};

    /// Creates an import upload of `size` bytes named `filename`.
    async fn create_upload(server: &TestServer, token: &str, filename: &str, size: usize) -> Reply {
        let body = json!({"type": "import", "filename": filename, "file_size": size});
        server.post("/api/v4/uploads", token, body).await
    }

    /// `POST /uploads/{id}` with raw bytes.
    async fn send_bytes(server: &TestServer, token: &str, upload_id: &str, bytes: &[u8]) -> Reply {
        let response = server
            .http
            .post(format!("{}/api/v4/uploads/{upload_id}", server.base))
            .bearer_auth(token)
            .body(bytes.to_vec())
            .send()
            .await
            .expect("upload data");
        Reply::read(response).await
    }

    /// Uploads `bytes` whole (in two requests, as a resumed upload) and starts the import job.
    async fn upload_and_import(
        server: &TestServer,
        token: &str,
        bytes: &[u8],
        team: &str,
    ) -> Value {
        let session = create_upload(server, token, "slack export.zip", bytes.len()).await;
        assert_eq!(session.status, 201, "{}", session.body);
        assert_eq!(session.body["type"], "import");
        let id = session.body["id"].as_str().expect("upload id").to_string();
        let (first, rest) = bytes.split_at(bytes.len() / 2);
        for part in [first, rest] {
            let sent = send_bytes(server, token, &id, part).await;
            assert_eq!(sent.status, 204, "{}", sent.body);
        }
        let upload = server.get(&format!("/api/v4/uploads/{id}"), token).await;
        assert_eq!(upload.body["file_offset"], bytes.len());
        let import_file = format!("{id}_slack export.zip");
        let job = server
            .post(
                "/api/v4/jobs",
                token,
                json!({"type": "import_process", "data": {"import_file": import_file, "team": team}}),
            )
            .await;
        assert_eq!(job.status, 201, "{}", job.body);
        assert_eq!(job.body["type"], "import_process");
        job.body
    }

    /// The job once it has ended (success or error).
    async fn finished(server: &TestServer, token: &str, job: &Value) -> Value {
        let path = format!("/api/v4/jobs/{}", job["id"].as_str().expect("job id"));
        common::until("the import job to end", || async {
            let job = server.get(&path, token).await.body;
            (job["status"] == "success" || job["status"] == "error").then_some(job)
        })
        .await
    }

    #[tokio::test]
    async fn an_uploaded_export_is_imported_once_and_its_people_read_it_live() {
        let server = common::start(false, None).await;
        let people = server.people().await;
        let (_, ann) = server.user(Some(&people.admin), "ann").await;
        let bytes = export_zip("ann@example.com");

        let job = upload_and_import(&server, &people.admin, &bytes, "acme").await;
        let job = finished(&server, &people.admin, &job).await;
        assert_eq!(job["status"], "success", "{job}");
        assert_eq!(job["progress"], 100);
        let data = &job["data"];
        for (key, count) in [("channels", "1"), ("people", "1"), ("posts", "3")] {
            assert_eq!(data[key], count, "{key}: {data}");
        }
        for (key, count) in [("threads", "1"), ("reactions", "2"), ("skipped", "")] {
            assert_eq!(data[key], count, "{key}: {data}");
        }
        assert_eq!(data["people_matched_by_email"], "1", "ann is ann: {data}");

        // ann reads the channel, and hears what is said there from now on.
        let team = server.get("/api/v4/teams/name/acme", &ann).await;
        let team_id = team.body["id"].as_str().expect("team id");
        let dev = server
            .get(&format!("/api/v4/teams/{team_id}/channels/name/dev"), &ann)
            .await;
        assert_eq!(dev.status, 200, "{}", dev.body);
        let dev_id = dev.body["id"].as_str().expect("channel id");
        let posts = server
            .get(&format!("/api/v4/channels/{dev_id}/posts"), &ann)
            .await;
        // Slack's bob is not the bob who has an account here: he gets a name of his own.
        assert_eq!(
            messages(&posts.body),
            ["Release today, @bob2?", "Yes, after lunch", "Lunch!"]
        );
        let mut socket = server.socket(&ann, "").await;
        let mut seq = common::greet(&mut socket).await;
        server.send_post(&ann, dev_id, "Hello from brisk").await;
        let posted = common::next_event(&mut socket, "posted", &mut seq).await;
        assert_eq!(posted["broadcast"]["channel_id"], dev_id);

        // The same export again changes nothing.
        let again = upload_and_import(&server, &people.admin, &bytes, "acme").await;
        let again = finished(&server, &people.admin, &again).await;
        assert_eq!(again["status"], "success", "{again}");
        assert_eq!(again["data"]["posts"], "0");
        assert_eq!(again["data"]["channels"], "0");
        assert_ne!(again["data"]["already_imported"], "0");
    }

    #[tokio::test]
    async fn a_cut_short_zip_fails_its_job_and_writes_nothing() {
        let server = common::start(false, None).await;
        let people = server.people().await;
        let bytes = export_zip("ann@example.com");
        let truncated = &bytes[..bytes.len() * 2 / 3];
        let job = upload_and_import(&server, &people.admin, truncated, "broken").await;
        let job = finished(&server, &people.admin, &job).await;
        assert_eq!(job["status"], "error", "{job}");
        let error = job["data"]["error"].as_str().expect("an error");
        assert!(error.contains("zip"), "{error}");
        let team = server.get("/api/v4/teams/name/broken", &people.admin).await;
        assert_eq!(team.status, 404, "no team was made: {}", team.body);
    }

    #[tokio::test]
    async fn imports_are_for_system_admins_within_the_size_limit() {
        let server = common::start_with(brisk_server::Config {
            demo: false,
            static_dir: None,
            max_import_size: 1000,
            ..brisk_server::Config::default()
        })
        .await;
        let people = server.people().await;
        let admin = people.admin.as_str();

        // Someone who is not a system admin can do none of it.
        let refused = create_upload(&server, &people.bob, "export.zip", 10).await;
        assert_eq!(refused.status, 403, "{}", refused.body);
        let session = create_upload(&server, admin, "export.zip", 10).await;
        assert_eq!(session.status, 201, "{}", session.body);
        let id = session.body["id"].as_str().expect("upload id");
        assert_eq!(
            send_bytes(&server, &people.bob, id, b"0123").await.status,
            403
        );
        let peek = server
            .get(&format!("/api/v4/uploads/{id}"), &people.bob)
            .await;
        assert_eq!(peek.status, 403);
        let job = json!({"type": "import_process", "data": {"import_file": format!("{id}_export.zip"), "team": "acme"}});
        let refused = server.post("/api/v4/jobs", &people.bob, job.clone()).await;
        assert_eq!(refused.status, 403, "{}", refused.body);
        let anonymous = server
            .call(
                Method::POST,
                "/api/v4/uploads",
                None,
                Some(json!({"type": "import"})),
            )
            .await;
        assert_eq!(anonymous.status, 401);

        // Sizes and names.
        let too_big = create_upload(&server, admin, "export.zip", 1001).await;
        assert_eq!(
            too_big.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            too_big.body
        );
        assert!(too_big.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("at most 1000 bytes")));
        for (name, size) in [
            ("export.tar", 10),
            ("", 10),
            ("../export.zip", 10),
            ("export.zip", 0),
        ] {
            let bad = create_upload(&server, admin, name, size).await;
            assert_eq!(bad.status, 400, "{name} {size}: {}", bad.body);
        }
        let attachment = server
            .post(
                "/api/v4/uploads",
                admin,
                json!({"channel_id": "x", "filename": "a.png", "file_size": 10}),
            )
            .await;
        assert_eq!(attachment.status, StatusCode::NOT_IMPLEMENTED);

        // More bytes than announced are refused and leave the upload as it was.
        let over = send_bytes(&server, admin, id, b"0123456789ABC").await;
        assert_eq!(over.status, 400, "{}", over.body);
        let upload = server.get(&format!("/api/v4/uploads/{id}"), admin).await;
        assert_eq!(upload.body["file_offset"], 0);

        // A job needs a whole upload, a valid team name, and to be an import.
        assert_eq!(send_bytes(&server, admin, id, b"01234").await.status, 204);
        let unfinished = server.post("/api/v4/jobs", admin, job.clone()).await;
        assert_eq!(unfinished.status, 400, "{}", unfinished.body);
        assert_eq!(send_bytes(&server, admin, id, b"56789").await.status, 204);
        let bad_team = json!({"type": "import_process", "data": {"import_file": format!("{id}_export.zip"), "team": "No Such Name!"}});
        assert_eq!(
            server.post("/api/v4/jobs", admin, bad_team).await.status,
            400
        );
        let other = json!({"type": "data_retention", "data": {}});
        assert_eq!(server.post("/api/v4/jobs", admin, other).await.status, 400);
        let unknown = server
            .get("/api/v4/jobs/abcdefghijklmnopqrstuvwxyz", admin)
            .await;
        assert_eq!(unknown.status, 404);
        // The whole upload (ten bytes of nothing like a zip) makes a job that fails clearly.
        let started = server.post("/api/v4/jobs", admin, job).await;
        assert_eq!(started.status, 201, "{}", started.body);
        let ended = finished(&server, admin, &started.body).await;
        assert_eq!(ended["status"], "error");
    }
}
