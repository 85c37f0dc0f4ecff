//! OpenGraph previews: the server fetches a linked page after the post is stored, caches what it
//! found and sends the channel a `post_edited` with the embed; private addresses are refused.

mod common;

use std::time::Duration;

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use brisk_server::link_previews::LinkPreviews;
use brisk_server::Config;
use serde_json::Value;

const PAGE: &str = r#"<!doctype html><html><head>
<title>Fallback title</title>
<meta property="og:site_name" content="Example &amp; Co">
<meta property="og:title" content="<b>Release</b> notes">
<meta name="og:description" content='What changed in "2.0"'>
<meta property="og:image" content="http://img.example.org/a.png">
<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">
</head><body>hello</body></html>"#;

/// A web site on 127.0.0.1: `/page` has OpenGraph tags, `/moved` redirects to it.
async fn site() -> String {
    let app = axum::Router::new()
        .route(
            "/page",
            get(|| async { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE) }),
        )
        .route(
            "/moved",
            get(|| async {
                (axum::http::StatusCode::FOUND, [(header::LOCATION, "/page")]).into_response()
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}")
}

fn open_graph(post: &Value) -> Option<Value> {
    post["metadata"]["embeds"]
        .as_array()?
        .iter()
        .find(|e| e["type"] == "opengraph")
        .cloned()
}

#[tokio::test]
async fn a_linked_page_is_previewed_after_the_post_and_its_readers_are_told() {
    let server = common::start_with(Config {
        demo: false,
        static_dir: None,
        link_previews: LinkPreviews::AllowPrivate,
        ..Config::default()
    })
    .await;
    let site = site().await;
    let p = server.people().await;
    let lobby = server.channel(&p.admin, &p.team_id, "lobby", "O").await;
    server.add_to_channel(&p.admin, &lobby, &p.bob_id).await;
    let mut socket = server.socket(&p.bob, "").await;
    let mut seq = common::greet(&mut socket).await;

    let posted = server
        .send_post(&p.admin, &lobby, &format!("notes at {site}/moved."))
        .await;
    assert_eq!(
        open_graph(&posted),
        None,
        "posting does not wait for the page"
    );
    common::next_event(&mut socket, "posted", &mut seq).await;
    let edited = common::next_event(&mut socket, "post_edited", &mut seq).await;
    let post: Value =
        serde_json::from_str(edited["data"]["post"].as_str().expect("post")).expect("json");
    assert_eq!(post["id"], posted["id"]);
    assert!(post["update_at"].as_i64() > posted["update_at"].as_i64());
    let embed = open_graph(&post).expect("an opengraph embed");
    assert_eq!(embed["url"], format!("{site}/moved"));
    assert_eq!(embed["data"]["site_name"], "Example & Co");
    assert_eq!(embed["data"]["title"], "<b>Release</b> notes");
    assert_eq!(embed["data"]["description"], "What changed in \"2.0\"");
    assert_eq!(embed["data"]["images"][0]["width"], 1200);

    // Read back, and reused for the next post linking to the same page.
    let page = server
        .get(&format!("/api/v4/channels/{lobby}/posts"), &p.bob)
        .await
        .body;
    let id = posted["id"].as_str().expect("id");
    assert!(open_graph(&page["posts"][id]).is_some());
    let again = server
        .send_post(&p.bob, &lobby, &format!("{site}/moved"))
        .await;
    assert!(
        open_graph(&again).is_some(),
        "cached: in the answer at once"
    );
}

#[tokio::test]
async fn private_addresses_are_not_fetched_and_previews_can_be_off() {
    for link_previews in [LinkPreviews::Public, LinkPreviews::Off] {
        let server = common::start_with(Config {
            demo: false,
            static_dir: None,
            link_previews,
            ..Config::default()
        })
        .await;
        let site = site().await;
        let p = server.people().await;
        let lobby = server.channel(&p.admin, &p.team_id, "lobby", "O").await;
        let mut socket = server.socket(&p.admin, "").await;
        let mut seq = common::greet(&mut socket).await;
        let posted = server
            .send_post(&p.admin, &lobby, &format!("{site}/page"))
            .await;
        common::next_event(&mut socket, "posted", &mut seq).await;
        assert_eq!(
            common::next_json_within(&mut socket, Duration::from_millis(1500)).await,
            None,
            "{link_previews:?}: no post_edited"
        );
        let id = posted["id"].as_str().expect("id");
        let fetched = server
            .get(&format!("/api/v4/posts/{id}"), &p.admin)
            .await
            .body;
        assert_eq!(open_graph(&fetched), None);
    }
}
