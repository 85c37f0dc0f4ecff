//! The System console's server side, with Mattermost's endpoints: people listed by activity and
//! role, searched, deactivated (sessions ended, sockets closed, posts kept) and reactivated, made
//! or unmade system admin, given a password or a one-time reset link; every call refused (403)
//! to anyone but a system admin.

mod common;

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn usernames(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|user| user["username"].as_str().expect("username"))
        .collect()
}

#[tokio::test]
async fn everything_the_console_does_is_refused_to_someone_who_is_not_a_system_admin() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let bob = &people.bob;
    let eve = people.eve_id.as_str();
    let calls: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/v4/users?role=system_admin".into(), None),
        (Method::GET, "/api/v4/users?roles=system_user".into(), None),
        (Method::DELETE, format!("/api/v4/users/{eve}"), None),
        (
            Method::PUT,
            format!("/api/v4/users/{eve}/active"),
            Some(json!({"active": false})),
        ),
        (
            Method::PUT,
            format!("/api/v4/users/{}/roles", people.bob_id),
            Some(json!({"roles": "system_user system_admin"})),
        ),
        (
            Method::PUT,
            format!("/api/v4/users/{eve}/password"),
            Some(json!({"new_password": "taken-over-1"})),
        ),
        (
            Method::POST,
            "/api/v4/users/password/reset/send".into(),
            Some(json!({"email": "eve@example.com"})),
        ),
        (
            Method::PUT,
            format!("/api/v4/teams/{}/patch", people.team_id),
            Some(json!({"display_name": "Taken"})),
        ),
        (
            Method::POST,
            format!("/api/v4/teams/{}/regenerate_invite_id", people.team_id),
            None,
        ),
        (Method::GET, "/api/v4/config".into(), None),
        (
            Method::PUT,
            "/api/v4/config/patch".into(),
            Some(json!({"TeamSettings": {"SiteName": "Taken"}})),
        ),
    ];
    for (method, path, body) in calls {
        let reply = server.call(method.clone(), &path, Some(bob), body).await;
        assert_eq!(reply.status, 403, "{method} {path}: {}", reply.body);
    }
    let anonymous = server
        .call(
            Method::POST,
            "/api/v4/users/password/reset/send",
            None,
            Some(json!({"email": "eve@example.com"})),
        )
        .await;
    assert_eq!(anonymous.status, 403);
    assert!(anonymous.body["message"]
        .as_str()
        .is_some_and(|m| m.contains("ask an administrator")));
    // Nothing changed: eve still signs in, bob is no admin.
    assert_eq!(server.login_status("eve", "password1").await, 200);
    let bob_now = server.get("/api/v4/users/me", bob).await;
    assert_eq!(bob_now.body["roles"], "system_user");
    let team = server
        .get(&format!("/api/v4/teams/{}", people.team_id), bob)
        .await;
    assert_eq!(team.body["display_name"], "Engineering");
    let config = server
        .call(Method::GET, "/api/v4/config/client", None, None)
        .await;
    assert_eq!(config.body["SiteName"], "brisk");
}

