//! `/files`: multipart upload, download, thumbnail and preview, and the file info.

use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{Multipart, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use brisk_model::{FileInfo, FileUploadResponse, User};
use rusqlite::Connection;
use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::extract::FileId;
use crate::access::{readable_channel, require_not_archived};
use crate::db::channels;
use crate::db::files::{self, MAX_FILES_PER_POST};
use crate::error::{ApiError, ApiResult};
use crate::file_store::Rendition;
use crate::http::auth::Auth;
use crate::http::json::{created, ok, QueryMap};
use crate::ids::{new_id, now_ms};
use crate::images;
use crate::AppState;
use brisk_model::rules::is_valid_id;

/// Uploaded images decoded at once.
static IMAGE_DECODES: Semaphore = Semaphore::const_new(2);

/// Longest text part (`channel_id`, `client_ids`) read from an upload.
const MAX_TEXT_PART: usize = 1024;
/// Most parts an upload may have: the files, a client id for each, the channel id, and a few
/// more; with each file under `MaxFileSize` and each text part short this bounds the body.
const MAX_PARTS: usize = 2 * MAX_FILES_PER_POST + 4;
/// Longest file name kept, in characters.
const MAX_NAME_CHARS: usize = 255;
/// Types a browser may show inline; anything else is always a download (Mattermost's
/// `MediaContentTypes`), so an uploaded page can never run as ours.
const INLINE_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/bmp",
    "image/gif",
    "image/tiff",
    "image/webp",
    "video/avi",
    "video/mpeg",
    "video/mp4",
    "audio/mpeg",
    "audio/wav",
];

fn read_error(detail: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "api.file.upload_file.read_request.app_error",
        "Unable to upload file(s). Error reading or parsing request data.",
    )
    .detail(detail.to_string())
}

fn wrong_number_of_files() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "api.file.upload_file.incorrect_number_of_files.app_error",
        "Unable to upload files. Incorrect number of files specified.",
    )
}

fn too_large(name: &str, size: u64, limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "api.file.upload_file.too_large_detailed.app_error",
        format!(
            "Unable to upload file {name}. {size} bytes exceeds the maximum allowed {limit} bytes."
        ),
    )
}

fn file_not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "app.file_info.get.app_error",
        "Unable to get the file info.",
    )
}

/// The MIME type for an extension (the common ones; the rest download as bytes).
pub fn mime_for(extension: &str) -> &'static str {
    match extension {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "mp4" => "video/mp4",
        "mpeg" | "mpg" => "video/mpeg",
        "avi" => "video/avi",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        _ => "application/octet-stream",
    }
}

/// The last path component of what the client called the file, trimmed and bounded.
pub(crate) fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let name: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    if name.is_empty() {
        "file".to_string()
    } else {
        name
    }
}

fn extension_of(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 16 => ext.to_lowercase(),
        _ => String::new(),
    }
}

async fn small_text(mut field: Field<'_>) -> ApiResult<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(read_error)? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_TEXT_PART {
            return Err(read_error("text part too long"));
        }
    }
    String::from_utf8(bytes).map_err(read_error)
}

/// The caller may upload to the channel: a member, and the channel not archived.
fn check_upload_channel(conn: &Connection, user: &User, channel_id: &str) -> ApiResult<()> {
    if !is_valid_id(channel_id) {
        return Err(ApiError::invalid_body("channel_id"));
    }
    let channel = channels::get(conn, channel_id)?.ok_or_else(ApiError::channel_not_found)?;
    if !channels::is_member(conn, &channel.id, &user.id)? {
        return Err(ApiError::forbidden());
    }
    require_not_archived(
        &channel,
        "api.file.upload_file.archived_channel.app_error",
        "You cannot upload files to an archived channel.",
    )
}

/// One file part streamed to disk, within the size limit; the stored file's id and size.
async fn receive_file(
    state: &AppState,
    mut field: Field<'_>,
    name: &str,
) -> ApiResult<(String, u64)> {
    let id = new_id();
    let temp = state.files.temp_path(&id);
    let result: ApiResult<u64> = async {
        let mut out = tokio::fs::File::create(&temp)
            .await
            .map_err(|err| ApiError::internal(format!("create upload: {err}")))?;
        let mut size: u64 = 0;
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|err: MultipartError| read_error(err))?
        {
            size += chunk.len() as u64;
            if size > state.max_file_size {
                return Err(too_large(name, size, state.max_file_size));
            }
            out.write_all(&chunk)
                .await
                .map_err(|err| ApiError::internal(format!("write upload: {err}")))?;
        }
        out.flush()
            .await
            .map_err(|err| ApiError::internal(format!("write upload: {err}")))?;
        Ok(size)
    }
    .await;
    match result {
        Ok(size) => {
            state.files.commit(&temp, &id).await?;
            Ok((id, size))
        }
        Err(err) => {
            let _ = tokio::fs::remove_file(&temp).await;
            Err(err)
        }
    }
}

