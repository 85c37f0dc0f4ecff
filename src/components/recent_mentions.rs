//! The "@" button beside the search box: the posts that mention me, in the search pane, each
//! with Jump. Ctrl+Shift+M (⌘⇧M on a Mac) opens it from anywhere, as in Mattermost.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions;
use crate::browser::shortcut;
use crate::state::{use_store, StoreSignal};

#[component]
pub fn RecentMentionsButton() -> impl IntoView {
    let store = use_store();
    view! {
        <button
            type="button"
            class="secondary recent-mentions"
            aria-label="Recent mentions"
            title="Recent mentions (Ctrl+Shift+M)"
            aria-keyshortcuts="Control+Shift+M Meta+Shift+M"
            on:click=move |_| spawn_local(actions::search::recent_mentions(store))
        >
            "@"
        </button>
    }
}

/// Installs, for the team pages, the shortcut to the recent mentions.
pub fn recent_mentions_on_shortcut(store: StoreSignal) {
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        if shortcut::ctrl_shift(&event, "m") {
            event.prevent_default();
            spawn_local(actions::search::recent_mentions(store));
        }
    });
    on_cleanup(move || handle.remove());
}
