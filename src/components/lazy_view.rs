//! Views whose code is not in the first download. In the release build (feature `split`,
//! xtask/src/split.rs) each view declared with `lazy_view!` is a wasm chunk of its own, fetched
//! the first time it is shown (or while the app is idle, `preload_after_first_screen`); without
//! the feature (trunk serve, the wasm tests) it is a plain async function. Declare one as
//!
//! ```ignore
//! lazy_view! {
//!     /// The settings dialog's content.
//!     pub fn settings() { view! { <Settings/> } }
//! }
//! ```
//!
//! and show it with `<LazyView view=settings()/>`.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::components::dialog::has_open_dialog;
use crate::lazy::ChunkMissing;

/// Declares `async fn name(args) -> Result<AnyView, ChunkMissing>` showing the view of its body,
/// a chunk of its own with the `split` feature (`crate::lazy::lazy_fn!`).
macro_rules! lazy_view {
    ($(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $type:ty),* $(,)?) $body:block) => {
        $crate::lazy::lazy_fn! {
            $(#[$attr])*
            $vis fn $name($($arg: $type),*) -> ::leptos::prelude::AnyView {
                ::leptos::prelude::IntoAny::into_any($body)
            }
        }
    };
}
pub(crate) use lazy_view;

/// Shows `view` once its chunk has arrived, and nothing before (a chunk is small, and usually
/// fetched already while the app was idle); says so if it could not be fetched. The view is not
/// held back under a `<Suspense>`: what it loads itself (a thread's replies, say) shows as it
/// arrives, as it does in an unsplit build.
#[component]
pub fn LazyView<Loading>(view: Loading) -> impl IntoView
where
    Loading: Future<Output = Result<AnyView, ChunkMissing>> + 'static,
{
    // One copy of what follows for every lazy view, not one per view's future type.
    arriving(Box::pin(view))
}

/// A lazily loaded view on its way.
type ViewOnItsWay = Pin<Box<dyn Future<Output = Result<AnyView, ChunkMissing>>>>;

fn arriving(view: ViewOnItsWay) -> impl IntoView {
    let arrived = RwSignal::new_local(None::<AnyView>);
    // The view is made under this component's owner (its context), and reads nothing for the
    // view around it (untracked).
    untrack(|| {
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            // Kept until the view's first frame has focused its field, or dropped with the task
            // when the view is no longer wanted (its dialog closed before it arrived).
            let typing_ahead = TypedAhead::keep();
            let view = view.await.unwrap_or_else(|ChunkMissing| {
                view! {
                    <p class="form-error" role="alert">
                        "This part of brisk could not be loaded. Check the connection, then try again."
                    </p>
                }
                .into_any()
            });
            arrived.set(Some(view));
            focus_once_drawn(typing_ahead);
        })
    });
    // Runs again only as the view arrives, which it takes to show.
    move || {
        arrived.track();
        arrived.try_update_untracked(Option::take).flatten()
    }
}

/// Focuses the dialog's field in the frame the view arrived in is drawn, or once a dialog asked
/// for has opened (in a frame of its own), keeping the keys typed ahead until then.
fn focus_once_drawn(typing_ahead: TypedAhead) {
    request_animation_frame(move || {
        if DIALOG_ASKED.get() && !has_open_dialog() {
            focus_once_drawn(typing_ahead);
        } else {
            focus_dialog_field();
            drop(typing_ahead);
        }
    });
}

/// Focuses the `autofocus` field of the open dialog and hands it the keys typed ahead. The
/// browser focuses it as a dialog opens, but a dialog's lazily loaded content may arrive after
/// that, its field with it.
fn focus_dialog_field() {
    let field = document()
        .query_selector("dialog[open] [autofocus]")
        .ok()
        .flatten()
        .and_then(|field| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(field).ok());
    if let Some(field) = field {
        let _ = field.focus();
        TypedAhead::replay_into(&field);
    }
}

/// The keys typed into an open dialog while its content, and the field to type in, is still on
/// its way (Ctrl+K, then the channel's name and Enter at once): without this they would land on
/// the dialog's Close button (Enter or Space closing it) and be lost. Kept while any lazy view is
/// loading, and given to the dialog's field as it arrives (`focus_dialog_field`).
struct TypedAhead;

