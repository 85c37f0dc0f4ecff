//! Fuzz-style checks of what reads outside input: the search box language, the OpenGraph reader
//! of fetched pages, and request bodies (JSON and multipart uploads). The IRC line reader has its
//! own in the bridge (src/bridge/irc/fuzz_tests.rs), the client's markdown in src/markdown. Inputs are built from fragments each parser cares about
//! by a seeded generator, so a failure names a case that can be replayed; a bounded number of
//! cases keeps the run short. Nothing may panic, the API never answers 500, and large
//! adversarial inputs finish in bounded time.

mod common;

use std::time::{Duration, Instant};

use brisk_model::fuzz::Generator;
use brisk_server::link_previews::parse_open_graph;
use brisk_server::rate_limit::RateLimit;
use brisk_server::search_terms::{fts_expression, matched_terms, parse};
use brisk_server::Config;
use reqwest::Method;

const SEARCH_FRAGMENTS: &[&str] = &[
    "word",
    " ",
    "\"",
    "-",
    "*",
    "#tag",
    "from:",
    "@bob",
    "in:",
    "~dev",
    "before:",
    "after:",
    "on:",
    "2026-11-25",
    "9999999999999999999-01-01",
    "-1-1-1",
    ":",
    "\u{0}",
    "\t",
    "\n",
    "é",
    "🦀",
    "\"\"",
    "OR",
    "NEAR(",
    "'",
    "\\",
    "%",
    "_",
];

const PAGE_FRAGMENTS: &[&str] = &[
    "<meta",
    " property=",
    "\"og:title\"",
    "'og:description'",
    "og:image",
    " content=",
    "\"",
    "'",
    ">",
    "<",
    "&",
    "&amp;",
    "&#x",
    "&#",
    "1F980",
    ";",
    "<title>",
    "</title>",
    "=",
    " ",
    "\u{0}",
    "é",
    "🦀",
    "<META PROPERTY=og:image:width CONTENT=",
    "99999999999999999999",
];

#[test]
fn the_search_language_reads_anything() {
    let mut generator = Generator::new(0x5eed_0001);
    for case in 0..3000 {
        let input = generator.text(SEARCH_FRAGMENTS, 24);
        let query = std::panic::catch_unwind(|| parse(&input))
            .unwrap_or_else(|_| panic!("{}: parse panicked on {input:?}", generator.case(case)));
        for terms in [&query.terms, &query.excluded] {
            let expression = fts_expression(terms, case % 2 == 0);
            assert!(
                !expression.contains('\u{0}'),
                "{}: {input:?}",
                generator.case(case)
            );
        }
        for day in [query.before, query.after, query.on].into_iter().flatten() {
            day.start_ms(86_400);
        }
        matched_terms(&query, &input, &input);
    }
}

#[test]
fn the_open_graph_reader_reads_any_page() {
    let mut generator = Generator::new(0x5eed_0002);
    for case in 0..3000 {
        let page = generator.text(PAGE_FRAGMENTS, 40);
        std::panic::catch_unwind(|| parse_open_graph(&page))
            .unwrap_or_else(|_| panic!("{}: panicked on {page:?}", generator.case(case)));
    }
}

