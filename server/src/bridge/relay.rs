//! One bridge at work: keeps a link to the other side (reconnecting with backoff and jitter),
//! sends the channel's new posts over it in order, and posts what is said on the other side as
//! the bridge bot. It shows its state in the channel's props.

use std::sync::Arc;
use std::time::Duration;

use brisk_model::{bridge_state, event_name, Post, PostChangedData};
use rand::Rng;
use rusqlite::Connection;
use serde_json::{Map, Value};
use tokio::time::Instant;

use super::{
    append_line, file_not_copied, Inbound, InboundFile, InboundKind, Link, LinkError, Relayed,
    Transport, Wake,
};
use crate::db::posts::{self, NewPost};
use crate::db::{bridges, channels, files, post_changes, reactions, users};
use crate::error::{ApiError, ApiResult};
use crate::events::Outbox;
use crate::http::reactions::event_data as reaction_event_data;
use crate::ids::{new_id, now_ms};
use crate::AppState;
use brisk_model::FileInfo;

/// Posts kept for delivery while the other side is unreachable; older ones are dropped, with a
/// warning, so an outage of days does not flood the room when it ends.
const OUTBOX_MAX: i64 = 1000;
/// Posts read from the database at a time.
const BATCH: i64 = 50;
/// First wait before reconnecting; it doubles up to `RETRY_LONGEST`, each wait cut by a random
/// factor in [0.5, 1] so that bridges do not all knock at once after a netsplit.
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_LONGEST: Duration = Duration::from_secs(60);
/// A link that lasted this long was healthy: the next outage starts from a short wait again.
const STABLE_LINK: Duration = Duration::from_secs(60);
/// After the other side refused the bridge's credentials, it tries again this much later: a
/// wrong password stays wrong until someone fixes it, and logging in with it again and again
/// looks like an attack to the homeserver (and may lock the account).
const REFUSED_RETRY: Duration = Duration::from_secs(10 * 60);

/// The props that mark a post as relayed (rendered with the bridge tag and the nick as author).
pub const PROP_BRIDGE: &str = "bridge";

pub(super) struct Relay {
    pub state: AppState,
    /// For logs: "team/channel ↔ server room".
    pub name: String,
    pub transport: Transport,
    pub cursor_key: String,
    /// Posts created up to here are relayed (or were never to be).
    pub cursor: i64,
    pub channel_id: String,
    /// `<site>/<team>/pl/`: a post's permalink is this and its id.
    pub permalink_base: String,
    pub bot_id: String,
    pub wake: Arc<Wake>,
}

impl Relay {
    /// Runs for the life of the server.
    pub async fn run(mut self) {
        let mut retry = Backoff::default();
        let mut shown = bridge_state::CONNECTING;
        loop {
            let failed = match self
                .transport
                .connect(&self.state.db, &self.cursor_key)
                .await
            {
                Ok(mut link) => {
                    tracing::info!(bridge = %self.name, "bridge linked");
                    shown = self.show(shown, bridge_state::CONNECTED).await;
                    let linked_at = Instant::now();
                    let lost = self.relay(&mut link).await;
                    tracing::warn!(bridge = %self.name, reason = %lost, "bridge link lost");
                    if linked_at.elapsed() >= STABLE_LINK {
                        retry = Backoff::default();
                    }
                    lost
                }
                Err(err) => {
                    tracing::warn!(bridge = %self.name, reason = %err, "bridge cannot link");
                    err
                }
            };
            let state = if failed.is_refused() {
                bridge_state::REFUSED
            } else {
                bridge_state::RECONNECTING
            };
            shown = self.show(shown, state).await;
            tokio::time::sleep(retry.wait_after(&failed)).await;
        }
    }

