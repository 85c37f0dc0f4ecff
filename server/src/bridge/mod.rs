//! Chat bridges: a channel mirrored both ways with a room on another chat network, built into the
//! server. The core here and in `relay` knows channels, posts and the bridge bot; a transport
//! (`irc`, `matrix`) knows its network and turns posts into its messages and back. A channel
//! with several bridges relays between all of them: what one network says, brisk posts, and the
//! other bridges send on.
//!
//! Each bridge keeps a cursor through its channel in SQLite: the posts after it are its outbox, so
//! what is posted while the other side is unreachable is delivered in order once it is back, and a
//! busy server never makes the HTTP handlers wait (they only wake the bridge).

pub mod config;
pub mod irc;
pub mod matrix;
mod relay;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, RwLock};

use axum::http::StatusCode;
use brisk_model::{
    bridge_state, event_name, Channel, ChannelBridge, Post, PostChangedData, Reaction,
    ReactionEventData, User,
};
use rusqlite::Connection;
use tokio::sync::Notify;

pub use self::config::{BridgeSpec, BridgesConfig};
use crate::db::{bridges, channels, teams, users, Db};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Event, Outbox};
use crate::ids::now_ms;
use crate::AppState;

/// A password read from the environment: kept out of `Debug` output, so out of logs.
#[derive(Clone)]
pub struct Secret(pub(crate) String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(hidden)")
    }
}

/// A brisk post on its way to the other side, in no network's terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Relayed {
    /// The post's id: where the other network keeps ids of what was sent, it is made from this.
    pub post_id: String,
    /// Username of the author.
    pub author: String,
    /// The message as written (markdown).
    pub message: String,
    /// Who wrote the post a reply answers.
    pub reply_to: Option<String>,
    /// The message on the other network that a reply answers, where it is known.
    pub reply_to_remote: Option<String>,
    /// `/me waves`: an action rather than something said.
    pub action: bool,
    /// One line per thing that is not text (the post's files): what it is and where to open it.
    pub links: Vec<String>,
}

/// Something said in the room on the other side, by someone other than the bridge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inbound {
    pub kind: InboundKind,
    pub nick: String,
    /// Plain text, formatting removed (for an edit: the new text).
    pub text: String,
    pub action: bool,
    /// The message's id on the other network, where it has one.
    pub remote_id: Option<String>,
    /// The id of the message it answers, for a reply.
    pub in_reply_to: Option<String>,
    /// Where the transport reads on from once this message is posted (a Matrix `since` token):
    /// saved in the same transaction as the post, so a restart neither skips nor repeats it.
    pub resume_from: Option<String>,
    /// A file shared with the message, fetched from the other side to attach to the post.
    pub file: Option<InboundFile>,
}

/// A file someone shared over there, as its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboundFile {
    pub name: String,
    pub bytes: axum::body::Bytes,
}

/// What happened on the other side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InboundKind {
    Said,
    /// The message with this remote id was edited.
    Edited(String),
    /// The message with this remote id was removed (or the reaction with this id taken back).
    Removed(String),
    /// Someone reacted with `emoji` (a Mattermost emoji name) to the message with the remote id
    /// `to`; the reaction's own remote id is the inbound's `remote_id`.
    Reacted {
        to: String,
        emoji: String,
    },
}

/// Why a link to the other side could not be made or was lost.
#[derive(Debug)]
pub struct LinkError {
    reason: String,
    /// The other side refused the bridge's credentials: trying again soon cannot help.
    refused: bool,
}

