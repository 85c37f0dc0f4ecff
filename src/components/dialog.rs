//! A modal dialog on the browser's own `<dialog>`: it keeps focus inside, closes on Escape, and
//! gives focus back to what had it before.

use crate::state::effect;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::icon::{Icon, IconName};

/// A modal with a title and a close button; its content exists only while it is open, so a form
/// in it starts empty each time.
#[component]
pub fn Dialog(
    /// Names the dialog for screen readers (and ids its title).
    id: &'static str,
    /// Classes beside `dialog` (`sheet`: rises from the bottom on a phone).
    #[prop(optional)]
    class: &'static str,
    /// A tap beside it (on the dimmed page) closes it: for a sheet of choices, not for a form
    /// whose text would be lost.
    #[prop(optional)]
    light_dismiss: bool,
    #[prop(into)] title: Signal<String>,
    open: RwSignal<bool>,
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let focused_before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    effect(move || {
        let Some(element) = dialog.get() else { return };
        if open.get() && !element.open() {
            // Next frame: the click that opened it may still be moving focus (a menu gives it
            // back to its button), and that is where focus should return.
            // The dialog's owner may have gone before the frame: then nothing opens.
            request_animation_frame(move || {
                focused_before.try_set_value(
                    document()
                        .active_element()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
                );
                if open.try_get_untracked().unwrap_or(false) && !element.open() {
                    let _ = element.show_modal();
                }
            });
        } else if !open.get() && element.open() {
            element.close();
        }
    });
    let on_close = move |_| {
        open.set(false);
        if let Some(element) = focused_before.get_value() {
            let _ = element.focus();
        }
    };
    let pressed_on_backdrop = StoredValue::new(false);
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <dialog id=id class=format!("dialog {class}") node_ref=dialog aria-labelledby=labelled_by on:close=on_close
            on:pointerdown=move |event| pressed_on_backdrop.set_value(on_backdrop(&event))
            on:click=move |event| {
                // Only a tap that began there too: the finger lifted after a long press that
                // opened the dialog lands on its backdrop as well.
                if light_dismiss && on_backdrop(&event) && pressed_on_backdrop.get_value() {
                    open.set(false);
                }
            }>
            <header class="dialog-header">
                <h2 id=title_id>{move || title.get()}</h2>
                <button type="button" class="icon-button" aria-label="Close" on:click=move |_| open.set(false)>
                    <Icon name=IconName::Close/>
                </button>
            </header>
            <Show when=move || open.get()>{children()}</Show>
        </dialog>
    }
}

/// Whether the event hit the dialog itself, which happens only on its backdrop (its content
/// covers the rest).
fn on_backdrop(event: &web_sys::Event) -> bool {
    event
        .target()
        .is_some_and(|target| target.has_type::<web_sys::HtmlDialogElement>())
}

/// Calls `on_escape` for each Escape pressed while no modal dialog is open (while one is, Escape is
/// the dialog's), for as long as the calling component lives. For panes and drawers that Escape
/// closes.
pub fn on_escape_outside_dialogs(on_escape: impl Fn(&web_sys::KeyboardEvent) + 'static) {
    let listener = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" && !has_open_dialog() {
            on_escape(&event);
        }
    });
    on_cleanup(move || listener.remove());
}

/// Whether a modal dialog is open on the page.
pub fn has_open_dialog() -> bool {
    document()
        .query_selector("dialog[open]")
        .ok()
        .flatten()
        .is_some()
}
