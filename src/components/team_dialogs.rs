//! The team's dialogs (invite people, browse and create channels, direct messages, the
//! switcher): opened from the sidebar, the team menu or the keyboard. They are modal, so one is
//! open at a time.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::components::browse_channels::BrowseChannels;
use crate::components::create_channel::CreateChannel;
use crate::components::dialog::Dialog;
use crate::components::direct_messages::DirectMessages;
use crate::components::drawer::use_drawer;
use crate::components::invite_people::InvitePeople;
use crate::components::switcher::Switcher;

/// Whether each team dialog is open, shared by everything under the team page.
#[derive(Clone, Copy)]
pub struct TeamDialogs {
    pub invite_people: RwSignal<bool>,
    pub browse_channels: RwSignal<bool>,
    pub create_channel: RwSignal<bool>,
    pub direct_messages: RwSignal<bool>,
    pub switcher: RwSignal<bool>,
}

/// Provides the dialogs' state to the team page.
pub fn provide_team_dialogs() -> TeamDialogs {
    let dialogs = TeamDialogs {
        invite_people: RwSignal::new(false),
        browse_channels: RwSignal::new(false),
        create_channel: RwSignal::new(false),
        direct_messages: RwSignal::new(false),
        switcher: RwSignal::new(false),
    };
    provide_context(dialogs);
    dialogs
}

/// The team dialogs' state.
pub fn use_team_dialogs() -> TeamDialogs {
    expect_context::<TeamDialogs>()
}

/// Going somewhere from a dialog: on a phone the drawer it was opened from closes too, so the
/// chosen channel is in view.
pub fn use_go_from_dialog() -> impl Fn(&str) + Clone + 'static {
    let navigate = use_navigate();
    let drawer = use_drawer();
    move |path: &str| {
        if let Some(drawer) = drawer {
            drawer.close();
        }
        navigate(path, NavigateOptions::default());
    }
}

/// Every team dialog, mounted once beside the team's layout.
#[component]
pub fn TeamDialogHost(team_id: String) -> impl IntoView {
    let dialogs = use_team_dialogs();
    let (a, b, c, d, e) = (
        team_id.clone(),
        team_id.clone(),
        team_id.clone(),
        team_id.clone(),
        team_id,
    );
    view! {
        <Dialog id="invite-people" title="Invite people" open=dialogs.invite_people>
            <InvitePeople team_id=a.clone()/>
        </Dialog>
        <Dialog id="browse-channels" title="Browse channels" open=dialogs.browse_channels>
            <BrowseChannels team_id=b.clone()/>
        </Dialog>
        <Dialog id="create-channel" title="Create new channel" open=dialogs.create_channel>
            <CreateChannel team_id=c.clone()/>
        </Dialog>
        <Dialog id="direct-messages" title="Direct messages" open=dialogs.direct_messages>
            <DirectMessages team_id=d.clone()/>
        </Dialog>
        <Dialog id="switcher" title="Switch channels" open=dialogs.switcher>
            <Switcher team_id=e.clone()/>
        </Dialog>
    }
}
