//! What sits under a channel's messages: the composer for a member, a "Join" bar for someone
//! previewing a public channel, a banner for an archived channel (read-only).

use leptos::prelude::*;

use crate::actions::{self, ApiError};
use crate::async_state::AsyncAction;
use crate::components::composer::Composer;
use crate::components::lazy_view::{lazy_view, LazyView};
use crate::state::{memo, use_store};

/// What the footer offers for the open channel. The message box stays built from one channel to
/// the next (it follows the channel id); the others are built for their channel.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Footer {
    Compose,
    Join(String),
    Archived(String),
}

#[component]
pub fn ChannelFooter(channel_id: Signal<String>) -> impl IntoView {
    let store = use_store();
    let footer = memo(move || {
        channel_id.with(|id| {
            store.with(|s| match s.channels.get(id) {
                Some(channel) if channel.delete_at > 0 => Footer::Archived(id.clone()),
                _ if s.is_member(id) => Footer::Compose,
                _ => Footer::Join(id.clone()),
            })
        })
    });
    move || match footer.get() {
        Footer::Compose => view! { <Composer channel_id/> }.into_any(),
        Footer::Join(channel_id) => view! { <JoinBar channel_id/> }.into_any(),
        Footer::Archived(channel_id) => {
            view! { <LazyView view=archived_banner(channel_id)/> }.into_any()
        }
    }
}

#[component]
fn JoinBar(channel_id: String) -> impl IntoView {
    let store = use_store();
    let name = {
        let channel_id = channel_id.clone();
        store.with_untracked(|s| {
            s.channels
                .get(&channel_id)
                .map(|c| s.channel_display_name(c))
        })
    };
    let join = AsyncAction::new(move |channel_id: &String| {
        let channel_id = channel_id.clone();
        async move { actions::channels::join(store, &channel_id).await }
    });
    let failure = move || {
        join.value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };
    view! {
        <div class="channel-footer-bar" data-testid="join-bar">
            <p>{format!("You are previewing {}.", name.unwrap_or_default())}</p>
            <button type="button" disabled=move || join.pending()
                on:click=move |_| { join.dispatch(channel_id.clone()); }>"Join channel"</button>
            {move || failure().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        </div>
    }
}

lazy_view! {
    /// The banner, its code loaded as an archived channel is first opened (or while the app is
    /// idle): most channels are never archived.
    pub(crate) fn archived_banner(channel_id: String) {
        view! { <ArchivedBanner channel_id/> }
    }
}

#[component]
fn ArchivedBanner(channel_id: String) -> impl IntoView {
    let store = use_store();
    let can_restore = Memo::new({
        let channel_id = channel_id.clone();
        move |_| store.with(|s| s.is_channel_admin(&channel_id))
    });
    let restore = AsyncAction::new(move |channel_id: &String| {
        let channel_id = channel_id.clone();
        async move { actions::channels::restore(store, &channel_id).await }
    });
    let failure = move || {
        restore
            .value()
            .with(|v| v.as_ref()?.as_ref().err().map(ApiError::user_message))
    };
    view! {
        <div class="channel-footer-bar archived-banner" role="status" data-testid="archived-banner">
            <p>"You are viewing an " <strong>"archived channel"</strong> ". New messages cannot be posted."</p>
            <Show when=move || can_restore.get()>
                {
                    let channel_id = channel_id.clone();
                    view! {
                        <button type="button" disabled=move || restore.pending()
                            on:click=move |_| { restore.dispatch(channel_id.clone()); }>"Unarchive channel"</button>
                    }
                }
            </Show>
            {move || failure().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        </div>
    }
}
