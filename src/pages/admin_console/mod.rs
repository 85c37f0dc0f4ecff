//! `/admin_console`: the System console, for system admins (Mattermost's route). People, teams,
//! the Slack import and the server's settings, each a section of this module; its state is made here and dropped when
//! the page closes, and nothing outside this module uses it, so it can be loaded on its own
//! later (few people ever open it). Anyone else is told they may not; the server refuses them
//! every call anyway. Its code is a chunk of its own, loaded when the page opens.

mod people;
mod settings;
mod slack_import;
mod teams;

use leptos::prelude::*;

use crate::actions;
use crate::actions::console::ConsoleSignal;
use crate::async_state::AsyncValue;
use crate::components::lazy_view::lazy_view;
use crate::state::use_store;
use crate::store::console::{Console, Outcome};

lazy_view! {
    /// The route's view; the page's code is a chunk of its own, loaded when the route opens.
    pub fn admin_console_page() {
        view! { <AdminConsolePage/> }
    }
}

#[component]
fn AdminConsolePage() -> impl IntoView {
    let store = use_store();
    let console: ConsoleSignal = RwSignal::new(Console::default());
    let opened = AsyncValue::new(move || actions::console::open(store, console));
    view! {
        <main class="admin-console">
            <header class="admin-console-header">
                <h1>"System Console"</h1>
                <a href="/">"Back to the chat"</a>
            </header>
            {move || match opened.get() {
                None => view! { <p role="status">"Loading…"</p> }.into_any(),
                Some(Err(error)) => view! {
                    <p class="form-error" role="alert">{error.user_message()}</p>
                }.into_any(),
                Some(Ok(false)) => view! {
                    <p class="form-error" role="alert">
                        "You are not permitted to open the System Console: it is for system admins."
                    </p>
                }.into_any(),
                Some(Ok(true)) => view! {
                    <OutcomeLine console/>
                    <people::People console/>
                    <teams::Teams console/>
                    <slack_import::SlackImport console/>
                    <settings::Settings console/>
                }.into_any(),
            }}
        </main>
    }
}

/// What the last action did, announced to screen readers too.
#[component]
fn OutcomeLine(console: ConsoleSignal) -> impl IntoView {
    move || {
        console.with(|c| match &c.outcome {
            Some(Outcome::Done(text)) => {
                view! { <p class="console-outcome" role="status">{text.clone()}</p> }.into_any()
            }
            Some(Outcome::Failed(text)) => {
                view! { <p class="form-error" role="alert">{text.clone()}</p> }.into_any()
            }
            None => ().into_any(),
        })
    }
}
