//! Inputs chosen to break things (NUL bytes, numbers at the edge of i64) get a clean 200 or 400,
//! never a 500 or a dropped connection.

mod common;

use serde_json::json;

#[tokio::test]
async fn odd_searches_and_far_pages_answer_cleanly() {
    let (server, people, [_dev]) = common::cast_with_bob_in([("dev", "O")]).await;
    let search = format!("/api/v4/teams/{}/posts/search", people.team_id);
    for terms in [
        "\u{0}",
        "\"\u{0}\"",
        "a\u{0}b -\"\u{0}\"",
        "on:9223372036854775807-01-01",
        "before:-9223372036854775808-12-31 hello",
    ] {
        let reply = server
            .post(
                &search,
                &people.bob,
                json!({"terms": terms, "is_or_search": false}),
            )
            .await;
        assert_eq!(reply.status, 200, "{terms:?}: {}", reply.body);
    }
    for body in [
        json!({"terms": "hello", "page": i64::MAX / 2, "per_page": 60}),
        json!({"terms": "hello", "time_zone_offset": i64::MAX}),
        json!({"terms": "on:2026-01-01", "time_zone_offset": i64::MIN}),
        // Every word is a clause of the query: a search holds a bounded number.
        json!({"terms": (0..40).map(|n| format!("word{n}")).collect::<Vec<_>>().join(" ")}),
    ] {
        let reply = server.post(&search, &people.bob, body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
    }
    let users = server
        .get(
            &format!("/api/v4/users?page={}&per_page=200", i64::MAX / 100),
            &people.bob,
        )
        .await;
    assert_eq!(users.status, 400, "{}", users.body);
}