#[tokio::test]
async fn deactivating_ends_every_session_at_once_keeps_the_posts_and_reactivating_lets_them_back() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let town_square = server
        .get(
            &format!("/api/v4/teams/{}/channels/name/town-square", people.team_id),
            &people.admin,
        )
        .await;
    let channel_id = town_square.body["id"]
        .as_str()
        .expect("channel")
        .to_string();
    let spam = server
        .send_post(&people.eve, &channel_id, "buy cheap watches")
        .await;
    let phone = server.login("eve", "password1").await;
    let mut socket = server.socket(&phone, "").await;
    common::greet(&mut socket).await;

    let reply = server
        .delete(&format!("/api/v4/users/{}", people.eve_id), &people.admin)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["status"], "OK");
    assert!(common::closes(&mut socket).await, "the live socket closes");
    for token in [&people.eve, &phone] {
        assert_eq!(server.get("/api/v4/users/me", token).await.status, 401);
    }
    assert_eq!(server.login_status("eve", "password1").await, 401);
    let post = server
        .get(
            &format!("/api/v4/posts/{}", spam["id"].as_str().expect("post")),
            &people.bob,
        )
        .await;
    assert_eq!(post.status, 200, "the posts stay");
    assert_eq!(post.body["message"], "buy cheap watches");

    let active = server
        .get("/api/v4/users?active=true&per_page=100", &people.admin)
        .await;
    assert_eq!(usernames(&active.body), ["admin", "bob"]);
    let inactive = server
        .get("/api/v4/users?inactive=true", &people.admin)
        .await;
    assert_eq!(usernames(&inactive.body), ["eve"]);
    assert!(inactive.body[0]["delete_at"].as_i64() > Some(0));
    let everyone = server.get("/api/v4/users", &people.admin).await;
    assert_eq!(usernames(&everyone.body), ["admin", "bob", "eve"]);
    let both = server
        .get("/api/v4/users?active=true&inactive=true", &people.admin)
        .await;
    assert_eq!(both.status, 400);

    let back = server
        .put(
            &format!("/api/v4/users/{}/active", people.eve_id),
            &people.admin,
            json!({"active": true}),
        )
        .await;
    assert_eq!(back.status, 200, "{}", back.body);
    assert_eq!(server.login_status("eve", "password1").await, 200);
    let off_again = server
        .put(
            &format!("/api/v4/users/{}/active", people.eve_id),
            &people.admin,
            json!({"active": false}),
        )
        .await;
    assert_eq!(off_again.status, 200);
    assert_eq!(server.login_status("eve", "password1").await, 401);
}

#[tokio::test]
async fn people_are_listed_in_pages_and_by_role_and_searched_across_teams_with_the_deactivated() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    // carol is on no team: only an admin's search without a team finds her.
    let (carol_id, _) = server.user(Some(&people.admin), "carol").await;
    let pages: Vec<Vec<String>> = {
        let mut pages = Vec::new();
        for page in 0..3 {
            let reply = server
                .get(
                    &format!("/api/v4/users?page={page}&per_page=2"),
                    &people.admin,
                )
                .await;
            pages.push(
                usernames(&reply.body)
                    .into_iter()
                    .map(String::from)
                    .collect(),
            );
        }
        pages
    };
    assert_eq!(
        pages,
        [
            vec!["admin", "bob"],
            vec!["carol", "eve"],
            Vec::<&str>::new()
        ]
    );
    let admins = server
        .get("/api/v4/users?role=system_admin", &people.admin)
        .await;
    assert_eq!(usernames(&admins.body), ["admin"]);
    let guests = server
        .get("/api/v4/users?role=system_guest", &people.admin)
        .await;
    assert_eq!(usernames(&guests.body), Vec::<&str>::new());

    server
        .delete(&format!("/api/v4/users/{carol_id}"), &people.admin)
        .await;
    let search = |token: String, body: Value| {
        let server = &server;
        async move { server.post("/api/v4/users/search", &token, body).await.body }
    };
    let found = search(
        people.admin.clone(),
        json!({"term": "car", "allow_inactive": true}),
    )
    .await;
    assert_eq!(usernames(&found), ["carol"]);
    let active_only = search(people.admin.clone(), json!({"term": "car"})).await;
    assert_eq!(usernames(&active_only), Vec::<&str>::new());
    let by_bob = search(
        people.bob.clone(),
        json!({"term": "car", "allow_inactive": true}),
    )
    .await;
    assert_eq!(usernames(&by_bob), Vec::<&str>::new(), "not on bob's teams");
    let too_long = server
        .post(
            "/api/v4/users/search",
            &people.admin,
            json!({"term": "x".repeat(65)}),
        )
        .await;
    assert_eq!(too_long.status, 400);
}

