//! `/users`: sign-up, login and logout, profiles, statuses.

use super::extract::UserId;
use axum::extract::{ConnectInfo, Path, State};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use brisk_model::rules;
use brisk_model::{CreateUserRequest, LoginRequest, StatusOk, User};

use crate::db::users::{self, Activity, ListFilter, NewUser};
use crate::db::{channels, sessions};
use crate::error::{ApiError, ApiResult};
use crate::events::Outbox;
use crate::http::auth::{self, Auth};
use crate::http::json::{created, ok, QueryMap, RawBody};
use crate::ids::now_ms;
use crate::login_throttle::Source;
use crate::AppState;
use crate::{access, membership};

/// Most ids one `POST /users/ids` or `/users/status/ids` accepts.
const MAX_IDS: usize = 1000;

/// `POST /users/login`: 200 with the user and a `Token` header; web clients also get cookies.
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: RawBody,
) -> ApiResult<Response> {
    let source = Source::from(peer.ip());
    let request: LoginRequest = body.parse("login_id")?;
    if request.login_id.trim().is_empty() || request.login_id.len() > rules::LOGIN_ID_MAX {
        return Err(ApiError::invalid_body("login_id"));
    }
    let invalid = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "api.user.login.invalid_credentials_email_username",
            "Enter a valid email or username and/or password.",
        )
    };
    if let Some(wait) = state
        .login_throttle
        .wait_time(source, &request.login_id, Instant::now())
    {
        return Ok(locked_out(wait));
    }
    let login_id = request.login_id.clone();
    let found = state
        .db
        .read(move |conn| users::find_for_login(conn, &login_id))
        .await?;
    // Argon2 is deliberately slow: keep it off the async workers. An unknown id is checked
    // against a hash of no one's password, so it takes as long as a known one and the timing
    // does not tell which accounts exist.
    let password = request.password;
    let (user, hash) = found.unzip();
    let matches = tokio::task::spawn_blocking(move || match &hash {
        Some(hash) => users::verify_password(&password, hash),
        None => users::verify_password(&password, unknown_account_hash()),
    })
    .await
    .map_err(ApiError::internal)?;
    let Some(user) = user.filter(|_| matches) else {
        state
            .login_throttle
            .record_failure(source, &request.login_id, Instant::now());
        return Err(invalid());
    };
    state.login_throttle.clear(source, &request.login_id);
    let user_id = user.id.clone();
    let session = state
        .db
        .write(move |tx| sessions::create(tx, &user_id, now_ms()))
        .await?;

    let mut response = ok(&user);
    let response_headers = response.headers_mut();
    if let Ok(token) = session.token.parse() {
        response_headers.insert("Token", token);
    }
    let from_web = headers
        .get(auth::HEADER_REQUESTED_WITH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case(auth::REQUESTED_WITH_XML));
    if from_web {
        for cookie in auth::login_cookies(&session) {
            response_headers.append(header::SET_COOKIE, cookie);
        }
    }
    Ok(response)
}

/// The hash an unknown login id's password is checked against: a random password's, made once.
fn unknown_account_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| users::hash_password(&crate::ids::new_id()).unwrap_or_default())
}

/// 429 for a login id with too many recent failures, saying when to try again.
fn locked_out(wait: Duration) -> Response {
    let mut response = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "api.user.check_user_login_attempts.too_many.app_error",
        "Your account is locked because of too many failed password attempts. Please try again later.",
    )
    .into_response();
    let seconds = wait.as_secs().max(1);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

/// `POST /users/logout`: ends the session and clears the cookies.
pub async fn logout(State(state): State<AppState>, auth: Auth) -> ApiResult<Response> {
    let token = auth.session.token.clone();
    state
        .db
        .write(move |tx| sessions::delete(tx, &token))
        .await?;
    state.hub.close_sessions(&[auth.session.token]);
    let mut response = ok(&StatusOk::ok());
    for cookie in auth::logout_cookies() {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `GET /users/me`.
pub async fn me(auth: Auth) -> Response {
    ok(&auth.user)
}

/// `POST /users[?iid=<invite_id>]`: the first account (which becomes system admin), an account made
/// by an admin, or a newcomer with a team invite, who joins that team.
pub async fn create(
    State(state): State<AppState>,
    caller: Result<Auth, ApiError>,
    query: QueryMap,
    body: RawBody,
) -> ApiResult<Response> {
    let request: CreateUserRequest = body.parse("user")?;
    users::validate_username(&request.username.to_lowercase())?;
    users::validate_email(&request.email)?;
    users::validate_password(&request.password)?;
    let password = request.password.clone();
    let hash = tokio::task::spawn_blocking(move || users::hash_password(&password))
        .await
        .map_err(ApiError::internal)??;
    let caller_is_admin = caller.as_ref().is_ok_and(Auth::is_system_admin);
    let invite_id = query.str("iid").to_string();

    let (user, outbox) = state
        .db
        .write(move |tx| {
            let now = now_ms();
            let first_user = users::count(tx)? == 0;
            let team = if invite_id.is_empty() {
                None
            } else {
                Some(super::teams::open_team_by_invite(tx, &invite_id)?)
            };
            if !first_user && !caller_is_admin && team.is_none() {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "api.user.create_user.no_open_server",
                    "This server does not allow open signups.  Please speak with your Administrator to receive an invitation.",
                ));
            }
            let user = users::insert(
                tx,
                &NewUser {
                    username: &request.username,
                    email: &request.email,
                    password_hash: &hash,
                    first_name: &request.first_name,
                    last_name: &request.last_name,
                    position: "",
                    roles: if first_user { users::ROLES_ADMIN } else { users::ROLES_USER },
                },
                now,
            )?;
            let mut outbox = Outbox::default();
            if let Some(team) = team {
                membership::join_team(tx, &team, &user, false, now, &mut outbox)?;
            }
            Ok((user, outbox))
        })
        .await?;
    state.publish(outbox);
    Ok(created(&user))
}

