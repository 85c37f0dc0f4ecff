//! Permalink embeds: a message linking to a post of this server quotes it, for each reader only
//! if they may read the linked post's channel.

mod common;

use serde_json::Value;

fn embeds_of(post: &Value) -> &[Value] {
    post["metadata"]["embeds"]
        .as_array()
        .map_or(&[], Vec::as_slice)
}

/// The quoted message of a post's permalink embed, if it has one.
fn quoted(post: &Value) -> Option<String> {
    let embed = embeds_of(post).iter().find(|e| e["type"] == "permalink")?;
    Some(embed["data"]["post"]["message"].as_str()?.to_string())
}

fn post_in(list: &Value, id: &str) -> Value {
    list["posts"][id].clone()
}

#[tokio::test]
async fn a_link_to_a_post_quotes_it_for_those_who_may_read_it_only() {
    let (server, p, [lobby, secret]) =
        common::cast_with_bob_in([("lobby", "O"), ("secret", "P")]).await;
    server.add_to_channel(&p.admin, &lobby, &p.eve_id).await;
    let open_post = server.send_post(&p.admin, &lobby, "hello **all**").await;
    let secret_post = server
        .send_post(&p.admin, &secret, "launch is on friday")
        .await;
    let (open_id, secret_id) = (
        open_post["id"].as_str().expect("id"),
        secret_post["id"].as_str().expect("id"),
    );

    let mut bob_socket = server.socket(&p.bob, "").await;
    let mut bob_seq = common::greet(&mut bob_socket).await;
    let mut eve_socket = server.socket(&p.eve, "").await;
    let mut eve_seq = common::greet(&mut eve_socket).await;

    let to_secret = server
        .send_post(
            &p.bob,
            &lobby,
            &format!("see {}/eng/pl/{secret_id} for the date", server.base),
        )
        .await;
    assert_eq!(
        quoted(&to_secret).as_deref(),
        Some("launch is on friday"),
        "the author may read it"
    );
    let embed = &embeds_of(&to_secret)[0];
    assert_eq!(embed["data"]["post_id"], secret_id);
    assert_eq!(embed["data"]["team_name"], "eng");
    assert_eq!(embed["data"]["channel_display_name"], "secret");

    // Live: each member gets their own copy of the post.
    let posted_for = |event: &Value| -> Value {
        serde_json::from_str(event["data"]["post"].as_str().expect("post string")).expect("post")
    };
    let bob_event = common::next_event(&mut bob_socket, "posted", &mut bob_seq).await;
    assert_eq!(bob_event["broadcast"]["channel_id"], lobby.as_str());
    assert_eq!(
        quoted(&posted_for(&bob_event)).as_deref(),
        Some("launch is on friday")
    );
    let eve_event = common::next_event(&mut eve_socket, "posted", &mut eve_seq).await;
    assert_eq!(posted_for(&eve_event)["id"], to_secret["id"]);
    assert_eq!(quoted(&posted_for(&eve_event)), None);
    assert!(!eve_event.to_string().contains("friday"));

    // Read back: the same rule, per reader.
    let to_secret_id = to_secret["id"].as_str().expect("id");
    let pages = format!("/api/v4/channels/{lobby}/posts");
    let bob_page = server.get(&pages, &p.bob).await.body;
    assert_eq!(
        quoted(&post_in(&bob_page, to_secret_id)).as_deref(),
        Some("launch is on friday")
    );
    let eve_page = server.get(&pages, &p.eve).await.body;
    assert_eq!(quoted(&post_in(&eve_page, to_secret_id)), None);
    assert!(!eve_page.to_string().contains("friday"));
    let eve_single = server
        .get(&format!("/api/v4/posts/{to_secret_id}"), &p.eve)
        .await
        .body;
    assert!(embeds_of(&eve_single).is_empty());

    // An edit that adds a link: the same rule, for the answer and each member's event.
    let plain = server.send_post(&p.bob, &lobby, "the date?").await;
    common::next_event(&mut bob_socket, "posted", &mut bob_seq).await;
    common::next_event(&mut eve_socket, "posted", &mut eve_seq).await;
    let plain_id = plain["id"].as_str().expect("id");
    let edited = server
        .put(
            &format!("/api/v4/posts/{plain_id}/patch"),
            &p.bob,
            serde_json::json!({ "message": format!("the date: {}/eng/pl/{secret_id}", server.base) }),
        )
        .await;
    assert_eq!(edited.status, 200, "{}", edited.body);
    assert_eq!(quoted(&edited.body).as_deref(), Some("launch is on friday"));
    let bob_edit = common::next_event(&mut bob_socket, "post_edited", &mut bob_seq).await;
    assert_eq!(
        quoted(&posted_for(&bob_edit)).as_deref(),
        Some("launch is on friday")
    );
    let eve_edit = common::next_event(&mut eve_socket, "post_edited", &mut eve_seq).await;
    assert_eq!(posted_for(&eve_edit)["id"], plain_id);
    assert!(!eve_edit.to_string().contains("friday"));

    // A post of the open channel is quoted for everyone in it.
    let to_open = server
        .send_post(&p.bob, &lobby, &format!("{}/eng/pl/{open_id}", server.base))
        .await;
    let to_open_id = to_open["id"].as_str().expect("id");
    let eve_page = server.get(&pages, &p.eve).await.body;
    assert_eq!(
        quoted(&post_in(&eve_page, to_open_id)).as_deref(),
        Some("hello **all**")
    );
}

#[tokio::test]
async fn links_elsewhere_and_deleted_posts_are_not_quoted() {
    let (server, p, [lobby]) = common::cast_with_bob_in([("lobby", "O")]).await;
    let linked = server.send_post(&p.admin, &lobby, "soon gone").await;
    let linked_id = linked["id"].as_str().expect("id");

    let elsewhere = server
        .send_post(
            &p.bob,
            &lobby,
            &format!("https://chat.example.org/eng/pl/{linked_id}"),
        )
        .await;
    assert!(embeds_of(&elsewhere).is_empty(), "another server's link");

    let to_linked = server
        .send_post(
            &p.bob,
            &lobby,
            &format!("{}/eng/pl/{linked_id}", server.base),
        )
        .await;
    assert_eq!(quoted(&to_linked).as_deref(), Some("soon gone"));
    let deleted = server
        .delete(&format!("/api/v4/posts/{linked_id}"), &p.admin)
        .await;
    assert_eq!(deleted.status, 200);
    let page = server
        .get(&format!("/api/v4/channels/{lobby}/posts"), &p.bob)
        .await
        .body;
    let to_linked_id = to_linked["id"].as_str().expect("id");
    assert_eq!(quoted(&post_in(&page, to_linked_id)), None);
}
