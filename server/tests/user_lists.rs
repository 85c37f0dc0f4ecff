//! `GET /users?in_team=&in_channel=&not_in_channel=` shows the members of a team or channel only
//! to those who can see it.

mod common;

use serde_json::json;

#[tokio::test]
async fn members_of_private_channels_direct_messages_and_other_teams_stay_private() {
    let (server, people, [open, private]) =
        common::cast_with_bob_in([("town", "O"), ("secret", "P")]).await;
    let direct = server
        .post(
            "/api/v4/channels/direct",
            &people.admin,
            json!([people.admin_id, people.bob_id]),
        )
        .await;
    assert_eq!(direct.status, 201, "{}", direct.body);
    let direct = direct.body["id"].as_str().expect("id").to_string();
    let other_team = server
        .post(
            "/api/v4/teams",
            &people.admin,
            json!({"name": "ops", "display_name": "Ops", "type": "I"}),
        )
        .await;
    let other_team = other_team.body["id"].as_str().expect("team id").to_string();

    let status = |token: &str, query: String| {
        let server = &server;
        let token = token.to_string();
        async move {
            server
                .get(&format!("/api/v4/users?{query}"), &token)
                .await
                .status
        }
    };
    for query in [
        format!("in_channel={private}"),
        format!("not_in_channel={private}"),
        format!("in_channel={direct}"),
        format!("in_team={other_team}"),
        format!("in_team={}&not_in_channel={private}", people.team_id),
        // An id that names nothing tells nothing either.
        "in_channel=aaaaaaaaaaaaaaaaaaaaaaaaaa".to_string(),
    ] {
        assert_eq!(
            status(&people.eve, query.clone()).await,
            403,
            "eve: {query}"
        );
    }
    for query in [
        format!("in_channel={open}"),
        format!("in_team={}&not_in_channel={open}", people.team_id),
    ] {
        assert_eq!(
            status(&people.eve, query.clone()).await,
            200,
            "eve: {query}"
        );
    }
    for query in [
        format!("in_channel={private}"),
        format!("in_channel={direct}"),
        format!("in_team={}&not_in_channel={private}", people.team_id),
    ] {
        assert_eq!(
            status(&people.bob, query.clone()).await,
            200,
            "bob: {query}"
        );
    }
    let members = server
        .get(&format!("/api/v4/users?in_channel={private}"), &people.bob)
        .await;
    let names: Vec<&str> = members
        .body
        .as_array()
        .expect("users")
        .iter()
        .filter_map(|user| user["username"].as_str())
        .collect();
    assert_eq!(names, ["admin", "bob"]);
}
