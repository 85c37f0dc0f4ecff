//! The store's copy on the device (see `store::saved`), in localStorage under one key: brisk
//! opens from it at once, and offline. localStorage is enough here because the copy is bounded:
//! at most `MAX_BYTES` of JSON (the least recently read channels' posts go first to stay under
//! it), within the 5 M characters a site gets, beside the drafts and the bounded outbox. It is
//! written a moment after the store changes, not on every change.

use std::cell::Cell;

use leptos::prelude::*;

use crate::browser::local_store;
use crate::store::{Saved, Store};

const KEY: &str = "brisk.saved";
/// The most the copy may take, in bytes of JSON (at least as many as the characters stored).
const MAX_BYTES: usize = 2_500_000;
/// How long after a change the copy is written: a burst of events costs one write.
const WRITE_DELAY_MS: u32 = 2_000;

thread_local! {
    /// Whether a write is already due.
    static WRITE_DUE: Cell<bool> = const { Cell::new(false) };
}

/// What the device kept, if anything readable.
pub fn load() -> Option<Saved> {
    serde_json::from_str(&local_store::load(KEY)).ok()
}

/// Keeps the copy up to date with the store (and removes it when nobody is signed in).
pub fn keep(store: RwSignal<Store>) {
    Effect::new(move |_| {
        store.track();
        if WRITE_DUE.with(|due| due.replace(true)) {
            return;
        }
        gloo_timers::callback::Timeout::new(WRITE_DELAY_MS, move || {
            WRITE_DUE.with(|due| due.set(false));
            let Some(saved) = store.try_with_untracked(Store::to_saved) else {
                return;
            };
            write(saved);
        })
        .forget();
    });
}

fn write(saved: Option<Saved>) {
    let json_size = |saved: &Saved| serde_json::to_string(saved).map_or(usize::MAX, |j| j.len());
    match saved {
        Some(mut saved) => {
            if saved.fit(MAX_BYTES, json_size) {
                local_store::save_json(KEY, &saved);
            } else {
                local_store::save(KEY, "");
            }
        }
        None => local_store::save(KEY, ""),
    }
}
