//! "bob is typing…" above a message box, announced politely to screen readers.

use leptos::prelude::*;

use crate::state::use_store;

#[component]
pub fn TypingIndicator(channel_id: String, root_id: String) -> impl IntoView {
    let store = use_store();
    let text = Memo::new(move |_| store.with(|s| s.typing_text(&channel_id, &root_id)));
    view! {
        <p class="typing" aria-live="polite" data-testid="typing">{move || text.get().unwrap_or_default()}</p>
    }
}
