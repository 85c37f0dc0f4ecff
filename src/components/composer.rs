//! The message box of a channel or a thread: Enter sends, Shift+Enter breaks the line, Up in an
//! empty box edits my last message. The draft survives channel switches, reloads and a session
//! expiry (it lives in localStorage, per channel and per thread, until sent).

use brisk_model::POST_MESSAGE_MAX_RUNES;
use leptos::ev::{KeyboardEvent, SubmitEvent};
use leptos::prelude::*;

use crate::actions;
use crate::components::typing_indicator::TypingIndicator;
use crate::local_store;
use crate::state::use_store;

/// The localStorage key of a channel's draft, or of a thread's (`root_id` not empty).
fn draft_key(channel_id: &str, root_id: &str) -> String {
    if root_id.is_empty() {
        format!("brisk.draft.{channel_id}")
    } else {
        format!("brisk.draft.{channel_id}.{root_id}")
    }
}

/// `root_id`: the thread this box replies in; none for the channel itself.
#[component]
pub fn Composer(channel_id: String, #[prop(optional)] root_id: String) -> impl IntoView {
    let store = use_store();
    let key = draft_key(&channel_id, &root_id);
    let text = RwSignal::new(local_store::load(&key));
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
    let label = {
        let in_thread = !root_id.is_empty();
        move || {
            if in_thread {
                "Reply to the thread".to_string()
            } else {
                label.get()
            }
        }
    };

    let send = {
        let (channel_id, root_id, key) = (channel_id.clone(), root_id.clone(), key.clone());
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
            local_store::save(&key, "");
            actions::send_post(store, &channel_id, &root_id, message);
        }
    };
    let on_keydown = {
        let send = send.clone();
        let (channel_id, root_id) = (channel_id.clone(), root_id.clone());
        move |event: KeyboardEvent| {
            let plain =
                !event.shift_key() && !event.alt_key() && !event.ctrl_key() && !event.meta_key();
            match event.key().as_str() {
                // While an input method composes text, Enter confirms the composition.
                "Enter" if !event.shift_key() && !event.is_composing() => {
                    event.prevent_default();
                    send();
                }
                "ArrowUp" if plain && text.with_untracked(String::is_empty) => {
                    let last =
                        store.with_untracked(|s| s.last_editable_post(&channel_id, &root_id));
                    if let Some(post_id) = last {
                        event.prevent_default();
                        store.update(|s| s.editing_post_id = Some(post_id));
                    }
                }
                _ => {}
            }
        }
    };
    let last_typing = StoredValue::new(0_i64);
    let on_input = {
        let (channel_id, root_id) = (channel_id.clone(), root_id.clone());
        move |event| {
            let value = event_target_value(&event);
            last_typing.update_value(|last| actions::announce_typing(&channel_id, &root_id, last));
            local_store::save(&key, &value);
            text.set(value);
        }
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        send();
    };

    view! {
        <TypingIndicator channel_id=channel_id.clone() root_id=root_id.clone()/>
        <form class="composer" on:submit=on_submit>
            <textarea
                rows="2"
                aria-label=label.clone()
                placeholder=label
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
            ></textarea>
            <button type="submit">"Send"</button>
            {move || problem.get().map(|message| view! { <p class="composer-problem" role="alert">{message}</p> })}
        </form>
    }
}
