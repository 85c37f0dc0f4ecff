//! Reading: the channel on screen, the window's focus, and "Mark as unread". The store decides
//! what is read; the server hears of it through `sync::follow_up`.

use leptos::prelude::*;

use crate::actions::sync::follow_up;
use crate::api::{self, ApiError};
use crate::browser::time;
use crate::state::StoreSignal;

/// The channel on screen changed: it is read if the window has focus (see `Store::open_channel`).
pub fn open_channel(store: StoreSignal, channel_id: Option<String>) {
    let now = time::now_ms();
    if let Some(Some(followup)) = store.try_update(|s| s.open_channel(channel_id, now)) {
        follow_up(store, followup);
    }
}

/// The reader arrived in a channel: a thread or highlight from the one left closes (see
/// `Store::arrive_in_channel`) and it becomes the open one, in one store change, so what reads the
/// store runs once per switch rather than once per step.
pub fn arrive_in_channel(store: StoreSignal, channel_id: Option<String>) {
    let now = time::now_ms();
    let followup = store.try_update(|s| {
        s.arrive_in_channel(channel_id.as_deref());
        s.open_channel(channel_id, now)
    });
    if let Some(Some(followup)) = followup {
        follow_up(store, followup);
    }
}

/// The window gained or lost focus: coming back reads the open channel.
pub fn window_focus_changed(store: StoreSignal, focused: bool) {
    let now = time::now_ms();
    if let Some(Some(followup)) = store.try_update(|s| s.set_window_focused(focused, now)) {
        follow_up(store, followup);
    }
}

/// "Mark as unread" from a post: the channel is unread from it on, here and (through the
/// server's `post_unread`) in my other sessions.
pub async fn mark_unread(store: StoreSignal, post_id: &str) -> Result<(), ApiError> {
    let my_id = store.with_untracked(|s| s.my_id().to_string());
    let unread_at = api::set_unread(&my_id, post_id).await?;
    store.update(|s| s.apply_unread_at(&unread_at));
    Ok(())
}
