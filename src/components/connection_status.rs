//! A quiet notice while the WebSocket is down: what is on screen may be behind until it is back.

use leptos::prelude::*;

use crate::state::use_store;
use crate::store::SocketState;

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let store = use_store();
    let reconnecting = Memo::new(move |_| store.with(|s| s.socket == SocketState::Reconnecting));
    // The live region stays in the page so screen readers announce the text when it appears.
    view! {
        <div class="connection-status" role="status" data-testid="connection-status">
            <Show when=move || reconnecting.get()>
                <span class="connection-status-text">"Reconnecting…"</span>
            </Show>
        </div>
    }
}
