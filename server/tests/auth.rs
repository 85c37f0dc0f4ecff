//! Sign-up rules, login, the three ways to present a session, CSRF, logout, error bodies.

mod common;

use reqwest::Method;
use serde_json::{json, Value};

fn assert_app_error(reply: &common::Reply, status: u16, id: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.content_type(), "application/json");
    assert_eq!(reply.body["id"], id, "{}", reply.body);
    assert_eq!(reply.body["status_code"], status);
    for field in ["message", "detailed_error", "request_id"] {
        assert!(
            reply.body[field].is_string(),
            "{field} missing in {}",
            reply.body
        );
    }
}

#[tokio::test]
async fn first_user_becomes_admin_and_open_signup_is_refused() {
    let server = common::start(false, None).await;
    let (_, admin) = server.user(None, "first").await;
    let me = server.get("/api/v4/users/me", &admin).await;
    assert_eq!(me.body["roles"], "system_admin system_user");
    assert!(me.body.get("password").is_none() && me.body.get("password_hash").is_none());

    let stranger = server
        .call(
            Method::POST,
            "/api/v4/users",
            None,
            Some(json!({"username": "second", "email": "s@x.io", "password": "password1"})),
        )
        .await;
    assert_app_error(&stranger, 403, "api.user.create_user.no_open_server");

    let (second_id, second) = server.user(Some(&admin), "second").await;
    let second_me = server.get("/api/v4/users/me", &second).await;
    assert_eq!(second_me.body["roles"], "system_user");
    assert_eq!(second_me.body["id"], second_id.as_str());

    let duplicate = server
        .call(
            Method::POST,
            "/api/v4/users",
            Some(&admin),
            Some(json!({"username": "second", "email": "o@x.io", "password": "password1"})),
        )
        .await;
    assert_app_error(&duplicate, 400, "app.user.save.username_exists.app_error");
    let short = server
        .call(
            Method::POST,
            "/api/v4/users",
            Some(&admin),
            Some(json!({"username": "third", "email": "t@x.io", "password": "short"})),
        )
        .await;
    assert_app_error(&short, 400, "model.user.is_valid.pwd_min_length.app_error");
    let bad_name = server
        .call(
            Method::POST,
            "/api/v4/users",
            Some(&admin),
            Some(json!({"username": "9x", "email": "t@x.io", "password": "password1"})),
        )
        .await;
    assert_app_error(&bad_name, 400, "model.user.is_valid.username.app_error");
}

#[tokio::test]
async fn login_by_username_or_email_and_wrong_password() {
    let server = common::start(false, None).await;
    server.user(None, "alice").await;
    let by_email = server
        .call(
            Method::POST,
            "/api/v4/users/login",
            None,
            Some(json!({"login_id": "ALICE@example.com", "password": "password1"})),
        )
        .await;
    assert_eq!(by_email.status, 200);
    assert_eq!(by_email.content_type(), "application/json");
    assert_eq!(by_email.body["username"], "alice");
    assert!(by_email.headers.get("Token").is_some());
    assert!(
        by_email.headers.get("set-cookie").is_none(),
        "cookies only for XHR logins"
    );

    let wrong = server
        .call(
            Method::POST,
            "/api/v4/users/login",
            None,
            Some(json!({"login_id": "alice", "password": "nope-nope"})),
        )
        .await;
    assert_app_error(
        &wrong,
        401,
        "api.user.login.invalid_credentials_email_username",
    );
    assert_eq!(
        wrong.body["message"],
        "Enter a valid email or username and/or password."
    );
    let unknown = server
        .call(
            Method::POST,
            "/api/v4/users/login",
            None,
            Some(json!({"login_id": "bob", "password": "password1"})),
        )
        .await;
    assert_app_error(
        &unknown,
        401,
        "api.user.login.invalid_credentials_email_username",
    );
}

#[tokio::test]
async fn an_overlong_login_id_is_a_bad_request_and_leaves_the_account_alone() {
    let server = common::start(false, None).await;
    server.user(None, "alice").await;
    let overlong = server
        .call(
            Method::POST,
            "/api/v4/users/login",
            None,
            Some(json!({"login_id": "a".repeat(200_000), "password": "password1"})),
        )
        .await;
    assert_app_error(&overlong, 400, "api.context.invalid_body_param.app_error");
    let alice = server
        .call(
            Method::POST,
            "/api/v4/users/login",
            None,
            Some(json!({"login_id": "alice", "password": "password1"})),
        )
        .await;
    assert_eq!(alice.status, 200, "{}", alice.body);
}

#[tokio::test]
async fn token_header_schemes_and_missing_session() {
    let server = common::start(false, None).await;
    let (_, token) = server.user(None, "alice").await;
    for header in [
        format!("Bearer {token}"),
        format!("BEARER {token}"),
        format!("Token {token}"),
    ] {
        let reply = server
            .http
            .get(format!("{}/api/v4/users/me", server.base))
            .header("Authorization", header.clone())
            .send()
            .await
            .expect("send");
        assert_eq!(reply.status(), 200, "{header}");
    }
    let none = server
        .call(Method::GET, "/api/v4/users/me", None, None)
        .await;
    assert_app_error(&none, 401, "api.context.session_expired.app_error");
    let bogus = server.get("/api/v4/users/me", "notatoken").await;
    assert_app_error(&bogus, 401, "api.context.session_expired.app_error");
}

