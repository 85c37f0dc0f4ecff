//! The reactions under a post: one chip per emoji with its count; pressing a chip adds or takes
//! back mine, and its label says who reacted.

use leptos::prelude::*;

use crate::actions;
use crate::components::emoji_picker::EmojiPicker;
use crate::markdown::emoji;
use crate::state::use_store;
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

#[component]
pub fn Reactions(post_id: String, picking: RwSignal<bool>) -> impl IntoView {
    let store = use_store();
    let shown = {
        let post_id = post_id.clone();
        Memo::new(move |_| store.with(|s| chips(s, &post_id)))
    };
    let toggle = {
        let post_id = post_id.clone();
        Callback::new(move |emoji_name: String| {
            actions::reactions::toggle_reaction(store, &post_id, &emoji_name)
        })
    };

    view! {
        <Show when=move || !shown.with(Vec::is_empty)>
            <div class="reactions" data-testid="reactions">
                <For
                    each=move || shown.get()
                    key=|chip| chip.clone()
                    let:chip
                >
                    {
                        let name = chip.emoji_name.clone();
                        let label = format!(
                            "{} reacted with :{}:",
                            chip.names, chip.emoji_name
                        );
                        view! {
                            <button
                                type="button"
                                class="reaction"
                                aria-pressed=if chip.includes_me { "true" } else { "false" }
                                aria-label=label.clone()
                                title=label
                                on:click=move |_| toggle.run(name.clone())
                            >
                                <span aria-hidden="true">{emoji::by_name(&chip.emoji_name).unwrap_or("❔")}</span>
                                " " {chip.count}
                            </button>
                        }
                    }
                </For>
                <button type="button" class="reaction reaction-add" aria-label="Add a reaction" title="Add a reaction" on:click=move |_| picking.set(true)>"+"</button>
            </div>
        </Show>
        <Show when=move || picking.get()>
            <EmojiPicker open=picking on_pick=toggle/>
        </Show>
    }
}
