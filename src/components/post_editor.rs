//! Editing a post in place: Enter saves, Shift+Enter breaks the line, Escape cancels. A failed
//! save keeps the editor open with the text and says why. Its code is a chunk: most readers
//! never edit.

use brisk_model::POST_MESSAGE_MAX_RUNES;
use leptos::ev::KeyboardEvent;
use leptos::html::Textarea;
use leptos::prelude::*;

use crate::actions;
use crate::async_state::AsyncAction;
use crate::components::lazy_view::lazy_view;
use crate::state::{effect, use_store};

lazy_view! {
    /// The editor of the post `post_id`, which says `message`.
    pub(crate) fn post_editor(post_id: String, message: String) {
        view! { <PostEditor post_id message/> }
    }
}

#[component]
fn PostEditor(post_id: String, message: String) -> impl IntoView {
    let store = use_store();
    let text = RwSignal::new(message);
    let problem = RwSignal::new(None::<String>);
    let field = NodeRef::<Textarea>::new();
    effect(move || {
        if let Some(field) = field.get() {
            let _ = field.focus();
            let end = field.value().len() as u32;
            let _ = field.set_selection_range(end, end);
        }
    });

    let save = AsyncAction::new(move |post_id: &String| {
        let post_id = post_id.clone();
        async move {
            let message = text.get_untracked();
            actions::posts::edit_post(store, &post_id, &message).await
        }
    });
    effect(move || {
        if let Some(Err(error)) = save.value().get() {
            problem.set(Some(format!("Not saved. {}", error.user_message())));
        }
    });
    let cancel = move || store.update(|s| s.editing_post_id = None);
    let submit = {
        let post_id = post_id.clone();
        move || {
            let length = text.with_untracked(|t| t.chars().count());
            if text.with_untracked(|t| t.trim().is_empty()) {
                problem.set(Some("A message cannot be empty; delete it instead.".into()));
            } else if length > POST_MESSAGE_MAX_RUNES {
                problem.set(Some(format!(
                    "This message is {length} characters long; the limit is {POST_MESSAGE_MAX_RUNES}."
                )));
            } else {
                problem.set(None);
                save.dispatch(post_id.clone());
            }
        }
    };
    let on_keydown = {
        let submit = submit.clone();
        move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" if !event.shift_key() && !event.is_composing() => {
                event.prevent_default();
                submit();
            }
            "Escape" => {
                event.prevent_default();
                cancel();
            }
            _ => {}
        }
    };

    view! {
        <div class="post-editor">
            <textarea
                node_ref=field
                aria-label="Edit message"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
                on:keydown=on_keydown
            ></textarea>
            <div class="post-editor-buttons">
                <button type="button" on:click=move |_| submit() disabled=move || save.pending()>"Save"</button>
                <button type="button" class="secondary" on:click=move |_| cancel()>"Cancel"</button>
            </div>
            {move || problem.get().map(|message| view! { <p class="composer-problem" role="alert">{message}</p> })}
        </div>
    }
}
