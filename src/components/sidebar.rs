//! The team's channels with unread state, and the session controls.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::actions;
use crate::components::other_teams::OtherTeams;
use crate::components::unread_badge::UnreadBadge;
use crate::state::use_store;
use crate::store::{SidebarChannel, SidebarSection};

#[component]
pub fn Sidebar(team_id: String) -> impl IntoView {
    let store = use_store();
    let team = {
        let team_id = team_id.clone();
        Memo::new(move |_| {
            store.with(|s| {
                let team = s.teams.iter().find(|t| t.id == team_id);
                team.map(|t| (t.name.clone(), t.display_name.clone()))
                    .unwrap_or_default()
            })
        })
    };
    let entries = {
        let team_id = team_id.clone();
        Memo::new(move |_| store.with(|s| s.sidebar(&team_id)))
    };
    let my_name = Memo::new(move |_| {
        store.with(|s| {
            s.me.as_ref()
                .map(|me| me.username.clone())
                .unwrap_or_default()
        })
    });

    let navigate = use_navigate();
    let leaving = RwSignal::new(false);
    let log_out = move |_| {
        leaving.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            actions::log_out(store).await;
            navigate("/login", NavigateOptions::default());
        });
    };

    let section = move |section: SidebarSection, title: &'static str| {
        let in_section = move || {
            entries.with(|all| {
                all.iter()
                    .filter(|e| e.section == section)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        };
        view! {
            <Show when=move || entries.with(|all| all.iter().any(|e| e.section == section))>
                <h3 class="sidebar-section">{title}</h3>
                <ul>
                    <For each=in_section key=|entry| entry.clone() let:entry>
                        <ChannelLink entry=entry team_name=Signal::derive(move || team.with(|t| t.0.clone()))/>
                    </For>
                </ul>
            </Show>
        }
    };

    view! {
        <nav class="sidebar" aria-label="Channels">
            <header class="sidebar-header">
                <h2>{move || team.with(|t| t.1.clone())}</h2>
                <p class="sidebar-me">{move || format!("@{}", my_name.get())}</p>
                <button type="button" on:click=log_out disabled=move || leaving.get()>"Log out"</button>
            </header>
            {section(SidebarSection::Channels, "Channels")}
            {section(SidebarSection::DirectMessages, "Direct messages")}
            <OtherTeams team_id=team_id/>
        </nav>
    }
}

#[component]
fn ChannelLink(entry: SidebarChannel, team_name: Signal<String>) -> impl IntoView {
    let store = use_store();
    let id = entry.id.clone();
    let is_open =
        Memo::new(move |_| store.with(|s| s.open_channel_id.as_deref() == Some(id.as_str())));
    let name = entry.name.clone();
    let href = move || format!("/{}/channels/{}", team_name.get(), name);

    view! {
        <li class="sidebar-channel">
            <a
                href=href
                class:unread=entry.unread
                aria-current=move || is_open.get().then_some("page")
            >
                {entry.display_name}
            </a>
            // Outside the link so the link's accessible name stays the channel name.
            <UnreadBadge mentions=entry.mentions messages=entry.unread_messages/>
        </li>
    }
}