#[derive(Default)]
struct TypedAheadState {
    /// Lazy views on their way.
    loading: usize,
    /// Listens while any is.
    listener: Option<WindowListenerHandle>,
    keys: Vec<String>,
}

thread_local! {
    static TYPED_AHEAD: std::cell::RefCell<TypedAheadState> = std::cell::RefCell::default();
    /// Whether a dialog is asked for (`hold_keys_for_a_dialog`).
    static DIALOG_ASKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Says whether a dialog is asked to be open. Until it is on the page (its frame may be a chunk
/// on its way), the keys typed are kept for its field as those typed into a dialog whose content
/// is on its way, wherever the focus is: in the message box, Enter would send them.
pub fn hold_keys_for_a_dialog(asked: bool) {
    DIALOG_ASKED.set(asked);
}

/// Keys the switcher and the dialogs' lists act on besides text, given to the field as they were
/// pressed.
const KEYS_REPLAYED: [&str; 3] = ["Enter", "ArrowDown", "ArrowUp"];

impl TypedAhead {
    /// Keeps the keys typed ahead for as long as the returned guard lives.
    fn keep() -> TypedAhead {
        TYPED_AHEAD.with_borrow_mut(|state| {
            state.loading += 1;
            if state.listener.is_none() {
                state.listener = Some(window_event_listener(leptos::ev::keydown, |event| {
                    if Self::is_for_a_field_on_its_way(&event) {
                        event.prevent_default();
                        TYPED_AHEAD.with_borrow_mut(|state| state.keys.push(event.key()));
                    }
                }));
            }
        });
        TypedAhead
    }

    /// A key of text (or one of `KEYS_REPLAYED`, or Backspace) pressed outside any text field, in
    /// an open dialog whose content is still on its way or whose field has not been focused yet;
    /// or pressed anywhere while a dialog asked for is not open yet.
    fn is_for_a_field_on_its_way(event: &web_sys::KeyboardEvent) -> bool {
        let key = event.key();
        let typed = (key.chars().count() == 1
            && !event.ctrl_key()
            && !event.meta_key()
            && !event.alt_key())
            || key == "Backspace"
            || KEYS_REPLAYED.contains(&key.as_str());
        if DIALOG_ASKED.get() && !has_open_dialog() {
            return typed;
        }
        let Some(target) = event
            .target()
            .and_then(|target| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(target).ok())
        else {
            return false;
        };
        let in_a_field = target
            .matches("input, textarea, select, [contenteditable]")
            .unwrap_or(false);
        let Some(dialog) = target.closest("dialog[open]").ok().flatten() else {
            return false;
        };
        let has = |selector: &str| dialog.query_selector(selector).ok().flatten().is_some();
        typed && !in_a_field && (!has(":scope > :not(.dialog-header)") || has("[autofocus]"))
    }

    /// Types the keys kept into `field`: text at the end of its value (one `input` event, as
    /// `bind:value` listens), then the other keys as `keydown`s for its own handlers.
    fn replay_into(field: &web_sys::HtmlElement) {
        let keys = TYPED_AHEAD.with_borrow_mut(|state| std::mem::take(&mut state.keys));
        if keys.is_empty() {
            return;
        }
        let mut value = field_value(field);
        let mut other_keys = vec![];
        for key in keys {
            match key.as_str() {
                "Backspace" => {
                    value.pop();
                }
                text if text.chars().count() == 1 => value.push_str(text),
                _ => other_keys.push(key),
            }
        }
        if value != field_value(field) {
            set_field_value(field, &value);
            if let Ok(input) = web_sys::Event::new("input") {
                let _ = field.dispatch_event(&input);
            }
        }
        for key in other_keys {
            let init = web_sys::KeyboardEventInit::new();
            init.set_key(&key);
            init.set_bubbles(true);
            init.set_cancelable(true);
            if let Ok(event) =
                web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            {
                let _ = field.dispatch_event(&event);
            }
        }
    }
}

impl Drop for TypedAhead {
    fn drop(&mut self) {
        TYPED_AHEAD.with_borrow_mut(|state| {
            state.loading -= 1;
            if state.loading == 0 {
                // No field took them: they were for a dialog closed (or failed) meanwhile.
                state.keys.clear();
                if let Some(listener) = state.listener.take() {
                    listener.remove();
                }
            }
        });
    }
}

/// The text of an `<input>` or `<textarea>`.
fn field_value(field: &web_sys::HtmlElement) -> String {
    use wasm_bindgen::JsCast;
    if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
        input.value()
    } else if let Some(text_area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        text_area.value()
    } else {
        String::new()
    }
}

fn set_field_value(field: &web_sys::HtmlElement, value: &str) {
    use wasm_bindgen::JsCast;
    if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(text_area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        text_area.set_value(value);
    }
}

/// Fetches the chunks a team's page fetches as it opens (the event stream, the statuses' poll,
/// the team menu and the "+" menu, the notifications offer, the channel's menu, a post's
/// toolbar) while a person is still typing on the login or sign-up form: the network is idle
/// then, and once they are in, the page's requests and its event stream start together (the
/// page waits for the stream before its second round).
pub fn preload_for_the_team_page() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        use crate::components::{
            channel_menu, notifications_offer, post, sidebar, team_dialogs, team_menu,
        };
        // A chunk that fails now is fetched again when it is needed.
        let _ = crate::actions::sync::__wasm_split_preload_stream_in_chunk().await;
        let _ = crate::actions::people::__wasm_split_preload_refresh_statuses().await;
        let _ = team_menu::__wasm_split_preload_team_menu().await;
        let _ = sidebar::__wasm_split_preload_add_channel_menu().await;
        let _ = notifications_offer::__wasm_split_preload_notifications_offer().await;
        let _ = channel_menu::__wasm_split_preload_channel_menu().await;
        let _ = post::__wasm_split_preload_post_toolbar().await;
        let _ = team_dialogs::__wasm_split_preload_team_dialogs().await;
    });
}

