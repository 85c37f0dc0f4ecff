//! Changing a password and signing out everywhere, with Mattermost's rules: one's own password
//! needs the current one, a system admin may set anyone's, and ended sessions stop working at
//! once, their WebSockets included.

mod common;

use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn changing_ones_password_needs_the_current_one_and_signs_out_the_other_sessions() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let laptop = people.bob.clone();
    let phone = server.login("bob", "password1").await;
    let mut phone_socket = server.socket(&phone, "").await;
    common::greet(&mut phone_socket).await;
    let path = "/api/v4/users/me/password";

    for (body, id) in [
        (
            json!({"current_password": "wrong-one", "new_password": "new-password-2"}),
            "api.user.update_password.incorrect.app_error",
        ),
        (
            json!({"new_password": "new-password-2"}),
            "api.user.update_password.incorrect.app_error",
        ),
        (
            json!({"current_password": "password1", "new_password": "short"}),
            "model.user.is_valid.pwd_min_length.app_error",
        ),
    ] {
        let reply = server.put(path, &laptop, body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
        assert_eq!(reply.body["id"], id, "{body}");
    }
    assert_eq!(server.get("/api/v4/users/me", &phone).await.status, 200);

    let changed = server
        .put(
            &format!("/api/v4/users/{}/password", people.bob_id),
            &laptop,
            json!({"current_password": "password1", "new_password": "new-password-2"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["status"], "OK");
    assert_eq!(server.login_status("bob", "password1").await, 401);
    assert_eq!(server.login_status("bob", "new-password-2").await, 200);
    assert_eq!(
        server.get("/api/v4/users/me", &laptop).await.status,
        200,
        "kept"
    );
    assert_eq!(
        server.get("/api/v4/users/me", &phone).await.status,
        401,
        "ended"
    );
    assert!(common::closes(&mut phone_socket).await);
}

#[tokio::test]
async fn only_a_system_admin_sets_someone_elses_password() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let path = format!("/api/v4/users/{}/password", people.bob_id);
    let body = json!({"current_password": "password1", "new_password": "taken-over-1"});
    let refused = server.put(&path, &people.eve, body).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(server.login_status("bob", "password1").await, 200);

    let set = server
        .put(
            &path,
            &people.admin,
            json!({"new_password": "set-by-admin-1"}),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        server.get("/api/v4/users/me", &people.bob).await.status,
        401
    );
    assert_eq!(server.login_status("bob", "set-by-admin-1").await, 200);
    assert_eq!(
        server.get("/api/v4/users/me", &people.admin).await.status,
        200
    );
}

#[tokio::test]
async fn revoking_all_sessions_signs_the_account_out_everywhere() {
    let server = common::start(false, None).await;
    let people = server.people().await;
    let other = server.login("bob", "password1").await;
    let mut socket = server.socket(&other, "").await;
    common::greet(&mut socket).await;
    let path = format!("/api/v4/users/{}/sessions/revoke/all", people.bob_id);

    let refused = server.post(&path, &people.eve, json!({})).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert_eq!(server.get("/api/v4/users/me", &other).await.status, 200);

    let revoked = server
        .call(Method::POST, &path, Some(&people.bob), None)
        .await;
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    for token in [&people.bob, &other] {
        assert_eq!(server.get("/api/v4/users/me", token).await.status, 401);
    }
    assert!(common::closes(&mut socket).await);
    assert_eq!(
        server.get("/api/v4/users/me", &people.eve).await.status,
        200
    );
}
