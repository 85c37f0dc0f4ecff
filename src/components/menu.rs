//! A button that shows a short list of actions below it (the disclosure pattern: a real button
//! with `aria-expanded`, the actions as plain buttons, Escape or a click elsewhere closes it).

use leptos::prelude::*;

use crate::components::icon::{Icon, IconName};

#[component]
pub fn Menu(
    id: &'static str,
    #[prop(optional)] class: &'static str,
    /// The button's text (none for an icon button).
    #[prop(optional, into)]
    label: Signal<String>,
    /// An icon instead of the text.
    #[prop(optional)]
    icon: Option<IconName>,
    /// The accessible name when it differs from the text (an icon button, say).
    #[prop(optional, into)]
    aria_label: Option<Signal<String>>,
    children: ChildrenFn,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let list_id = format!("{id}-items");
    let root = NodeRef::<leptos::html::Div>::new();
    // A click anywhere else closes it.
    let outside = window_event_listener(leptos::ev::click, move |event| {
        let inside = root.get_untracked().is_some_and(|root| {
            event
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
                .is_some_and(|node| root.contains(Some(&node)))
        });
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    let button = NodeRef::<leptos::html::Button>::new();
    // Closing puts focus back on the menu's button, so it is not lost on a hidden item (and a
    // dialog opened by the item gives focus back there).
    let close = move || {
        open.set(false);
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && open.get_untracked() {
            event.stop_propagation();
            close();
        }
    };
    view! {
        <div class=format!("menu {class}") node_ref=root on:keydown=on_keydown>
            <button
                type="button"
                class="menu-button"
                id=id
                node_ref=button
                aria-expanded=move || open.get().to_string()
                aria-controls=list_id.clone()
                aria-label=move || aria_label.map(|l| l.get())
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {icon.map(|name| view! { <Icon name=name/> })}
                {move || label.get()}
            </button>
            <ul class="menu-items" id=list_id hidden=move || !open.get() on:click=move |_| close()>
                {children()}
            </ul>
        </div>
    }
}
