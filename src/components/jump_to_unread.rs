//! Brings the "New messages" line back into view once the reader has scrolled past it.

use leptos::prelude::*;

#[component]
pub fn JumpToUnread(#[prop(into)] visible: Signal<bool>, on_jump: Callback<()>) -> impl IntoView {
    view! {
        <Show when=move || visible.get()>
            <button type="button" class="jump-to-unread" on:click=move |_| on_jump.run(())>
                "↑ Jump to new messages"
            </button>
        </Show>
    }
}
