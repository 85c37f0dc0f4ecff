//! The message box: Enter sends, Shift+Enter breaks the line. The draft survives channel
//! switches, reloads and a session expiry (it lives in localStorage until sent).

use brisk_model::POST_MESSAGE_MAX_RUNES;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;

use crate::actions;
use crate::state::use_store;

fn draft_key(channel_id: &str) -> String {
    format!("brisk.draft.{channel_id}")
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn load_draft(channel_id: &str) -> String {
    local_storage()
        .and_then(|storage| storage.get_item(&draft_key(channel_id)).ok().flatten())
        .unwrap_or_default()
}

fn save_draft(channel_id: &str, text: &str) {
    if let Some(storage) = local_storage() {
        // Storage can be full or disabled; the draft then lives only in the textarea.
        let _ = if text.is_empty() {
            storage.remove_item(&draft_key(channel_id))
        } else {
            storage.set_item(&draft_key(channel_id), text)
        };
    }
}

#[component]
pub fn Composer(channel_id: String) -> impl IntoView {
    let store = use_store();
    let text = RwSignal::new(load_draft(&channel_id));
    let problem = RwSignal::new(None::<String>);
    let label = {
        let channel_id = channel_id.clone();
        Memo::new(move |_| {
            let name = store.with(|s| {
                s.channels
                    .get(&channel_id)
                    .map(|c| s.channel_display_name(c))
                    .unwrap_or_default()
            });
            format!("Write to {name}")
        })
    };

    let send = {
        let channel_id = channel_id.clone();
        move || {
            let message = text.get_untracked();
            if message.trim().is_empty() {
                return;
            }
            let length = message.chars().count();
            if length > POST_MESSAGE_MAX_RUNES {
                problem.set(Some(format!(
                    "This message is {length} characters long; the limit is {POST_MESSAGE_MAX_RUNES}."
                )));
                return;
            }
            problem.set(None);
            text.set(String::new());
            save_draft(&channel_id, "");
            actions::send_post(store, &channel_id, message);
        }
    };
    let on_keydown = {
        let send = send.clone();
        move |event: KeyboardEvent| {
            // While an input method composes text, Enter confirms the composition.
            if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
                event.prevent_default();
                send();
            }
        }
    };
    let on_input = {
        let channel_id = channel_id.clone();
        move |event| {
            let value = event_target_value(&event);
            save_draft(&channel_id, &value);
            text.set(value);
        }
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        send();
    };

    view! {
        <form class="composer" on:submit=on_submit>
            <textarea
                rows="2"
                aria-label=move || label.get()
                placeholder=move || label.get()
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
            ></textarea>
            <button type="submit">"Send"</button>
            {move || problem.get().map(|message| view! { <p class="composer-problem" role="alert">{message}</p> })}
        </form>
    }
}
