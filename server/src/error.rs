//! The one error type of the server. Every failure becomes a Mattermost AppError body
//! `{"id","message","detailed_error","request_id","status_code"}` with Mattermost's error ids,
//! because clients (ours and Mattermost's) branch on those ids and status codes.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::ids::new_id;

/// A failed request, rendered as an AppError.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub id: &'static str,
    pub message: String,
    pub detailed_error: String,
}

/// The result type of every handler and store function.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, id: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            id,
            message: message.into(),
            detailed_error: String::new(),
        }
    }

    /// Adds the developer-facing detail (never shown to end users by Mattermost clients).
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detailed_error = detail.into();
        self
    }

    /// 401: no session, or the session ended. Clients go to the login page on this.
    pub fn session_expired() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "api.context.session_expired.app_error",
            "Invalid or expired session, please login again.",
        )
    }

    /// 403: authenticated but not allowed.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "api.context.permissions.app_error",
            "You do not have the appropriate permissions.",
        )
    }

    /// 400: a missing or malformed field of the JSON body.
    pub fn invalid_body(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "api.context.invalid_body_param.app_error",
            format!("Invalid or missing {name} in request body."),
        )
    }

    /// 400: a malformed path or query parameter.
    pub fn invalid_url_param(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "api.context.invalid_url_param.app_error",
            format!("Invalid or missing {name} parameter in request URL."),
        )
    }

    /// 404 for an unknown API route.
    pub fn route_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "api.context.404.app_error",
            "Sorry, we could not find the page.",
        )
    }

    pub fn user_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "app.user.missing_account.const",
            "Unable to find the user.",
        )
    }

    pub fn team_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "app.team.get.find.app_error",
            "Unable to find the existing team.",
        )
    }

    pub fn channel_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "app.channel.get.existing.app_error",
            "Unable to find the existing channel.",
        )
    }

    pub fn channel_name_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "app.channel.get_by_name.missing.app_error",
            "Channel does not exist.",
        )
    }

    pub fn post_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "app.post.get.app_error",
            "Unable to get post.",
        )
    }

    /// 500 for anything unexpected. The cause goes to the log only: it may hold SQL, file paths
    /// or other details of the server that are nobody else's business.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "app.internal_error",
            "We encountered an error while processing the request.",
        )
    }

    /// The wire body.
    pub fn to_app_error(&self) -> brisk_model::AppError {
        brisk_model::AppError {
            id: self.id.to_string(),
            message: self.message.clone(),
            detailed_error: self.detailed_error.clone(),
            request_id: new_id(),
            status_code: self.status.as_u16(),
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        Self::internal(format!("database: {err}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // An AppError is strings and a number: serialising it cannot fail.
        let body = serde_json::to_vec(&self.to_app_error()).unwrap_or_default();
        json_body(self.status, body)
    }
}

/// A response with a JSON body, typed `application/json` and nothing more: Mattermost's JS client
/// treats a charset suffix as text. Every API answer, errors included, goes out through here.
pub fn json_body(status: StatusCode, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_keep_their_cause_out_of_the_answer() {
        let sql_error = rusqlite::Connection::open_in_memory()
            .expect("db")
            .execute("SELECT * FROM secret_table", [])
            .expect_err("no such table");
        for error in [
            ApiError::from(sql_error),
            ApiError::internal("open /var/lib/brisk/files/x: permission denied"),
        ] {
            let body = serde_json::to_string(&error.to_app_error()).expect("json");
            assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
            assert!(
                !body.contains("secret_table") && !body.contains("/var/lib"),
                "{body}"
            );
        }
    }
}
