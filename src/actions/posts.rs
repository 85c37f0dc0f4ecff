//! A person's posts: sending (shown at once as pending), retrying a failed one, editing,
//! deleting, and giving up on a failed one.

use brisk_model::{CreatePostRequest, FileInfo, Post, PostMetadata};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::browser::time;
use crate::state::StoreSignal;
use crate::store::PostState;

/// Sends a message: shown at once as pending, confirmed by the 201 or the `posted` event,
/// marked failed (text kept) if the request fails.
pub fn send_post(
    store: StoreSignal,
    channel_id: &str,
    root_id: &str,
    message: String,
    files: Vec<FileInfo>,
) {
    let Some(my_id) = store.with_untracked(|s| s.me.as_ref().map(|me| me.id.clone())) else {
        return;
    };
    let now = time::now_ms();
    let pending_post_id = format!("{my_id}:{now}");
    let pending = Post {
        id: pending_post_id.clone(),
        pending_post_id,
        channel_id: channel_id.to_string(),
        root_id: root_id.to_string(),
        user_id: my_id,
        message,
        create_at: now,
        update_at: now,
        file_ids: files.iter().map(|file| file.id.clone()).collect(),
        metadata: PostMetadata {
            files,
            ..PostMetadata::default()
        },
        ..Post::default()
    };
    store.update(|s| s.add_pending_post(pending.clone()));
    spawn_local(deliver(store, pending));
}

/// Sends a failed post again with the same `pending_post_id`, so the server can tell a retry of
/// a post it already stored.
pub fn retry_post(store: StoreSignal, channel_id: &str, pending_post_id: &str) {
    let post = store
        .try_update(|s| s.set_local_post_state(channel_id, pending_post_id, PostState::Pending));
    if let Some(Some(post)) = post {
        spawn_local(deliver(store, post));
    }
}

async fn deliver(store: StoreSignal, post: Post) {
    let request = CreatePostRequest {
        channel_id: post.channel_id.clone(),
        message: post.message.clone(),
        root_id: post.root_id.clone(),
        file_ids: post.file_ids.clone(),
        pending_post_id: post.pending_post_id.clone(),
        ..CreatePostRequest::default()
    };
    match api::create_post(&request).await {
        Ok(created) => store.update(|s| s.apply_created_post(created)),
        Err(_) => {
            store.update(|s| {
                s.set_local_post_state(&post.channel_id, &post.pending_post_id, PostState::Failed);
            });
        }
    }
}

/// Saves an edit: the store takes the server's copy (the `post_edited` event brings it to
/// everyone else). On failure the editor stays open with the text.
pub async fn edit_post(store: StoreSignal, post_id: &str, message: &str) -> Result<(), ApiError> {
    let edited = api::patch_post(post_id, message).await?;
    store.update(|s| {
        s.apply_post_changed(edited);
        s.editing_post_id = None;
    });
    Ok(())
}

/// Deletes a post here and on the server (which tells everyone with `post_deleted`).
pub async fn delete_post(store: StoreSignal, post: Post) -> Result<(), ApiError> {
    api::delete_post(&post.id).await?;
    store.update(|s| s.apply_post_deleted(&post));
    Ok(())
}

/// Gives up on a failed post: it leaves the list (its text was shown until now).
pub fn discard_failed_post(store: StoreSignal, channel_id: &str, pending_post_id: &str) {
    store.update(|s| s.discard_local_post(channel_id, pending_post_id));
}
