//! The store as shared reactive state: one `RwSignal<Store>` provided at the app root.

use leptos::prelude::*;

use crate::store::Store;

/// Everything the app shares through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub store: RwSignal<Store>,
}

/// Creates the app state and provides it to every component below.
pub fn provide_app_state() -> AppState {
    let state = AppState {
        store: RwSignal::new(Store::default()),
    };
    provide_context(state);
    crate::unsent_posts::keep(state.store);
    state
}

/// The store signal; components derive what they show from it with memos.
pub fn use_store() -> RwSignal<Store> {
    expect_context::<AppState>().store
}
