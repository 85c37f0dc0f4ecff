//! The team's name in the sidebar, opening the team menu: inviting people (admins), the channel
//! actions, my settings, and the System Console (system admins).

use leptos::prelude::*;

use crate::components::lazy_view::lazy_view;
use crate::components::menu::Menu;
use crate::components::notifications_offer::NotificationsMenuItem;
use crate::components::team_dialog_state::use_team_dialogs;
use crate::state::{memo, use_store};

lazy_view! {
    /// The menu, its code loaded as the sidebar is first drawn: its button shows a moment after
    /// the channel list.
    pub(crate) fn team_menu(team_id: String) {
        view! { <TeamMenu team_id/> }
    }
}

#[component]
fn TeamMenu(team_id: String) -> impl IntoView {
    let store = use_store();
    let dialogs = use_team_dialogs();
    let is_admin = memo(move || store.with(|s| s.is_team_admin(&team_id)));
    let is_system_admin =
        memo(move || store.with(|s| s.me.as_ref().is_some_and(|me| me.is_system_admin())));
    view! {
        <Menu id="team-menu" class="team-menu" label="▾" aria_label="Team menu">
            <Show when=move || is_admin.get()>
                <li><button type="button" on:click=move |_| dialogs.invite_people.set(true)>
                    "Invite people"
                </button></li>
            </Show>
            <li><button type="button" on:click=move |_| dialogs.browse_channels.set(true)>"Browse channels"</button></li>
            <li><button type="button" on:click=move |_| dialogs.create_channel.set(true)>"Create new channel"</button></li>
            <NotificationsMenuItem/>
            <li><button type="button" on:click=move |_| dialogs.settings.set(true)>"Settings"</button></li>
            <Show when=move || is_system_admin.get()>
                <li><a href="/admin_console">"System Console"</a></li>
            </Show>
        </Menu>
    }
}
