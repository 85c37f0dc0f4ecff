//! The message box of a channel or a thread: Enter sends, Shift+Enter breaks the line, Up in an
//! empty box edits my last message. The draft survives channel switches, reloads and a session
//! expiry (it lives in localStorage, per channel and per thread, until sent). Files come by the
//! attach button, by dropping them on the box or by pasting; each uploads at once with its
//! progress shown, and the message waits for them.

use brisk_model::POST_MESSAGE_MAX_RUNES;
use leptos::ev::{ClipboardEvent, DragEvent, KeyboardEvent, SubmitEvent};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions;
use crate::browser::{local_store, time};
use crate::components::icon::{Icon, IconName};
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::components::typing_indicator::TypingIndicator;
use crate::lazy::{lazy_fn, run};
use crate::state::{effect, memo, use_store};
use crate::store::files::{readable_size, UploadOutcome, Uploads, DEFAULT_MAX_FILE_SIZE};

/// The localStorage key of a channel's draft, or of a thread's (`root_id` not empty).
fn draft_key(channel_id: &str, root_id: &str) -> String {
    if root_id.is_empty() {
        format!("brisk.draft.{channel_id}")
    } else {
        format!("brisk.draft.{channel_id}.{root_id}")
    }
}

/// `root_id`: the thread this box replies in; none for the channel itself. The channel's box
/// stays built when another channel opens (`channel_id` changes): it then shows that channel's
/// draft, with nothing attached.
#[component]
pub fn Composer(
    #[prop(into)] channel_id: Signal<String>,
    #[prop(optional)] root_id: String,
) -> impl IntoView {
    let store = use_store();
    let key = {
        let root_id = root_id.clone();
        memo(move || channel_id.with(|id| draft_key(id, &root_id)))
    };
    let text = RwSignal::new(key.with_untracked(|key| local_store::load(key)));
    let problem = RwSignal::new(None::<String>);
    let uploads = RwSignal::new(Uploads::default());
    let last_typing = StoredValue::new(0_i64);
    // Whose draft the box holds: another channel's key loads that channel's.
    let shown_key = StoredValue::new(key.get_untracked());
    effect(move || {
        let key = key.get();
        if shown_key.with_value(|shown| *shown != key) {
            text.set(local_store::load(&key));
            problem.set(None);
            uploads.set(Uploads::default());
            last_typing.set_value(0);
            shown_key.set_value(key);
        }
    });
    spawn_local(actions::config::load_server_config(store));
    let file_input = NodeRef::<Input>::new();
    let field = NodeRef::<leptos::html::Textarea>::new();
    // The box grows with its text (up to the limit in style/main.css) and shrinks back when sent.
    // An empty box keeps its own height: measuring would lay out the whole page at once, on every
    // channel switch, before the channel's posts are painted.
    effect(move || {
        let empty = text.with(String::is_empty);
        if let Some(field) = field.get() {
            let style = web_sys::HtmlElement::style(&field);
            if empty {
                let _ = style.remove_property("height");
                return;
            }
            let _ = style.set_property("height", "auto");
            let _ = style.set_property("height", &format!("{}px", field.scroll_height() + 2));
        }
    });
    let attach = move |files: web_sys::FileList| {
        for index in 0..files.length() {
            let Some(file) = files.get(index) else {
                continue;
            };
            let client_id = format!("{}:{index}", time::now_ms());
            let max = store.with_untracked(|s| {
                s.server_config
                    .as_ref()
                    .and_then(|config| config.max_file_size)
                    .unwrap_or(DEFAULT_MAX_FILE_SIZE)
            });
            let size = file.size() as i64;
            if !uploads
                .try_update(|u| u.start(&client_id, &file.name(), size, max))
                .unwrap_or(false)
            {
                continue;
            }
            let channel_id = channel_id.get_untracked();
            spawn_local(async move {
                let name = file.name();
                if run(upload(uploads, channel_id, client_id.clone(), file))
                    .await
                    .is_err()
                {
                    uploads.update(|u| {
                        let problem = format!("{name} was not uploaded: this part of brisk could not be loaded. Check the connection, then try again.");
                        u.finish(&client_id, Err(problem));
                    });
                }
            });
        }
    };
    let label = memo(move || {
        let name = channel_id.with(|id| {
            store.with(|s| {
                s.channels
                    .get(id)
                    .map(|c| s.channel_display_name(c))
                    .unwrap_or_default()
            })
        });
        format!("Write to {name}")
    });
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
        let root_id = root_id.clone();
        move || {
            let message = text.get_untracked();
            if uploads.with_untracked(Uploads::sending) {
                problem.set(Some("Wait until the files are uploaded.".into()));
                return;
            }
            let files = uploads.with_untracked(Uploads::done);
            if message.trim().is_empty() && files.is_empty() {
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
            uploads.set(Uploads::default());
            local_store::save(&key.get_untracked(), "");
            actions::posts::send_post(store, &channel_id.get_untracked(), &root_id, message, files);
        }
    };
    let on_keydown = {
        let send = send.clone();
        let root_id = root_id.clone();
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
                    let last = channel_id.with_untracked(|id| {
                        store.with_untracked(|s| s.last_editable_post(id, &root_id))
                    });
                    if let Some(post_id) = last {
                        event.prevent_default();
                        store.update(|s| s.editing_post_id = Some(post_id));
                    }
                }
                _ => {}
            }
        }
    };
    let on_input = {
        let root_id = root_id.clone();
        move |event| {
            let value = event_target_value(&event);
            last_typing.update_value(|last| {
                channel_id.with_untracked(|id| {
                    actions::typing::announce_typing(store, id, &root_id, last)
                })
            });
            local_store::save(&key.get_untracked(), &value);
            text.set(value);
        }
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        send();
    };
    let on_drop = move |event: DragEvent| {
        if let Some(files) = event.data_transfer().and_then(|d| d.files()) {
            event.prevent_default();
            attach(files);
        }
    };
    let on_paste = move |event: ClipboardEvent| {
        let files = event.clipboard_data().and_then(|d| d.files());
        if let Some(files) = files.filter(|f| f.length() > 0) {
            event.prevent_default();
            attach(files);
        }
    };
    let on_file_chosen = move |_| {
        if let Some(input) = file_input.get_untracked() {
            if let Some(files) = input.files() {
                attach(files);
            }
            // Choosing the same file again must fire `change` again.
            input.set_value("");
        }
    };

    view! {
        <TypingIndicator channel_id root_id/>
        <form
            class="composer"
            on:submit=on_submit
            on:dragover=|event: DragEvent| event.prevent_default()
            on:drop=on_drop
        >
            <Show when=move || !uploads.with(|u| u.0.is_empty())>
                <LazyView view=attached_files(uploads)/>
            </Show>
            <input type="file" multiple class="visually-hidden" tabindex="-1" aria-hidden="true" node_ref=file_input on:change=on_file_chosen/>
            <button type="button" class="secondary attach" aria-label="Attach files" title="Attach files"
                on:click=move |_| { if let Some(input) = file_input.get_untracked() { input.click(); } }><Icon name=IconName::Attach/></button>
            <textarea
                node_ref=field
                on:paste=on_paste
                rows="2"
                aria-label=label
                placeholder=label
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
            ></textarea>
            <button type="submit" class="send" aria-label="Send" title="Send"><Icon name=IconName::Send/></button>
            {move || problem.get().map(|message| view! { <p class="composer-problem" role="alert">{message}</p> })}
        </form>
    }
}

