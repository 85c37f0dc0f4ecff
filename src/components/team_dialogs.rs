//! The team's dialogs (invite people, browse and create channels, direct messages, the
//! switcher, my settings), mounted once beside the team's layout. Whether each is open lives in
//! `team_dialog_state`, which the dialogs themselves read too.

use leptos::prelude::*;

use crate::components::browse_channels::BrowseChannels;
use crate::components::create_channel::CreateChannel;
use crate::components::dialog::Dialog;
use crate::components::direct_messages::DirectMessages;
use crate::components::invite_people::InvitePeople;
use crate::components::settings::Settings;
use crate::components::switcher::Switcher;
use crate::components::team_dialog_state::use_team_dialogs;

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
        <Dialog id="settings" class="settings-dialog" title="Settings" open=dialogs.settings>
            <Settings/>
        </Dialog>
    }
}
