//! The channel's name, purpose and header (markdown) above the posts.

use leptos::prelude::*;

use crate::components::channel_menu::ChannelMenu;
use crate::components::drawer::DrawerToggle;
use crate::components::search_box::SearchBox;
use crate::markdown;
use crate::state::use_store;

/// What the header shows, derived from the store.
#[derive(Clone, Debug, PartialEq)]
struct HeaderContent {
    title: String,
    purpose: String,
    header_html: String,
}

#[component]
pub fn ChannelHeader(channel_id: String) -> impl IntoView {
    let store = use_store();
    let menu_channel_id = channel_id.clone();
    let content = Memo::new(move |_| {
        store.with(|s| {
            let channel = s.channels.get(&channel_id)?;
            Some(HeaderContent {
                title: s.channel_display_name(channel),
                purpose: channel.purpose.clone(),
                header_html: markdown::render_for_reader(s, &channel.header),
            })
        })
    });
    let read = move |field: fn(&HeaderContent) -> String| {
        move || content.with(|c| c.as_ref().map(field).unwrap_or_default())
    };

    view! {
        <header class="channel-header">
            <div class="channel-title">
                <DrawerToggle/>
                <h1>{read(|c| c.title.clone())}</h1>
                <ChannelMenu channel_id=menu_channel_id/>
                <SearchBox/>
            </div>
            <p class="channel-purpose" data-testid="channel-purpose">{read(|c| c.purpose.clone())}</p>
            <div
                class="channel-header-text markdown"
                data-testid="channel-header"
                inner_html=read(|c| c.header_html.clone())
            ></div>
        </header>
    }
}
