use brisk_model::{FileInfo, FileUploadResponse};
use futures::channel::oneshot;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

use super::http::{csrf_token, network_error, url};
use super::{segment, ApiError};

/// The address of a file's bytes; `download` asks the browser to save it rather than show it.
pub fn file_url(file_id: &str, download: bool) -> String {
    let base = url(&format!("/files/{}", segment(file_id)));
    if download {
        format!("{base}?download=1")
    } else {
        base
    }
}

/// A small image of a picture (`/files/{id}/thumbnail`).
pub fn thumbnail_url(file_id: &str) -> String {
    url(&format!("/files/{}/thumbnail", segment(file_id)))
}

/// A screen-sized image of a picture (`/files/{id}/preview`).
pub fn preview_url(file_id: &str) -> String {
    url(&format!("/files/{}/preview", segment(file_id)))
}

/// What an upload sends: a form with files, or one file's bytes as they are.
enum UploadBody<'a> {
    Form(&'a FormData),
    Bytes(&'a web_sys::Blob),
}

/// POSTs `body` to the API `path` through XMLHttpRequest, because fetch cannot report upload
/// progress: `on_progress` gets the fraction sent. The answer's text.
async fn post_with_progress(
    path: &str,
    body: UploadBody<'_>,
    on_progress: impl Fn(f64) + 'static,
) -> Result<String, ApiError> {
    let request = XmlHttpRequest::new().map_err(network_error)?;
    request.open("POST", &url(path)).map_err(network_error)?;
    request
        .set_request_header("X-Requested-With", "XMLHttpRequest")
        .map_err(network_error)?;
    request
        .set_request_header("X-CSRF-Token", &csrf_token())
        .map_err(network_error)?;

    let progress = Closure::<dyn Fn(ProgressEvent)>::new(move |event: ProgressEvent| {
        if event.length_computable() && event.total() > 0.0 {
            on_progress(event.loaded() / event.total());
        }
    });
    request
        .upload()
        .map_err(network_error)?
        .set_onprogress(Some(progress.as_ref().unchecked_ref()));

    // Load, error and abort all end the request; which one it was is read from the status.
    let (done, finished) = oneshot::channel::<()>();
    let done = std::cell::Cell::new(Some(done));
    let on_end = Closure::<dyn Fn()>::new(move || {
        if let Some(done) = done.take() {
            let _ = done.send(());
        }
    });
    request.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    match body {
        UploadBody::Form(form) => request.send_with_opt_form_data(Some(form)),
        UploadBody::Bytes(blob) => request.send_with_opt_blob(Some(blob)),
    }
    .map_err(network_error)?;
    let _ = finished.await;
    drop((progress, on_end));

    let status = request.status().map_err(network_error)?;
    let text = request
        .response_text()
        .map_err(network_error)?
        .unwrap_or_default();
    if status == 0 {
        return Err(ApiError::Network(
            "the upload did not reach the server".into(),
        ));
    }
    if !(200..300).contains(&status) {
        return Err(ApiError::from_response(status, &text));
    }
    Ok(text)
}

/// `POST /files` (multipart: `channel_id`, `client_ids`, then `files`), reporting the fraction
/// sent to `on_progress`.
pub async fn upload_file(
    channel_id: &str,
    client_id: &str,
    file: &web_sys::File,
    on_progress: impl Fn(f64) + 'static,
) -> Result<FileInfo, ApiError> {
    let form = FormData::new().map_err(network_error)?;
    form.append_with_str("channel_id", channel_id)
        .map_err(network_error)?;
    form.append_with_str("client_ids", client_id)
        .map_err(network_error)?;
    form.append_with_blob_and_filename("files", file, &file.name())
        .map_err(network_error)?;
    let body = post_with_progress("/files", UploadBody::Form(&form), on_progress).await?;
    let answer: FileUploadResponse =
        brisk_model::json::from_str(&body).map_err(|error| ApiError::Decode(error.to_string()))?;
    answer
        .file_infos
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Decode("the server stored no file".into()))
}

/// `POST /uploads/{upload_id}` with the file's bytes as the body (an upload session made by
/// `POST /uploads`), reporting the fraction sent to `on_progress`.
pub async fn upload_data(
    upload_id: &str,
    file: &web_sys::Blob,
    on_progress: impl Fn(f64) + 'static,
) -> Result<(), ApiError> {
    let path = format!("/uploads/{}", segment(upload_id));
    post_with_progress(&path, UploadBody::Bytes(file), on_progress)
        .await
        .map(drop)
}
