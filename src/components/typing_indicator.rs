//! "bob is typing…" above a message box, announced politely to screen readers.

use leptos::prelude::*;

use crate::state::{memo, use_store, use_typing};

#[component]
pub fn TypingIndicator(#[prop(into)] channel_id: Signal<String>, root_id: String) -> impl IntoView {
    let (store, typing) = (use_store(), use_typing());
    let text = memo(move || {
        channel_id.with(|id| typing.with(|t| store.with(|s| t.text(id, &root_id, &s.users))))
    });
    view! {
        <p class="typing" aria-live="polite" data-testid="typing">{move || text.get().unwrap_or_default()}</p>
    }
}
