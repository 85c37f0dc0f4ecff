//! The posts the server has not confirmed, kept in localStorage per channel (replies included:
//! they carry their thread), so a failed send, or one still under way when the page closed,
//! survives a reload and comes back failed, to be retried or deleted.

use std::collections::HashMap;

use brisk_model::Post;
use leptos::prelude::*;

use crate::local_store;
use crate::store::Store;

fn key(channel_id: &str) -> String {
    format!("brisk.unsent.{channel_id}")
}

/// The channel's posts that were unsent when the page was last closed.
pub fn load(channel_id: &str) -> Vec<Post> {
    local_store::load_json(&key(channel_id))
}

/// Writes a channel's unsent posts to localStorage whenever they change (once the kept ones are
/// restored into the store, so they are never overwritten before being shown).
pub fn keep(store: RwSignal<Store>) {
    let unsent = Memo::new(move |_| store.with(Store::unsent_posts));
    Effect::new(move |saved: Option<HashMap<String, Vec<Post>>>| {
        let now = unsent.get();
        for (channel_id, posts) in &now {
            if saved.as_ref().and_then(|saved| saved.get(channel_id)) == Some(posts) {
                continue;
            }
            if posts.is_empty() {
                local_store::save(&key(channel_id), "");
            } else {
                local_store::save_json(&key(channel_id), posts);
            }
        }
        now
    });
}
