//! What handlers take from a request besides the body: path ids already checked, and the host the
//! client reached the server at. (The authenticated user is `crate::http::auth::Auth`.)

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::header;
use axum::http::request::Parts;
use brisk_model::rules::is_valid_id;

use crate::error::ApiError;
use crate::http::auth::Auth;

/// How a path says "the caller" where a user id goes.
const ME: &str = "me";

/// The path parameter `name`, else Mattermost's 400 naming it.
async fn path_param<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    name: &str,
) -> Result<String, ApiError> {
    let Path(mut params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
        .await
        .map_err(|_| ApiError::invalid_url_param(name))?;
    params
        .remove(name)
        .ok_or_else(|| ApiError::invalid_url_param(name))
}

/// The path parameter `name`, which must have the shape of an id.
async fn checked_id<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    name: &str,
) -> Result<String, ApiError> {
    Some(path_param(parts, state, name).await?)
        .filter(|value| is_valid_id(value))
        .ok_or_else(|| ApiError::invalid_url_param(name))
}

/// Path ids, one type per parameter name, so a handler's signature says which it reads.
macro_rules! path_ids {
    ($($(#[$doc:meta])* $type:ident = $name:literal;)*) => {$(
        $(#[$doc])*
        pub struct $type(pub String);

        impl<S: Send + Sync> FromRequestParts<S> for $type {
            type Rejection = ApiError;

            async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
                checked_id(parts, state, $name).await.map(Self)
            }
        }
    )*};
}

path_ids! {
    /// `{channel_id}`.
    ChannelId = "channel_id";
    /// `{file_id}`.
    FileId = "file_id";
    /// `{job_id}`.
    JobId = "job_id";
    /// `{post_id}`.
    PostId = "post_id";
    /// `{team_id}`.
    TeamId = "team_id";
    /// `{upload_id}`.
    UploadId = "upload_id";
    /// `{thread_id}`: a thread's root post.
    ThreadId = "thread_id";
}

/// `{timestamp}`: milliseconds since the epoch, not negative.
pub struct Timestamp(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Timestamp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        path_param(parts, state, "timestamp")
            .await?
            .parse::<i64>()
            .ok()
            .filter(|at| *at >= 0)
            .map(Self)
            .ok_or_else(|| ApiError::invalid_url_param("timestamp"))
    }
}

/// `{user_id}`: an id, or "me" for the caller, as Mattermost's paths allow.
pub struct UserId(String);

impl UserId {
    /// The id the path names, "me" being `auth`'s user.
    pub fn of(self, auth: &Auth) -> String {
        if self.0 == ME {
            auth.user.id.clone()
        } else {
            self.0
        }
    }

    /// Whether the path says "me" or names `auth`'s user by id.
    pub fn is(&self, auth: &Auth) -> bool {
        self.0 == ME || self.0 == auth.user.id
    }
}

impl<S: Send + Sync> FromRequestParts<S> for UserId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let value = path_param(parts, state, "user_id").await?;
        if value == ME || is_valid_id(&value) {
            Ok(Self(value))
        } else {
            Err(ApiError::invalid_url_param("user_id"))
        }
    }
}

/// The host the client reached this server at (its `Host` header), or "" without one: the origin
/// of the permalinks its users copy.
pub struct RequestHost(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestHost {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        Ok(Self(host.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    use super::*;

    async fn answer(uri: &str, host: Option<&str>) -> (u16, String) {
        let app = Router::new().route(
            "/channels/{channel_id}/members/{user_id}",
            get(
                |ChannelId(c): ChannelId, user: UserId, RequestHost(h): RequestHost| async move {
                    format!("{c} {} {h}", user.0)
                },
            ),
        );
        let mut request = Request::builder().uri(uri);
        if let Some(host) = host {
            request = request.header(header::HOST, host);
        }
        let response = app
            .oneshot(request.body(Body::empty()).expect("request"))
            .await
            .expect("answer");
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn ids_are_checked_by_name_and_the_host_is_read() {
        let (c, u) = ("a".repeat(26), "b".repeat(26));
        let (status, body) = answer(
            &format!("/channels/{c}/members/{u}"),
            Some("chat.example:8065"),
        )
        .await;
        assert_eq!((status, body), (200, format!("{c} {u} chat.example:8065")));

        let (status, body) = answer(&format!("/channels/{c}/members/nope"), None).await;
        assert_eq!(status, 400);
        assert!(
            body.contains("api.context.invalid_url_param.app_error") && body.contains("user_id"),
            "{body}"
        );

        let (status, body) = answer(&format!("/channels/{c}/members/me"), None).await;
        assert_eq!((status, body), (200, format!("{c} me ")));

        let (status, body) = answer(&format!("/channels/nope/members/{u}"), None).await;
        assert_eq!(status, 400);
        assert!(body.contains("channel_id"), "{body}");
    }
}
