//! Choosing an emoji: a modal dialog with a search box, my recent emoji first, then the table.

use leptos::prelude::*;

use crate::state::memo;

use crate::components::lazy_view::lazy_view;

use crate::actions;
use crate::components::dialog::Dialog;
use crate::markdown::emoji;

/// How many matches the grid shows at once; searching narrows it.
const SHOWN_MAX: usize = 120;

lazy_view! {
    /// The picker, its code loaded on first use (components/lazy_view.rs).
    pub fn emoji_picker(open: RwSignal<bool>, on_pick: Callback<String>) {
        view! { <EmojiPicker open on_pick/> }
    }
}

#[component]
pub fn EmojiPicker(open: RwSignal<bool>, on_pick: Callback<String>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let recent = StoredValue::new(actions::reactions::recent_emoji());
    let matches = memo(move || {
        query.with(|q| {
            emoji::search(q)
                .into_iter()
                .take(SHOWN_MAX)
                .collect::<Vec<_>>()
        })
    });
    let pick = move |name: String| {
        open.set(false);
        on_pick.run(name);
    };
    let button = move |name: String| {
        let shown = emoji::by_name(&name).unwrap_or("?");
        let label = format!(":{name}:");
        view! {
            <button type="button" class="emoji-choice" title=label.clone() aria-label=label on:click=move |_| pick(name.clone())>
                {shown}
            </button>
        }
    };

    view! {
        <Dialog id="emoji-picker" title="Choose an emoji".to_string() open=open>
            <div class="dialog-body">
            <input
                type="search"
                aria-label="Search emoji"
                placeholder="Search emoji"
                autofocus
                prop:value=move || query.get()
                on:input=move |event| query.set(event_target_value(&event))
            />
            <Show when=move || query.with(String::is_empty) && recent.with_value(|r| !r.is_empty())>
                <h3>"Recently used"</h3>
                <div class="emoji-grid" role="group" aria-label="Recently used">
                    {recent.with_value(|r| r.iter().filter(|name| emoji::by_name(name).is_some()).cloned().map(button).collect_view())}
                </div>
            </Show>
            <h3>{move || if query.with(String::is_empty) { "All emoji" } else { "Matches" }}</h3>
            <div class="emoji-grid" role="group" aria-label="Emoji">
                <For each=move || matches.get() key=|name| *name let:name>
                    {button(name.to_string())}
                </For>
            </div>
            <Show when=move || matches.with(Vec::is_empty)>
                <p class="list-status">"No emoji match."</p>
            </Show>
            </div>
        </Dialog>
    }
}
