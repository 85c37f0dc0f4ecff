//! Every route the bundled server serves under `/api/v4` is one Mattermost defines (same method,
//! same path), by the table taken from Mattermost's own API definitions
//! (tests/api-contract/mattermost-api.json, made by tests/api-contract/regenerate.py), or a
//! brisk-only route listed below with its reason. The routes are read from the router's source,
//! as axum cannot list them: every `.route("path", method(handler)...)` in the API module.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Routes Mattermost does not have, each with why brisk serves it. Empty: the bundled server is a
/// Mattermost server to every client.
const BRISK_ONLY: &[(&str, &str)] = &[];

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

fn server_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether Mattermost's `template` covers the served `path`: `{channel_id}` and `{id}` name the
/// same segment, and Mattermost takes `me` for a `{user_id}` (`/users/me/teams`).
fn covers(template: &str, path: &str) -> bool {
    let (template, path): (Vec<_>, Vec<_>) =
        (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template.iter().zip(&path).all(|(t, p)| {
            t == p
                || (t.starts_with('{') && p.starts_with('{'))
                || (*t == "{user_id}" && *p == "me")
        })
}

/// (METHOD, path template) of each operation in Mattermost's table.
fn mattermost_operations() -> Vec<(String, String)> {
    let path = server_dir().join("../tests/api-contract/mattermost-api.json");
    let text =
        std::fs::read_to_string(&path).expect("the table of Mattermost's API is in the repo");
    let table: Value = serde_json::from_str(&text).expect("the table is JSON");
    table["operations"]
        .as_array()
        .expect("the table lists operations")
        .iter()
        .map(|op| {
            let field = |name: &str| op[name].as_str().expect("method and path are strings");
            (field("method").to_string(), field("path").to_string())
        })
        .collect()
}

fn is_mattermosts(operations: &[(String, String)], (method, path): &(String, String)) -> bool {
    operations
        .iter()
        .any(|(m, template)| m == method && covers(template, path))
}

/// The text of one `.route(...)` call: up to its closing parenthesis.
fn call_text(after_open: &str) -> &str {
    let mut depth = 1;
    for (at, c) in after_open.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &after_open[..at];
                }
            }
            _ => {}
        }
    }
    after_open
}

/// Method routers in a route's second argument: `get(h)`, `.put(h)`, `axum::routing::delete(h)`.
/// Handlers are passed, never called, so a method name followed by `(` is a method router.
fn methods_in(route: &str) -> Vec<String> {
    let bytes = route.as_bytes();
    let mut found = vec![];
    for method in METHODS {
        for (at, _) in route.match_indices(&format!("{method}(")) {
            let preceded_by_word =
                at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            if !preceded_by_word {
                found.push(method.to_ascii_uppercase());
            }
        }
    }
    found
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![];
    for entry in std::fs::read_dir(dir).expect("the API module is a directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// (METHOD, /api/v4 path) of every route in the API module (src/api, or src/http once renamed),
/// which lib.rs nests under /api/v4.
fn served_routes() -> BTreeSet<(String, String)> {
    let module = ["src/http", "src/api"]
        .into_iter()
        .map(|dir| server_dir().join(dir))
        .find(|dir| dir.is_dir())
        .expect("the API module is src/http or src/api");
    let mut routes = BTreeSet::new();
    for file in rust_files(&module) {
        let source = std::fs::read_to_string(&file).expect("a readable source file");
        for (at, _) in source.match_indices(".route(") {
            let call = call_text(&source[at + ".route(".len()..]);
            let path = call
                .split('"')
                .nth(1)
                .expect("a route's path is a string literal");
            let methods = methods_in(call);
            assert!(
                !methods.is_empty(),
                "{}: no method found for {path}",
                file.display()
            );
            for method in methods {
                routes.insert((method, format!("/api/v4{path}")));
            }
        }
    }
    routes
}

#[test]
fn every_served_route_is_mattermosts_or_listed_as_brisk_only() {
    let mattermost = mattermost_operations();
    let served = served_routes();
    // A parser that found nothing (or lost the methods) would pass everything below.
    for expected in [
        ("GET", "/api/v4/users/me"),
        ("PUT", "/api/v4/posts/{post_id}/patch"),
        (
            "DELETE",
            "/api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}",
        ),
    ] {
        assert!(
            served.contains(&(expected.0.to_string(), expected.1.to_string())),
            "the route reader missed {expected:?}; it found {served:?}"
        );
    }
    let listed: BTreeSet<(String, String)> = BRISK_ONLY
        .iter()
        .map(|(route, _why)| {
            let (method, path) = route.split_once(' ').expect("\"METHOD /api/v4/path\"");
            (method.to_string(), path.to_string())
        })
        .collect();
    let unknown: Vec<_> = served
        .iter()
        .filter(|route| !is_mattermosts(&mattermost, route) && !listed.contains(*route))
        .collect();
    assert!(
        unknown.is_empty(),
        "served, but not Mattermost's nor listed as brisk-only: {unknown:?}"
    );
    let stale: Vec<_> = listed
        .iter()
        .filter(|route| !served.contains(*route) || is_mattermosts(&mattermost, route))
        .collect();
    assert!(
        stale.is_empty(),
        "listed as brisk-only, but not served or Mattermost's after all: {stale:?}"
    );
}

#[test]
fn me_stands_for_a_user_id_only() {
    assert!(covers(
        "/api/v4/users/{user_id}/teams",
        "/api/v4/users/me/teams"
    ));
    assert!(covers(
        "/api/v4/channels/{channel_id}",
        "/api/v4/channels/{id}"
    ));
    assert!(!covers(
        "/api/v4/channels/{channel_id}",
        "/api/v4/channels/me"
    ));
    assert!(!covers(
        "/api/v4/users/{user_id}",
        "/api/v4/users/{user_id}/teams"
    ));
}

#[test]
fn the_route_reader_sees_methods_not_handler_names() {
    assert_eq!(
        methods_in(r#""/posts/{post_id}", get(posts::get).put(post_changes::update)"#),
        ["GET", "PUT"]
    );
    assert_eq!(
        methods_in(r#""/x/{y}", axum::routing::delete(reactions::delete)"#),
        ["DELETE"]
    );
    assert_eq!(
        methods_in(r#""/files", post(files::upload).layer(Limit::disable())"#),
        ["POST"]
    );
}
