//! A quiet notice while the WebSocket is down, or while what is shown is only what the device
//! saved: what is on screen may be behind until the server is back.

use leptos::prelude::*;

use crate::state::{memo, use_store};
use crate::store::SocketState;

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let store = use_store();
    let reconnecting = memo(move || store.with(|s| s.socket == SocketState::Reconnecting));
    let showing_saved =
        memo(move || store.with(|s| s.showing_saved && s.socket != SocketState::Connected));
    // The live region stays in the page so screen readers announce the text when it appears.
    view! {
        <div class="connection-status" role="status" data-testid="connection-status">
            <Show when=move || showing_saved.get()>
                <span class="connection-status-text">"Offline, showing saved messages"</span>
            </Show>
            <Show when=move || reconnecting.get() && !showing_saved.get()>
                <span class="connection-status-text">"Reconnecting…"</span>
            </Show>
        </div>
    }
}
