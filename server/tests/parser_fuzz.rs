//! Fuzz-style checks of what reads outside input: the search box language, the OpenGraph reader
//! of fetched pages, and request bodies. Inputs are built from fragments each parser cares about
//! by a seeded generator, so a failure names a case that can be replayed; a bounded number of
//! cases keeps the run short. Nothing may panic, the API never answers 500, and large
//! adversarial inputs finish in bounded time.

mod common;

use std::time::{Duration, Instant};

use brisk_server::link_previews::parse_open_graph;
use brisk_server::rate_limit::RateLimit;
use brisk_server::search_terms::{fts_expression, matched_terms, parse};
use brisk_server::Config;
use reqwest::Method;

/// xorshift64*: small, seeded, good enough to mix fragments.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Up to `max_pieces` fragments, each sometimes cut at a random character.
    fn text(&mut self, fragments: &[&str], max_pieces: usize) -> String {
        let mut out = String::new();
        for _ in 0..self.below(max_pieces + 1) {
            let fragment = fragments[self.below(fragments.len())];
            let keep = self.below(fragment.chars().count() + 1);
            out.extend(fragment.chars().take(keep.max(1)));
        }
        out
    }
}

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
    let mut generator = Generator(0x5eed_0001);
    for case in 0..3000 {
        let input = generator.text(SEARCH_FRAGMENTS, 24);
        let query = std::panic::catch_unwind(|| parse(&input))
            .unwrap_or_else(|_| panic!("case {case}: parse panicked on {input:?}"));
        for terms in [&query.terms, &query.excluded] {
            let expression = fts_expression(terms, case % 2 == 0);
            assert!(!expression.contains('\u{0}'), "case {case}: {input:?}");
        }
        for day in [query.before, query.after, query.on].into_iter().flatten() {
            day.start_ms(86_400);
        }
        matched_terms(&query, &input, &input);
    }
}

#[test]
fn the_open_graph_reader_reads_any_page() {
    let mut generator = Generator(0x5eed_0002);
    for case in 0..3000 {
        let page = generator.text(PAGE_FRAGMENTS, 40);
        std::panic::catch_unwind(|| parse_open_graph(&page))
            .unwrap_or_else(|_| panic!("case {case}: panicked on {page:?}"));
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
    // Without the rate limit, so every body reaches its handler.
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
    let paths = [
        "/api/v4/posts".to_string(),
        format!("/api/v4/teams/{}/posts/search", people.team_id),
        "/api/v4/users/ids".to_string(),
        format!("/api/v4/channels/{dev}/members"),
        "/api/v4/channels".to_string(),
        "/api/v4/reactions".to_string(),
        "/api/v4/users/login".to_string(),
    ];
    let mut generator = Generator(0x5eed_0003);
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
            .unwrap_or_else(|err| panic!("case {case}: {path} {body:?}: {err}"));
        assert!(
            reply.status().as_u16() < 500,
            "case {case}: {path} {body:?}: {}",
            reply.status()
        );
    }
}