impl LinkError {
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            refused: false,
        }
    }

    /// The other side refused who the bridge says it is (a wrong password or token).
    pub fn refused(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
            refused: true,
        }
    }

    pub fn is_refused(&self) -> bool {
        self.refused
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl From<std::io::Error> for LinkError {
    fn from(err: std::io::Error) -> Self {
        Self::new(err.to_string())
    }
}

/// The network a bridge links its channel to.
#[derive(Clone, Debug)]
pub enum Transport {
    Irc(irc::IrcEndpoint),
    Matrix(matrix::MatrixEndpoint),
}

impl Transport {
    /// The network's name in the channel's `props.bridges`.
    pub fn network(&self) -> &'static str {
        match self {
            Self::Irc(_) => "irc",
            Self::Matrix(_) => "matrix",
        }
    }

    pub fn room(&self) -> &str {
        match self {
            Self::Irc(endpoint) => &endpoint.room,
            Self::Matrix(endpoint) => &endpoint.room,
        }
    }

    pub fn server(&self) -> String {
        match self {
            Self::Irc(endpoint) => endpoint.server(),
            Self::Matrix(endpoint) => endpoint.homeserver.authority(),
        }
    }

    /// Links up; `bridge_key` names what the bridge keeps in `db` (Matrix's place in the room).
    async fn connect(&self, db: &Db, bridge_key: &str) -> Result<Link, LinkError> {
        match self {
            Self::Irc(endpoint) => endpoint.connect().await.map(Link::Irc),
            Self::Matrix(endpoint) => endpoint.connect(db, bridge_key).await.map(Link::Matrix),
        }
    }

    /// How the channel's props show this bridge in `state`.
    fn shown_as(&self, state: &str) -> ChannelBridge {
        ChannelBridge {
            network: self.network().into(),
            room: self.room().into(),
            server: self.server(),
            state: state.into(),
        }
    }
}

/// A live link to the other side.
enum Link {
    Irc(irc::IrcLink),
    Matrix(matrix::MatrixLink),
}

impl Link {
    /// Sends a post; returns its id on the other network, where messages have one.
    async fn send(&mut self, post: &Relayed) -> Result<Option<String>, LinkError> {
        match self {
            Self::Irc(link) => link.send(post).await.map(|()| None),
            Self::Matrix(link) => link.send(post).await,
        }
    }

    /// Replaces the message `remote_id` with the post as it now reads (`version`: its edit time).
    async fn edit(
        &mut self,
        remote_id: &str,
        post: &Relayed,
        version: i64,
    ) -> Result<(), LinkError> {
        match self {
            // IRC messages have no ids, so nothing relayed there is ever asked to change.
            Self::Irc(_) => Ok(()),
            Self::Matrix(link) => link.edit(remote_id, post, version).await,
        }
    }

    /// Removes the message `remote_id`, which the post `post_id` was.
    async fn remove(&mut self, remote_id: &str, post_id: &str) -> Result<(), LinkError> {
        match self {
            Self::Irc(_) => Ok(()),
            Self::Matrix(link) => link.remove(remote_id, post_id).await,
        }
    }

    /// Reacts with `emoji` (a Mattermost name) to the message `remote_id`; `version` tells this
    /// reaction from an earlier one taken back. Returns the reaction's id over there.
    async fn react(
        &mut self,
        remote_id: &str,
        emoji: &str,
        version: i64,
    ) -> Result<Option<String>, LinkError> {
        match self {
            // IRC has no reactions.
            Self::Irc(_) => Ok(None),
            Self::Matrix(link) => link.react(remote_id, emoji, version).await,
        }
    }

    /// Takes back the reaction `reaction_id` the bridge made.
    async fn unreact(&mut self, reaction_id: &str) -> Result<(), LinkError> {
        match self {
            Self::Irc(_) => Ok(()),
            Self::Matrix(link) => link.unreact(reaction_id).await,
        }
    }

    /// Cancel-safe: the relay stops waiting when a post arrives, and nothing read is lost.
    async fn next(&mut self) -> Result<Inbound, LinkError> {
        match self {
            Self::Irc(link) => link.next().await,
            Self::Matrix(link) => link.next().await,
        }
    }
}

/// What a post says instead of a file shared over there that it could not keep.
fn file_not_copied(name: &str, why: &str) -> String {
    format!("*{name}* was shared there but is not here: {why}")
}

/// Adds `line` to a message, on a line of its own.
fn append_line(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

/// Splits a URL's `host[:port]` (an IPv6 address in brackets) into the host and the port as
/// written; `url` is for the error.
fn split_authority<'a>(
    url: &str,
    authority: &'a str,
) -> Result<(&'a str, Option<&'a str>), String> {
    match authority.strip_prefix('[') {
        Some(bracketed) => {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| format!("`{url}` has an unclosed [ in its host"))?;
            Ok((host, after.strip_prefix(':')))
        }
        None => Ok(match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }),
    }
}

