//! The catch-up view's network side: each section's posts, a few channels at a time in the order
//! of the sections (each section shows as soon as its posts arrive), the threads I take part in
//! with unread replies, and telling the server what the reader read there. What is shown and what
//! counts as read is decided in `store::catch_up` and `store::catch_up_threads`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::history;
use crate::actions::people::load_users;
use crate::actions::sync::follow_up;
use crate::api;
use crate::browser::time;
use crate::state::StoreSignal;
use crate::store::{SectionLoad, Store, CATCH_UP_THREADS};

/// Channels fetched at once: enough to fill the view quickly, few enough not to crowd out
/// the rest of the app's requests (browsers allow about six per server).
const PARALLEL_LOADS: usize = 4;

/// Opens the view of the team, a section per unread channel, and starts loading them.
pub fn open(store: StoreSignal, team_id: &str) {
    store.update(|s| {
        s.open_catch_up(team_id);
    });
    load_sections(store);
    spawn_local(load_threads(store, team_id.to_string()));
}

/// The threads I take part in with unread replies, then each thread's replies, one after the
/// other (each section shows its root at once, its replies as they arrive).
async fn load_threads(store: StoreSignal, team_id: String) {
    let roots = match api::unread_threads(&team_id, CATCH_UP_THREADS).await {
        Ok(list) => store
            .try_update(|s| s.apply_unread_threads(list.threads))
            .unwrap_or_default(),
        Err(error) => {
            store.update(|s| s.threads_list_failed(error.user_message()));
            return;
        }
    };
    for root_id in roots {
        load_thread(store, &root_id).await;
    }
}

async fn load_thread(store: StoreSignal, root_id: &str) {
    let result = history::load_thread(store, root_id).await;
    store.update(|s| s.finish_thread_load(root_id, result.map_err(|error| error.user_message())));
    load_missing_authors(
        store,
        store.with_untracked(|s| s.thread_channel_id(root_id)),
    );
}

/// "Try again" on the threads, when they could not be listed.
pub fn retry_threads(store: StoreSignal) {
    let team_id = store.with_untracked(|s| s.current_team_id.clone().unwrap_or_default());
    store.update(|s| s.retry_threads_list());
    spawn_local(load_threads(store, team_id));
}

/// "Try again" on a thread whose replies could not be loaded.
pub fn retry_thread(store: StoreSignal, root_id: &str) {
    if store.try_update(|s| s.retry_thread_load(root_id)) == Some(true) {
        let root_id = root_id.to_string();
        spawn_local(async move { load_thread(store, &root_id).await });
    }
}

/// "Mark read" on a thread section: read here at once, then on the server; unread again if the
/// server refuses.
pub fn mark_thread_read(store: StoreSignal, root_id: &str) {
    let now = time::now_ms();
    let Some(Some(undo)) = store.try_update(|s| s.mark_thread_read(root_id, now)) else {
        return;
    };
    let team_id = store.with_untracked(|s| s.current_team_id.clone().unwrap_or_default());
    let root_id = root_id.to_string();
    spawn_local(async move {
        if api::mark_thread_read(&team_id, &root_id, now)
            .await
            .is_err()
        {
            store.update(|s| s.undo_thread_read(undo));
        }
    });
}

/// Fetches the authors the store lacks of a channel's posts: until then they show as "Someone",
/// and the posts are still readable.
fn load_missing_authors(store: StoreSignal, channel_id: Option<String>) {
    let missing = store.with_untracked(|s| s.missing_user_ids(channel_id.as_deref()));
    if !missing.is_empty() {
        spawn_local(async move {
            let _ = load_users(store, missing).await;
        });
    }
}

/// Adds sections for channels that became unread while the view is open.
pub fn add_unread_sections(store: StoreSignal) {
    let mut added = false;
    store.maybe_update(|s| {
        added = s.add_unread_sections();
        added
    });
    if added {
        load_sections(store);
    }
}

/// "Load earlier" on a section.
pub fn show_earlier(store: StoreSignal, channel_id: &str) {
    if store.try_update(|s| s.show_earlier(channel_id)) == Some(true) {
        load_sections(store);
    }
}

/// "Try again" on a section that could not be loaded.
pub fn retry(store: StoreSignal, channel_id: &str) {
    store.update(|s| s.retry_section_load(channel_id));
    load_sections(store);
}

/// Starts loaders for the waiting sections, so that at most `PARALLEL_LOADS` run at once.
fn load_sections(store: StoreSignal) {
    let (loading, waiting) = store.with_untracked(|s| {
        (
            s.catch_up_sections_at(&SectionLoad::Loading),
            s.catch_up_sections_at(&SectionLoad::Waiting),
        )
    });
    for _ in 0..PARALLEL_LOADS.saturating_sub(loading).min(waiting) {
        spawn_local(load_while_waiting(store));
    }
}

/// One loader: takes waiting sections one after the other until none is left.
async fn load_while_waiting(store: StoreSignal) {
    while let Some(Some(channel_id)) = store.try_update(Store::start_next_section_load) {
        let result = history::load_newest_then_older(store, &channel_id, |s| {
            s.catch_up_wants_older(&channel_id)
        })
        .await;
        store.update(|s| {
            s.finish_section_load(&channel_id, result.map_err(|error| error.user_message()))
        });
        load_missing_authors(store, Some(channel_id));
    }
}

/// "Mark read" on a section.
pub fn mark_read(store: StoreSignal, channel_id: &str) {
    let now = time::now_ms();
    if let Some(Some(followup)) = store.try_update(|s| s.mark_section_read(channel_id, now)) {
        follow_up(store, followup);
    }
}

/// "Mark all read": every channel section and thread section.
pub fn mark_all_read(store: StoreSignal) {
    let now = time::now_ms();
    for followup in store
        .try_update(|s| s.mark_all_sections_read(now))
        .unwrap_or_default()
    {
        follow_up(store, followup);
    }
    for root_id in store.with_untracked(Store::unread_catch_up_threads) {
        mark_thread_read(store, &root_id);
    }
}

/// A section's end is in view. Asked on every scroll, so the store changes (and what reads it
/// runs again) only when the channel is actually read now.
pub fn section_end_seen(store: StoreSignal, channel_id: &str) {
    let now = time::now_ms();
    let mut followup = None;
    store.maybe_update(|s| {
        followup = s.section_end_seen(channel_id, now);
        followup.is_some()
    });
    if let Some(followup) = followup {
        follow_up(store, followup);
    }
}