/// The FileInfo of a stored upload, images measured and their renditions made.
pub(crate) async fn describe(
    state: &AppState,
    id: String,
    name: String,
    size: u64,
    user_id: &str,
    channel_id: &str,
) -> ApiResult<FileInfo> {
    let extension = extension_of(&name);
    let now = now_ms();
    let mut info = FileInfo {
        id: id.clone(),
        user_id: user_id.to_string(),
        channel_id: channel_id.to_string(),
        create_at: now,
        update_at: now,
        mime_type: mime_for(&extension).to_string(),
        size: i64::try_from(size).unwrap_or(i64::MAX),
        name,
        extension,
        ..Default::default()
    };
    if images::is_image_extension(&info.extension) {
        let paths = [
            Rendition::Original,
            Rendition::Thumbnail,
            Rendition::Preview,
        ]
        .map(|r| state.files.path(&id, r));
        // Each decode may take a few hundred MB: a few at a time, however many arrive.
        let _turn = IMAGE_DECODES.acquire().await.map_err(ApiError::internal)?;
        let facts =
            tokio::task::spawn_blocking(move || images::process(&paths[0], &paths[1], &paths[2]))
                .await
                .map_err(ApiError::internal)?;
        if let Some(facts) = facts {
            info.width = i64::from(facts.width);
            info.height = i64::from(facts.height);
            info.has_preview_image = facts.has_preview;
            info.mini_preview = facts.mini_preview;
        }
    }
    Ok(info)
}

/// `POST /files` (multipart: `channel_id`, then one or more `files`, optionally `client_ids`)
/// → 201 `{file_infos, client_ids}`. Each file is streamed to disk; one over `MaxFileSize` fails
/// the whole upload with 413 and nothing is kept.
pub async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    query: QueryMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let mut multipart = multipart.map_err(|rejection| read_error(rejection.body_text()))?;
    let mut channel_id = query.str("channel_id").to_string();
    let mut client_ids: Vec<String> = Vec::new();
    let mut infos: Vec<FileInfo> = Vec::new();
    let received: ApiResult<()> = async {
        let mut channel_checked = false;
        let mut parts = 0;
        while let Some(field) = multipart.next_field().await.map_err(read_error)? {
            parts += 1;
            if parts > MAX_PARTS {
                return Err(wrong_number_of_files());
            }
            match field.name().unwrap_or("") {
                "channel_id" => channel_id = small_text(field).await?,
                "client_ids" => client_ids.push(small_text(field).await?),
                "files" => {
                    if !channel_checked {
                        let (db, user, channel) =
                            (state.db.clone(), auth.user.clone(), channel_id.clone());
                        db.read(move |conn| check_upload_channel(conn, &user, &channel))
                            .await?;
                        channel_checked = true;
                    }
                    if infos.len() >= MAX_FILES_PER_POST {
                        return Err(wrong_number_of_files());
                    }
                    let name = clean_name(field.file_name().unwrap_or(""));
                    let (id, size) = receive_file(&state, field, &name).await?;
                    let info =
                        describe(&state, id.clone(), name, size, &auth.user.id, &channel_id).await;
                    match info {
                        Ok(info) => infos.push(info),
                        Err(err) => {
                            state.files.remove(&id).await;
                            return Err(err);
                        }
                    }
                }
                _ => {
                    small_text(field).await?;
                }
            }
        }
        if infos.is_empty() || (!client_ids.is_empty() && client_ids.len() != infos.len()) {
            return Err(wrong_number_of_files());
        }
        Ok(())
    }
    .await;
    let stored = match received {
        Ok(()) => {
            let (rows, user, channel) = (infos.clone(), auth.user.clone(), channel_id.clone());
            state
                .db
                .write(move |tx| {
                    check_upload_channel(tx, &user, &channel)?;
                    rows.iter().try_for_each(|info| files::insert(tx, info))
                })
                .await
        }
        Err(err) => Err(err),
    };
    if let Err(err) = stored {
        for info in &infos {
            state.files.remove(&info.id).await;
        }
        return Err(err);
    }
    Ok(created(&FileUploadResponse {
        file_infos: infos,
        client_ids,
    }))
}

