//! Files: uploading them for a post, and the addresses the browser loads them from.

use leptos::prelude::*;

use crate::api;
use crate::store::files::Uploads;

/// Where an attached file's bytes, thumbnail and preview are, for `<img src>` and download
/// links: the browser fetches them itself, with the session cookie.
pub use crate::api::{file_url, preview_url, thumbnail_url};

/// Uploads `file` for a post in the channel as the upload `client_id` of `uploads`: its progress
/// shows as it goes, and it ends uploaded (ready to attach) or failed with the reason.
pub async fn upload(
    uploads: RwSignal<Uploads>,
    channel_id: &str,
    client_id: &str,
    file: web_sys::File,
) {
    let progress_id = client_id.to_string();
    let result = api::upload_file(channel_id, client_id, &file, move |fraction| {
        uploads.update(|u| u.progress(&progress_id, fraction));
    })
    .await;
    let result = result.map_err(|error| match error.status() {
        Some(413) => format!("{} is larger than the server accepts.", file.name()),
        _ => format!("{} was not uploaded. {}", file.name(), error.user_message()),
    });
    uploads.update(|u| u.finish(client_id, result));
}
