//! File uploads: multipart in, FileInfo out, downloads and image renditions, attaching to posts,
//! the size limit, and who may see what.

mod common;

use std::io::Cursor;

use brisk_server::Config;
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::json;

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::from_pixel(width, height, image::Rgb([10, 120, 200]))
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("png");
    bytes
}

/// (status, headers, bytes) of a GET.
async fn fetch(
    server: &common::TestServer,
    path: &str,
    token: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response = server
        .http
        .get(format!("{}{path}", server.base))
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (
        status,
        headers,
        response.bytes().await.expect("bytes").to_vec(),
    )
}

fn file_part(bytes: Vec<u8>, name: &str) -> Part {
    Part::bytes(bytes).file_name(name.to_string())
}

/// The channels of this file's tests.
struct Channels {
    secret: String,
}

type Setup = common::Scene<Channels>;

/// Sets up an admin and bob in a private channel "secret", and eve (on the team, not in it).
async fn setup(config: Config) -> Setup {
    let server = common::start_with(config).await;
    let p = server.people().await;
    let secret = server.channel(&p.admin, &p.team_id, "secret", "P").await;
    server.add_to_channel(&p.admin, &secret, &p.bob_id).await;
    Setup {
        server,
        people: p,
        ch: Channels { secret },
    }
}

