//! Unauthenticated system routes that clients call before anything else.

use axum::response::Response;
use brisk_model::StatusOk;
use serde_json::json;

use crate::http::json::ok;

/// `GET /system/ping`: the health check.
pub async fn ping() -> Response {
    ok(&StatusOk::ok())
}

/// `GET /license/client?format=old`: this server is unlicensed.
pub async fn client_license() -> Response {
    ok(&json!({ "IsLicensed": "false" }))
}
