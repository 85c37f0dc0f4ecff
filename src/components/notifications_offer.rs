//! The offer to turn desktop notifications on: the browser asks for permission only when the
//! person presses it (never on load). A small prompt in the sidebar until it is answered or
//! dismissed (remembered on this device); the team menu keeps offering it after a dismissal.

use leptos::prelude::*;

use crate::state::memo;
use web_sys::NotificationPermission;

use crate::browser::local_store;
use crate::browser::notifications::{ask_permission, permission, supported};
use crate::components::icon::{Icon, IconName};
use crate::components::lazy_view::lazy_view;

const DISMISSED_KEY: &str = "brisk.notifications-offer-dismissed";
const TURN_ON: &str = "Turn on desktop notifications";

/// Whether the browser has not been asked yet, and the button that asks it.
fn ask_button(class: &'static str) -> (Memo<bool>, impl IntoView) {
    let state = RwSignal::new(permission());
    let unasked = memo(move || supported() && state.get() == NotificationPermission::Default);
    let ask = move |_| {
        wasm_bindgen_futures::spawn_local(async move { state.set(ask_permission().await) });
    };
    (
        unasked,
        view! { <button type="button" class=class on:click=ask>{TURN_ON}</button> },
    )
}

lazy_view! {
    /// The prompt, its code loaded as the sidebar is first drawn.
    pub(crate) fn notifications_offer() {
        view! { <NotificationsOffer/> }
    }
}

#[component]
fn NotificationsOffer() -> impl IntoView {
    let dismissed = RwSignal::new(local_store::load(DISMISSED_KEY) == "yes");
    let dismiss = move |_| {
        local_store::save(DISMISSED_KEY, "yes");
        dismissed.set(true);
    };
    let (unasked, ask) = ask_button("link-button");
    view! {
        <div class="notifications-offer" hidden=move || dismissed.get() || !unasked.get()>
            {ask}
            <button type="button" class="icon-button" aria-label="Not now" title="Not now" on:click=dismiss>
                <Icon name=IconName::Close/>
            </button>
        </div>
    }
}

/// The same offer as a team menu item, for whoever dismissed the prompt.
#[component]
pub fn NotificationsMenuItem() -> impl IntoView {
    let (unasked, ask) = ask_button("");
    view! { <li hidden=move || !unasked.get()>{ask}</li> }
}