    /// Relays both ways until the link fails.
    async fn relay(&mut self, link: &mut Link) -> LinkError {
        loop {
            if let Err(lost) = self.deliver_pending(link).await {
                return lost;
            }
            if let Err(lost) = self.deliver_changes(link).await {
                return lost;
            }
            if let Err(lost) = self.deliver_reactions(link).await {
                return lost;
            }
            tokio::select! {
                () = self.wake.notify.notified() => {}
                heard = link.next() => match heard {
                    Ok(inbound) => self.post(inbound).await,
                    Err(lost) => return lost,
                },
            }
        }
    }

    /// Sends every post after the cursor, moving the cursor past each one once it is sent.
    async fn deliver_pending(&mut self, link: &mut Link) -> Result<(), LinkError> {
        loop {
            let batch = match self.next_batch().await {
                Ok(batch) => batch,
                Err(err) => {
                    // Retried at the next post or reconnect; the cursor keeps the place.
                    tracing::error!(bridge = %self.name, error = %err.detailed_error, "bridge cannot read its outbox");
                    return Ok(());
                }
            };
            if batch.is_empty() {
                return Ok(());
            }
            for (create_at, relayed) in batch {
                let sent_as = match relayed {
                    Some(relayed) => link
                        .send(&relayed)
                        .await?
                        .map(|remote_id| (relayed.post_id, remote_id)),
                    None => None,
                };
                self.advance(create_at, sent_as).await;
            }
        }
    }

    /// Replays the edits and deletions of posts the other side has (a post it never got, or one
    /// not relayed over there with an id, has nothing to change).
    async fn deliver_changes(&mut self, link: &mut Link) -> Result<(), LinkError> {
        let changed = self.wake.changed.take();
        if changed.is_empty() {
            return Ok(());
        }
        let (key, bot_id, network, base) = (
            self.cursor_key.clone(),
            self.bot_id.clone(),
            self.transport.network(),
            self.permalink_base.clone(),
        );
        let found = self
            .state
            .db
            .read(move |conn| {
                let mut found = Vec::new();
                for post_id in changed {
                    let (Some(remote_id), Some(post)) = (
                        bridges::remote_of(conn, &key, &post_id)?,
                        posts::get(conn, &post_id)?,
                    ) else {
                        continue;
                    };
                    let Some(relayed) = relayed(
                        conn,
                        &post,
                        &bot_id,
                        network,
                        &key,
                        format!("{base}{post_id}"),
                    )?
                    else {
                        // It came from there: the other side changed it first.
                        continue;
                    };
                    let change = if post.delete_at != 0 {
                        Change::Remove
                    } else {
                        Change::Edit(relayed, post.edit_at)
                    };
                    found.push((remote_id, post_id, change));
                }
                Ok(found)
            })
            .await;
        let found = match found {
            Ok(found) => found,
            Err(err) => {
                tracing::error!(bridge = %self.name, error = %err.detailed_error, "bridge cannot read changed posts");
                return Ok(());
            }
        };
        let mut found = found.into_iter();
        while let Some((remote_id, post_id, change)) = found.next() {
            let replayed = match change {
                Change::Edit(relayed, version) => link.edit(&remote_id, &relayed, version).await,
                Change::Remove => link.remove(&remote_id, &post_id).await,
            };
            if let Err(lost) = replayed {
                // Replayed once the link is back, this one first.
                let unsent = std::iter::once(post_id).chain(found.map(|(_, id, _)| id));
                self.wake.changed.requeue(unsent);
                return Err(lost);
            }
        }
        Ok(())
    }

