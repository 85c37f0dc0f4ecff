//! Unauthenticated system routes that clients call before anything else.

use axum::extract::State;
use axum::response::Response;
use brisk_model::StatusOk;
use serde_json::json;

use crate::http::json::ok;
use crate::{AppState, SERVER_VERSION};

/// `GET /system/ping`: the health check.
pub async fn ping() -> Response {
    ok(&StatusOk::ok())
}

/// `GET /config/client?format=old`: the flat string map clients shape their UI with.
pub async fn client_config(State(state): State<AppState>) -> Response {
    ok(&json!({
        "SiteName": "brisk",
        "Version": SERVER_VERSION,
        "BuildNumber": "brisk",
        "BuildHash": "brisk",
        "BuildEnterpriseReady": "false",
        "DiagnosticsEnabled": "false",
        "EnableSignUpWithEmail": "true",
        "EnableSignInWithEmail": "true",
        "EnableSignInWithUsername": "true",
        "EnableOpenServer": "false",
        "EnableUserCreation": "true",
        "EnableUserTypingMessages": "true",
        "EnableCustomEmoji": "false",
        "EnableFileAttachments": "true",
        "EnableReliableWebSockets": "true",
        "MaxFileSize": state.max_file_size.to_string(),
        "MaxPostSize": brisk_model::POST_MESSAGE_MAX_RUNES.to_string(),
        "CollapsedThreads": "disabled",
        "PasswordMinimumLength": brisk_model::rules::PASSWORD_MIN.to_string(),
        "ShowEmailAddress": "true",
        "ShowFullName": "true",
        "TeammateNameDisplay": "username",
        "WebsocketURL": "",
        "SQLDriverName": "sqlite",
    }))
}

/// `GET /license/client?format=old`: this server is unlicensed.
pub async fn client_license() -> Response {
    ok(&json!({ "IsLicensed": "false" }))
}
