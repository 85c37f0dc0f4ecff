//! The store as shared reactive state: one `RwSignal<Store>` provided at the app root.

use leptos::prelude::*;

use crate::store::Store;

/// The store as a signal: what components read and actions write.
pub type StoreSignal = RwSignal<Store>;

/// Everything the app shares through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub store: StoreSignal,
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
pub fn use_store() -> StoreSignal {
    expect_context::<AppState>().store
}
