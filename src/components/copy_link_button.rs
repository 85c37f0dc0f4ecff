//! "Copy link" on a post: its permalink, absolute, to paste anywhere.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::clipboard;
use crate::state::use_store;

/// How long the button says the link was copied.
const COPIED_SHOWN_MS: u32 = 2_000;

/// What the last copy did.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Copied {
    Not,
    Yes,
    Failed,
}

#[component]
pub fn CopyLinkButton(post_id: String) -> impl IntoView {
    let store = use_store();
    let copied = RwSignal::new(Copied::Not);
    let copy = move |_| {
        let origin = window().location().origin().unwrap_or_default();
        let link = format!(
            "{origin}{}",
            store.with_untracked(|s| s.permalink_path(&post_id))
        );
        spawn_local(async move {
            let outcome = if clipboard::write_text(&link).await {
                Copied::Yes
            } else {
                Copied::Failed
            };
            copied.set(outcome);
            gloo_timers::future::TimeoutFuture::new(COPIED_SHOWN_MS).await;
            copied.try_set(Copied::Not);
        });
    };
    view! {
        <button type="button" class="secondary" on:click=copy>"Copy link"</button>
        <span class="visually-hidden" role="status">
            {move || match copied.get() {
                Copied::Not => "",
                Copied::Yes => "Link copied.",
                Copied::Failed => "The browser did not allow copying the link.",
            }}
        </span>
    }
}