#[test]
fn large_adversarial_inputs_take_bounded_time() {
    let started = Instant::now();
    let half_megabyte = 512 * 1024;
    for page in [
        "&".repeat(half_megabyte),
        "&#x".repeat(half_megabyte / 3),
        "<meta ".repeat(half_megabyte / 6),
        "<meta content=".repeat(half_megabyte / 14),
        format!("<meta content=\"{}", "a=".repeat(half_megabyte / 2)),
        "<title>".repeat(half_megabyte / 7),
    ] {
        parse_open_graph(&page);
    }
    let search = "a ".repeat(512);
    let query = parse(&search);
    matched_terms(&query, &"a ".repeat(8 * 1024), "");
    // Each of these is linear; a quadratic one takes minutes.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

/// A server without the rate limit, so every body reaches its handler; its people, and an open
/// channel "dev" (its id).
async fn unlimited_server_with_a_channel() -> (common::TestServer, common::People, String) {
    let server = common::start_with(Config {
        demo: false,
        static_dir: None,
        rate_limit: RateLimit {
            per_second: 0.0,
            ..RateLimit::default()
        },
        ..Config::default()
    })
    .await;
    let people = server.people().await;
    let dev = server
        .channel(&people.admin, &people.team_id, "dev", "O")
        .await;
    (server, people, dev)
}

#[tokio::test]
async fn request_bodies_of_any_shape_are_refused_cleanly() {
    const BODY_FRAGMENTS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        "\"channel_id\"",
        "\"message\"",
        "\"user_ids\"",
        "\"terms\"",
        "\"page\"",
        "-1",
        "9223372036854775807",
        "1e999",
        "null",
        "true",
        "\"\\u0000\"",
        "\"é\"",
        "\\",
        " ",
    ];
    let (server, people, dev) = unlimited_server_with_a_channel().await;
    let paths = [
        "/api/v4/posts".to_string(),
        format!("/api/v4/teams/{}/posts/search", people.team_id),
        "/api/v4/users/ids".to_string(),
        format!("/api/v4/channels/{dev}/members"),
        "/api/v4/channels".to_string(),
        "/api/v4/reactions".to_string(),
        "/api/v4/users/login".to_string(),
    ];
    let mut generator = Generator::new(0x5eed_0003);
    for case in 0..300 {
        let body = generator.text(BODY_FRAGMENTS, 16);
        let path = &paths[case % paths.len()];
        let reply = server
            .http
            .request(Method::POST, format!("{}{path}", server.base))
            .bearer_auth(&people.bob)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap_or_else(|err| panic!("{}: {path} {body:?}: {err}", generator.case(case)));
        assert!(
            reply.status().as_u16() < 500,
            "{}: {path} {body:?}: {}",
            generator.case(case),
            reply.status()
        );
    }
}

#[tokio::test]
async fn uploads_of_any_shape_are_refused_cleanly() {
    let (server, people, dev) = unlimited_server_with_a_channel().await;
    let channel_part = format!("\r\n\r\n{dev}\r\n");
    let fragments: &[&str] = &[
        "--B\r\n",
        "--B--\r\n",
        "--B",
        "Content-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\n",
        "Content-Disposition: form-data; name=\"channel_id\"",
        "Content-Disposition: form-data; name=\"client_ids\"\r\n\r\nc1\r\n",
        "Content-Disposition: form-data; filename=\"../../etc/passwd\"\r\n",
        "Content-Disposition: form-data; name=\"",
        &channel_part,
        "Content-Type: image/png\r\n",
        "Content-Type: image/gif\r\n",
        "\r\n",
        "\u{89}PNG\r\n\u{1a}\n",
        "GIF89a\u{1}\u{0}\u{1}\u{0}",
        "\u{ff}\u{d8}\u{ff}",
        "x",
        ";",
        "\"",
        "\u{0}",
        "é",
    ];
    let content_types = [
        "multipart/form-data; boundary=B",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"B\"",
        "text/plain",
    ];
    let mut generator = Generator::new(0x5eed_0004);
    for case in 0..300 {
        let body = generator.text(fragments, 20);
        let content_type = content_types[generator.below(content_types.len())];
        let path = if case % 2 == 0 {
            format!("/api/v4/files?channel_id={dev}")
        } else {
            "/api/v4/files".to_string()
        };
        let reply = server
            .http
            .post(format!("{}{path}", server.base))
            .bearer_auth(&people.bob)
            .header("content-type", content_type)
            .body(body.clone())
            .send()
            .await
            .unwrap_or_else(|err| panic!("{}: {body:?}: {err}", generator.case(case)));
        assert!(
            reply.status().as_u16() < 500,
            "{}: {content_type} {body:?}: {}",
            generator.case(case),
            reply.status()
        );
    }
}
