//! `/uploads` and `/jobs`, as far as imports need them (system admins only): Mattermost's way of
//! taking a file to import and running the import in the background. Attachments come through
//! `POST /files` on this server, so an upload session here is always of type "import"; the only
//! job is `import_process`, which imports a Slack export (see `crate::imports`).

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use brisk_model::{import_data, JOB_TYPE_IMPORT_PROCESS, UPLOAD_TYPE_IMPORT};
use http_body_util::BodyExt;
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

use super::extract::{JobId, UploadId};
use super::users::require_admin;
use crate::db::teams;
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{created, ok, RawBody};
use crate::imports;
use crate::AppState;

/// Longest file name an upload may carry (Mattermost's file names are capped alike).
const FILENAME_MAX: usize = 256;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/uploads", post(create_upload))
        // The bytes stream to disk (a raw body has no size limit of its own): `receive` holds
        // them to the size the session announced.
        .route("/uploads/{upload_id}", get(get_upload).post(upload_data))
        .route("/jobs", post(create_job))
        .route("/jobs/{job_id}", get(get_job))
}

#[derive(Deserialize)]
#[serde(default)]
struct CreateUploadRequest {
    #[serde(rename = "type")]
    upload_type: String,
    filename: String,
    file_size: i64,
}

impl Default for CreateUploadRequest {
    fn default() -> Self {
        Self {
            upload_type: String::new(),
            filename: String::new(),
            file_size: -1,
        }
    }
}

fn bad_upload(message: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "api.upload.create.invalid_upload.app_error",
        message,
    )
}

/// `POST /uploads {type: "import", filename, file_size}`: a session to send an import's bytes to.
async fn create_upload(
    State(state): State<AppState>,
    auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    let request: CreateUploadRequest = body.parse("upload")?;
    if request.upload_type != UPLOAD_TYPE_IMPORT {
        return Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "api.upload.create.attachments.app_error",
            "This server takes attachments through POST /files; uploads here are for imports.",
        ));
    }
    require_admin(&auth)?;
    let name = request.filename.trim();
    if name.is_empty() || name.chars().count() > FILENAME_MAX || name.contains(['/', '\\']) {
        return Err(bad_upload("The file needs a name without slashes."));
    }
    if !name.to_ascii_lowercase().ends_with(".zip") {
        return Err(bad_upload("An import is a .zip file (a Slack export)."));
    }
    if request.file_size <= 0 {
        return Err(bad_upload("The file is empty."));
    }
    let limit = state.imports.max_size;
    if request.file_size as u64 > limit {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "api.upload.create.upload_too_large.app_error",
            format!(
                "The file is {} bytes; imports may be at most {limit} bytes (brisk-server --max-import-size).",
                request.file_size
            ),
        ));
    }
    let session = state
        .imports
        .create_upload(&auth.user.id, name, request.file_size);
    Ok(created(&session))
}

fn upload_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "app.upload.get.app_error",
        "There is no such upload (a restart of the server ends unfinished ones).",
    )
}

/// `GET /uploads/{upload_id}`: how far the upload is.
async fn get_upload(
    State(state): State<AppState>,
    auth: Auth,
    UploadId(upload_id): UploadId,
) -> ApiResult<Response> {
    require_admin(&auth)?;
    let session = state
        .imports
        .upload(&upload_id)
        .ok_or_else(upload_not_found)?;
    Ok(ok(&session))
}

/// `POST /uploads/{upload_id}` with the file's bytes (or the rest of them) as the body. As in
/// Mattermost, 204 whether the file is now whole or not (`GET /uploads/{id}` tells how far).
async fn upload_data(
    State(state): State<AppState>,
    auth: Auth,
    UploadId(upload_id): UploadId,
    body: Body,
) -> ApiResult<Response> {
    require_admin(&auth)?;
    let session = state.imports.start_receiving(&upload_id).ok_or_else(|| {
        match state.imports.upload(&upload_id) {
            Some(_) => ApiError::new(
                StatusCode::CONFLICT,
                "api.upload.upload_data.busy.app_error",
                "The upload is already receiving its bytes.",
            ),
            None => upload_not_found(),
        }
    })?;
    let received = receive(&state.imports.file_of(&upload_id), &session, body).await;
    let offset = match &received {
        Ok(offset) => *offset,
        Err(_) => session.file_offset,
    };
    state.imports.stop_receiving(&upload_id, offset);
    received?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Appends the body to the upload's file; the new offset. More than the session announced is
/// refused, and what this request wrote is cut off again.
async fn receive(
    path: &std::path::Path,
    session: &brisk_model::UploadSession,
    mut body: Body,
) -> ApiResult<i64> {
    let write_error = |err: std::io::Error| ApiError::internal(format!("write upload: {err}"));
    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .await
        .map_err(write_error)?;
    let mut offset = session.file_offset;
    let result: ApiResult<()> = async {
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|err| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "api.upload.upload_data.read.app_error",
                    "The upload was cut short.",
                )
                .detail(err.to_string())
            })?;
            let Ok(chunk) = frame.into_data() else {
                continue;
            };
            offset += chunk.len() as i64;
            if offset > session.file_size {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "api.upload.upload_data.invalid_content_length",
                    "More bytes arrived than the upload announced.",
                ));
            }
            file.write_all(&chunk).await.map_err(write_error)?;
        }
        file.flush().await.map_err(write_error)
    }
    .await;
    if let Err(err) = result {
        let _ = file.set_len(session.file_offset as u64).await;
        return Err(err);
    }
    Ok(offset)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CreateJobRequest {
    #[serde(rename = "type")]
    job_type: String,
    data: BTreeMap<String, String>,
}

fn bad_job(message: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "api.job.create.invalid.app_error",
        message,
    )
}

/// `POST /jobs {type: "import_process", data: {import_file, team}}`: imports a whole upload (a
/// Slack export) into the team, in the background; the answer is the pending job.
async fn create_job(
    State(state): State<AppState>,
    auth: Auth,
    body: RawBody,
) -> ApiResult<Response> {
    require_admin(&auth)?;
    let request: CreateJobRequest = body.parse("job")?;
    if request.job_type != JOB_TYPE_IMPORT_PROCESS {
        return Err(bad_job("The only job this server runs is import_process."));
    }
    let data_field = |key: &str| request.data.get(key).map(|value| value.trim().to_string());
    let team = data_field(import_data::TEAM)
        .ok_or_else(|| bad_job("The import needs data.team: the team to import into."))?;
    teams::validate_name(&team)?;
    let import_file = data_field(import_data::IMPORT_FILE).unwrap_or_default();
    let upload = state
        .imports
        .take_whole_upload(&import_file)
        .ok_or_else(|| {
            bad_job("data.import_file names no whole upload: upload the file first, all of it.")
        })?;
    let data = BTreeMap::from([
        (import_data::IMPORT_FILE.to_string(), import_file),
        (import_data::TEAM.to_string(), team.clone()),
    ]);
    let job = state.imports.create_job(data);
    tokio::spawn(imports::run(state.clone(), job.id.clone(), upload, team));
    Ok(created(&job))
}

/// `GET /jobs/{job_id}`: the job's status, progress (percent) and, once done, its summary or
/// error in `data`.
async fn get_job(
    State(state): State<AppState>,
    auth: Auth,
    JobId(job_id): JobId,
) -> ApiResult<Response> {
    require_admin(&auth)?;
    let job = state.imports.job(&job_id).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "app.job.get.app_error",
            "There is no such job (a restart of the server forgets finished ones).",
        )
    })?;
    Ok(ok(&job))
}
