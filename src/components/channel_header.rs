//! The channel's name, purpose and header (markdown) above the posts, and the channel's chat
//! bridges with their state when the server reports them (brisk's server does, in the channel's
//! props; a real Mattermost has none, so nothing shows).

use brisk_model::{bridge_state, ChannelBridge};
use leptos::prelude::*;

use crate::actions;
use crate::browser::paint;
use crate::components::channel_menu::channel_menu;
use crate::components::drawer::DrawerToggle;
use crate::components::icon::{Icon, IconName};
use crate::components::lazy_view::LazyView;
use crate::components::recent_mentions::RecentMentionsButton;
use crate::components::search_box::SearchBox;
use crate::markdown;
use crate::state::{memo, use_store};

/// What the header shows, derived from the store.
#[derive(Clone, Debug, PartialEq)]
struct HeaderContent {
    title: String,
    purpose: String,
    header_html: String,
    /// (state, "Bridged with #room on server · state") per bridge.
    bridges: Vec<(String, String)>,
}

/// How a bridge reads in the header: "Bridged with #oxbow on irc.example.org:6697 · connected".
pub fn bridge_summary(bridge: &ChannelBridge) -> String {
    let state = match bridge.state.as_str() {
        bridge_state::CONNECTED => "connected",
        bridge_state::CONNECTING => "connecting…",
        bridge_state::RECONNECTING => "reconnecting…",
        bridge_state::REFUSED => "login refused",
        other => other,
    };
    format!(
        "Bridged with {} on {} · {state}",
        bridge.room, bridge.server
    )
}

/// Stays built from one channel to the next, following `channel_id`; only the channel's menu is
/// built anew for each.
#[component]
pub fn ChannelHeader(channel_id: Signal<String>) -> impl IntoView {
    let store = use_store();
    let content = memo(move || {
        channel_id.with(|id| {
            store.with(|s| {
                let channel = s.channels.get(id)?;
                Some(HeaderContent {
                    title: s.channel_display_name(channel),
                    purpose: channel.purpose.clone(),
                    header_html: markdown::render_for_reader(s, &channel.header),
                    bridges: channel
                        .props
                        .iter()
                        .flat_map(|props| &props.bridges)
                        .map(|bridge| (bridge.state.clone(), bridge_summary(bridge)))
                        .collect(),
                })
            })
        })
    });
    let member_count =
        memo(move || channel_id.with(|id| store.with(|s| s.member_counts.get(id).copied())));
    // The count is asked for as a channel's header shows, unless the store follows it (a channel
    // I am in, counted since: joins and leaves arrive as events), and again whenever the store
    // forgets it (events were lost).
    Effect::new(move |shown: Option<String>| {
        let id = channel_id.get();
        let held = member_count.with(Option::is_some);
        let arrived = shown.as_ref() != Some(&id);
        let followed = store.with_untracked(|s| s.member_count_followed(&id));
        if (arrived && !followed) || (!arrived && !held) {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                // The channel's posts are painted first; the count comes a moment later.
                paint::after_paint().await;
                // Best effort: without it the header shows no count.
                let _ = actions::channels::load_member_count(store, &id).await;
            });
        }
        id
    });
    let read = move |field: fn(&HeaderContent) -> String| {
        move || content.with(|c| c.as_ref().map(field).unwrap_or_default())
    };

    view! {
        <header class="channel-header">
            <div class="channel-title">
                <DrawerToggle/>
                <h1>{read(|c| c.title.clone())}</h1>
                {move || member_count.get().map(|count| {
                    let label = if count == 1 { "1 member".to_string() } else { format!("{count} members") };
                    let title = label.clone();
                    view! {
                        <span class="member-count" title=title>
                            <Icon name=IconName::People/>
                            <span class="visually-hidden">{label}</span>
                            <span aria-hidden="true">{count}</span>
                        </span>
                    }
                })}
                {move || view! { <LazyView view=channel_menu(channel_id.get())/> }}
                <SearchBox/>
                <RecentMentionsButton/>
            </div>
            <p class="channel-purpose" data-testid="channel-purpose">{read(|c| c.purpose.clone())}</p>
            <div
                class="channel-header-text markdown"
                data-testid="channel-header"
                inner_html=read(|c| c.header_html.clone())
            ></div>
            {move || {
                content
                    .with(|c| c.as_ref().map(|c| c.bridges.clone()).unwrap_or_default())
                    .into_iter()
                    .map(|(state, summary)| {
                        view! {
                            <p class="channel-bridge" data-testid="channel-bridge" data-state=state>
                                {summary}
                            </p>
                        }
                    })
                    .collect_view()
            }}
        </header>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bridge_reads_as_room_server_and_state() {
        let bridge = ChannelBridge {
            network: "irc".into(),
            room: "#oxbow".into(),
            server: "irc.example.org:6697".into(),
            state: bridge_state::RECONNECTING.into(),
        };
        assert_eq!(
            bridge_summary(&bridge),
            "Bridged with #oxbow on irc.example.org:6697 · reconnecting…"
        );
        let refused = ChannelBridge {
            network: "matrix".into(),
            room: "#oxbow:example.org".into(),
            server: "matrix.example.org:443".into(),
            state: bridge_state::REFUSED.into(),
        };
        assert_eq!(
            bridge_summary(&refused),
            "Bridged with #oxbow:example.org on matrix.example.org:443 · login refused"
        );
    }
}
