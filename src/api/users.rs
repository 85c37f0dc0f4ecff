use brisk_model::{LoginRequest, StatusOk, User};

use super::http::{get, post, OnUnauthorized};
use super::ApiError;

/// `POST /users/login`. A 401 here means wrong credentials, not an ended session.
pub async fn login(login_id: &str, password: &str) -> Result<User, ApiError> {
    let body = LoginRequest {
        login_id: login_id.into(),
        password: password.into(),
    };
    post("/users/login", &body, OnUnauthorized::Report).await
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

/// `POST /users/ids`: the users with these ids (unknown ids are left out).
pub async fn users_by_ids(ids: &[String]) -> Result<Vec<User>, ApiError> {
    post("/users/ids", ids, OnUnauthorized::EndSession).await
}
