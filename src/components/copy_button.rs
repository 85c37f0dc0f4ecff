//! "Copy link" and "Copy text" on a post: the permalink (absolute, to paste anywhere) or the
//! message's markdown, with a status that says whether the browser allowed it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::clipboard;
use crate::state::use_store;

/// How long the status says the copy was made.
const COPIED_SHOWN_MS: u32 = 2_000;

/// What the last copy did.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Copied {
    Not,
    Yes,
    Failed,
}

/// A button that copies what `text` gives when pressed; `what` names it in plain ASCII ("link",
/// "text").
#[component]
fn CopyButton(what: &'static str, text: Callback<(), String>) -> impl IntoView {
    let copied = RwSignal::new(Copied::Not);
    let copy = move |_| {
        let text = text.run(());
        spawn_local(async move {
            let outcome = if clipboard::write_text(&text).await {
                Copied::Yes
            } else {
                Copied::Failed
            };
            copied.try_set(outcome);
            gloo_timers::future::TimeoutFuture::new(COPIED_SHOWN_MS).await;
            copied.try_set(Copied::Not);
        });
    };
    view! {
        <button type="button" class="secondary" on:click=copy>{format!("Copy {what}")}</button>
        <span class="visually-hidden" role="status">
            {move || match copied.get() {
                Copied::Not => String::new(),
                Copied::Yes => format!("{} copied.", capitalised(what)),
                Copied::Failed => format!("The browser did not allow copying the {what}."),
            }}
        </span>
    }
}

/// `word` with its first letter made capital; ASCII only, so that the first download holds no
/// Unicode case table for it (the names it is given are this file's own).
fn capitalised(word: &str) -> String {
    let mut word = word.to_string();
    if let Some(first) = word.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    word
}

#[component]
pub fn CopyLinkButton(post_id: String) -> impl IntoView {
    let store = use_store();
    let link = Callback::new(move |()| {
        let origin = window().location().origin().unwrap_or_default();
        format!(
            "{origin}{}",
            store.with_untracked(|s| s.permalink_path(&post_id))
        )
    });
    view! { <CopyButton what="link" text=link/> }
}

#[component]
pub fn CopyTextButton(message: String) -> impl IntoView {
    view! { <CopyButton what="text" text=Callback::new(move |()| message.clone())/> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn capitalises_the_first_letter() {
        assert_eq!(super::capitalised("link"), "Link");
        assert_eq!(super::capitalised(""), "");
    }
}