#[tokio::test]
async fn an_admin_makes_and_unmakes_admins_but_never_the_last_one() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let roles = |user_id: &str| format!("/api/v4/users/{user_id}/roles");
    let last = server
        .put(
            &roles(&people.admin_id),
            &people.admin,
            json!({"roles": "system_user"}),
        )
        .await;
    assert_eq!(last.status, 400, "{}", last.body);
    let alone = server
        .delete(&format!("/api/v4/users/{}", people.admin_id), &people.admin)
        .await;
    assert_eq!(alone.status, 400, "the only admin stays active");
    let unknown = server
        .put(
            &roles(&people.bob_id),
            &people.admin,
            json!({"roles": "system_user team_admin"}),
        )
        .await;
    assert_eq!(unknown.status, 400);

    let made = server
        .put(
            &roles(&people.bob_id),
            &people.admin,
            json!({"roles": "system_user system_admin"}),
        )
        .await;
    assert_eq!(made.status, 200, "{}", made.body);
    // At once, with the session bob already has.
    let as_bob = server
        .get("/api/v4/users?role=system_admin", &people.bob)
        .await;
    assert_eq!(as_bob.status, 200);
    assert_eq!(usernames(&as_bob.body), ["admin", "bob"]);
    let unmade = server
        .put(
            &roles(&people.admin_id),
            &people.bob,
            json!({"roles": "system_user"}),
        )
        .await;
    assert_eq!(unmade.status, 200, "now there is another admin");
    let refused = server
        .get("/api/v4/users?role=system_admin", &people.admin)
        .await;
    assert_eq!(refused.status, 403);
}