/// The port as written (1 to 65535), or the scheme's `default` where none is.
fn parse_port(url: &str, port: Option<&str>, default: u16) -> Result<u16, String> {
    match port {
        None => Ok(default),
        Some(port) => port
            .parse::<u16>()
            .ok()
            .filter(|&port| port != 0)
            .ok_or_else(|| format!("`{url}` has a bad port `{port}`")),
    }
}

/// `host:port` as people write it (an IPv6 address in brackets).
fn host_and_port(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// A TLS client trusting the Mozilla roots, with ring as the crypto provider.
fn tls_connector() -> Result<tokio_rustls::TlsConnector, LinkError> {
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|err| LinkError::new(format!("TLS set-up: {err}")))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

/// How a relay is woken: a post landed in its channel, or posts it may have relayed changed.
#[derive(Default)]
struct Wake {
    notify: Notify,
    /// Ids of posts edited or deleted since the relay last looked.
    changed: PostQueue,
    /// Ids of posts whose reactions changed since the relay last looked.
    reacted: PostQueue,
}

/// Ids of posts a relay has yet to look at again.
#[derive(Default)]
struct PostQueue(Mutex<Vec<String>>);

impl PostQueue {
    fn push(&self, post_id: String) {
        if let Ok(mut ids) = self.0.lock() {
            ids.push(post_id);
        }
    }

    fn take(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|mut ids| std::mem::take(&mut *ids))
            .unwrap_or_default()
    }

    /// Puts back ids that could not be handled, ahead of any that came since.
    fn requeue(&self, unsent: impl IntoIterator<Item = String>) {
        if let Ok(mut ids) = self.0.lock() {
            let later = std::mem::take(&mut *ids);
            ids.extend(unsent);
            ids.extend(later);
        }
    }
}

/// Wakes the bridges of a channel when a post lands in it or changes. `AppState::publish` calls
/// this for every event, so it only takes short locks and never waits on a bridge.
#[derive(Default)]
pub struct Wakers {
    by_channel: RwLock<HashMap<String, Vec<Arc<Wake>>>>,
}

impl Wakers {
    pub fn notice(&self, event: &Event) {
        let changed =
            event.name == event_name::POST_EDITED || event.name == event_name::POST_DELETED;
        let reacted =
            event.name == event_name::REACTION_ADDED || event.name == event_name::REACTION_REMOVED;
        if event.name != event_name::POSTED && !changed && !reacted {
            return;
        }
        let Audience::Channel { channel_id, .. } = &event.audience else {
            return;
        };
        let Ok(by_channel) = self.by_channel.read() else {
            return;
        };
        let Some(wakes) = by_channel.get(channel_id) else {
            return;
        };
        let changed_post = changed
            .then(|| serde_json::from_value::<PostChangedData>(event.data.clone()).ok())
            .flatten()
            .and_then(|data| serde_json::from_str::<Post>(&data.post).ok());
        let reacted_post = reacted
            .then(|| serde_json::from_value::<ReactionEventData>(event.data.clone()).ok())
            .flatten()
            .and_then(|data| serde_json::from_str::<Reaction>(&data.reaction).ok());
        for wake in wakes {
            if let Some(post) = &changed_post {
                wake.changed.push(post.id.clone());
            }
            if let Some(reaction) = &reacted_post {
                wake.reacted.push(reaction.post_id.clone());
            }
            wake.notify.notify_one();
        }
    }

    fn add(&self, channel_id: &str, wake: Arc<Wake>) {
        if let Ok(mut by_channel) = self.by_channel.write() {
            by_channel
                .entry(channel_id.to_string())
                .or_default()
                .push(wake);
        }
    }
}

