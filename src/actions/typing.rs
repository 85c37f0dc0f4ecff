//! Telling a channel I am typing (others' typing arrives as events).

use leptos::prelude::*;

use crate::browser::time;
use crate::realtime;
use crate::state::StoreSignal;

/// How often typing is announced while it goes on (Mattermost's web app: every 3 s).
const TYPING_REPEAT_MS: i64 = 3_000;

/// Tells the channel (or thread) I am typing, at most every few seconds, unless the server
/// turned typing messages off; `last_sent` is the caller's memory of when it last did.
pub fn announce_typing(store: StoreSignal, channel_id: &str, root_id: &str, last_sent: &mut i64) {
    let now = time::now_ms();
    if now - *last_sent < TYPING_REPEAT_MS || store.with_untracked(|s| s.typing_messages_off()) {
        return;
    }
    *last_sent = now;
    realtime::send_action(
        "user_typing",
        serde_json::json!({ "channel_id": channel_id, "parent_id": root_id }),
    );
}
