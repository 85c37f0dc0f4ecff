//! Emoji reactions: adding and removing, post metadata, events, and who may.

mod common;

use std::time::Duration;

use brisk_model::ReactionEventData;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn reactions_are_added_listed_shown_in_metadata_and_removed() {
    let (server, people, [secret]) = common::cast_with_bob_in([("secret", "P")]).await;
    let common::People {
        admin_id,
        admin,
        bob_id,
        bob,
        eve_id,
        eve,
        ..
    } = people;
    let post = server.send_post(&admin, &secret, "react to me").await;
    let post_id = post["id"].as_str().expect("id").to_string();

    let mut admin_socket = server.socket(&admin, "").await;
    let mut seq = common::greet(&mut admin_socket).await;
    let mut eve_socket = server.socket(&eve, "").await;
    common::greet(&mut eve_socket).await;

    let reacted = server
        .post(
            "/api/v4/reactions",
            &bob,
            json!({"user_id": bob_id, "post_id": post_id, "emoji_name": "+1"}),
        )
        .await;
    assert_eq!(reacted.status, 201, "{}", reacted.body);
    assert_eq!(reacted.content_type(), "application/json");
    assert_eq!(reacted.body["user_id"], bob_id.as_str());
    assert_eq!(reacted.body["post_id"], post_id.as_str());
    assert_eq!(reacted.body["emoji_name"], "+1");
    assert!(reacted.body["create_at"].as_i64() > Some(0));

    let event = common::next_event(&mut admin_socket, "reaction_added", &mut seq).await;
    assert_eq!(event["broadcast"]["channel_id"], secret.as_str());
    assert!(event["data"]["reaction"].is_string(), "a JSON string");
    let data: ReactionEventData = serde_json::from_value(event["data"].clone()).expect("data");
    let reaction = data.decode_reaction().expect("reaction");
    assert_eq!(
        (reaction.user_id.as_str(), reaction.emoji_name.as_str()),
        (bob_id.as_str(), "+1")
    );
    assert!(
        common::next_json_within(&mut eve_socket, Duration::from_millis(300))
            .await
            .is_none(),
        "a non-member hears nothing"
    );

    // Reacting twice is harmless and silent.
    let again = server
        .post(
            "/api/v4/reactions",
            &bob,
            json!({"user_id": bob_id, "post_id": post_id, "emoji_name": "+1"}),
        )
        .await;
    assert_eq!(again.status, 201);
    assert_eq!(again.body["create_at"], reacted.body["create_at"]);
    assert!(
        common::next_json_within(&mut admin_socket, Duration::from_millis(300))
            .await
            .is_none()
    );
    server
        .post(
            "/api/v4/reactions",
            &admin,
            json!({"user_id": admin_id, "post_id": post_id, "emoji_name": "tada"}),
        )
        .await;
    common::next_event(&mut admin_socket, "reaction_added", &mut seq).await;

    let listed = server
        .get(&format!("/api/v4/posts/{post_id}/reactions"), &bob)
        .await;
    assert_eq!(listed.status, 200);
    let names: Vec<&str> = listed
        .body
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["emoji_name"].as_str())
        .collect();
    assert_eq!(names, vec!["+1", "tada"]);
    let fetched = server
        .get(&format!("/api/v4/posts/{post_id}"), &bob)
        .await
        .body;
    assert_eq!(fetched["has_reactions"], true);
    assert_eq!(
        fetched["metadata"]["reactions"].as_array().map(Vec::len),
        Some(2)
    );
    let page = server
        .get(&format!("/api/v4/channels/{secret}/posts"), &bob)
        .await
        .body;
    assert_eq!(
        page["posts"][&post_id]["metadata"]["reactions"][0]["emoji_name"],
        "+1"
    );
    let bulk = server
        .post("/api/v4/posts/ids/reactions", &bob, json!([post_id]))
        .await;
    assert_eq!(bulk.status, 200);
    assert_eq!(bulk.body[&post_id].as_array().map(Vec::len), Some(2));

    // Outsiders can neither react nor look; nobody reacts for someone else; names are checked.
    let outsider = server
        .post(
            "/api/v4/reactions",
            &eve,
            json!({"user_id": eve_id, "post_id": post_id, "emoji_name": "eyes"}),
        )
        .await;
    assert_eq!(outsider.status, 403);
    assert_eq!(
        server
            .get(&format!("/api/v4/posts/{post_id}/reactions"), &eve)
            .await
            .status,
        403
    );
    let impersonated = server
        .post(
            "/api/v4/reactions",
            &bob,
            json!({"user_id": eve_id, "post_id": post_id, "emoji_name": "eyes"}),
        )
        .await;
    assert_eq!(impersonated.status, 403);
    for bad in ["", "no spaces", ":colons:", &"x".repeat(65)] {
        let refused = server
            .post(
                "/api/v4/reactions",
                &bob,
                json!({"user_id": bob_id, "post_id": post_id, "emoji_name": bad}),
            )
            .await;
        assert_eq!(refused.status, 400, "{bad:?}");
        assert_eq!(
            refused.body["id"],
            "model.reaction.is_valid.emoji_name.app_error"
        );
    }

    // Removing: bob may remove his own, not the admin's.
    let not_his = server
        .call(
            Method::DELETE,
            &format!("/api/v4/users/{}/posts/{post_id}/reactions/tada", admin_id),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(not_his.status, 403);
    let removed = server
        .call(
            Method::DELETE,
            &format!("/api/v4/users/{bob_id}/posts/{post_id}/reactions/+1"),
            Some(&bob),
            None,
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(removed.body, json!({"status": "OK"}));
    let event = common::next_event(&mut admin_socket, "reaction_removed", &mut seq).await;
    let data: ReactionEventData = serde_json::from_value(event["data"].clone()).expect("data");
    assert_eq!(data.decode_reaction().expect("reaction").emoji_name, "+1");
    let fetched = server
        .get(&format!("/api/v4/posts/{post_id}"), &bob)
        .await
        .body;
    assert_eq!(
        fetched["metadata"]["reactions"].as_array().map(Vec::len),
        Some(1)
    );
    server
        .call(
            Method::DELETE,
            &format!("/api/v4/users/me/posts/{post_id}/reactions/tada"),
            Some(&admin),
            None,
        )
        .await;
    let fetched = server
        .get(&format!("/api/v4/posts/{post_id}"), &bob)
        .await
        .body;
    assert!(
        fetched.get("has_reactions").is_none(),
        "omitted once none are left"
    );
    assert!(fetched["metadata"].get("reactions").is_none());
}
