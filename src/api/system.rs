use std::collections::HashMap;

use brisk_model::StatusOk;

use super::http::get;
use super::ApiError;

/// `GET /system/ping`: is the server up.
pub async fn ping() -> Result<StatusOk, ApiError> {
    get("/system/ping").await
}

/// `GET /config/client?format=old`: the flat map of client settings (SiteName, ...).
pub async fn client_config() -> Result<HashMap<String, String>, ApiError> {
    get("/config/client?format=old").await
}
