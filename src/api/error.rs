//! What can go wrong talking to the server.

use std::fmt;

use brisk_model::AppError;

/// A failed API call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No HTTP answer at all (offline, DNS, refused connection).
    Network(String),
    /// The server answered with an error status; `status_code` is always the HTTP status.
    Server(AppError),
    /// A success status with a body that is not what the API promises.
    Decode(String),
}

impl ApiError {
    /// Builds the error for a non-success answer: Mattermost's AppError body, or (from a proxy,
    /// or a 429 with a plain-text body) whatever text came back.
    pub fn from_response(status: u16, body: &str) -> Self {
        let mut error = brisk_model::json::from_str::<AppError>(body).unwrap_or_default();
        if error.message.is_empty() {
            error.message = body.trim().chars().take(200).collect();
        }
        error.status_code = status;
        ApiError::Server(error)
    }

    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Server(error) => Some(error.status_code),
            _ => None,
        }
    }

    /// The session is gone (expired, revoked, logged out elsewhere).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// The server could not be reached, or a proxy in front of it could not reach it.
    pub fn is_unreachable(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Server(error) => error.status_code >= 500,
            ApiError::Decode(_) => false,
        }
    }

    /// A sentence to show the user.
    pub fn user_message(&self) -> String {
        match self {
            _ if self.is_unreachable() => {
                "Cannot reach the server. Check your connection and try again.".into()
            }
            ApiError::Server(error) if !error.message.is_empty() => error.message.clone(),
            ApiError::Server(error) => {
                format!("The server refused the request ({}).", error.status_code)
            }
            _ => "The server sent an answer this client does not understand.".into(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network(detail) => write!(f, "network error: {detail}"),
            ApiError::Server(error) => {
                write!(f, "{} {}: {}", error.status_code, error.id, error.message)
            }
            ApiError::Decode(detail) => write!(f, "unexpected response: {detail}"),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_error_body_gives_its_message() {
        let body = r#"{"id":"api.user.login.invalid_credentials_email_username","message":"Enter a valid email or username and/or password.","detailed_error":"","request_id":"r","status_code":401}"#;
        let error = ApiError::from_response(401, body);
        assert!(error.is_unauthorized());
        assert!(!error.is_unreachable());
        assert_eq!(
            error.user_message(),
            "Enter a valid email or username and/or password."
        );
    }

    #[test]
    fn a_proxy_error_page_means_the_server_is_unreachable() {
        let error = ApiError::from_response(502, "<html>Bad Gateway</html>");
        assert!(error.is_unreachable());
        assert!(error.user_message().starts_with("Cannot reach the server."));
        assert!(ApiError::Network("offline".into()).is_unreachable());
    }

    #[test]
    fn a_plain_text_error_is_shown_as_sent() {
        let error = ApiError::from_response(429, "Too many requests\n");
        assert_eq!(error.status(), Some(429));
        assert_eq!(error.user_message(), "Too many requests");
        assert_eq!(
            ApiError::from_response(403, "").user_message(),
            "The server refused the request (403)."
        );
    }
}
