//! The channel's menu in its header: information and members, muting and notification
//! preferences, editing the header and purpose, leaving, archiving.

use brisk_model::rules::{CHANNEL_HEADER_MAX, CHANNEL_PURPOSE_MAX};
use brisk_model::{channel_type, PatchChannelRequest};
use leptos::prelude::*;

use crate::actions::{self, ApiError};
use crate::async_state::AsyncAction;
use crate::components::archive_channel::ArchiveChannel;
use crate::components::channel_info::ChannelInfo;
use crate::components::choice_group::ChoiceGroup;
use crate::components::dialog::Dialog;
use crate::components::icon::IconName;
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::components::menu::Menu;
use crate::state::{effect, memo, use_store};
use crate::store::DesktopLevel;

/// What I may do with the open channel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Allowed {
    name: String,
    /// A member: may mute it and choose its notifications.
    member: bool,
    edit: bool,
    edit_purpose: bool,
    leave: bool,
    archive: bool,
}

#[component]
fn ChannelMenu(channel_id: String) -> impl IntoView {
    let store = use_store();
    let allowed = {
        let channel_id = channel_id.clone();
        memo(move || {
            store.with(|s| {
                let Some(channel) = s.channels.get(&channel_id) else {
                    return Allowed::default();
                };
                let live = channel.delete_at == 0;
                let member = s.is_member(&channel.id);
                let team_channel = matches!(
                    channel.channel_type.as_str(),
                    channel_type::OPEN | channel_type::PRIVATE
                );
                let town_square = channel.name == "town-square";
                let admin = s.is_channel_admin(&channel.id);
                Allowed {
                    name: s.channel_display_name(channel),
                    member,
                    edit: live
                        && member
                        && (admin || channel.channel_type != channel_type::PRIVATE),
                    edit_purpose: team_channel,
                    leave: member && !town_square && channel.channel_type != channel_type::DIRECT,
                    archive: live
                        && team_channel
                        && !town_square
                        && (admin || (member && channel.creator_id == s.my_id())),
                }
            })
        })
    };
    let info_open = RwSignal::new(false);
    let header_open = RwSignal::new(false);
    let purpose_open = RwSignal::new(false);
    let archive_open = RwSignal::new(false);
    let notifications_open = RwSignal::new(false);
    let muted = {
        let channel_id = channel_id.clone();
        memo(move || store.with(|s| s.is_muted(&channel_id)))
    };
    let mute = AsyncAction::new(move |(channel_id, muted): &(String, bool)| {
        let (channel_id, muted) = (channel_id.clone(), *muted);
        async move { actions::settings::set_muted(store, &channel_id, muted).await }
    });
    let problem = RwSignal::new(None::<String>);

    let leave = AsyncAction::new(move |channel_id: &String| {
        let channel_id = channel_id.clone();
        async move { actions::channels::leave(store, &channel_id).await }
    });
    let go_to_town_square = move || {
        let team = store.with_untracked(|s| s.current_team_name());
        crate::router::navigate(&crate::router::town_square_path(&team));
    };
    effect(move || match leave.value().get() {
        Some(Ok(())) => go_to_town_square(),
        Some(Err(error)) => problem.set(Some(error.user_message())),
        None => {}
    });
    effect(move || {
        if let Some(Err(error)) = mute.value().get() {
            problem.set(Some(error.user_message()));
        }
    });

    let title = move |what: &str| {
        Signal::derive({
            let what = what.to_string();
            move || format!("{what} {}", allowed.with(|a| a.name.clone()))
        })
    };
    // Copy handles, so the menu's items can be rebuilt as often as they show.
    let this_channel = StoredValue::new(channel_id.clone());
    view! {
        <Menu id="channel-menu" class="channel-menu" icon=IconName::More aria_label="Channel menu">
            <li><button type="button" on:click=move |_| info_open.set(true)>"View info"</button></li>
            <Show when=move || allowed.with(|a| a.member)>
                <li><button type="button" on:click=move |_| {
                    mute.dispatch((this_channel.get_value(), !muted.get_untracked()));
                }>{move || if muted.get() { "Unmute channel" } else { "Mute channel" }}</button></li>
                <li><button type="button" on:click=move |_| notifications_open.set(true)>"Notification preferences"</button></li>
            </Show>
            <Show when=move || allowed.with(|a| a.edit)>
                <li><button type="button" on:click=move |_| header_open.set(true)>"Edit header"</button></li>
                <Show when=move || allowed.with(|a| a.edit_purpose)>
                    <li><button type="button" on:click=move |_| purpose_open.set(true)>"Edit purpose"</button></li>
                </Show>
            </Show>
            <Show when=move || allowed.with(|a| a.leave)>
                <li><button type="button" on:click=move |_| { leave.dispatch(this_channel.get_value()); }>
                    "Leave channel"
                </button></li>
            </Show>
            <Show when=move || allowed.with(|a| a.archive)>
                <li><button type="button" class="danger" on:click=move |_| archive_open.set(true)>"Archive channel"</button></li>
            </Show>
        </Menu>
        {move || problem.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        <Dialog id="channel-info" title=title("About") open=info_open>
            <LazyView view=channel_info(this_channel.get_value())/>
        </Dialog>
        <Dialog id="channel-notifications" title=title("Notifications for") open=notifications_open>
            <LazyView view=channel_notifications(this_channel.get_value())/>
        </Dialog>
        <Dialog id="edit-header" title=title("Edit the header of") open=header_open>
            <LazyView view=edit_channel_text(this_channel.get_value(), ChannelText::Header, header_open)/>
        </Dialog>
        <Dialog id="edit-purpose" title=title("Edit the purpose of") open=purpose_open>
            <LazyView view=edit_channel_text(this_channel.get_value(), ChannelText::Purpose, purpose_open)/>
        </Dialog>
        <ArchiveChannel id="archive-channel" title=title("Archive") channel_id=this_channel.get_value() open=archive_open/>
    }
}

// The menu, with what decides its items; its code loads as the channel's header is first drawn
// (the menu's button shows then), not with the first download.
lazy_view! {
    pub(crate) fn channel_menu(channel_id: String) {
        view! { <ChannelMenu channel_id/> }
    }
}

// The menu's dialogs: their code loads as one first opens (or while the app is idle).
lazy_view! {
    pub(crate) fn channel_info(channel_id: String) {
        view! { <ChannelInfo channel_id/> }
    }
}

lazy_view! {
    pub(crate) fn channel_notifications(channel_id: String) {
        view! { <ChannelNotifications channel_id/> }
    }
}

lazy_view! {
    pub(crate) fn edit_channel_text(channel_id: String, field: ChannelText, open: RwSignal<bool>) {
        view! { <EditChannelText channel_id field open/> }
    }
}

/// When the channel notifies me on the desktop; a choice applies at once.
#[component]
fn ChannelNotifications(channel_id: String) -> impl IntoView {
    let store = use_store();
    let level = {
        let channel_id = channel_id.clone();
        memo(move || store.with(|s| DesktopLevel::of(&s.notify_props(&channel_id))))
    };
    let muted = {
        let channel_id = channel_id.clone();
        memo(move || store.with(|s| s.is_muted(&channel_id)))
    };
    let this_channel = StoredValue::new(channel_id);
    let choose = AsyncAction::new(move |level: &DesktopLevel| {
        let (channel_id, level) = (this_channel.get_value(), *level);
        async move { actions::settings::set_desktop_level(store, &channel_id, level).await }
    });
    let failure = move || {
        choose
            .value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };
    view! {
        <div class="dialog-body">
            <ChoiceGroup legend="Desktop notifications: notify me about" name="desktop-level"
                choices=DesktopLevel::ALL.iter().map(|l| (l.value(), l.label())).collect()
                chosen=Signal::derive(move || level.get().value())
                on_choose=move |value| { choose.dispatch(DesktopLevel::from_value(value)); }/>
            <p class="field-hint">
                {move || if muted.get() {
                    "This channel is muted: it notifies you of nothing and shows as unread only when you are mentioned."
                } else {
                    "Direct and group messages count as mentions."
                }}
            </p>
            {move || failure().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        </div>
    }
}

/// Which text of a channel is being edited.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChannelText {
    Header,
    Purpose,
}

#[component]
fn EditChannelText(channel_id: String, field: ChannelText, open: RwSignal<bool>) -> impl IntoView {
    let store = use_store();
    let current = store.with_untracked(|s| {
        s.channels
            .get(&channel_id)
            .map(|c| match field {
                ChannelText::Header => c.header.clone(),
                ChannelText::Purpose => c.purpose.clone(),
            })
            .unwrap_or_default()
    });
    let text = RwSignal::new(current);
    let (label, limit, hint) = match field {
        ChannelText::Header => (
            "Header",
            CHANNEL_HEADER_MAX,
            "Shown at the top of the channel; markdown works, links too.",
        ),
        ChannelText::Purpose => (
            "Purpose",
            CHANNEL_PURPOSE_MAX,
            "Shown under the name and when browsing channels.",
        ),
    };
    let save = AsyncAction::new(move |value: &String| {
        let (channel_id, value) = (channel_id.clone(), value.trim().to_string());
        let patch = match field {
            ChannelText::Header => PatchChannelRequest {
                header: Some(value),
                ..PatchChannelRequest::default()
            },
            ChannelText::Purpose => PatchChannelRequest {
                purpose: Some(value),
                ..PatchChannelRequest::default()
            },
        };
        async move { actions::channels::patch(store, &channel_id, &patch).await }
    });
    effect(move || {
        if let Some(Ok(())) = save.value().get() {
            open.set(false);
        }
    });
    let failure = move || {
        save.value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };
    view! {
        <form class="dialog-body" on:submit=move |event| {
            event.prevent_default();
            save.dispatch(text.get_untracked());
        }>
            <label for="channel-text">{label}</label>
            <textarea id="channel-text" rows="3" maxlength=limit autofocus aria-describedby="channel-text-hint"
                bind:value=text></textarea>
            <p class="field-hint" id="channel-text-hint">{hint}</p>
            {move || failure().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                <button type="submit" disabled=move || save.pending()>"Save"</button>
            </div>
        </form>
    }
}