/// `GET /users/{user_id}` ("me" works too).
pub async fn get(State(state): State<AppState>, auth: Auth, user: UserId) -> ApiResult<Response> {
    if user.is(&auth) {
        return Ok(ok(&auth.user));
    }
    let user_id = user.of(&auth);
    let user = state
        .db
        .read(move |conn| users::get(conn, &user_id))
        .await?
        .ok_or_else(ApiError::user_not_found)?;
    Ok(ok(&user))
}

/// `GET /users/username/{username}`.
pub async fn get_by_username(
    State(state): State<AppState>,
    _auth: Auth,
    Path(username): Path<String>,
) -> ApiResult<Response> {
    let user = state
        .db
        .read(move |conn| users::get_by_username(conn, &username))
        .await?
        .ok_or_else(ApiError::user_not_found)?;
    Ok(ok(&user))
}

fn parse_ids(body: &RawBody, name: &str) -> ApiResult<Vec<String>> {
    let ids: Vec<String> = body.parse(name)?;
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(ApiError::invalid_body(name));
    }
    Ok(ids)
}

/// `POST /users/ids`: the users among the given ids.
pub async fn get_by_ids(
    State(state): State<AppState>,
    _auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    let ids = parse_ids(&body, "user_ids")?;
    let users: Vec<User> = state
        .db
        .read(move |conn| users::get_many(conn, &ids))
        .await?;
    Ok(ok(&users))
}

/// Whom `role`/`roles` (comma-separated, any of) select, among this server's two roles.
#[derive(PartialEq)]
enum RoleFilter {
    /// `system_user`: everyone has it.
    Everyone,
    SystemAdmins,
    /// A role nobody has here (a guest, a custom role).
    Nobody,
}

fn role_filter(query: &QueryMap) -> Option<RoleFilter> {
    let wanted: Vec<&str> = query
        .str("role")
        .split(',')
        .chain(query.str("roles").split(','))
        .map(str::trim)
        .filter(|role| !role.is_empty())
        .collect();
    Some(if wanted.is_empty() {
        return None;
    } else if wanted.contains(&"system_user") {
        RoleFilter::Everyone
    } else if wanted.contains(&"system_admin") {
        RoleFilter::SystemAdmins
    } else {
        RoleFilter::Nobody
    })
}

/// `GET /users?in_team=&in_channel=&not_in_channel=&active=&inactive=&role=&roles=&page=&per_page=`.
/// As Mattermost, deactivated accounts are listed too unless `active=true` (or only they, with
/// `inactive=true`). Listing the members of a team or channel needs what reading it needs
/// (Mattermost's 403 otherwise), so a known id does not reveal who is in a private channel, a
/// direct message or another team; filtering by role is for system admins.
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    query: QueryMap,
) -> ApiResult<Response> {
    let page = query.page()?;
    let non_empty = |name: &str| Some(query.str(name).to_string()).filter(|s| !s.is_empty());
    let activity = match (
        query.str("active") == "true",
        query.str("inactive") == "true",
    ) {
        (true, true) => return Err(ApiError::invalid_url_param("inactive")),
        (true, false) => Activity::Active,
        (false, true) => Activity::Deactivated,
        (false, false) => Activity::Either,
    };
    let roles = role_filter(&query);
    if roles.is_some() {
        require_admin(&auth)?;
    }
    if roles == Some(RoleFilter::Nobody) {
        return Ok(ok(&Vec::<User>::new()));
    }
    let filter = ListFilter {
        in_team: non_empty("in_team"),
        in_channel: non_empty("in_channel"),
        not_in_channel: non_empty("not_in_channel"),
        activity,
        admins_only: roles == Some(RoleFilter::SystemAdmins),
    };
    let users = state
        .db
        .read(move |conn| {
            if let Some(team_id) = &filter.in_team {
                access::require_team_member(conn, &auth.user, team_id)?;
            }
            for channel_id in [&filter.in_channel, &filter.not_in_channel]
                .into_iter()
                .flatten()
            {
                let channel = channels::get(conn, channel_id)?.ok_or_else(ApiError::forbidden)?;
                if !access::can_read(conn, &auth.user, &channel)? {
                    return Err(ApiError::forbidden());
                }
            }
            users::list(conn, &filter, page.offset(), page.per_page)
        })
        .await?;
    Ok(ok(&users))
}

/// `POST /users/status/ids`: each user's status (see `statuses`).
pub async fn statuses_by_ids(
    State(state): State<AppState>,
    _auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    let ids = parse_ids(&body, "user_ids")?;
    Ok(ok(&super::statuses::of(&state, ids).await?))
}

/// Forbidden unless the caller is a system admin.
pub fn require_admin(auth: &Auth) -> ApiResult<()> {
    if auth.is_system_admin() {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}