/// Starts the configured bridges: checks that each channel exists (an error names the line),
/// makes the bridge bot and its memberships, marks the channels "connecting" and spawns a relay
/// per bridge. Links to the channels of a previous configuration are cleared from their props.
pub fn start(state: &AppState, config: &BridgesConfig, site_url: &str) -> Result<(), String> {
    let db_error = |err: ApiError| format!("bridges: {} {}", err.message, err.detailed_error);
    let channels = config
        .bridges
        .iter()
        .map(|spec| resolve(state, config, spec))
        .collect::<Result<Vec<_>, _>>()?;
    let (bot, cursors, outbox) = state
        .db
        .write_now(|tx| {
            bridges::clear_channel_bridges(tx)?;
            if config.bridges.is_empty() {
                return Ok((None, Vec::new(), Outbox::default()));
            }
            let mut outbox = Outbox::default();
            let bot = bot_account(tx, &config.bot_username)?;
            let mut cursors = Vec::new();
            for (spec, (team_name, channel)) in config.bridges.iter().zip(&channels) {
                teams::add_member(tx, &channel.team_id, &bot.id, false)?;
                if channels::add_member(tx, channel, &bot.id, false, now_ms())?.is_some() {
                    outbox.joined.push((channel.id.clone(), bot.id.clone()));
                }
                let key = cursor_key(&channel.id, &spec.transport);
                cursors.push((key.clone(), bridges::start_cursor(tx, &key, channel)?));
                let shown = spec.transport.shown_as(bridge_state::CONNECTING);
                bridges::set_channel_bridge(tx, &channel.id, shown)?;
                tracing::info!(channel = %format!("{team_name}/{}", channel.name), room = spec.transport.room(), server = spec.transport.server(), "bridging");
            }
            Ok((Some(bot), cursors, outbox))
        })
        .map_err(db_error)?;
    state.publish(outbox);
    let Some(bot) = bot else {
        return Ok(());
    };
    for ((spec, (team_name, channel)), (key, cursor)) in
        config.bridges.iter().zip(channels).zip(cursors)
    {
        let wake = Arc::new(Wake::default());
        state.bridges.add(&channel.id, wake.clone());
        let relay = relay::Relay {
            state: state.clone(),
            name: format!(
                "{team_name}/{} ↔ {} {}",
                channel.name,
                spec.transport.server(),
                spec.transport.room()
            ),
            transport: spec.transport.clone(),
            cursor_key: key,
            cursor,
            channel_id: channel.id,
            permalink_base: format!("{}/{team_name}/pl/", site_url.trim_end_matches('/')),
            bot_id: bot.id.clone(),
            wake,
        };
        tokio::spawn(relay.run());
    }
    Ok(())
}

/// The team name and live channel a bridge table names.
fn resolve(
    state: &AppState,
    config: &BridgesConfig,
    spec: &BridgeSpec,
) -> Result<(String, Channel), String> {
    let found = state.db.read_now(|conn| {
        let Some(team) = teams::get_by_name(conn, &spec.team)?.filter(|t| t.delete_at == 0) else {
            return Ok(Err(format!("there is no team named `{}`", spec.team)));
        };
        let channel = channels::get_by_name(conn, &team.id, &spec.channel)?
            .filter(|c| c.delete_at == 0 && matches!(c.channel_type.as_str(), "O" | "P"));
        Ok(match channel {
            Some(channel) => Ok((team.name, channel)),
            None => Err(format!(
                "team `{}` has no open or private channel named `{}`",
                spec.team, spec.channel
            )),
        })
    });
    match found {
        Ok(Ok(found)) => Ok(found),
        Ok(Err(message)) => Err(config.error_at(spec.line, message)),
        Err(err) => Err(format!("bridges: {}", err.detailed_error)),
    }
}

/// Identifies a bridge's cursor: the channel and where on the other network it is linked.
fn cursor_key(channel_id: &str, transport: &Transport) -> String {
    format!(
        "{channel_id} {} {} {}",
        transport.network(),
        transport.server(),
        transport.room()
    )
}

/// The bridge bot, created on first start. A person already holding the username is an error,
/// never taken over.
fn bot_account(conn: &Connection, username: &str) -> ApiResult<User> {
    let bot = users::NewBot {
        username,
        first_name: "Chat",
        last_name: "bridge",
        position: "Relays bridged chat rooms",
    };
    users::get_or_create_bot(conn, &bot, now_ms())?.ok_or_else(|| {
        ApiError::new(
            StatusCode::CONFLICT,
            "bridge.bot.username_taken",
            format!(
                "the bridge bot's username `{username}` belongs to a person; set `bot = \"...\"` in the bridges file"
            ),
        )
    })
}
