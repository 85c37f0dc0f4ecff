//! `/users/{user_id}/image`: profile pictures. Everyone signed in may see anyone's; a user changes
//! only their own (a system admin anyone's).

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use brisk_model::{StatusOk, User};

use super::extract::UserId;
use crate::avatars;
use crate::db::{profile_images, users};
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::ok;
use crate::ids::now_ms;
use crate::AppState;

/// Largest picture upload, in bytes: a phone photo fits, and it is scaled down at once.
const MAX_UPLOAD: usize = 10 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_id}/image",
            get(current)
                .delete(reset)
                .post(upload)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/users/{user_id}/image/default", get(default))
}

/// A PNG answer. Apps ask again with `?_=<last_picture_update>` after a change, so a short cache
/// keeps lists of avatars cheap without showing an old picture for long.
fn png(bytes: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    response
}

async fn existing_user(state: &AppState, auth: &Auth, user: UserId) -> ApiResult<User> {
    let user_id = user.of(auth);
    state
        .db
        .read(move |conn| users::get(conn, &user_id))
        .await?
        .ok_or_else(ApiError::user_not_found)
}

fn default_png(user: &User) -> Vec<u8> {
    let initials = avatars::initials(&user.username, &user.first_name, &user.last_name);
    avatars::default_png(&user.id, &initials)
}

/// `GET /users/{user_id}/image`: the uploaded picture, else the default one.
async fn current(State(state): State<AppState>, auth: Auth, user: UserId) -> ApiResult<Response> {
    let user = existing_user(&state, &auth, user).await?;
    let user_id = user.id.clone();
    let uploaded = state
        .db
        .read(move |conn| profile_images::get(conn, &user_id))
        .await?;
    Ok(png(uploaded.unwrap_or_else(|| default_png(&user))))
}

/// `GET /users/{user_id}/image/default`: the initials picture.
async fn default(State(state): State<AppState>, auth: Auth, user: UserId) -> ApiResult<Response> {
    let user = existing_user(&state, &auth, user).await?;
    Ok(png(default_png(&user)))
}

/// The id of the user whose picture the caller may change.
fn changeable(auth: &Auth, user: UserId) -> ApiResult<String> {
    if user.is(auth) || auth.is_system_admin() {
        Ok(user.of(auth))
    } else {
        Err(ApiError::forbidden())
    }
}

fn bad_image(detail: impl Into<String>) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "api.user.upload_profile_user.decode.app_error",
        "Unable to decode profile image.",
    )
    .detail(detail)
}

/// `POST /users/{user_id}/image` (multipart, the picture in `image`).
async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let user_id = changeable(&auth, user)?;
    let mut multipart = multipart.map_err(|rejection| bad_image(rejection.body_text()))?;
    let mut picture = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|err| bad_image(err.body_text()))?
    {
        if field.name() == Some("image") {
            picture = Some(
                field
                    .bytes()
                    .await
                    .map_err(|err| bad_image(err.body_text()))?,
            );
            break;
        }
    }
    let picture = picture.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "api.user.upload_profile_user.no_file.app_error",
            "No file under 'image' in request.",
        )
    })?;
    let png = tokio::task::spawn_blocking(move || avatars::profile_png(&picture))
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(|| bad_image("not a PNG, JPEG, GIF or WebP image of a safe size"))?;
    state
        .db
        .write(move |tx| {
            users::get(tx, &user_id)?.ok_or_else(ApiError::user_not_found)?;
            profile_images::set(tx, &user_id, Some(&png), now_ms())
        })
        .await?;
    Ok(ok(&StatusOk::ok()))
}

/// `DELETE /users/{user_id}/image`: back to the default picture.
async fn reset(State(state): State<AppState>, auth: Auth, user: UserId) -> ApiResult<Response> {
    let user_id = changeable(&auth, user)?;
    state
        .db
        .write(move |tx| {
            users::get(tx, &user_id)?.ok_or_else(ApiError::user_not_found)?;
            profile_images::set(tx, &user_id, None, now_ms())
        })
        .await?;
    Ok(ok(&StatusOk::ok()))
}