/// The token of a reset link the admin asks for eve.
async fn reset_token(server: &common::TestServer, admin: &str, email: &str) -> String {
    let reply = server
        .post(
            "/api/v4/users/password/reset/send",
            admin,
            json!({"email": email}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["token"].as_str().expect("token").to_string()
}

async fn complete_reset(server: &common::TestServer, token: &str, password: &str) -> Value {
    let reply = server
        .call(
            Method::POST,
            "/api/v4/users/password/reset",
            None,
            Some(json!({"token": token, "new_password": password})),
        )
        .await;
    json!({"status": reply.status.as_u16(), "id": reply.body["id"]})
}

#[tokio::test]
async fn a_reset_link_sets_a_password_once_and_signs_the_person_out_everywhere() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let token = reset_token(&server, &people.admin, "eve@example.com").await;
    assert_eq!(token.len(), 64);
    let mut socket = server.socket(&people.eve, "").await;
    common::greet(&mut socket).await;

    let short = complete_reset(&server, &token, "short").await;
    assert_eq!(short["status"], 400);
    assert_eq!(short["id"], "model.user.is_valid.pwd_min_length.app_error");
    let done = complete_reset(&server, &token, "chosen-by-eve-1").await;
    assert_eq!(done["status"], 200, "{done}");
    assert_eq!(server.login_status("eve", "password1").await, 401);
    assert_eq!(server.login_status("eve", "chosen-by-eve-1").await, 200);
    assert_eq!(
        server.get("/api/v4/users/me", &people.eve).await.status,
        401
    );
    assert!(common::closes(&mut socket).await);

    let again = complete_reset(&server, &token, "someone-else-1").await;
    assert_eq!(
        again["id"],
        "api.user.reset_password.invalid_link.app_error"
    );
    let made_up = complete_reset(&server, &"a".repeat(64), "someone-else-1").await;
    assert_eq!(made_up["status"], 400);
    let wrong_size = complete_reset(&server, "abc", "someone-else-1").await;
    assert_eq!(wrong_size["status"], 400);

    // A newer link replaces the older; a deactivation ends both.
    let older = reset_token(&server, &people.admin, "eve@example.com").await;
    let newer = reset_token(&server, &people.admin, "eve@example.com").await;
    assert_eq!(
        complete_reset(&server, &older, "older-link-1").await["status"],
        400
    );
    server
        .delete(&format!("/api/v4/users/{}", people.eve_id), &people.admin)
        .await;
    assert_eq!(
        complete_reset(&server, &newer, "newer-link-1").await["status"],
        400
    );
    let for_deactivated = server
        .post(
            "/api/v4/users/password/reset/send",
            &people.admin,
            json!({"email": "eve@example.com"}),
        )
        .await;
    assert_eq!(for_deactivated.status, 404);
    let stored: i64 = server
        .state
        .db
        .read(|conn| {
            Ok(
                conn.query_row("SELECT COUNT(*) FROM password_reset_tokens", [], |r| {
                    r.get(0)
                })?,
            )
        })
        .await
        .expect("count");
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn the_reset_link_command_prints_a_link_the_running_server_takes() {
    let data = tempfile::tempdir().expect("tempdir");
    let server = common::start_in(
        data.path(),
        brisk_server::Config {
            demo: false,
            ..brisk_server::Config::default()
        },
    )
    .await;
    let people = server.people().await;
    let command = brisk_server::commands::parse(&[
        "reset-link".to_string(),
        "bob".to_string(),
        format!("--data-dir={}", data.path().display()),
        "--site-url=https://chat.example.org/".to_string(),
    ])
    .expect("a command")
    .expect("parsed");
    let printed = brisk_server::commands::run(command).expect("a link");
    let link = printed.lines().next().expect("the link first");
    let token = link
        .strip_prefix("https://chat.example.org/reset_password_complete?token=")
        .expect(link);
    assert_eq!(
        complete_reset(&server, token, "from-the-command-1").await["status"],
        200
    );
    assert_eq!(server.login_status("bob", "from-the-command-1").await, 200);
    assert_eq!(
        server.get("/api/v4/users/me", &people.bob).await.status,
        401
    );
    let nobody = brisk_server::commands::run(brisk_server::commands::Command::ResetLink {
        username: "nobody".into(),
        data_dir: data.path().to_path_buf(),
        site_url: None,
    });
    assert!(nobody.expect_err("no such account").contains("nobody"));
}

#[tokio::test]
async fn an_unknown_person_is_a_404_to_the_admin() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let missing = "m".repeat(26);
    let reply = server
        .delete(&format!("/api/v4/users/{missing}"), &people.admin)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_admin_renames_closes_and_reopens_a_team_and_a_new_invite_link_ends_the_old() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let team_path = format!("/api/v4/teams/{}", people.team_id);
    let invite_of = |team: &Value| team["invite_id"].as_str().expect("invite id").to_string();
    let first_invite = invite_of(&server.get(&team_path, &people.admin).await.body);
    let joins = |invite: String| {
        let server = &server;
        async move {
            server
                .call(
                    Method::GET,
                    &format!("/api/v4/teams/invite/{invite}"),
                    None,
                    None,
                )
                .await
                .status
        }
    };
    assert_eq!(joins(first_invite.clone()).await, 200);

    let patch = format!("{team_path}/patch");
    let renamed = server
        .put(
            &patch,
            &people.admin,
            json!({"display_name": "Oxbow Rowing"}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.body["display_name"], "Oxbow Rowing");
    assert_eq!(renamed.body["name"], "eng", "the URL name stays");
    for refused in [
        json!({"display_name": "x".repeat(65)}),
        json!({"display_name": "  "}),
        json!({"description": "x".repeat(256)}),
        json!({"company_name": "Oxbow Ltd"}),
    ] {
        let reply = server.put(&patch, &people.admin, refused.clone()).await;
        assert_eq!(reply.status, 400, "{refused}: {}", reply.body);
    }

    let closed = server
        .put(&patch, &people.admin, json!({"allow_open_invite": false}))
        .await;
    assert_eq!(closed.body["allow_open_invite"], false);
    assert_eq!(closed.body["type"], "I");
    assert_ne!(
        invite_of(&closed.body),
        first_invite,
        "closing ends the old link"
    );
    assert_eq!(
        joins(invite_of(&closed.body)).await,
        403,
        "a closed team has no link"
    );
    let (carol_id, carol) = server.user(Some(&people.admin), "carol").await;
    let refused = server
        .post(
            &format!(
                "/api/v4/teams/members/invite?invite_id={}",
                invite_of(&closed.body)
            ),
            &carol,
            json!({}),
        )
        .await;
    assert_eq!(refused.status, 404);

    let opened = server
        .put(&patch, &people.admin, json!({"allow_open_invite": true}))
        .await;
    assert_eq!(opened.body["type"], "O");
    let open_invite = invite_of(&opened.body);
    assert_eq!(joins(open_invite.clone()).await, 200);
    let regenerated = server
        .post(
            &format!("{team_path}/regenerate_invite_id"),
            &people.admin,
            json!({}),
        )
        .await;
    assert_eq!(regenerated.status, 200, "{}", regenerated.body);
    let new_invite = invite_of(&regenerated.body);
    assert_ne!(new_invite, open_invite);
    assert_eq!(
        joins(open_invite.clone()).await,
        404,
        "the old link stops working"
    );
    let joined = server
        .post(
            &format!("/api/v4/teams/members/invite?invite_id={new_invite}"),
            &carol,
            json!({}),
        )
        .await;
    assert_eq!(joined.status, 201, "{}", joined.body);
    assert_eq!(joined.body["user_id"], carol_id);
}

#[tokio::test]
async fn settings_saved_in_the_console_apply_at_once_and_outlive_a_restart() {
    let data = tempfile::tempdir().expect("tempdir");
    let config = || brisk_server::Config {
        demo: false,
        ..brisk_server::Config::default()
    };
    let server = common::start_in(data.path(), config()).await;
    let people = server.people().await;
    let shown = server.get("/api/v4/config", &people.admin).await;
    assert_eq!(
        shown.body,
        json!({
            "TeamSettings": {"SiteName": "brisk"},
            "ServiceSettings": {"EnableLinkPreviews": true},
            "RateLimitSettings": {"Enable": true, "PerSec": 20, "MaxBurst": 100},
        })
    );
    let patch = |body: Value| {
        let server = &server;
        let admin = people.admin.clone();
        async move { server.put("/api/v4/config/patch", &admin, body).await }
    };
    for refused in [
        json!({"TeamSettings": {"SiteName": "x".repeat(31)}}),
        json!({"RateLimitSettings": {"PerSec": 0}}),
        json!({"RateLimitSettings": {"MaxBurst": -1}}),
    ] {
        assert_eq!(patch(refused.clone()).await.status, 400, "{refused}");
    }
    let saved = patch(json!({
        "TeamSettings": {"SiteName": "Oxbow"},
        "ServiceSettings": {"EnableLinkPreviews": false},
        "RateLimitSettings": {"PerSec": 1, "MaxBurst": 3},
    }))
    .await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.body["RateLimitSettings"]["Enable"], true);
    let client = server
        .call(Method::GET, "/api/v4/config/client", None, None)
        .await;
    assert_eq!(client.body["SiteName"], "Oxbow");
    assert_eq!(client.body["EnableLinkPreviews"], "false");
    // bob's session now has 3 requests at once, then waits.
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            server
                .get("/api/v4/users/me", &people.bob)
                .await
                .status
                .as_u16(),
        );
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    assert_eq!(statuses[0], 200);
    let off = patch(json!({"RateLimitSettings": {"Enable": false}})).await;
    assert_eq!(off.status, 200, "{}", off.body);
    for _ in 0..5 {
        assert_eq!(
            server.get("/api/v4/users/me", &people.eve).await.status,
            200
        );
    }
    drop(server);

    let restarted = common::start_in(data.path(), config()).await;
    let admin = restarted.login("admin", "password1").await;
    let kept = restarted.get("/api/v4/config", &admin).await;
    assert_eq!(kept.body["TeamSettings"]["SiteName"], "Oxbow");
    assert_eq!(kept.body["ServiceSettings"]["EnableLinkPreviews"], false);
    assert_eq!(kept.body["RateLimitSettings"]["Enable"], false);
    assert_eq!(kept.body["RateLimitSettings"]["PerSec"], 1);
}

