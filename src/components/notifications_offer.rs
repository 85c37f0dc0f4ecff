//! The sidebar's offer to turn desktop notifications on: the browser asks for permission only
//! when the person presses it (never on load).

use leptos::prelude::*;
use web_sys::NotificationPermission;

use crate::browser::notifications::{ask_permission, permission, supported};

/// Shown while the browser has not been asked.
#[component]
pub fn NotificationsOffer() -> impl IntoView {
    let state = RwSignal::new(permission());
    let ask = move |_| {
        wasm_bindgen_futures::spawn_local(async move { state.set(ask_permission().await) });
    };
    view! {
        <Show when=move || supported() && state.get() == NotificationPermission::Default>
            <button type="button" class="notifications-offer" on:click=ask>
                "Turn on desktop notifications"
            </button>
        </Show>
    }
}
