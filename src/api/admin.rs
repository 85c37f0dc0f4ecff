//! The System console's calls (system admins only; the server refuses anyone else with 403), and
//! the completion of a password reset link (anyone holding the link).

use brisk_model::{
    import_data, Job, StatusOk, Team, UploadSession, User, JOB_TYPE_IMPORT_PROCESS,
    UPLOAD_TYPE_IMPORT,
};
use serde_json::{json, Value};

use super::http::{delete, get, get_with_query, post, put, OnUnauthorized};
use super::{segment, ApiError};

/// `GET /users?page=&per_page=[&active=true|&inactive=true][&role=system_admin]`.
pub async fn users_page(
    page: u32,
    per_page: u32,
    filters: &[(&str, &str)],
) -> Result<Vec<User>, ApiError> {
    let mut query = vec![
        ("page", page.to_string()),
        ("per_page", per_page.to_string()),
    ];
    query.extend(
        filters
            .iter()
            .map(|(name, value)| (*name, value.to_string())),
    );
    get_with_query("/users", &query).await
}

/// `POST /users/search {term, allow_inactive}`: everyone whose name starts with `term`.
pub async fn search_users(term: &str, allow_inactive: bool) -> Result<Vec<User>, ApiError> {
    let body = json!({ "term": term, "allow_inactive": allow_inactive });
    post("/users/search", &body, OnUnauthorized::EndSession).await
}

/// `DELETE /users/{user_id}`: deactivates the account (its sessions end at once).
pub async fn deactivate_user(user_id: &str) -> Result<(), ApiError> {
    delete(&format!("/users/{}", segment(user_id))).await
}

/// `PUT /users/{user_id}/active {active}`.
pub async fn set_user_active(user_id: &str, active: bool) -> Result<StatusOk, ApiError> {
    let path = format!("/users/{}/active", segment(user_id));
    put(&path, &json!({ "active": active })).await
}

/// `PUT /users/{user_id}/roles {roles}`.
pub async fn update_user_roles(user_id: &str, roles: &str) -> Result<StatusOk, ApiError> {
    let path = format!("/users/{}/roles", segment(user_id));
    put(&path, &json!({ "roles": roles })).await
}

/// `PUT /users/{user_id}/password {new_password}`: an admin sets someone's password.
pub async fn set_user_password(user_id: &str, new_password: &str) -> Result<StatusOk, ApiError> {
    let path = format!("/users/{}/password", segment(user_id));
    put(&path, &json!({ "new_password": new_password })).await
}

/// `POST /users/password/reset/send {email}`. Mattermost mails the link and answers only
/// `{status}`; the bundled server, which has no mail, gives an admin the link's `token` instead.
pub async fn send_password_reset(email: &str) -> Result<Option<String>, ApiError> {
    let answer: Value = post(
        "/users/password/reset/send",
        &json!({ "email": email }),
        OnUnauthorized::EndSession,
    )
    .await?;
    Ok(answer["token"].as_str().map(str::to_string))
}

/// `POST /users/password/reset {token, new_password}` (no session needed).
pub async fn reset_password(token: &str, new_password: &str) -> Result<StatusOk, ApiError> {
    let body = json!({ "token": token, "new_password": new_password });
    post("/users/password/reset", &body, OnUnauthorized::Report).await
}

/// `GET /teams?page=&per_page=`: every team (for a system admin).
pub async fn teams_page(page: u32, per_page: u32) -> Result<Vec<Team>, ApiError> {
    let query = [
        ("page", page.to_string()),
        ("per_page", per_page.to_string()),
    ];
    get_with_query("/teams", &query).await
}

/// `PUT /teams/{team_id}/patch` with the fields given.
pub async fn patch_team(team_id: &str, patch: &Value) -> Result<Team, ApiError> {
    put(&format!("/teams/{}/patch", segment(team_id)), patch).await
}

/// `POST /teams/{team_id}/regenerate_invite_id`.
pub async fn regenerate_invite_id(team_id: &str) -> Result<Team, ApiError> {
    let path = format!("/teams/{}/regenerate_invite_id", segment(team_id));
    post(&path, &json!({}), OnUnauthorized::EndSession).await
}

/// `GET /config`: the server's settings in Mattermost's config shape.
pub async fn config() -> Result<Value, ApiError> {
    get("/config").await
}

/// `PUT /config/patch`: changes the settings the patch names; the answer is the whole config.
pub async fn patch_config(patch: &Value) -> Result<Value, ApiError> {
    put("/config/patch", patch).await
}

/// `POST /uploads {type: "import", filename, file_size}`: a session to send an import's bytes to.
pub async fn create_import_upload(
    filename: &str,
    file_size: u64,
) -> Result<UploadSession, ApiError> {
    let body = json!({ "type": UPLOAD_TYPE_IMPORT, "filename": filename, "file_size": file_size });
    post("/uploads", &body, OnUnauthorized::EndSession).await
}

/// `POST /jobs {type: "import_process", data: {import_file, team}}`: imports a whole upload.
/// `team` is the bundled server's (a Slack export goes into a team); Mattermost's own import reads
/// its bulk format, which names its teams.
pub async fn create_import_job(import_file: &str, team: &str) -> Result<Job, ApiError> {
    let data = json!({ import_data::IMPORT_FILE: import_file, import_data::TEAM: team });
    let body = json!({ "type": JOB_TYPE_IMPORT_PROCESS, "data": data });
    post("/jobs", &body, OnUnauthorized::EndSession).await
}

/// `GET /jobs/{job_id}`: its status, progress and data.
pub async fn job(job_id: &str) -> Result<Job, ApiError> {
    get(&format!("/jobs/{}", segment(job_id))).await
}
