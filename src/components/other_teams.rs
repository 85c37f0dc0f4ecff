//! My other teams, each with its unread state, so news elsewhere is not missed.

use leptos::prelude::*;

use crate::components::unread_badge::UnreadBadge;
use crate::state::use_store;

#[component]
pub fn OtherTeams(team_id: String) -> impl IntoView {
    let store = use_store();
    let badges = Memo::new(move |_| store.with(|s| s.other_team_badges(&team_id)));
    view! {
        <Show when=move || badges.with(|all| !all.is_empty())>
            <h3 class="sidebar-section" id="other-teams-heading">"Other teams"</h3>
            <ul aria-labelledby="other-teams-heading" data-testid="other-teams">
                <For each=move || badges.get() key=|badge| badge.clone() let:badge>
                    <li class="sidebar-channel">
                        <a href=format!("/{}/channels/town-square", badge.name) class:unread=badge.unread>
                            {badge.display_name}
                        </a>
                        <UnreadBadge mentions=badge.mentions messages=0/>
                    </li>
                </For>
            </ul>
        </Show>
    }
}
