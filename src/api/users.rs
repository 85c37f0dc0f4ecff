use brisk_model::{
    CreateUserRequest, LoginRequest, Preference, StatusOk, UpdatePasswordRequest, User, UserPatch,
    UserStatus,
};

use super::http::{answer_sent_before_app, get, get_as, get_with_query, post, put, OnUnauthorized};
use super::{segment, ApiError};

/// `POST /users/login`. A 401 here means wrong credentials, not an ended session.
pub async fn login(login_id: &str, password: &str) -> Result<User, ApiError> {
    let body = LoginRequest {
        login_id: login_id.into(),
        password: password.into(),
    };
    post("/users/login", &body, OnUnauthorized::Report).await
}

/// The answer to the `POST /users/login` the start script sent before the app was running
/// (assets/start.js).
pub async fn login_sent_before_app(sent: js_sys::Promise) -> Result<User, ApiError> {
    answer_sent_before_app(sent, OnUnauthorized::Report).await
}

/// `POST /users/logout`.
pub async fn logout() -> Result<StatusOk, ApiError> {
    post(
        "/users/logout",
        &serde_json::Map::new(),
        OnUnauthorized::Report,
    )
    .await
}

/// `GET /users/me`.
pub async fn me() -> Result<User, ApiError> {
    get("/users/me").await
}

/// `GET /users/me` for a page anyone may open: `None` when nobody is signed in.
pub async fn me_if_signed_in() -> Result<Option<User>, ApiError> {
    match get_as("/users/me", OnUnauthorized::Report).await {
        Ok(me) => Ok(Some(me)),
        Err(error) if error.is_unauthorized() => Ok(None),
        Err(error) => Err(error),
    }
}

/// `POST /users?iid=<invite_id>`: a newcomer's account, which joins the invite's team.
pub async fn create_user_from_invite(
    user: &CreateUserRequest,
    invite_id: &str,
) -> Result<User, ApiError> {
    post(
        &format!("/users?iid={}", segment(invite_id)),
        user,
        OnUnauthorized::Report,
    )
    .await
}

/// `POST /users/ids`: the users with these ids (unknown ids are left out).
pub async fn users_by_ids(ids: &[String]) -> Result<Vec<User>, ApiError> {
    post("/users/ids", ids, OnUnauthorized::EndSession).await
}

/// `GET /users/username/{username}`.
pub async fn user_by_username(username: &str) -> Result<User, ApiError> {
    get(&format!("/users/username/{}", segment(username))).await
}

/// `GET /users?in_team=&active=true&page=&per_page=`: one page of the team's people who can sign
/// in (Mattermost lists deactivated accounts too unless asked not to).
pub async fn users_in_team(team_id: &str, page: u32, per_page: u32) -> Result<Vec<User>, ApiError> {
    get_with_query(
        "/users",
        &[
            ("in_team", team_id.to_string()),
            ("active", "true".to_string()),
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
        ],
    )
    .await
}

/// `POST /users/status/ids`: online, away, dnd or offline for each user.
pub async fn statuses_by_ids(ids: &[String]) -> Result<Vec<UserStatus>, ApiError> {
    post("/users/status/ids", ids, OnUnauthorized::EndSession).await
}

/// `PUT /users/me/patch`: my profile's fields present in `patch`; answers the user as it now reads.
pub async fn patch_me(patch: &UserPatch) -> Result<User, ApiError> {
    put("/users/me/patch", patch).await
}

/// `PUT /users/me/password`. A wrong current password is a 400, so it never ends the session.
pub async fn update_my_password(request: &UpdatePasswordRequest) -> Result<StatusOk, ApiError> {
    put("/users/me/password", request).await
}

/// `POST /users/me/sessions/revoke/all`: ends every session of mine, this one included. A 401
/// is the expected end of this session, not a surprise.
pub async fn revoke_all_my_sessions() -> Result<StatusOk, ApiError> {
    post(
        "/users/me/sessions/revoke/all",
        &serde_json::Map::new(),
        OnUnauthorized::Report,
    )
    .await
}

/// `GET /users/me/preferences`.
pub async fn my_preferences() -> Result<Vec<Preference>, ApiError> {
    get("/users/me/preferences").await
}

/// `PUT /users/me/preferences`.
pub async fn save_my_preferences(preferences: &[Preference]) -> Result<StatusOk, ApiError> {
    put("/users/me/preferences", preferences).await
}
