//! `/users/{user_id}/preferences`: the settings Mattermost's apps keep on the server (display
//! options, tutorial steps, recent emoji...). A user reads and writes only their own.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use brisk_model::{Preference, StatusOk};
use serde_json::json;

use super::extract::UserId;
use crate::db::preferences;
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::AppState;

/// Mattermost's limits on a preference's category, name and value, in characters.
const CATEGORY_MAX: usize = 32;
const NAME_MAX: usize = 32;
const VALUE_MAX: usize = 2000;
/// Most preferences one request may carry.
const MAX_PER_REQUEST: usize = 100;
/// Most preferences one user keeps.
const MAX_PER_USER: i64 = 1000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users/{user_id}/preferences", get(list).put(save))
        .route("/users/{user_id}/preferences/delete", post(delete))
        .route("/users/{user_id}/preferences/{category}", get(in_category))
        .route(
            "/users/{user_id}/preferences/{category}/name/{preference_name}",
            get(one),
        )
}

/// The caller's id, when the path names the caller.
fn own_id(auth: &Auth, user: UserId) -> ApiResult<String> {
    if user.is(auth) {
        Ok(auth.user.id.clone())
    } else {
        Err(ApiError::forbidden())
    }
}

/// `GET /users/{user_id}/preferences`.
async fn list(State(state): State<AppState>, auth: Auth, user: UserId) -> ApiResult<Response> {
    let user_id = own_id(&auth, user)?;
    let found = state
        .db
        .read(move |conn| preferences::list(conn, &user_id, None))
        .await?;
    Ok(ok(&found))
}

/// `GET /users/{user_id}/preferences/{category}`.
async fn in_category(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    Path(params): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    let user_id = own_id(&auth, user)?;
    let category = params.get("category").cloned().unwrap_or_default();
    let found = state
        .db
        .read(move |conn| preferences::list(conn, &user_id, Some(&category)))
        .await?;
    Ok(ok(&found))
}

/// `GET /users/{user_id}/preferences/{category}/name/{preference_name}`: 404 when unset.
async fn one(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    Path(params): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    let user_id = own_id(&auth, user)?;
    let category = params.get("category").cloned().unwrap_or_default();
    let name = params.get("preference_name").cloned().unwrap_or_default();
    let found = state
        .db
        .read(move |conn| preferences::list(conn, &user_id, Some(&category)))
        .await?
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "app.preference.get.app_error",
                "Unable to get the preference.",
            )
        })?;
    Ok(ok(&found))
}

fn invalid(field: &'static str) -> ApiError {
    let (id, message) = match field {
        "user_id" => ("model.preference.is_valid.id.app_error", "Invalid user id."),
        "category" => (
            "model.preference.is_valid.category.app_error",
            "Invalid category.",
        ),
        "name" => ("model.preference.is_valid.name.app_error", "Invalid name."),
        _ => (
            "model.preference.is_valid.value.app_error",
            "Value is too long.",
        ),
    };
    ApiError::new(StatusCode::BAD_REQUEST, id, message)
}

/// The body's preferences, each the caller's and within Mattermost's limits.
fn checked(body: &RawBody, user_id: &str) -> ApiResult<Vec<Preference>> {
    let list: Vec<Preference> = body.parse("preferences")?;
    if list.is_empty() || list.len() > MAX_PER_REQUEST {
        return Err(ApiError::invalid_body("preferences"));
    }
    for preference in &list {
        if preference.user_id != user_id {
            return Err(ApiError::forbidden());
        }
        let size = |text: &str| text.chars().count();
        if preference.category.is_empty() || size(&preference.category) > CATEGORY_MAX {
            return Err(invalid("category"));
        }
        if preference.name.is_empty() || size(&preference.name) > NAME_MAX {
            return Err(invalid("name"));
        }
        if size(&preference.value) > VALUE_MAX {
            return Err(invalid("value"));
        }
    }
    Ok(list)
}

/// Tells the user's sessions, as Mattermost's `preferences_changed` / `preferences_deleted`.
fn announce(state: &AppState, event: &'static str, user_id: String, list: &[Preference]) {
    let mut outbox = Outbox::default();
    if let Ok(encoded) = serde_json::to_string(list) {
        outbox.event(
            event,
            json!({ "preferences": encoded }),
            Audience::User(user_id),
        );
        state.publish(outbox);
    }
}

/// `PUT /users/{user_id}/preferences`: sets each (replacing earlier values).
async fn save(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    body: RawBody,
) -> ApiResult<Response> {
    let user_id = own_id(&auth, user)?;
    let list = checked(&body, &user_id)?;
    let to_save = list.clone();
    let owner = user_id.clone();
    state
        .db
        .write(move |tx| {
            for preference in &to_save {
                preferences::save(tx, preference)?;
            }
            if preferences::count(tx, &owner)? > MAX_PER_USER {
                return Err(ApiError::invalid_body("preferences"));
            }
            Ok(())
        })
        .await?;
    announce(&state, "preferences_changed", user_id, &list);
    Ok(ok(&StatusOk::ok()))
}

/// `POST /users/{user_id}/preferences/delete`.
async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    body: RawBody,
) -> ApiResult<Response> {
    let user_id = own_id(&auth, user)?;
    let list = checked(&body, &user_id)?;
    let to_delete = list.clone();
    state
        .db
        .write(move |tx| {
            for preference in &to_delete {
                preferences::delete(tx, preference)?;
            }
            Ok(())
        })
        .await?;
    announce(&state, "preferences_deleted", user_id, &list);
    Ok(ok(&StatusOk::ok()))
}
