//! What brisk keeps on the device (IndexedDB): the store's copy, to open at once and offline, and
//! the posts waiting for the network. Bounded, dropped when its shape changes, and erased on
//! logout. The store does not know it exists: actions feed it what was kept on start.

pub mod idb;
pub mod outbox;
pub mod saved;

use leptos::prelude::*;

use crate::browser::local_store;
use crate::store::Store;

/// Where the previous version kept the store's copy (localStorage): left to nobody.
const LEGACY_SAVED_KEY: &str = "brisk.saved";

/// Keeps the device's copy and outbox up to date with the store.
pub fn keep(store: RwSignal<Store>) {
    local_store::save(LEGACY_SAVED_KEY, "");
    outbox::keep(store);
    saved::keep(store);
}

/// Erases everything kept in the database, the outbox included (logging out: a shared computer
/// keeps nothing of the user).
pub async fn erase() {
    saved::forget();
    outbox::forget();
    // Best effort: without IndexedDB nothing was kept.
    let _ = idb::DEVICE.erase().await;
}