    /// Brings the reactions over there in step with those here, for each post whose reactions
    /// changed and which the other side has: an emoji someone here reacted with is one reaction
    /// by the bridge there, taken back when the last person here takes theirs back.
    async fn deliver_reactions(&mut self, link: &mut Link) -> Result<(), LinkError> {
        let mut reacted = self.wake.reacted.take();
        reacted.sort_unstable();
        reacted.dedup();
        if reacted.is_empty() {
            return Ok(());
        }
        let (key, bot_id) = (self.cursor_key.clone(), self.bot_id.clone());
        let found = self
            .state
            .db
            .read(move |conn| {
                let mut found = Vec::new();
                for post_id in reacted {
                    if let Some(steps) = bridges::reaction_steps(conn, &key, &post_id, &bot_id)? {
                        found.push((post_id, steps));
                    }
                }
                Ok(found)
            })
            .await;
        let found = match found {
            Ok(found) => found,
            Err(err) => {
                tracing::error!(bridge = %self.name, error = %err.detailed_error, "bridge cannot read reactions");
                return Ok(());
            }
        };
        let mut found = found.into_iter();
        while let Some((post_id, steps)) = found.next() {
            if let Err(lost) = self.replay_reactions(link, &post_id, steps).await {
                // Looked at again once the link is back: the steps are worked out anew then.
                let unsent = std::iter::once(post_id).chain(found.map(|(id, _)| id));
                self.wake.reacted.requeue(unsent);
                return Err(lost);
            }
        }
        Ok(())
    }

    async fn replay_reactions(
        &self,
        link: &mut Link,
        post_id: &str,
        steps: bridges::ReactionSteps,
    ) -> Result<(), LinkError> {
        for (emoji, version) in steps.to_add {
            let Some(reaction_id) = link.react(&steps.remote_id, &emoji, version).await? else {
                continue;
            };
            let (key, post_id) = (self.cursor_key.clone(), post_id.to_string());
            self.save(move |tx| {
                bridges::map_reaction(tx, &key, &reaction_id, &post_id, &emoji, true)
            })
            .await;
        }
        for reaction_id in steps.to_take_back {
            link.unreact(&reaction_id).await?;
            let key = self.cursor_key.clone();
            self.save(move |tx| bridges::forget_reaction(tx, &key, &reaction_id).map(|_| ()))
                .await;
        }
        Ok(())
    }

    /// Writes what the bridge must remember; a failure is logged (the next change retries).
    async fn save(
        &self,
        write: impl FnOnce(&rusqlite::Transaction) -> ApiResult<()> + Send + 'static,
    ) {
        if let Err(err) = self.state.db.write(write).await {
            tracing::error!(bridge = %self.name, error = %err.detailed_error, "bridge cannot save what it relayed");
        }
    }

    async fn next_batch(&mut self) -> ApiResult<Vec<(i64, Option<Relayed>)>> {
        let (channel_id, key, cursor) = (
            self.channel_id.clone(),
            self.cursor_key.clone(),
            self.cursor,
        );
        let (bot_id, permalink_base, name) = (
            self.bot_id.clone(),
            self.permalink_base.clone(),
            self.name.clone(),
        );
        let network = self.transport.network();
        let (cursor, batch) = self
            .state
            .db
            .write(move |tx| {
                let mut cursor = cursor;
                if let Some((kept_from, dropped)) =
                    bridges::drop_overflow(tx, &key, &channel_id, cursor, OUTBOX_MAX)?
                {
                    tracing::warn!(bridge = %name, dropped, "bridge outbox full: oldest posts dropped");
                    cursor = kept_from;
                }
                let pending = bridges::pending(tx, &channel_id, cursor, BATCH)?;
                let batch = pending
                    .iter()
                    .map(|post| {
                        let permalink = format!("{permalink_base}{}", post.id);
                        let relayed = relayed(tx, post, &bot_id, network, &key, permalink)?;
                        Ok((post.create_at, relayed))
                    })
                    .collect::<ApiResult<Vec<_>>>()?;
                Ok((cursor, batch))
            })
            .await?;
        self.cursor = cursor;
        Ok(batch)
    }

    /// Moves the cursor past a post, remembering what it became on the other side.
    async fn advance(&mut self, through: i64, sent_as: Option<(String, String)>) {
        self.cursor = through;
        let key = self.cursor_key.clone();
        if let Err(err) = self
            .state
            .db
            .write(move |tx| {
                if let Some((post_id, remote_id)) = &sent_as {
                    bridges::map_message(tx, &key, post_id, remote_id)?;
                }
                bridges::advance_cursor(tx, &key, through)
            })
            .await
        {
            tracing::error!(bridge = %self.name, error = %err.detailed_error, "bridge cannot save its place");
        }
    }

