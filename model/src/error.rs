use serde::{Deserialize, Serialize};

/// The body of every Mattermost error response.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct AppError {
    pub id: String,
    pub message: String,
    pub detailed_error: String,
    pub request_id: String,
    pub status_code: u16,
}

crate::deserialize_into_default!(AppError {
    id,
    message,
    detailed_error,
    request_id,
    status_code
});

/// `{"status":"OK"}`, returned by actions that have nothing else to say.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusOk {
    pub status: String,
}

impl StatusOk {
    pub fn ok() -> Self {
        Self {
            status: "OK".into(),
        }
    }
}
