//! Ctrl/Cmd+K: jump to any of my channels or anyone I know by typing part of the name. Keyboard
//! only: arrows move, Enter opens, Escape closes (a combobox with a listbox, as ARIA describes).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions;
use crate::components::team_dialog_state::{use_go_from_dialog, use_team_dialogs};
use crate::state::{effect, memo, use_store};

/// Entries shown at once.
const SHOWN: usize = 20;
/// People of the team fetched so they can be found (Mattermost's switcher searches the server;
/// a community this size fits in one page).
const PEOPLE_PAGE: u32 = 200;

/// Opens the switcher on Ctrl+K (⌘K on a Mac) anywhere under the team page.
pub fn open_on_shortcut() {
    let dialogs = use_team_dialogs();
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        let k = event.key().eq_ignore_ascii_case("k");
        if k && (event.ctrl_key() || event.meta_key()) && !event.alt_key() && !event.shift_key() {
            event.prevent_default();
            dialogs.switcher.update(|open| *open = !*open);
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
pub fn Switcher(team_id: String) -> impl IntoView {
    let store = use_store();
    let dialogs = use_team_dialogs();
    let navigate = use_go_from_dialog();
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    {
        let team_id = team_id.clone();
        spawn_local(async move {
            // Without them only people already met can be found; channels still work.
            let _ = actions::people::team_people(store, &team_id, PEOPLE_PAGE).await;
        });
    }
    let items = {
        let team_id = team_id.clone();
        memo(move || store.with(|s| s.switcher_items(&team_id, &query.get(), SHOWN)))
    };
    effect(move || {
        query.track();
        active.set(0);
    });
    let team_name = store.with_untracked(|s| s.team_name(&team_id));
    let go = move |index: usize| {
        if let Some(item) = items.with_untracked(|items| items.get(index).cloned()) {
            dialogs.switcher.set(false);
            navigate(&item.route.path(&team_name));
        }
    };
    let go_on_click = go.clone();
    let on_keydown = move |event: KeyboardEvent| {
        let count = items.with_untracked(Vec::len);
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                active.update(|a| *a = (*a + 1) % count);
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                active.update(|a| *a = (*a + count - 1) % count);
            }
            "Enter" => {
                event.prevent_default();
                go(active.get_untracked());
            }
            _ => {}
        }
    };
    let option_id = |index: usize| format!("switcher-option-{index}");
    view! {
        <div class="dialog-body switcher">
            <label for="switcher-input" class="visually-hidden">"Find a channel or person"</label>
            <input
                id="switcher-input"
                type="text"
                role="combobox"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                autofocus
                placeholder="Find a channel or person"
                aria-expanded="true"
                aria-controls="switcher-options"
                aria-autocomplete="list"
                aria-activedescendant=move || (!items.with(Vec::is_empty)).then(|| option_id(active.get()))
                bind:value=query
                on:keydown=on_keydown
            />
            <ul id="switcher-options" role="listbox" aria-label="Channels and people">
                {move || items.get().into_iter().enumerate().map(|(index, item)| {
                    let go = go_on_click.clone();
                    view! {
                        <li
                            id=option_id(index)
                            role="option"
                            class="switcher-option"
                            class:unread=item.unread
                            aria-selected=move || (active.get() == index).to_string()
                            on:click=move |_| go(index)
                        >
                            <span class="switcher-label">{item.label}</span>
                            <span class="switcher-detail">{item.detail}</span>
                            {(item.mentions > 0).then(|| view! {
                                <span class="badge" aria-label=format!("{} mentions", item.mentions)>{item.mentions}</span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || items.with(Vec::is_empty)>
                <p class="list-status">"Nothing matches."</p>
            </Show>
        </div>
    }
}
