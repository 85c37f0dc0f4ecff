//! The console's Teams section: rename a team, open or close it to people with its invite link,
//! and give it a new invite link (the old one stops working).

use brisk_model::Team;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::console::{self, ConsoleSignal};
use crate::components::invite_people::invite_link;

#[component]
pub fn Teams(console: ConsoleSignal) -> impl IntoView {
    view! {
        <section class="console-section" aria-labelledby="console-teams">
            <h2 id="console-teams">"Teams"</h2>
            <For
                each=move || console.with(|c| c.teams.clone())
                key=|team| (team.id.clone(), team.update_at)
                let:team
            >
                <TeamForm console team/>
            </For>
        </section>
    }
}

#[component]
fn TeamForm(console: ConsoleSignal, team: Team) -> impl IntoView {
    let display_name = RwSignal::new(team.display_name.clone());
    let open = RwSignal::new(team.allow_open_invite);
    let origin = window().location().origin().unwrap_or_default();
    let link = team
        .allow_open_invite
        .then(|| invite_link(&origin, &team.invite_id));
    let id = team.id.clone();
    let name_field = format!("team-name-{}", team.id);
    let open_field = format!("team-open-{}", team.id);
    let on_submit = {
        let id = id.clone();
        move |event: SubmitEvent| {
            event.prevent_default();
            spawn_local(console::save_team(
                console,
                id.clone(),
                display_name.get_untracked(),
                open.get_untracked(),
            ));
        }
    };
    view! {
        <form class="console-panel" on:submit=on_submit>
            <h3>{format!("{} (/{})", team.display_name, team.name)}</h3>
            <label for=name_field.clone()>"Name"</label>
            <input id=name_field type="text" maxlength="64" required bind:value=display_name/>
            <label class="console-check">
                <input id=open_field type="checkbox" bind:checked=open/>
                "Anyone with the invite link can join"
            </label>
            <button type="submit">"Save team"</button>
            {match link {
                Some(link) => view! {
                    <p class="console-invite">"Invite link: " <code>{link}</code></p>
                }.into_any(),
                None => view! { <p>"Closed: only admins add people."</p> }.into_any(),
            }}
            <button type="button" class="secondary"
                on:click=move |_| spawn_local(console::new_invite_link(console, id.clone()))>
                "New invite link"
            </button>
        </form>
    }
}