#[tokio::test]
async fn cookie_session_requires_csrf_for_writes_and_logout_ends_it() {
    let server = common::start(false, None).await;
    server.user(None, "alice").await;
    let login = server
        .http
        .post(format!("{}/api/v4/users/login", server.base))
        .header("X-Requested-With", "XMLHttpRequest")
        .json(&json!({"login_id": "alice", "password": "password1"}))
        .send()
        .await
        .expect("login");
    let cookies: Vec<String> = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("cookie").to_string())
        .collect();
    let find = |name: &str| {
        cookies
            .iter()
            .find(|c| c.starts_with(&format!("{name}=")))
            .cloned()
            .expect(name)
    };
    let token_cookie = find("MMAUTHTOKEN");
    assert!(
        token_cookie.contains("HttpOnly")
            && token_cookie.contains("Path=/")
            && token_cookie.contains("SameSite=Lax")
    );
    assert!(!find("MMCSRF").contains("HttpOnly"));
    let value = |cookie: String| {
        cookie
            .split(';')
            .next()
            .unwrap_or("")
            .split_once('=')
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    };
    let token = value(token_cookie);
    let csrf = value(find("MMCSRF"));
    let cookie_header = format!("MMAUTHTOKEN={token}; MMCSRF={csrf}");

    let me = server
        .http
        .get(format!("{}/api/v4/users/me", server.base))
        .header("Cookie", &cookie_header)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), 200, "cookie GET needs no CSRF");

    let ids_url = format!("{}/api/v4/users/status/ids", server.base);
    let without_csrf = server
        .http
        .post(&ids_url)
        .header("Cookie", &cookie_header)
        .json(&json!(["x"]))
        .send()
        .await
        .expect("post");
    assert_eq!(without_csrf.status(), 401);
    let body: Value = without_csrf.json().await.expect("json");
    assert_eq!(body["id"], "api.context.session_expired.app_error");
    let wrong_csrf = server
        .http
        .post(&ids_url)
        .header("Cookie", &cookie_header)
        .header("X-Requested-With", "XMLHttpRequest")
        .header("X-CSRF-Token", "wrong")
        .json(&json!(["x"]))
        .send()
        .await
        .expect("post");
    assert_eq!(wrong_csrf.status(), 401);
    let with_csrf = server
        .http
        .post(&ids_url)
        .header("Cookie", &cookie_header)
        .header("X-Requested-With", "XMLHttpRequest")
        .header("X-CSRF-Token", &csrf)
        .json(&json!(["x"]))
        .send()
        .await
        .expect("post");
    assert_eq!(with_csrf.status(), 200);

    let logout = server.post("/api/v4/users/logout", &token, json!({})).await;
    assert_eq!(logout.status, 200);
    assert!(logout
        .headers
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap_or("").starts_with("MMAUTHTOKEN=;")));
    let after = server.get("/api/v4/users/me", &token).await;
    assert_app_error(&after, 401, "api.context.session_expired.app_error");
}

#[tokio::test]
async fn unknown_routes_and_bad_bodies_are_app_errors() {
    let server = common::start(false, None).await;
    let (_, token) = server.user(None, "alice").await;
    let unknown = server.get("/api/v4/nothing/here", &token).await;
    assert_app_error(&unknown, 404, "api.context.404.app_error");
    let bad_json = server
        .http
        .post(format!("{}/api/v4/posts", server.base))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("send");
    assert_eq!(bad_json.status(), 400);
    assert_eq!(bad_json.headers()["content-type"], "application/json");
    let body: Value = bad_json.json().await.expect("json");
    assert_eq!(body["id"], "api.context.invalid_body_param.app_error");
    let too_big = server
        .http
        .post(format!("{}/api/v4/posts", server.base))
        .bearer_auth(&token)
        .body(vec![b' '; 2 * 1024 * 1024])
        .send()
        .await
        .expect("send");
    assert_eq!(too_big.status(), 413);

    for (path, key, value) in [
        ("/api/v4/system/ping", "status", "OK"),
        (
            "/api/v4/config/client?format=old",
            "EnableUserTypingMessages",
            "true",
        ),
        ("/api/v4/license/client?format=old", "IsLicensed", "false"),
    ] {
        let reply = server.call(Method::GET, path, None, None).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.content_type(), "application/json");
        assert_eq!(reply.body[key], value, "{path}");
    }
}

#[tokio::test]
async fn users_lookups() {
    let server = common::start(false, None).await;
    let (admin_id, admin) = server.user(None, "admin").await;
    let (bob_id, _) = server.user(Some(&admin), "bob").await;
    assert_eq!(
        server
            .get(&format!("/api/v4/users/{bob_id}"), &admin)
            .await
            .body["username"],
        "bob"
    );
    assert_eq!(
        server.get("/api/v4/users/username/bob", &admin).await.body["id"],
        bob_id.as_str()
    );
    let missing = server.get("/api/v4/users/username/nobody", &admin).await;
    assert_app_error(&missing, 404, "app.user.missing_account.const");
    let many = server
        .post("/api/v4/users/ids", &admin, json!([admin_id, bob_id, "x"]))
        .await;
    assert_eq!(many.body.as_array().map(Vec::len), Some(2));
    let all = server.get("/api/v4/users?page=0&per_page=1", &admin).await;
    assert_eq!(all.body.as_array().map(Vec::len), Some(1));
    let statuses = server
        .post("/api/v4/users/status/ids", &admin, json!([bob_id]))
        .await;
    assert_eq!(statuses.body[0]["status"], "offline");
    let _socket = server.socket(&admin, "").await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let statuses = server
        .post("/api/v4/users/status/ids", &admin, json!([admin_id]))
        .await;
    assert_eq!(statuses.body[0]["status"], "online");
}
