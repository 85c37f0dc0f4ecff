//! The team's dialogs (invite people, browse and create channels, direct messages, the
//! switcher, my settings), mounted once beside the team's layout. Whether each is open lives in
//! `team_dialog_state`, which the dialogs themselves read too. None is needed for the first
//! screen: their frames are a chunk fetched as the team's page opens, and each one's content a
//! chunk fetched when it first opens (or while the app is idle).

use std::future::Future;

use leptos::prelude::*;

use crate::components::browse_channels::BrowseChannels;
use crate::components::create_channel::CreateChannel;
use crate::components::dialog::Dialog;
use crate::components::direct_messages::DirectMessages;
use crate::components::invite_people::InvitePeople;
use crate::components::lazy_view::{hold_keys_for_a_dialog, lazy_view, LazyView};
use crate::components::settings::Settings;
use crate::components::switcher::Switcher;
use crate::components::team_dialog_state::use_team_dialogs;
use crate::lazy::{until_loaded, ChunkMissing};
use crate::state::effect;

/// Every team dialog, mounted once beside the team's layout. Even their frames are a chunk,
/// fetched as the team's page opens (or before, `preload_for_the_team_page`): a dialog asked for
/// before it arrives (Ctrl+K at once, say) opens as it does, and what is typed meanwhile is kept
/// for its field (`hold_keys_for_a_dialog`). There is no place on the page to say the frames
/// could not be fetched, so they are fetched again until they are; a dialog asked for while they
/// could not be is let go, rather than opening by itself later.
#[component]
pub fn TeamDialogHost(team_id: String) -> impl IntoView {
    let dialogs = use_team_dialogs();
    effect(move || hold_keys_for_a_dialog(dialogs.any_open()));
    // Leaving the team's page with a dialog open: none is asked for any more.
    on_cleanup(|| hold_keys_for_a_dialog(false));
    let frames = async move {
        let frames = until_loaded(|| {
            let loading = team_dialogs(team_id.clone());
            async move {
                let frames = loading.await;
                if frames.is_err() {
                    dialogs.close_all();
                }
                frames
            }
        })
        .await;
        Ok(frames)
    };
    view! { <LazyView view=frames/> }
}

lazy_view! {
    pub(crate) fn team_dialogs(team_id: String) {
        let dialogs = use_team_dialogs();
        let team_id = StoredValue::new(team_id);
        let team = move || team_id.get_value();
        view! {
            {frame("invite-people", "", "Invite people", dialogs.invite_people, move || invite_people(team()))}
            {frame("browse-channels", "", "Browse channels", dialogs.browse_channels, move || browse_channels(team()))}
            {frame("create-channel", "", "Create new channel", dialogs.create_channel, move || create_channel(team()))}
            {frame("direct-messages", "", "Direct messages", dialogs.direct_messages, move || direct_messages(team()))}
            {frame("switcher", "", "Switch channels", dialogs.switcher, move || switcher(team()))}
            {frame("settings", "settings-dialog", "Settings", dialogs.settings, settings)}
        }
    }
}

/// A team dialog's frame, with `content` (a lazy view) in it, made anew each time it opens.
fn frame<Loading>(
    id: &'static str,
    class: &'static str,
    title: &'static str,
    open: RwSignal<bool>,
    content: impl Fn() -> Loading + Send + Sync + 'static,
) -> impl IntoView
where
    Loading: Future<Output = Result<AnyView, ChunkMissing>> + 'static,
{
    view! {
        <Dialog id class title open>
            <LazyView view=content()/>
        </Dialog>
    }
}

lazy_view! {
    pub(crate) fn invite_people(team_id: String) {
        view! { <InvitePeople team_id/> }
    }
}

lazy_view! {
    pub(crate) fn browse_channels(team_id: String) {
        view! { <BrowseChannels team_id/> }
    }
}

lazy_view! {
    pub(crate) fn create_channel(team_id: String) {
        view! { <CreateChannel team_id/> }
    }
}

lazy_view! {
    pub(crate) fn direct_messages(team_id: String) {
        view! { <DirectMessages team_id/> }
    }
}

lazy_view! {
    pub(crate) fn settings() {
        view! { <Settings/> }
    }
}

lazy_view! {
    pub(crate) fn switcher(team_id: String) {
        view! { <Switcher team_id/> }
    }
}
