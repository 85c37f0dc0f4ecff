//! A channel's information: its URL, purpose, header and members, each member a link to a direct
//! message.

use leptos::prelude::*;

use crate::actions;
use crate::async_state::AsyncValue;
use crate::components::channel_header::bridge_summary;
use crate::markdown;
use crate::state::use_store;

/// Members listed; Mattermost's own panel pages by 100.
const MEMBERS_SHOWN: u32 = 200;

#[component]
pub fn ChannelInfo(channel_id: String) -> impl IntoView {
    let store = use_store();
    let members = {
        let channel_id = channel_id.clone();
        AsyncValue::new(move || {
            let channel_id = channel_id.clone();
            async move { actions::people::channel_member_ids(store, &channel_id, MEMBERS_SHOWN).await }
        })
    };
    let details = store.with_untracked(|s| {
        let channel = s.channels.get(&channel_id)?;
        let team_name = s.current_team_name();
        Some((
            format!("/{team_name}/channels/{}", channel.name),
            channel.purpose.clone(),
            markdown::render_for_reader(s, &channel.header),
            team_name,
            channel
                .props
                .iter()
                .flat_map(|props| &props.bridges)
                .map(bridge_summary)
                .collect::<Vec<_>>(),
        ))
    });
    let (url, purpose, header_html, team_name, bridges) = details.unwrap_or_default();
    let rows = move || {
        let Some(Ok(ids)) = members.get() else {
            return Vec::new();
        };
        store.with(|s| {
            let mut people: Vec<(String, String, bool)> = ids
                .iter()
                .filter_map(|id| s.users.get(id))
                .map(|u| (u.username.clone(), u.display_name(), u.id == s.my_id()))
                .collect();
            people.sort();
            people
        })
    };
    view! {
        <div class="dialog-body channel-info">
            <dl>
                <dt>"URL"</dt><dd><code>{url}</code></dd>
                <dt>"Purpose"</dt><dd>{if purpose.is_empty() { "No purpose yet.".to_string() } else { purpose }}</dd>
                <dt>"Header"</dt><dd class="markdown" data-testid="channel-info-header" inner_html=header_html></dd>
                {(!bridges.is_empty()).then(|| view! {
                    <dt>"Bridges"</dt>
                    {bridges.into_iter().map(|summary| view! { <dd>{summary}</dd> }).collect_view()}
                })}
            </dl>
            <h3>"Members"</h3>
            {move || match members.get() {
                None => view! { <p class="list-status">"Loading members…"</p> }.into_any(),
                Some(Err(error)) => view! { <p class="form-error" role="alert">{error.user_message()}</p> }.into_any(),
                Some(Ok(_)) => {
                    let team_name = team_name.clone();
                    view! {
                        <ul class="member-list" aria-label="Members">
                            <For each=rows key=|row| row.0.clone() let:row>
                                <li class="member-row">
                                    <span class="member-name">{format!("@{}", row.0)}</span>
                                    {(row.1 != row.0).then(|| view! { <span class="member-full-name">{row.1.clone()}</span> })}
                                    {(!row.2).then(|| view! {
                                        <a class="member-message" href=format!("/{}/messages/@{}", team_name, row.0)
                                            aria-label=format!("Message {}", row.0)>"Message"</a>
                                    })}
                                </li>
                            </For>
                        </ul>
                    }.into_any()
                }
            }}
        </div>
    }
}
