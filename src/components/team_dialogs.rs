//! The team's dialogs (invite people, browse and create channels, direct messages): opened from
//! the sidebar, the team menu or the keyboard. They are modal, so one is open at a time.

use leptos::prelude::*;

use crate::components::dialog::Dialog;
use crate::components::invite_people::InvitePeople;

/// Whether each team dialog is open, shared by everything under the team page.
#[derive(Clone, Copy)]
pub struct TeamDialogs {
    pub invite_people: RwSignal<bool>,
}

/// Provides the dialogs' state to the team page.
pub fn provide_team_dialogs() -> TeamDialogs {
    let dialogs = TeamDialogs {
        invite_people: RwSignal::new(false),
    };
    provide_context(dialogs);
    dialogs
}

/// The team dialogs' state.
pub fn use_team_dialogs() -> TeamDialogs {
    expect_context::<TeamDialogs>()
}

/// Every team dialog, mounted once beside the team's layout.
#[component]
pub fn TeamDialogHost(team_id: String) -> impl IntoView {
    let dialogs = use_team_dialogs();
    view! {
        <Dialog id="invite-people" title="Invite people" open=dialogs.invite_people>
            <InvitePeople team_id=team_id.clone()/>
        </Dialog>
    }
}
