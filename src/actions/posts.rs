//! A person's posts: sending (shown at once as pending, or waiting in the outbox while the
//! server can't be reached), sending the outbox, retrying a refused one, editing, deleting, and
//! giving up on an unsent one.

use std::cell::Cell;
use std::time::Duration;

use brisk_model::{CreatePostRequest, FileInfo, Post, PostMetadata};
use gloo_timers::future::sleep;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::browser::time;
use crate::persist;
use crate::realtime;
use crate::state::StoreSignal;
use crate::store::{PostState, Store};

/// How long the outbox waits before trying again when a send found no server although the
/// browser says it is online (the server is down, say). Coming back online, or the event stream
/// reconnecting, sends it sooner.
const OUTBOX_RETRY: Duration = Duration::from_secs(15);

/// Sends a message: shown at once as pending and confirmed by the 201 or the `posted` event; or,
/// while the browser is offline or older posts wait, queued in the outbox.
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
    let offline = !realtime::online();
    let send_now = store
        .try_update(|s| s.add_outgoing_post(pending.clone(), offline))
        .unwrap_or(false);
    if send_now {
        spawn_local(async move {
            if !deliver(store, &pending).await {
                retry_outbox_later(store);
            }
        });
    } else if !offline {
        send_outbox(store);
    }
}

/// Sends a refused post again with the same `pending_post_id`, so the server can tell a retry of
/// a post it already stored.
pub fn retry_post(store: StoreSignal, channel_id: &str, pending_post_id: &str) {
    let post = store
        .try_update(|s| s.set_local_post_state(channel_id, pending_post_id, PostState::Pending));
    if let Some(Some(post)) = post {
        spawn_local(async move {
            deliver(store, &post).await;
        });
    }
}

/// Sends the outbox's posts, one at a time and oldest first, until it is empty or the server
/// can't be reached (then they wait for the network again). Safe to call at any time: while a
/// post of the outbox is on its way, this does nothing.
pub fn send_outbox(store: StoreSignal) {
    if !realtime::online() {
        return;
    }
    spawn_local(async move {
        while let Some(post) = store.try_update(Store::take_next_queued).flatten() {
            if !deliver(store, &post).await {
                retry_outbox_later(store);
                return;
            }
        }
    });
}

thread_local! {
    /// Whether a later try of the outbox is already due (one is enough).
    static RETRY_DUE: Cell<bool> = const { Cell::new(false) };
}

/// A send found no server: while the browser thinks it is online, try again in a while.
fn retry_outbox_later(store: StoreSignal) {
    if !realtime::online() || RETRY_DUE.with(|due| due.replace(true)) {
        return;
    }
    spawn_local(async move {
        sleep(OUTBOX_RETRY).await;
        RETRY_DUE.with(|due| due.set(false));
        send_outbox(store);
    });
}

/// Brings back the posts that were unsent when the page was last closed, and sends those waiting.
pub fn restore_outbox(store: StoreSignal) {
    spawn_local(async move {
        let kept = persist::outbox::load().await;
        if store.try_update(|s| s.restore_unsent_posts(kept)).is_some() {
            send_outbox(store);
        }
    });
}

/// Sends one post. False if the server could not be reached: the post then waits for the
/// network. A refusal leaves it failed with the server's reason.
async fn deliver(store: StoreSignal, post: &Post) -> bool {
    let request = CreatePostRequest {
        channel_id: post.channel_id.clone(),
        message: post.message.clone(),
        root_id: post.root_id.clone(),
        file_ids: post.file_ids.clone(),
        pending_post_id: post.pending_post_id.clone(),
        ..CreatePostRequest::default()
    };
    match api::create_post(&request).await {
        Ok(created) => store.update(|s| s.apply_sent_post(created)),
        Err(error) if error.is_unreachable() => {
            store.update(|s| s.wait_for_network(&post.channel_id, &post.pending_post_id));
            return false;
        }
        Err(error) => store.update(|s| {
            s.refuse_post(
                &post.channel_id,
                &post.pending_post_id,
                error.user_message(),
            );
        }),
    }
    true
}

/// Saves an edit: the store takes the server's copy (the `post_edited` event brings it to
/// everyone else); a post still waiting for the network is changed on the device only. On
/// failure the editor stays open with the text.
pub async fn edit_post(store: StoreSignal, post_id: &str, message: &str) -> Result<(), ApiError> {
    let now = time::now_ms();
    if store
        .try_update(|s| s.edit_waiting_post(post_id, message, now))
        .unwrap_or(false)
    {
        return Ok(());
    }
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

/// Gives up on a post not sent (refused, or waiting for the network): it leaves the list.
pub fn discard_unsent_post(store: StoreSignal, channel_id: &str, pending_post_id: &str) {
    store.update(|s| s.discard_local_post(channel_id, pending_post_id));
}
