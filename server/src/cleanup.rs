//! What would otherwise pile up for ever, cleared periodically: expired sessions, uploads no post
//! ever claimed (a message abandoned after attaching a file), link preview lookups that found
//! nothing (so the link is tried again later), and password reset links nobody used. Found previews stay: posts show them.

use std::time::Duration;

use crate::db::{files, link_previews, password_resets, sessions};
use crate::error::ApiResult;
use crate::AppState;

/// How often the clean-up runs.
pub const INTERVAL: Duration = Duration::from_secs(60 * 60);
/// How long an upload may wait for its post.
pub const ORPHAN_UPLOAD_AGE_MS: i64 = 24 * 60 * 60 * 1000;
/// How long a preview lookup that found nothing is remembered.
pub const EMPTY_PREVIEW_AGE_MS: i64 = 24 * 60 * 60 * 1000;

/// What one run removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub sessions: usize,
    pub uploads: usize,
    pub previews: usize,
    pub reset_tokens: usize,
}

/// Removes what is stale at `now` (ms since the epoch).
pub async fn run_once(state: &AppState, now: i64) -> ApiResult<Removed> {
    let (removed, orphans) = state
        .db
        .write(move |tx| {
            let orphans = files::delete_unattached_before(tx, now - ORPHAN_UPLOAD_AGE_MS)?;
            let removed = Removed {
                sessions: sessions::delete_expired(tx, now)?,
                uploads: orphans.len(),
                previews: link_previews::delete_empty_before(tx, now - EMPTY_PREVIEW_AGE_MS)?,
                reset_tokens: password_resets::delete_expired(tx, now)?,
            };
            Ok((removed, orphans))
        })
        .await?;
    for id in &orphans {
        state.files.remove(id).await;
    }
    Ok(removed)
}