#[tokio::test]
async fn uploads_attach_to_posts_and_only_members_download_them() {
    let s = setup(Config {
        demo: false,
        ..Config::default()
    })
    .await;
    let image = png(300, 200);
    let form = Form::new()
        .text("channel_id", s.ch.secret.clone())
        .text("client_ids", "c1")
        .part("files", file_part(image.clone(), "chart.png"))
        .text("client_ids", "c2")
        .part("files", file_part(b"plain notes".to_vec(), "notes.txt"));
    let uploaded = s.server.upload(&s.admin, form).await;
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    assert_eq!(uploaded.content_type(), "application/json");
    assert_eq!(uploaded.body["client_ids"], json!(["c1", "c2"]));
    let infos = uploaded.body["file_infos"]
        .as_array()
        .expect("infos")
        .clone();
    assert_eq!(infos.len(), 2);
    let (picture, notes) = (&infos[0], &infos[1]);
    assert_eq!(picture["name"], "chart.png");
    assert_eq!(picture["extension"], "png");
    assert_eq!(picture["mime_type"], "image/png");
    assert_eq!(picture["size"], image.len() as u64);
    assert_eq!(
        (picture["width"].as_i64(), picture["height"].as_i64()),
        (Some(300), Some(200))
    );
    assert_eq!(picture["has_preview_image"], true);
    assert!(picture["mini_preview"].is_string());
    assert_eq!(picture["post_id"], "");
    assert_eq!(picture["channel_id"], s.ch.secret.as_str());
    assert_eq!(notes["mime_type"], "text/plain");
    assert_eq!(notes["has_preview_image"], false);
    let picture_id = picture["id"].as_str().expect("id").to_string();
    let notes_id = notes["id"].as_str().expect("id").to_string();

    // Before a post claims them, the files are the uploader's alone.
    let (status, headers, bytes) =
        fetch(&s.server, &format!("/api/v4/files/{notes_id}"), &s.admin).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, b"plain notes");
    let disposition = headers["content-disposition"].to_str().expect("header");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("notes.txt"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        fetch(&s.server, &format!("/api/v4/files/{notes_id}"), &s.bob)
            .await
            .0,
        403
    );

    let post = s
        .server
        .post(
            "/api/v4/posts",
            &s.admin,
            json!({"channel_id": s.ch.secret, "message": "", "file_ids": [picture_id, notes_id]}),
        )
        .await;
    assert_eq!(post.status, 201, "{}", post.body);
    assert_eq!(post.body["file_ids"], json!([picture_id, notes_id]));
    assert_eq!(post.body["metadata"]["files"][0]["id"], picture_id.as_str());
    let post_id = post.body["id"].as_str().expect("id").to_string();
    let fetched = s
        .server
        .get(&format!("/api/v4/posts/{post_id}"), &s.bob)
        .await
        .body;
    assert_eq!(
        fetched["metadata"]["files"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(fetched["metadata"]["files"][0]["post_id"], post_id.as_str());

    // Members download; the picture shows inline, with a thumbnail and a preview.
    let (status, headers, bytes) =
        fetch(&s.server, &format!("/api/v4/files/{picture_id}"), &s.bob).await;
    assert_eq!(status, 200);
    assert_eq!(bytes, image);
    assert_eq!(headers["content-type"], "image/png");
    assert!(headers["content-disposition"]
        .to_str()
        .expect("h")
        .starts_with("inline;"));
    let (status, headers, bytes) = fetch(
        &s.server,
        &format!("/api/v4/files/{picture_id}/thumbnail"),
        &s.bob,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/jpeg");
    let thumb = image::load_from_memory(&bytes).expect("jpeg");
    assert!(thumb.width() <= 120 && thumb.height() <= 100);
    let (status, _, bytes) = fetch(
        &s.server,
        &format!("/api/v4/files/{picture_id}/preview"),
        &s.bob,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(image::load_from_memory(&bytes).expect("jpeg").width(), 300);
    let no_thumb = s
        .server
        .get(&format!("/api/v4/files/{notes_id}/thumbnail"), &s.bob)
        .await;
    assert_eq!(no_thumb.status, 400);
    let info = s
        .server
        .get(&format!("/api/v4/files/{picture_id}/info"), &s.bob)
        .await;
    assert_eq!(info.status, 200);
    assert_eq!(info.body["post_id"], post_id.as_str());

    // Eve is not in the channel: nothing at all.
    for path in [
        format!("/api/v4/files/{picture_id}"),
        format!("/api/v4/files/{picture_id}/thumbnail"),
        format!("/api/v4/files/{picture_id}/preview"),
        format!("/api/v4/files/{picture_id}/info"),
    ] {
        let (status, _, _) = fetch(&s.server, &path, &s.eve).await;
        assert_eq!(status, 403, "{path}");
    }
    let (status, _, _) = fetch(
        &s.server,
        "/api/v4/files/nonexistentnonexistentnone",
        &s.bob,
    )
    .await;
    assert_eq!(status, 404);

    // A file someone else uploaded cannot be attached; a post of only such ids is empty.
    let mine = s
        .server
        .upload(
            &s.bob,
            Form::new()
                .text("channel_id", s.ch.secret.clone())
                .part("files", file_part(b"bob's".to_vec(), "bob.txt")),
        )
        .await;
    let bobs_file = mine.body["file_infos"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let stolen = s
        .server
        .post(
            "/api/v4/posts",
            &s.admin,
            json!({"channel_id": s.ch.secret, "message": "", "file_ids": [bobs_file]}),
        )
        .await;
    assert_eq!(stolen.status, 400);
    let dropped = s
        .server
        .post(
            "/api/v4/posts",
            &s.admin,
            json!({"channel_id": s.ch.secret, "message": "with text", "file_ids": [bobs_file]}),
        )
        .await;
    assert_eq!(dropped.status, 201);
    assert_eq!(dropped.body["file_ids"], json!([]));

    // Deleting the post deletes its files.
    let deleted = s
        .server
        .call(
            Method::DELETE,
            &format!("/api/v4/posts/{post_id}"),
            Some(&s.admin),
            None,
        )
        .await;
    assert_eq!(deleted.status, 200);
    assert_eq!(
        fetch(&s.server, &format!("/api/v4/files/{picture_id}"), &s.admin)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn uploads_are_refused_to_outsiders_and_over_the_limit() {
    let s = setup(Config {
        demo: false,
        max_file_size: 1000,
        ..Config::default()
    })
    .await;
    let config = s
        .server
        .call(Method::GET, "/api/v4/config/client?format=old", None, None)
        .await;
    assert_eq!(config.body["MaxFileSize"], "1000");

    let too_big = s
        .server
        .upload(
            &s.bob,
            Form::new()
                .text("channel_id", s.ch.secret.clone())
                .part("files", file_part(vec![b'x'; 2000], "big.bin")),
        )
        .await;
    assert_eq!(too_big.status, 413, "{}", too_big.body);
    assert_eq!(too_big.content_type(), "application/json");
    assert_eq!(
        too_big.body["id"],
        "api.file.upload_file.too_large_detailed.app_error"
    );
    assert_eq!(too_big.body["status_code"], 413);
    // Nothing of it is kept: a good file before the big one is rolled back too.
    let mixed = s
        .server
        .upload(
            &s.bob,
            Form::new()
                .text("channel_id", s.ch.secret.clone())
                .part("files", file_part(vec![b'y'; 10], "small.txt"))
                .part("files", file_part(vec![b'x'; 2000], "big.bin")),
        )
        .await;
    assert_eq!(mixed.status, 413);
    let files_dir = s
        .server
        .state
        .files
        .path("x", brisk_server::file_store::Rendition::Original);
    let dir = files_dir.parent().expect("files dir");
    let left: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name != "tmp")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_eq!(std::fs::read_dir(dir.join("tmp")).expect("tmp").count(), 0);

    let outsider = s
        .server
        .upload(
            &s.eve,
            Form::new()
                .text("channel_id", s.ch.secret.clone())
                .part("files", file_part(b"hi".to_vec(), "hi.txt")),
        )
        .await;
    assert_eq!(outsider.status, 403);
    let no_files = s
        .server
        .upload(&s.bob, Form::new().text("channel_id", s.ch.secret.clone()))
        .await;
    assert_eq!(no_files.status, 400);
    let not_multipart = s
        .server
        .post("/api/v4/files", &s.bob, json!({"channel_id": s.ch.secret}))
        .await;
    assert_eq!(not_multipart.status, 400);
    assert_eq!(not_multipart.content_type(), "application/json");

    let secret = s.ch.secret.clone();
    s.server
        .state
        .db
        .write(move |tx| {
            tx.execute("UPDATE channels SET delete_at = 1 WHERE id = ?1", [secret])?;
            Ok(())
        })
        .await
        .expect("archive");
    let archived = s
        .server
        .upload(
            &s.admin,
            Form::new()
                .text("channel_id", s.ch.secret.clone())
                .part("files", file_part(b"hi".to_vec(), "hi.txt")),
        )
        .await;
    assert_eq!(archived.status, 403);
}