/// How long after the first channel is shown the chunks start loading: its posts, members and
/// pictures go first.
#[cfg(feature = "split")]
const PRELOAD_AFTER_MS: u32 = 2_000;

/// Loads every chunk, one after the other, a moment after the first channel is shown, so that no
/// later click waits on the network and the service worker keeps them for offline use. Runs once
/// per page load; without the `split` feature there is nothing to load.
pub fn preload_after_first_screen() {
    #[cfg(feature = "split")]
    {
        thread_local! {
            static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        if STARTED.with(|started| started.replace(true)) {
            return;
        }
        leptos::task::spawn_local(async {
            use crate::components::{
                archive_channel, attachments, channel_footer, channel_menu, confirm_delete,
                emoji_picker, post_editor, reactions, search_pane, team_dialogs, thread_pane,
            };
            use crate::pages::{admin_console, catch_up, permalink};
            gloo_timers::future::TimeoutFuture::new(PRELOAD_AFTER_MS).await;
            // Most likely used first, first; the reset-password page is for signed-out people.
            // A chunk that fails now is fetched again when it is needed.
            let _ = thread_pane::__wasm_split_preload_thread_pane().await;
            let _ = post_editor::__wasm_split_preload_post_editor().await;
            let _ = emoji_picker::__wasm_split_preload_emoji_picker().await;
            let _ = reactions::__wasm_split_preload_toggle_reaction().await;
            let _ = team_dialogs::__wasm_split_preload_switcher().await;
            let _ = search_pane::__wasm_split_preload_search_pane().await;
            let _ = permalink::__wasm_split_preload_permalink_page().await;
            let _ = catch_up::__wasm_split_preload_catch_up_page().await;
            let _ = team_dialogs::__wasm_split_preload_direct_messages().await;
            let _ = team_dialogs::__wasm_split_preload_browse_channels().await;
            let _ = team_dialogs::__wasm_split_preload_create_channel().await;
            let _ = team_dialogs::__wasm_split_preload_settings().await;
            let _ = team_dialogs::__wasm_split_preload_invite_people().await;
            let _ = confirm_delete::__wasm_split_preload_confirm_delete().await;
            let _ = channel_menu::__wasm_split_preload_channel_info().await;
            let _ = channel_menu::__wasm_split_preload_channel_notifications().await;
            let _ = channel_menu::__wasm_split_preload_edit_channel_text().await;
            let _ = archive_channel::__wasm_split_preload_archive_question().await;
            let _ = channel_footer::__wasm_split_preload_archived_banner().await;
            let _ = attachments::__wasm_split_preload_file_preview().await;
            let _ = admin_console::__wasm_split_preload_admin_console_page().await;
        });
    }
}