    /// Posts what was said on the other side as the bridge bot, shown under the speaker's name.
    async fn post(&self, mut inbound: Inbound) {
        let file = match inbound.file.take() {
            Some(file) => self.store_file(file, &mut inbound.text).await,
            None => None,
        };
        let file_id = file.as_ref().map(|info| info.id.clone());
        let (channel_id, bot_id) = (self.channel_id.clone(), self.bot_id.clone());
        let (network, key) = (self.transport.network(), self.cursor_key.clone());
        let resume_from = inbound.resume_from.clone();
        let written = self
            .state
            .db
            .write(move |tx| {
                let live = channels::get(tx, &channel_id)?.is_some_and(|c| c.delete_at == 0);
                if !live {
                    return Ok(None);
                }
                let mut outbox = Outbox::default();
                match &inbound.kind {
                    InboundKind::Said => {
                        if let Some(info) = &file {
                            files::insert(tx, info)?;
                        }
                        let posting = Posting {
                            channel_id,
                            bot_id,
                            network,
                            file_ids: file.into_iter().map(|info| info.id).collect(),
                        };
                        post_said(tx, &inbound, posting, &key, &mut outbox)?
                    }
                    InboundKind::Reacted { to, emoji } => {
                        react_relayed(tx, &inbound, to, emoji, &bot_id, &key, &mut outbox)?
                    }
                    InboundKind::Removed(remote_id)
                        if bridges::post_of(tx, &key, remote_id)?.is_none() =>
                    {
                        take_back_reaction(tx, remote_id, &bot_id, &key, &mut outbox)?
                    }
                    InboundKind::Edited(remote_id) | InboundKind::Removed(remote_id) => {
                        change_relayed(tx, &inbound, remote_id, &bot_id, &key, &mut outbox)?
                    }
                }
                if let Some(place) = &inbound.resume_from {
                    bridges::save_sync_token(tx, &key, place)?;
                }
                Ok(Some(outbox))
            })
            .await;
        if !matches!(written, Ok(Some(_))) {
            if let Some(file_id) = file_id {
                self.state.files.remove(&file_id).await;
            }
        }
        match written {
            Ok(Some(outbox)) => self.state.publish(outbox),
            Ok(None) => {}
            Err(err) => {
                tracing::warn!(bridge = %self.name, error = %err.detailed_error, "bridge cannot post");
                // Skipped for good: the place moves past it, so a restart does not repeat what
                // came before it.
                if let Some(place) = resume_from {
                    let key = self.cursor_key.clone();
                    if let Err(err) = self
                        .state
                        .db
                        .write(move |tx| bridges::save_sync_token(tx, &key, &place))
                        .await
                    {
                        tracing::error!(bridge = %self.name, error = %err.detailed_error, "bridge cannot save its place");
                    }
                }
            }
        }
    }

    /// Puts a file shared over there into the file store as the bot's upload to the channel; a
    /// file it cannot keep is named in `text` instead, with why.
    async fn store_file(&self, file: InboundFile, text: &mut String) -> Option<FileInfo> {
        let size = file.bytes.len() as u64;
        if size > self.state.max_file_size {
            let why = format!(
                "larger than this server's {} MB limit",
                self.state.max_file_size / 1_000_000
            );
            append_line(text, &file_not_copied(&file.name, &why));
            return None;
        }
        let id = new_id();
        let temp = self.state.files.temp_path(&id);
        let stored = async {
            tokio::fs::write(&temp, &file.bytes)
                .await
                .map_err(|err| ApiError::internal(format!("write bridged file: {err}")))?;
            self.state.files.commit(&temp, &id).await?;
            let name = crate::http::files::clean_name(&file.name);
            crate::http::files::describe(
                &self.state,
                id.clone(),
                name,
                size,
                &self.bot_id,
                &self.channel_id,
            )
            .await
        }
        .await;
        match stored {
            Ok(info) => Some(info),
            Err(err) => {
                tracing::warn!(bridge = %self.name, error = %err.detailed_error, "bridge cannot store a shared file");
                let _ = tokio::fs::remove_file(&temp).await;
                self.state.files.remove(&id).await;
                append_line(text, &file_not_copied(&file.name, "it could not be stored"));
                None
            }
        }
    }

