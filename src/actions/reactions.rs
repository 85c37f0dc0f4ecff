//! Emoji reactions: mine added or taken back at once (undone if the server refuses), and the
//! emoji I used recently, kept on the device.

use brisk_model::Reaction;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::browser::{local_store, time};
use crate::state::StoreSignal;
use crate::store::{push_recent_emoji, Store};

/// Adds my reaction, or takes it back if I already reacted so: shown at once, undone if the
/// server refuses. The emoji goes to the front of my recent ones.
pub fn toggle_reaction(store: StoreSignal, post_id: &str, emoji_name: &str) {
    let me = store.with_untracked(|s| s.my_id().to_string());
    if me.is_empty() {
        return;
    }
    let reaction = Reaction {
        user_id: me,
        post_id: post_id.to_string(),
        emoji_name: emoji_name.to_string(),
        create_at: time::now_ms(),
    };
    let adding = !store.with_untracked(|s| s.reacted(post_id, emoji_name));
    let (add, remove) = (reaction.clone(), reaction.clone());
    let apply = move |s: &mut Store, add_it: bool| {
        if add_it {
            s.add_reaction(add.clone());
        } else {
            s.remove_reaction(&remove.post_id, &remove.user_id, &remove.emoji_name);
        }
    };
    store.update(|s| apply(s, adding));
    if adding {
        remember_recent_emoji(emoji_name);
    }
    spawn_local(async move {
        let Reaction {
            user_id,
            post_id,
            emoji_name,
            ..
        } = reaction;
        let result = if adding {
            api::save_reaction(&user_id, &post_id, &emoji_name)
                .await
                .map(drop)
        } else {
            api::delete_reaction(&user_id, &post_id, &emoji_name).await
        };
        if result.is_err() {
            store.update(|s| apply(s, !adding));
        }
    });
}

const RECENT_EMOJI_KEY: &str = "brisk.recent_emoji";

/// My recently used emoji, most recent first.
pub fn recent_emoji() -> Vec<String> {
    local_store::load_json(RECENT_EMOJI_KEY)
}

fn remember_recent_emoji(name: &str) {
    local_store::save_json(RECENT_EMOJI_KEY, &push_recent_emoji(&recent_emoji(), name));
}
