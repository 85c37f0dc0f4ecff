//! The search box above the channel: Enter searches the team's messages, and the results open
//! beside the channel. Ctrl+Shift+F (⌘⇧F on a Mac) goes to it from anywhere, and a #hashtag
//! clicked in a message searches for the tag.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::actions;
use crate::browser::shortcut;
use crate::state::{effect, memo, use_store, StoreSignal};

/// The box's element id, so the results pane can give focus back to it.
pub const SEARCH_BOX_ID: &str = "search-box";

/// Puts focus in the search box, if it is on screen.
pub fn focus_search_box() {
    let input = document()
        .get_element_by_id(SEARCH_BOX_ID)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
        input.select();
    }
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let store = use_store();
    let terms = RwSignal::new(String::new());
    // What is being searched shows in the box, wherever the search came from (a hashtag, say).
    let searched = memo(move || store.with(|s| s.search.as_ref().map(|s| s.terms.clone())));
    effect(move || {
        if let Some(searched) = searched.get() {
            terms.set(searched);
        }
    });
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        spawn_local(actions::search::search(store, terms.get_untracked()));
    };

    view! {
        <form class="search-box" role="search" on:submit=submit>
            <label for=SEARCH_BOX_ID class="visually-hidden">"Search messages"</label>
            <input
                id=SEARCH_BOX_ID
                type="text"
                enterkeyhint="search"
                autocomplete="off"
                placeholder="Search"
                prop:value=move || terms.get()
                on:input=move |event| terms.set(event_target_value(&event))
            />
        </form>
    }
}

/// Installs, for the team pages, the shortcut to the box and the search on a #hashtag click.
pub fn search_from_anywhere(store: StoreSignal) {
    let shortcut = window_event_listener(leptos::ev::keydown, move |event| {
        if shortcut::ctrl_shift(&event, "f") {
            event.prevent_default();
            focus_search_box();
        }
    });
    // Messages are rendered as HTML, so their hashtag links are caught here, wherever they are:
    // in the capture phase, before the router would follow their `href="#"`.
    let on_hashtag = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        let tag = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("a.hashtag").ok().flatten())
            .and_then(|link| link.get_attribute("data-hashtag"));
        if let Some(tag) = tag {
            event.prevent_default();
            spawn_local(actions::search::search(store, tag));
        }
    })
    .into_js_value();
    let _ = window().add_event_listener_with_callback_and_bool(
        "click",
        on_hashtag.unchecked_ref(),
        true,
    );
    let on_hashtag = StoredValue::new_local(on_hashtag);
    on_cleanup(move || {
        shortcut.remove();
        on_hashtag.try_with_value(|listener| {
            let _ = window().remove_event_listener_with_callback_and_bool(
                "click",
                listener.unchecked_ref(),
                true,
            );
        });
    });
}
