//! Opening a permalink (`/{team}/pl/{post_id}`): the post in its channel, however far back.

use leptos::prelude::*;

use crate::actions::history::{load_back_to_post, load_newest_page, load_thread};
use crate::api::{self, ApiError};
use crate::state::StoreSignal;

/// Opens a permalink's post: fetches it, its channel, the channel's history back to it and,
/// for a reply, its thread; marks it to be shown highlighted. Returns the channel's address.
pub async fn open_permalink(store: StoreSignal, post_id: &str) -> Result<String, ApiError> {
    let post = api::post_by_id(post_id).await?;
    let channel_id = post.channel_id.clone();
    if store.with_untracked(|s| !s.channels.contains_key(&channel_id)) {
        let channel = api::channel(&channel_id).await?;
        store.update(|s| s.apply_channel(channel));
    }
    if store.with_untracked(|s| {
        s.channel_posts(&channel_id)
            .is_none_or(|p| !p.newest_loaded)
    }) {
        load_newest_page(store, &channel_id).await?;
    }
    load_back_to_post(store, &post).await?;
    if !post.root_id.is_empty() {
        load_thread(store, &post.root_id).await?;
    }
    store
        .try_update(|s| {
            s.open_at_post(&post);
            let channel = s.channels.get(&channel_id)?;
            // A direct or group message has no team: it opens in the current one.
            let team_name = Some(s.team_name(&channel.team_id))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| s.current_team_name());
            Some(s.channel_route(channel).path(&team_name))
        })
        .flatten()
        .ok_or_else(|| ApiError::Decode("the message's channel is unknown".into()))
}