#[tokio::test]
async fn a_renamed_or_closed_team_reaches_its_members_at_once_and_no_one_else() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let (outsider_id, outsider) = server.user(Some(&people.admin), "olga").await;
    assert!(!outsider_id.is_empty());
    let mut bob_socket = server.socket(&people.bob, "").await;
    let mut bob_seq = common::greet(&mut bob_socket).await;
    let mut outsider_socket = server.socket(&outsider, "").await;
    common::greet(&mut outsider_socket).await;

    let path = format!("/api/v4/teams/{}/patch", people.team_id);
    let patch = json!({"display_name": "Engineering", "allow_open_invite": false});
    let reply = server.put(&path, &people.admin, patch).await;
    assert_eq!(reply.status, 200, "{}", reply.body);

    let event = common::next_event(&mut bob_socket, "update_team", &mut bob_seq).await;
    assert_eq!(event["broadcast"]["team_id"], people.team_id.as_str());
    let team: Value = serde_json::from_str(
        event["data"]["team"]
            .as_str()
            .expect("the team as a string"),
    )
    .expect("team json");
    assert_eq!(team["display_name"], "Engineering");
    assert_eq!(team["allow_open_invite"], false);
    assert_eq!(
        team["invite_id"], "",
        "members are not handed the invite id"
    );

    let reply = server
        .post(
            &format!("/api/v4/teams/{}/regenerate_invite_id", people.team_id),
            &people.admin,
            json!({}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let event = common::next_event(&mut bob_socket, "update_team", &mut bob_seq).await;
    assert!(event["data"]["team"]
        .as_str()
        .is_some_and(|team| team.contains("Engineering")));

    // Someone outside the team hears nothing of it (their socket stays silent).
    let heard = common::next_json_within(&mut outsider_socket, Duration::from_millis(300)).await;
    assert!(
        heard
            .as_ref()
            .is_none_or(|event| event["event"] != "update_team"),
        "{heard:?}"
    );
}

/// A space-separated role list as a set (the order carries no meaning).
fn role_set(roles: &Value) -> std::collections::BTreeSet<&str> {
    roles.as_str().expect("roles").split_whitespace().collect()
}

#[tokio::test]
async fn a_role_change_reaches_the_person_and_everyone_sees_the_new_roles() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let mut bob_socket = server.socket(&people.bob, "").await;
    let mut bob_seq = common::greet(&mut bob_socket).await;
    let mut eve_socket = server.socket(&people.eve, "").await;
    let mut eve_seq = common::greet(&mut eve_socket).await;
    let path = format!("/api/v4/users/{}/roles", people.bob_id);

    for roles in ["system_user system_admin", "system_user"] {
        let reply = server
            .put(&path, &people.admin, json!({ "roles": roles }))
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        let told = common::next_event(&mut bob_socket, "user_role_updated", &mut bob_seq).await;
        assert_eq!(told["data"]["user_id"], people.bob_id.as_str());
        assert_eq!(role_set(&told["data"]["roles"]), role_set(&json!(roles)));
        assert_eq!(told["broadcast"]["user_id"], people.bob_id.as_str());
        let seen = common::next_event(&mut eve_socket, "user_updated", &mut eve_seq).await;
        assert_eq!(seen["data"]["user"]["id"], people.bob_id.as_str());
        assert_eq!(
            role_set(&seen["data"]["user"]["roles"]),
            role_set(&json!(roles))
        );
    }

    // A refused change (the last admin) tells no one anything.
    let reply = server
        .put(
            &format!("/api/v4/users/{}/roles", people.admin_id),
            &people.admin,
            json!({"roles": "system_user"}),
        )
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let heard = common::next_json_within(&mut eve_socket, Duration::from_millis(300)).await;
    assert!(heard.is_none(), "{heard:?}");
}
