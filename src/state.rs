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
    effect(move || crate::browser::theme::show(store.with(|s| s.theme)));
    crate::persist::keep(state.store);
    state
}

/// Runs `run` once the current update is done, then again whenever what it read changes, for as
/// long as the component (or the reactive owner) it was made in lives. Leptos builds each
/// effect's task for the type of its closure, half a kilobyte of wasm per effect; boxed here,
/// every effect shares one.
pub fn effect(run: impl FnMut() + 'static) {
    effect_boxed(Box::new(run));
}

fn effect_boxed(mut run: Box<dyn FnMut()>) {
    Effect::new(move |_: Option<()>| run());
}

/// A value worked out by `compute` from what it reads, again only when that changes, its readers
/// woken only when it differs. Leptos builds a memo's code for the type of its closure; boxed
/// here, the memos of one value type share it.
pub fn memo<T>(compute: impl Fn() -> T + Send + Sync + 'static) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    memo_boxed(Box::new(compute))
}

fn memo_boxed<T>(compute: Box<dyn Fn() -> T + Send + Sync>) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| compute())
}

/// The store signal; components derive what they show from it with memos.
pub fn use_store() -> StoreSignal {
    expect_context::<AppState>().store
}

/// Who is typing where.
pub fn use_typing() -> TypingSignal {
    expect_context::<AppState>().typing
}