    /// Shows `state` in the channel's props (and tells its members) unless it shows already.
    async fn show(&self, shown: &'static str, state: &'static str) -> &'static str {
        if shown == state {
            return shown;
        }
        let channel_id = self.channel_id.clone();
        let entry = self.transport.shown_as(state);
        let changed = self
            .state
            .db
            .write(move |tx| {
                let mut outbox = Outbox::default();
                if let Some(channel) = bridges::set_channel_bridge(tx, &channel_id, entry)? {
                    outbox.channel_updated(&channel)?;
                }
                Ok(outbox)
            })
            .await;
        match changed {
            Ok(outbox) => self.state.publish(outbox),
            Err(err) => {
                tracing::error!(bridge = %self.name, error = %err.detailed_error, "bridge cannot show its state")
            }
        }
        state
    }
}

/// A post's change to replay on the other side.
enum Change {
    /// The post as it now reads, and when it was edited.
    Edit(Relayed, i64),
    Remove,
}

/// Where and as whom a message from over there is posted, with the files it shared.
struct Posting {
    channel_id: String,
    bot_id: String,
    network: &'static str,
    file_ids: Vec<String>,
}

/// Posts what was said over there as the bot, in the thread of the message it answers if that is
/// here, and remembers which message it is.
fn post_said(
    tx: &Connection,
    inbound: &Inbound,
    posting: Posting,
    key: &str,
    outbox: &mut Outbox,
) -> ApiResult<()> {
    let Posting {
        channel_id,
        bot_id,
        network,
        file_ids,
    } = posting;
    let mut props = Map::new();
    let mut prop =
        |key: &str, value: &str| props.insert(key.to_string(), Value::String(value.to_string()));
    prop("from_webhook", "true");
    prop("override_username", &inbound.nick);
    prop(PROP_BRIDGE, network);
    let mut root_id = String::new();
    if let Some(answered) = &inbound.in_reply_to {
        if let Some(root) = bridges::post_of(tx, key, answered)?
            .map(|post_id| posts::get(tx, &post_id))
            .transpose()?
            .flatten()
            .filter(|root| root.channel_id == channel_id && root.delete_at == 0)
        {
            root_id = if root.root_id.is_empty() {
                root.id
            } else {
                root.root_id
            };
        }
    }
    let new = NewPost {
        channel_id,
        user_id: bot_id,
        root_id,
        message: post_text(tx, inbound)?,
        props,
        file_ids,
        ..Default::default()
    };
    let created = posts::create(tx, new, now_ms(), outbox)?;
    if let Some(remote_id) = &inbound.remote_id {
        bridges::map_message(tx, key, &created.post.id, remote_id)?;
    }
    Ok(())
}

/// Shows a reaction said over there as the bot's reaction to the post the message is. Mattermost
/// keeps one reaction per person, emoji and post, and the people over there have no accounts
/// here, so the bot holds it for all of them: one reaction per emoji, whoever over there reacted,
/// kept until the last of them takes theirs back (who they are shows over there, not here).
fn react_relayed(
    tx: &Connection,
    inbound: &Inbound,
    to: &str,
    emoji: &str,
    bot_id: &str,
    key: &str,
    outbox: &mut Outbox,
) -> ApiResult<()> {
    let Some(reaction_id) = &inbound.remote_id else {
        return Ok(());
    };
    let Some(post) = bridges::post_of(tx, key, to)?
        .map(|post_id| posts::get(tx, &post_id))
        .transpose()?
        .flatten()
        .filter(|post| post.delete_at == 0)
    else {
        return Ok(());
    };
    let (reaction, added) = reactions::add(tx, &post, bot_id, emoji, now_ms())?;
    bridges::map_reaction(tx, key, reaction_id, &post.id, emoji, false)?;
    if added {
        outbox.to_channel(
            event_name::REACTION_ADDED,
            reaction_event_data(&reaction)?,
            &post.channel_id,
        );
    }
    Ok(())
}

