//! What brisk keeps on the device (IndexedDB): the store's copy, to open at once and offline, and
//! the posts waiting for the network; and (localStorage) a picture of the last screen, painted
//! before the app starts. Bounded, dropped when its shape changes, and erased on logout. The
//! store does not know it exists: actions feed it what was kept on start.

pub mod idb;
pub mod outbox;
pub mod saved;
pub mod screen;

use leptos::prelude::*;

use crate::browser::local_store;
use crate::lazy::{lazy_fn, until_loaded};
use crate::store::Store;

/// Where the previous version kept the store's copy (localStorage): left to nobody.
const LEGACY_SAVED_KEY: &str = "brisk.saved";

/// Keeps the device's copy, outbox and last screen up to date with the store. The outbox is
/// written by the first download's own code, from the start: a post the server refused, or one
/// waiting for the network, must survive a reload however soon it comes. The copy and the
/// screen's picture (a cache, and a picture of it) are written by a chunk, fetched as the app
/// starts and run as it arrives: nothing of them is written before the first screen anyway (the
/// copy a moment after the store changes, the picture as the tab is left), and each, once
/// running, writes what the store holds then. A chunk that cannot be fetched (the network gone
/// before it ever loaded) is tried again a moment later (`until_loaded`).
pub fn keep(store: RwSignal<Store>) {
    local_store::save(LEGACY_SAVED_KEY, "");
    outbox::keep(store);
    let owner = Owner::current().unwrap_or_default();
    leptos::task::spawn_local(until_loaded(move || keeping(store, owner.clone())));
}

lazy_fn! {
    /// Starts keeping the copy and the screen's picture, under the app's owner (the effects live
    /// as long as the app).
    fn keeping(store: RwSignal<Store>, owner: Owner) -> () {
        owner.with(|| {
            saved::keep(store);
            // Leaving the page or the tab: the screen as the person last saw it.
            let on_hide = window_event_listener(leptos::ev::visibilitychange, move |_| {
                if document().hidden() && store.with_untracked(|s| s.me.is_some()) {
                    screen::keep();
                }
            });
            on_cleanup(move || on_hide.remove());
        });
    }
}

/// Erases everything kept in the database, the outbox included (logging out: a shared computer
/// keeps nothing of the user).
pub async fn erase() {
    saved::forget();
    outbox::forget();
    // Best effort: without IndexedDB nothing was kept.
    let _ = idb::DEVICE.erase().await;
}
