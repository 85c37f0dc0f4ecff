//! "Direct messages": pick one person for a direct message, or up to seven for a group message.

use leptos::prelude::*;

use crate::actions::{self, ApiError};
use crate::async_state::{AsyncAction, AsyncValue};
use crate::components::team_dialog_state::{use_go_from_dialog, use_team_dialogs};
use crate::state::{effect, use_store};
use crate::store::best_rank;

/// Mattermost's limit: a group message holds at most 8 people, me included.
const MAX_OTHERS: usize = 7;
const PEOPLE_PAGE: u32 = 200;

#[component]
pub fn DirectMessages(team_id: String) -> impl IntoView {
    let store = use_store();
    let dialogs = use_team_dialogs();
    let navigate = use_go_from_dialog();
    let query = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    let people = {
        let team_id = team_id.clone();
        AsyncValue::new(move || {
            let team_id = team_id.clone();
            async move { actions::people::team_people(store, &team_id, PEOPLE_PAGE).await }
        })
    };
    let rows = move || {
        let Some(Ok(users)) = people.get() else {
            return Vec::new();
        };
        let query = query.get();
        let my_id = store.with_untracked(|s| s.my_id().to_string());
        let mut rows: Vec<(u8, String, String)> = users
            .iter()
            .filter(|u| u.id != my_id && u.delete_at == 0)
            .filter_map(|u| {
                let rank = best_rank(&[&u.username, &u.display_name()], &query)?;
                Some((rank, u.username.clone(), u.display_name()))
            })
            .collect();
        rows.sort();
        rows
    };
    let team_name = store.with_untracked(|s| s.team_name(&team_id));
    let open_group = AsyncAction::new(move |usernames: &Vec<String>| {
        let usernames = usernames.clone();
        async move {
            let ids: Vec<String> = store.with_untracked(|s| {
                s.users
                    .values()
                    .filter(|u| usernames.contains(&u.username))
                    .map(|u| u.id.clone())
                    .chain(std::iter::once(s.my_id().to_string()))
                    .collect()
            });
            actions::channels::open_group(store, &ids).await
        }
    });
    let go = {
        let navigate = navigate.clone();
        move |path: String| {
            dialogs.direct_messages.set(false);
            navigate(&path);
        }
    };
    {
        let go = go.clone();
        let team_name = team_name.clone();
        effect(move || {
            if let Some(Ok(channel)) = open_group.value().get() {
                go(format!("/{team_name}/messages/{}", channel.name));
            }
        });
    }
    let failure = move || {
        open_group
            .value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };
    let start = move |_| {
        let usernames = chosen.get_untracked();
        match usernames.as_slice() {
            [] => {}
            [one] => go(format!("/{team_name}/messages/@{one}")),
            _ => {
                open_group.dispatch(usernames);
            }
        }
    };
    let toggle = move |username: String| {
        chosen.update(|chosen| {
            if let Some(at) = chosen.iter().position(|c| *c == username) {
                chosen.remove(at);
            } else if chosen.len() < MAX_OTHERS {
                chosen.push(username);
            }
        })
    };

    view! {
        <div class="dialog-body direct-messages">
            <div class="field">
                <label for="people-filter">"Find people"</label>
                <input id="people-filter" type="search" autocomplete="off" autocapitalize="none" autofocus bind:value=query/>
            </div>
            <p class="field-hint" role="status">{move || match chosen.with(Vec::len) {
                0 => "Choose one person for a direct message, or up to 7 for a group message.".to_string(),
                n => format!("{n} chosen: {}", chosen.get().join(", ")),
            }}</p>
            {move || match people.get() {
                None => view! { <p class="list-status">"Loading people…"</p> }.into_any(),
                Some(Err(error)) => view! { <p class="form-error" role="alert">{error.user_message()}</p> }.into_any(),
                Some(Ok(_)) => view! {
                    <ul class="people-list" aria-label="People">
                        <For each=rows key=|row| row.1.clone() let:row>
                            {
                                let username = row.1.clone();
                                let checked = {
                                    let username = username.clone();
                                    move || chosen.with(|c| c.contains(&username))
                                };
                                let full = (row.2 != row.1).then(|| row.2.clone());
                                view! {
                                    <li>
                                        <label class="person-choice">
                                            <input type="checkbox" prop:checked=checked
                                                on:change=move |_| toggle(username.clone())/>
                                            <span>{format!("@{}", row.1)}</span>
                                            {full.map(|f| view! { <span class="member-full-name">{f}</span> })}
                                        </label>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                }.into_any(),
            }}
            {move || failure().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="dialog-actions">
                <button type="button" disabled=move || chosen.with(Vec::is_empty) || open_group.pending()
                    on:click=start>"Go"</button>
            </div>
        </div>
    }
}