/// A file the caller may see: one they uploaded and no post has claimed yet, or one in a post of a
/// channel they can read.
fn readable_file(conn: &Connection, user: &User, file_id: &str) -> ApiResult<FileInfo> {
    let info = files::get(conn, file_id)?.ok_or_else(file_not_found)?;
    if info.post_id.is_empty() {
        if info.user_id != user.id {
            return Err(ApiError::forbidden());
        }
    } else {
        readable_channel(conn, user, &info.channel_id)?;
    }
    Ok(info)
}

async fn load_info(state: &AppState, auth: Auth, file_id: String) -> ApiResult<FileInfo> {
    state
        .db
        .read(move |conn| readable_file(conn, &auth.user, &file_id))
        .await
}

/// `name` for a Content-Disposition header: plain ASCII in `filename`, UTF-8 in `filename*`.
fn disposition(kind: &str, name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Streams a rendition from disk (Range requests work), with download-safe headers.
async fn serve(
    state: &AppState,
    info: &FileInfo,
    rendition: Rendition,
    force_download: bool,
    request: Request,
) -> ApiResult<Response> {
    let (mime, name) = match rendition {
        Rendition::Original => (info.mime_type.as_str(), info.name.clone()),
        _ => ("image/jpeg", format!("{}.jpg", info.name)),
    };
    let inline = !force_download && INLINE_TYPES.contains(&mime);
    let mime_value = mime.parse().map_err(ApiError::internal)?;
    let path = state.files.path(&info.id, rendition);
    let response = ServeFile::new_with_mime(path, &mime_value)
        .oneshot(request)
        .await
        .map_err(ApiError::internal)?;
    if response.status() == StatusCode::NOT_FOUND {
        return Err(file_not_found().detail("missing on disk"));
    }
    let mut response = response.map(axum::body::Body::new).into_response();
    let headers = response.headers_mut();
    let kind = if inline { "inline" } else { "attachment" };
    if let Ok(value) = HeaderValue::from_str(&disposition(kind, &name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; frame-ancestors 'none'"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=2592000"),
    );
    Ok(response)
}

/// `GET /files/{file_id}[?download=1]`.
pub async fn download(
    State(state): State<AppState>,
    auth: Auth,
    FileId(file_id): FileId,
    query: QueryMap,
    request: Request,
) -> ApiResult<Response> {
    let info = load_info(&state, auth, file_id).await?;
    let force = matches!(query.str("download"), "1" | "true");
    serve(&state, &info, Rendition::Original, force, request).await
}

/// An image rendition, 400 (with Mattermost's id) when the file has none.
async fn rendition(
    state: &AppState,
    auth: Auth,
    file_id: String,
    rendition: Rendition,
    request: Request,
) -> ApiResult<Response> {
    let info = load_info(state, auth, file_id).await?;
    if !info.has_preview_image {
        let (id, message) = if rendition == Rendition::Thumbnail {
            (
                "api.file.get_file_thumbnail.no_thumbnail.app_error",
                "File doesn't have a thumbnail image.",
            )
        } else {
            (
                "api.file.get_file_preview.no_preview.app_error",
                "File doesn't have a preview image.",
            )
        };
        return Err(ApiError::new(StatusCode::BAD_REQUEST, id, message));
    }
    serve(state, &info, rendition, false, request).await
}

/// `GET /files/{file_id}/thumbnail`.
pub async fn thumbnail(
    State(state): State<AppState>,
    auth: Auth,
    FileId(file_id): FileId,
    request: Request,
) -> ApiResult<Response> {
    rendition(&state, auth, file_id, Rendition::Thumbnail, request).await
}

/// `GET /files/{file_id}/preview`.
pub async fn preview(
    State(state): State<AppState>,
    auth: Auth,
    FileId(file_id): FileId,
    request: Request,
) -> ApiResult<Response> {
    rendition(&state, auth, file_id, Rendition::Preview, request).await
}

/// `GET /files/{file_id}/info`.
pub async fn info(
    State(state): State<AppState>,
    auth: Auth,
    FileId(file_id): FileId,
) -> ApiResult<Response> {
    Ok(ok(&load_info(&state, auth, file_id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_and_dispositions_escaped() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\a\\report.PDF"), "report.PDF");
        assert_eq!(clean_name("  "), "file");
        assert_eq!(extension_of("report.PDF"), "pdf");
        assert_eq!(extension_of(".bashrc"), "");
        assert_eq!(extension_of("noext"), "");
        assert_eq!(
            disposition("attachment", "naïve \"x\".txt"),
            "attachment; filename=\"na_ve _x_.txt\"; filename*=UTF-8''na%C3%AFve%20%22x%22.txt"
        );
    }
}