/// A reaction over there taken back: the bot's reaction goes when nobody over there holds it.
fn take_back_reaction(
    tx: &Connection,
    reaction_id: &str,
    bot_id: &str,
    key: &str,
    outbox: &mut Outbox,
) -> ApiResult<()> {
    let Some((post_id, emoji, outbound)) = bridges::forget_reaction(tx, key, reaction_id)? else {
        return Ok(());
    };
    // The bridge's own reaction, taken back by a moderator: the next change here sends it again.
    if outbound || bridges::reacted_over_there(tx, key, &post_id, &emoji)? {
        return Ok(());
    }
    if let Some(removed) = reactions::remove(tx, &post_id, bot_id, &emoji, now_ms())? {
        if let Some(post) = posts::get(tx, &post_id)? {
            outbox.to_channel(
                event_name::REACTION_REMOVED,
                reaction_event_data(&removed)?,
                &post.channel_id,
            );
        }
    }
    Ok(())
}

/// Edits or deletes the post a message from over there became, when the same speaker changed it.
fn change_relayed(
    tx: &Connection,
    inbound: &Inbound,
    remote_id: &str,
    bot_id: &str,
    key: &str,
    outbox: &mut Outbox,
) -> ApiResult<()> {
    let Some(post) = bridges::post_of(tx, key, remote_id)?
        .map(|post_id| posts::get(tx, &post_id))
        .transpose()?
        .flatten()
        .filter(|post| post.user_id == bot_id && post.delete_at == 0)
    else {
        return Ok(());
    };
    let (name, changed) = match inbound.kind {
        InboundKind::Removed(_) => (
            event_name::POST_DELETED,
            post_changes::soft_delete(tx, &post, now_ms())?,
        ),
        _ if post.override_username() != Some(inbound.nick.as_str()) => return Ok(()),
        _ => (
            event_name::POST_EDITED,
            post_changes::edit_message(tx, &post, &post_text(tx, inbound)?, now_ms())?,
        ),
    };
    let data = PostChangedData {
        post: serde_json::to_string(&changed).map_err(crate::error::ApiError::internal)?,
        delete_by: (name == event_name::POST_DELETED).then(|| bot_id.to_string()),
    };
    let data = serde_json::to_value(data).map_err(crate::error::ApiError::internal)?;
    outbox.to_channel(name, data, &post.channel_id);
    Ok(())
}

/// What the other side gets of a post, or None for posts that stay here: system messages and
/// what the bridge bot posted for this bridge's own network (it came from there). What the bot
/// posted for another network goes on, under the speaker's name, so a channel bridged with IRC
/// and Matrix relays between the two.
fn relayed(
    conn: &Connection,
    post: &Post,
    bot_id: &str,
    network: &str,
    bridge_key: &str,
    permalink: String,
) -> ApiResult<Option<Relayed>> {
    let from_elsewhere = post.user_id == bot_id
        && post.props.get(PROP_BRIDGE).and_then(Value::as_str) != Some(network);
    let relayable = (post.user_id != bot_id || from_elsewhere)
        && (post.post_type.is_empty() || post.post_type == "me");
    if !relayable {
        return Ok(None);
    }
    let author = if from_elsewhere {
        post.override_username().map(str::to_string)
    } else {
        users::get(conn, &post.user_id)?.map(|user| user.username)
    };
    let Some(author) = author else {
        return Ok(None);
    };
    let reply_to = match post.root_id.as_str() {
        "" => None,
        root_id => match posts::get(conn, root_id)? {
            Some(root) => speaker(conn, &root)?,
            None => None,
        },
    };
    let (message, action) = match post.message.strip_prefix("/me ") {
        Some(action) => (action.to_string(), true),
        None => (post.message.clone(), post.post_type == "me"),
    };
    // The files open in brisk, to those who may read the channel: the post's permalink leads there.
    let links = match files::for_posts(conn, &[post.id.as_str()])?.remove(&post.id) {
        Some(shared) => {
            let names: Vec<&str> = shared.iter().map(|file| file.name.as_str()).collect();
            vec![format!("shared {}: {permalink}", names.join(", "))]
        }
        None => Vec::new(),
    };
    let reply_to_remote = match post.root_id.as_str() {
        "" => None,
        root_id => bridges::remote_of(conn, bridge_key, root_id)?,
    };
    Ok(Some(Relayed {
        post_id: post.id.clone(),
        reply_to_remote,
        author,
        message,
        reply_to,
        action,
        links,
    }))
}