lazy_fn! {
    /// Uploads `file` as `client_id` of `uploads`: the request and its progress, whose code loads
    /// with the first file attached (or while the app is idle).
    async fn upload(
        uploads: RwSignal<Uploads>,
        channel_id: String,
        client_id: String,
        file: web_sys::File,
    ) -> () {
        actions::uploads::upload(uploads, &channel_id, &client_id, file).await;
    }
}

lazy_view! {
    /// The files attached to the message, each with its progress or outcome, and a button that
    /// takes it off: their code loads with the first file attached.
    fn attached_files(uploads: RwSignal<Uploads>) {
        view! {
            <ul class="uploads" aria-label="Attached files">
                <For each=move || uploads.get().0 key=|u| (u.client_id.clone(), u.percent(), matches!(u.outcome, UploadOutcome::Sending)) let:upload>
                    {
                        let client_id = upload.client_id.clone();
                        let state = match &upload.outcome {
                            UploadOutcome::Sending => view! {
                                <progress max="100" value=upload.percent() aria-label=format!("Uploading {}", upload.name)></progress>
                            }.into_any(),
                            UploadOutcome::Done(_) => view! { <span class="upload-done">"Uploaded"</span> }.into_any(),
                            UploadOutcome::Failed(problem) => view! { <span class="upload-failed" role="alert">{problem.clone()}</span> }.into_any(),
                        };
                        view! {
                            <li class="upload" data-testid="upload">
                                <span class="upload-name">{upload.name.clone()}</span>
                                " " <span class="file-size">{readable_size(upload.size)}</span>
                                " " {state}
                                <button type="button" class="icon-button" aria-label=format!("Remove {}", upload.name)
                                    on:click=move |_| uploads.update(|u| u.remove(&client_id))><Icon name=IconName::Close/></button>
                            </li>
                        }
                    }
                </For>
            </ul>
        }
    }
}
