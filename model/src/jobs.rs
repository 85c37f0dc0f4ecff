//! Mattermost's upload sessions and jobs: how a system admin hands the server a file to import
//! (`POST /uploads` of type "import", then its bytes) and follows the import it runs
//! (`POST /jobs` of type "import_process", then `GET /jobs/{id}`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The upload type of a file meant for an import (Mattermost's `UploadTypeImport`).
pub const UPLOAD_TYPE_IMPORT: &str = "import";
/// The job that imports an uploaded file.
pub const JOB_TYPE_IMPORT_PROCESS: &str = "import_process";

/// A job's status, as Mattermost names them.
pub mod job_status {
    pub const PENDING: &str = "pending";
    pub const IN_PROGRESS: &str = "in_progress";
    pub const SUCCESS: &str = "success";
    pub const ERROR: &str = "error";
}

/// The keys of an import job's `data`. `import_file` is Mattermost's; `team` and the summary are
/// the bundled server's, whose import takes a Slack export into a team.
pub mod import_data {
    /// The uploaded file: `<upload id>_<file name>`, as Mattermost lists imports.
    pub const IMPORT_FILE: &str = "import_file";
    /// The team (URL name) a Slack export goes into; created if it does not exist.
    pub const TEAM: &str = "team";
    /// Why a failed job failed (Mattermost's key).
    pub const ERROR: &str = "error";
    pub const CHANNELS: &str = "channels";
    pub const CONVERSATIONS: &str = "conversations";
    pub const PEOPLE: &str = "people";
    pub const PEOPLE_MATCHED: &str = "people_matched_by_email";
    pub const POSTS: &str = "posts";
    pub const REPLIES: &str = "replies";
    pub const THREADS: &str = "threads";
    pub const REACTIONS: &str = "reactions";
    pub const ALREADY_IMPORTED: &str = "already_imported";
    /// What was left out, a line per reason: "<count> <reason>".
    pub const SKIPPED: &str = "skipped";
}

/// An upload in progress (Mattermost's `UploadSession`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UploadSession {
    pub id: String,
    #[serde(rename = "type")]
    pub upload_type: String,
    pub create_at: i64,
    pub user_id: String,
    pub channel_id: String,
    pub filename: String,
    pub file_size: i64,
    /// How many bytes have arrived.
    pub file_offset: i64,
}

impl UploadSession {
    /// The name an import job gives for this upload once it is whole.
    pub fn import_file(&self) -> String {
        format!("{}_{}", self.id, self.filename)
    }
}

/// A background job (Mattermost's `Job`); `data` holds strings only, as in Mattermost.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Job {
    pub id: String,
    #[serde(rename = "type")]
    pub job_type: String,
    pub create_at: i64,
    pub start_at: i64,
    pub last_activity_at: i64,
    pub status: String,
    /// Percent done.
    pub progress: i64,
    pub data: BTreeMap<String, String>,
}
