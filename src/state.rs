//! The client state as shared reactive state, provided at the app root: the store, and who is
//! typing in a signal of its own (it changes every few seconds while people type, and what
//! reads the store, such as the post list's grouping, must not re-run for it).

use leptos::prelude::*;

use crate::store::{Store, Typing};

/// The store as a signal: what components read and actions write.
pub type StoreSignal = RwSignal<Store>;

/// Who is typing where, as a signal.
pub type TypingSignal = RwSignal<Typing>;

/// Everything the app shares through context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub store: StoreSignal,
    pub typing: TypingSignal,
}

/// Creates the app state and provides it to every component below.
pub fn provide_app_state() -> AppState {
    let state = AppState {
        store: RwSignal::new(Store::with_theme(crate::browser::theme::remembered())),
        typing: RwSignal::new(Typing::default()),
    };
    provide_context(state);
    let store = state.store;
    Effect::new(move |_| crate::browser::theme::show(store.with(|s| s.theme)));
    crate::persist::keep(state.store);
    state
}

/// The store signal; components derive what they show from it with memos.
pub fn use_store() -> StoreSignal {
    expect_context::<AppState>().store
}

/// Who is typing where.
pub fn use_typing() -> TypingSignal {
    expect_context::<AppState>().typing
}
