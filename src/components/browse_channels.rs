//! "Browse channels": the team's public channels with a filter, to preview or join, and its
//! archived channels, to read.

use brisk_model::Channel;
use leptos::prelude::*;

use crate::actions::{self, ApiError};
use crate::components::team_dialog_state::{use_go_from_dialog, use_team_dialogs};
use crate::state::use_store;
use crate::store::filter_channels;

/// Enough for any community this client is for; Mattermost's own modal pages by 50.
const PER_PAGE: u32 = 200;

/// Which of the team's channels the dialog lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Listing {
    Public,
    Archived,
}

#[component]
pub fn BrowseChannels(team_id: String) -> impl IntoView {
    let store = use_store();
    let dialogs = use_team_dialogs();
    let navigate = use_go_from_dialog();
    let listing = RwSignal::new(Listing::Public);
    let query = RwSignal::new(String::new());
    let channels = {
        let team_id = team_id.clone();
        LocalResource::new(move || {
            let (team_id, listing) = (team_id.clone(), listing.get());
            async move {
                let archived = listing == Listing::Archived;
                actions::channels::team_channels(&team_id, archived, PER_PAGE).await
            }
        })
    };
    let team_name = store.with_untracked(|s| s.team_name(&team_id));

    let open_channel = {
        let navigate = navigate.clone();
        let team_name = team_name.clone();
        move |channel: &Channel| {
            dialogs.browse_channels.set(false);
            navigate(&format!("/{team_name}/channels/{}", channel.name));
        }
    };
    let join = Action::new_local(move |channel: &Channel| {
        let channel = channel.clone();
        async move {
            actions::channels::join(store, &channel.id).await?;
            Ok::<_, ApiError>(channel)
        }
    });
    {
        let open_channel = open_channel.clone();
        Effect::new(move |_| {
            if let Some(Ok(channel)) = join.value().get() {
                open_channel(&channel);
            }
        });
    }
    let join_failed = move || {
        join.value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };

    let rows = move || {
        let Some(Ok(list)) = channels.get() else {
            return Vec::new();
        };
        let query = query.get();
        store.with(|s| {
            filter_channels(&list, &query)
                .into_iter()
                .map(|c| (c.clone(), s.is_member(&c.id)))
                .collect::<Vec<_>>()
        })
    };

    view! {
        <div class="dialog-body browse-channels">
            <div class="browse-controls">
                <div class="field">
                    <label for="browse-filter">"Filter channels"</label>
                    <input id="browse-filter" type="search" autocomplete="off" autofocus bind:value=query/>
                </div>
                <div class="field">
                    <label for="browse-listing">"Show"</label>
                    <select id="browse-listing" on:change=move |event| {
                        listing.set(if event_target_value(&event) == "archived" { Listing::Archived } else { Listing::Public });
                    }>
                        <option value="public">"Public channels"</option>
                        <option value="archived">"Archived channels"</option>
                    </select>
                </div>
            </div>
            {move || join_failed().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {move || match channels.get() {
                None => view! { <p class="list-status">"Loading channels…"</p> }.into_any(),
                Some(Err(error)) => view! {
                    <p class="form-error" role="alert">{error.user_message()}</p>
                }.into_any(),
                Some(Ok(_)) => {
                    let open_channel = open_channel.clone();
                    view! {
                        <ul class="browse-list" aria-label="Channels">
                            <For each=rows key=|(c, joined)| (c.id.clone(), c.update_at, *joined) let:row>
                                <BrowseRow
                                    channel=row.0
                                    joined=row.1
                                    on_open=open_channel.clone()
                                    on_join=move |c: Channel| { join.dispatch(c); }
                                    joining=Signal::derive(move || join.pending().get())
                                />
                            </For>
                        </ul>
                        <Show when=move || rows().is_empty()>
                            <p class="list-status">"No channels match."</p>
                        </Show>
                    }.into_any()
                }
            }}
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| {
                    dialogs.browse_channels.set(false);
                    dialogs.create_channel.set(true);
                }>"Create new channel"</button>
            </div>
        </div>
    }
}

#[component]
fn BrowseRow(
    channel: Channel,
    joined: bool,
    on_open: impl Fn(&Channel) + Clone + 'static,
    on_join: impl Fn(Channel) + 'static,
    joining: Signal<bool>,
) -> impl IntoView {
    let archived = channel.delete_at > 0;
    let title = channel.display_name.clone();
    let for_open = channel.clone();
    let for_join = channel.clone();
    view! {
        <li class="browse-row">
            <div class="browse-row-text">
                <button type="button" class="link-button" on:click=move |_| on_open(&for_open)>{title.clone()}</button>
                {(!channel.purpose.is_empty()).then(|| view! { <p class="browse-purpose">{channel.purpose.clone()}</p> })}
            </div>
            {if archived {
                view! { <span class="tag">"Archived"</span> }.into_any()
            } else if joined {
                view! { <span class="browse-joined">"Joined"</span> }.into_any()
            } else {
                view! {
                    <button type="button" aria-label=format!("Join {title}") disabled=move || joining.get()
                        on:click=move |_| on_join(for_join.clone())>"Join"</button>
                }.into_any()
            }}
        </li>
    }
}