/// The name a post shows as: the nick of a relayed post, the author's username otherwise.
fn speaker(conn: &Connection, post: &Post) -> ApiResult<Option<String>> {
    if post.is_from_webhook() {
        if let Some(name) = post.override_username() {
            return Ok(Some(name.to_string()));
        }
    }
    Ok(users::get(conn, &post.user_id)?.map(|user| user.username))
}

/// The post for something said on the other side: `*nick waves*` for an action; `alice: hi`
/// becomes `@alice: hi` when alice is someone here, so she is notified as on IRC.
fn post_text(conn: &Connection, inbound: &Inbound) -> ApiResult<String> {
    if inbound.action {
        return Ok(format!("*{} {}*", inbound.nick, inbound.text));
    }
    if let Some((name, rest)) = inbound.text.split_once([':', ',']) {
        let addressed = rest.starts_with(' ')
            && users::validate_username(name).is_ok()
            && users::get_by_username(conn, name)?.is_some();
        if addressed {
            return Ok(format!("@{}", inbound.text));
        }
    }
    Ok(inbound.text.clone())
}

/// Waits between reconnection attempts.
#[derive(Default)]
struct Backoff {
    failures: u32,
}

impl Backoff {
    /// How long to wait after `failure` before linking again.
    fn wait_after(&mut self, failure: &LinkError) -> Duration {
        if failure.is_refused() {
            REFUSED_RETRY
        } else {
            self.next_wait()
        }
    }

    fn next_wait(&mut self) -> Duration {
        let full = RETRY_FIRST
            .saturating_mul(2u32.saturating_pow(self.failures))
            .min(RETRY_LONGEST);
        self.failures = self.failures.saturating_add(1);
        full.mul_f64(rand::thread_rng().gen_range(0.5..=1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_with_jitter_up_to_a_minute() {
        let mut backoff = Backoff::default();
        let waits: Vec<Duration> = (0..10).map(|_| backoff.next_wait()).collect();
        assert!(waits[0] >= RETRY_FIRST / 2 && waits[0] <= RETRY_FIRST);
        assert!(waits[3] >= RETRY_FIRST * 4 && waits[3] <= RETRY_FIRST * 8);
        assert!(waits.iter().all(|wait| *wait <= RETRY_LONGEST));
        assert!(waits[9] >= RETRY_LONGEST / 2);
    }

    #[test]
    fn refused_credentials_are_tried_again_only_after_minutes() {
        let mut backoff = Backoff::default();
        let refused = LinkError::refused("the homeserver refuses the password");
        assert_eq!(backoff.wait_after(&refused), REFUSED_RETRY);
        assert!(REFUSED_RETRY >= Duration::from_secs(5 * 60));
        let lost = LinkError::new("connection reset");
        assert!(
            backoff.wait_after(&lost) <= RETRY_FIRST,
            "a refusal does not grow the backoff"
        );
    }
}
