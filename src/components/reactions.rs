//! The reactions under a post: one chip per emoji with its count; pressing a chip adds or takes
//! back mine, and its label says who reacted.

use leptos::prelude::*;

use crate::actions;
use crate::components::emoji_picker::emoji_picker;
use crate::components::lazy_view::LazyView;
use crate::components::live_row::{keys_of, live_item};
use crate::lazy::lazy_fn;
use crate::markdown::emoji;
use crate::state::{memo, use_store, StoreSignal};
use crate::store::Store;

/// A chip as shown: the emoji, how many, whether mine is among them and who reacted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Chip {
    emoji_name: String,
    count: usize,
    includes_me: bool,
    names: String,
}

fn chips(store: &Store, post_id: &str) -> Vec<Chip> {
    store
        .reaction_groups(post_id)
        .into_iter()
        .map(|group| {
            let names: Vec<String> = group
                .user_ids
                .iter()
                .map(|id| {
                    if id == store.my_id() {
                        "you".to_string()
                    } else {
                        store
                            .users
                            .get(id)
                            .map_or("someone".into(), |u| u.username.clone())
                    }
                })
                .collect();
            Chip {
                count: group.user_ids.len(),
                emoji_name: group.emoji_name,
                includes_me: group.includes_me,
                names: names.join(", "),
            }
        })
        .collect()
}

fn chip_emoji(chip: &Chip) -> String {
    chip.emoji_name.clone()
}

/// One chip, updated in place as its count changes, so the focus stays on it after pressing it.
#[component]
fn ReactionChip(chip: Memo<Option<Chip>>, toggle: Callback<String>) -> impl IntoView {
    let read = move |field: fn(&Chip) -> String| {
        move || chip.with(|c| c.as_ref().map(field).unwrap_or_default())
    };
    let label = read(|c| format!("{} reacted with :{}:", c.names, c.emoji_name));
    view! {
        <button
            type="button"
            class="reaction"
            aria-pressed=move || if chip.with(|c| c.as_ref().is_some_and(|c| c.includes_me)) { "true" } else { "false" }
            aria-label=label
            title=label
            on:click=move |_| {
                if let Some(name) = chip.with_untracked(|c| c.as_ref().map(chip_emoji)) {
                    toggle.run(name);
                }
            }
        >
            <span aria-hidden="true">{read(|c| emoji::by_name(&c.emoji_name).unwrap_or("❔").to_string())}</span>
            " " {read(|c| c.count.to_string())}
        </button>
    }
}

lazy_fn! {
    /// Adds or takes back my reaction (`actions::reactions::toggle_reaction`): its code (the
    /// requests, the recent emoji) loads with the first chip pressed, or while the app is idle;
    /// reading needs none of it.
    pub(crate) fn toggle_reaction(store: StoreSignal, post_id: String, emoji_name: String) -> () {
        actions::reactions::toggle_reaction(store, &post_id, &emoji_name)
    }
}

#[component]
pub fn Reactions(post_id: String, picking: RwSignal<bool>) -> impl IntoView {
    let store = use_store();
    let shown = {
        let post_id = post_id.clone();
        memo(move || store.with(|s| chips(s, &post_id)))
    };
    let toggle = {
        let post_id = post_id.clone();
        Callback::new(move |emoji_name: String| {
            let post_id = post_id.clone();
            leptos::task::spawn_local(async move {
                // Without the chunk (offline before it was ever fetched) the press does nothing,
                // as a reaction sent offline would be undone.
                let _ = toggle_reaction(store, post_id, emoji_name).await;
            });
        })
    };

    view! {
        <Show when=move || !shown.with(Vec::is_empty)>
            <div class="reactions" data-testid="reactions">
                <For each=keys_of(shown, chip_emoji) key=|name| name.clone() let:name>
                    <ReactionChip chip=live_item(shown, name, chip_emoji) toggle=toggle/>
                </For>
                <button type="button" class="reaction reaction-add" aria-label="Add a reaction" title="Add a reaction" on:click=move |_| picking.set(true)>"+"</button>
            </div>
        </Show>
        // A closure rather than a `Show` (a memo more, in every post): `picking` is only set
        // when it changes.
        {move || picking.get().then(|| view! { <LazyView view=emoji_picker(picking, toggle)/> })}
    }
}
