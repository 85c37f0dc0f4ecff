//! The Matrix transport: the bridge is an ordinary account on the homeserver (client-server API,
//! no application service), so it works on any homeserver, public ones included. It logs in,
//! joins the room, long-polls `/sync` from the `since` token saved in SQLite, and sends posts as
//! `m.room.message` events under a transaction id made from the post id, so a send retried after
//! a lost answer is not shown twice. Reactions are `m.reaction` annotations both ways, and files
//! shared in the room are downloaded with the bridge's token (media is authenticated on current
//! homeservers, so a link would not open for people in brisk) and attached to the post.

mod client;
mod html;

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use axum::http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use self::client::{segment, CallError, Homeserver};
use super::{
    append_line, file_not_copied, Inbound, InboundFile, InboundKind, LinkError, Relayed, Secret,
};
use crate::db::{bridges, reactions, Db};

/// How long a /sync may wait for something to happen in the room.
const SYNC_WAIT: Duration = Duration::from_secs(30);
/// Events of the room one /sync returns at most. A gap longer than this (an outage of a very busy
/// room) loses its oldest events; the bridge says so in its log.
const SYNC_EVENTS_MAX: u32 = 500;
/// The device the bridge logs in as: the same one every time, so the homeserver keeps one device
/// for it and its transaction ids stay valid across logins.
const DEVICE_ID: &str = "BRISKBRIDGE";
/// Largest file shared in the room that the bridge copies into brisk (held in memory while it
/// is fetched); a larger one is named in the post instead.
const MEDIA_MAX: usize = 25 * 1024 * 1024;
/// Matrix's error codes for credentials the homeserver will not take (a token that is not even
/// a valid header value is answered as missing).
const REFUSALS: &[&str] = &[
    "M_FORBIDDEN",
    "M_UNKNOWN_TOKEN",
    "M_MISSING_TOKEN",
    "M_USER_DEACTIVATED",
];

/// Where and as whom to connect.
#[derive(Clone, Debug)]
pub struct MatrixEndpoint {
    pub homeserver: Homeserver,
    /// `#alias:server` or `!id:server`, as configured.
    pub room: String,
    pub credential: Credential,
}

/// How the bridge proves who it is.
#[derive(Clone, Debug)]
pub enum Credential {
    Password { user: String, password: Secret },
    AccessToken(Secret),
}

impl MatrixEndpoint {
    /// Reads a bridge table's Matrix keys; the error says what is wrong.
    pub fn parse(url: &str, room: &str, credential: Credential) -> Result<Self, String> {
        let homeserver = Homeserver::parse(url)?;
        let room_ok = room.starts_with(['#', '!'])
            && room.len() <= 255
            && room[1..]
                .split_once(':')
                .is_some_and(|(local, server)| !local.is_empty() && !server.is_empty())
            && !room.contains(char::is_whitespace);
        if !room_ok {
            return Err(format!(
                "`{room}` is not a Matrix room alias (#room:server) or id (!id:server)"
            ));
        }
        if let Credential::Password { user, .. } = &credential {
            let user_ok = user.starts_with('@')
                && user[1..]
                    .split_once(':')
                    .is_some_and(|(local, server)| !local.is_empty() && !server.is_empty());
            if !user_ok {
                return Err(format!("`{user}` is not a Matrix user id (@name:server)"));
            }
        }
        Ok(Self {
            homeserver,
            room: room.to_string(),
            credential,
        })
    }

    /// Logs in, joins the room and finds where to read from: the saved `since` token, or (on the
    /// very first link) the room as it is now, so a new bridge relays from now on.
    pub async fn connect(&self, db: &Db, bridge_key: &str) -> Result<MatrixLink, LinkError> {
        let (token, user_id) = self.log_in().await?;
        let joined: JoinAnswer = self
            .homeserver
            .call(
                Method::POST,
                &format!("/join/{}", segment(&self.room)),
                Some(&token),
                Some(&json!({})),
                Duration::ZERO,
            )
            .await?;
        let members: JoinedMembers = self
            .homeserver
            .call(
                Method::GET,
                &format!("/rooms/{}/joined_members", segment(&joined.room_id)),
                Some(&token),
                None::<&()>,
                Duration::ZERO,
            )
            .await?;
        let names = members
            .joined
            .into_iter()
            .filter_map(|(user, member)| member.display_name.map(|name| (user, name)))
            .collect();
        let key = bridge_key.to_string();
        let saved = db
            .read(move |conn| bridges::sync_token(conn, &key))
            .await
            .map_err(|err| LinkError::new(err.detailed_error))?;
        let mut link = MatrixLink {
            homeserver: self.homeserver.clone(),
            token,
            user_id,
            room_id: joined.room_id,
            names,
            since: saved.clone().unwrap_or_default(),
            saved: saved.unwrap_or_default(),
            heard: VecDeque::new(),
            db: db.clone(),
            bridge_key: bridge_key.to_string(),
        };
        if link.since.is_empty() {
            link.since = link.sync(Duration::ZERO).await?.next_batch;
        }
        Ok(link)
    }

    async fn log_in(&self) -> Result<(Secret, String), LinkError> {
        match &self.credential {
            Credential::AccessToken(token) => {
                let me: WhoAmI = self
                    .homeserver
                    .call(
                        Method::GET,
                        "/account/whoami",
                        Some(token),
                        None::<&()>,
                        Duration::ZERO,
                    )
                    .await
                    .map_err(|err| match err {
                        CallError::Refused { errcode, .. }
                            if REFUSALS.contains(&errcode.as_str()) =>
                        {
                            LinkError::refused(format!(
                                "the homeserver does not accept the access token ({errcode})"
                            ))
                        }
                        other => other.into(),
                    })?;
                Ok((token.clone(), me.user_id))
            }
            Credential::Password { user, password } => {
                let login = LoginRequest {
                    kind: "m.login.password",
                    identifier: UserIdentifier {
                        kind: "m.id.user",
                        user,
                    },
                    password: password.expose(),
                    device_id: DEVICE_ID,
                    initial_device_display_name: "brisk bridge",
                };
                let answer: LoginAnswer = self
                    .homeserver
                    .call(Method::POST, "/login", None, Some(&login), Duration::ZERO)
                    .await
                    .map_err(|err| match err {
                        CallError::Refused { errcode, .. }
                            if REFUSALS.contains(&errcode.as_str()) =>
                        {
                            LinkError::refused(format!(
                                "the homeserver refuses the password of {user} ({errcode})"
                            ))
                        }
                        other => other.into(),
                    })?;
                Ok((Secret(answer.access_token), answer.user_id))
            }
        }
    }
}

/// A logged-in account joined to the room.
pub struct MatrixLink {
    homeserver: Homeserver,
    token: Secret,
    /// The bridge's own Matrix id: its events are what it sent, never relayed back.
    user_id: String,
    room_id: String,
    /// Display names of the room's members, by user id.
    names: HashMap<String, String>,
    /// The token to sync from next.
    since: String,
    /// The token last saved in the database.
    saved: String,
    /// What the last sync brought and the relay has not taken yet.
    heard: VecDeque<Heard>,
    db: Db,
    bridge_key: String,
}

impl MatrixLink {
    /// Sends a post; returns its event id. A post the homeserver refuses for good (too big, not
    /// allowed) is skipped with a warning rather than blocking the posts after it.
    pub async fn send(&mut self, post: &Relayed) -> Result<Option<String>, LinkError> {
        let content = message_content(post);
        self.put_event(
            "m.room.message",
            &format!("brisk.{}", post.post_id),
            &content,
        )
        .await
    }

    /// Replaces the event `remote_id` with the post as it reads now (`m.replace`).
    pub async fn edit(
        &mut self,
        remote_id: &str,
        post: &Relayed,
        version: i64,
    ) -> Result<(), LinkError> {
        let new_content = message_content(post);
        let mut content = json!({
            "msgtype": new_content["msgtype"],
            "body": format!("* {}", new_content["body"].as_str().unwrap_or_default()),
            "m.relates_to": {"rel_type": "m.replace", "event_id": remote_id},
        });
        content["m.new_content"] = new_content;
        let txn = format!("brisk.{}.edit.{version}", post.post_id);
        self.put_event("m.room.message", &txn, &content).await?;
        Ok(())
    }

    /// Redacts the event `remote_id`, which the deleted post `post_id` was.
    pub async fn remove(&mut self, remote_id: &str, post_id: &str) -> Result<(), LinkError> {
        self.redact(remote_id, &format!("brisk.{post_id}.delete"))
            .await
    }

    /// Annotates the event `remote_id` with `emoji` (its character, or `:name:` for an emoji
    /// Matrix clients would not know by name); returns the annotation's event id.
    pub async fn react(
        &mut self,
        remote_id: &str,
        emoji: &str,
        version: i64,
    ) -> Result<Option<String>, LinkError> {
        let key =
            brisk_model::emoji::by_name(emoji).map_or_else(|| format!(":{emoji}:"), str::to_string);
        let content = json!({
            "m.relates_to": {"rel_type": "m.annotation", "event_id": remote_id, "key": key},
        });
        let txn = format!("brisk.{remote_id}.react.{emoji}.{version}");
        self.put_event("m.reaction", &txn, &content).await
    }

    /// Redacts the bridge's annotation `reaction_id`.
    pub async fn unreact(&mut self, reaction_id: &str) -> Result<(), LinkError> {
        self.redact(reaction_id, &format!("brisk.{reaction_id}.unreact"))
            .await
    }

    async fn redact(&self, event_id: &str, txn: &str) -> Result<(), LinkError> {
        let path = format!(
            "/rooms/{}/redact/{}/{}",
            segment(&self.room_id),
            segment(event_id),
            segment(txn)
        );
        self.put(&path, &json!({})).await?;
        Ok(())
    }

    /// Sends an event under a transaction id; returns its event id.
    async fn put_event(
        &mut self,
        kind: &str,
        txn: &str,
        content: &Value,
    ) -> Result<Option<String>, LinkError> {
        let path = format!(
            "/rooms/{}/send/{}/{}",
            segment(&self.room_id),
            segment(kind),
            segment(txn)
        );
        Ok(self.put(&path, content).await?.map(|sent| sent.event_id))
    }

    /// A PUT whose refusal for good is logged and skipped; None then.
    async fn put(&self, path: &str, content: &Value) -> Result<Option<Sent>, LinkError> {
        let sent: Result<Sent, CallError> = self
            .homeserver
            .call(
                Method::PUT,
                path,
                Some(&self.token),
                Some(content),
                Duration::ZERO,
            )
            .await;
        match sent {
            Ok(sent) => Ok(Some(sent)),
            Err(CallError::Refused {
                status,
                errcode,
                error,
            }) if status != 401 && (400..500).contains(&status) => {
                tracing::warn!(%errcode, %error, "the homeserver refused what the bridge relayed");
                Ok(None)
            }
            Err(err) => Err(err.into()),
        }
    }

    /// The next message said in the room. Cancel-safe: a sync cut short changes nothing. The
    /// `since` token after a sync travels with the last message it brought (the relay saves it
    /// with that post), or is saved here when it brought none.
    pub async fn next(&mut self) -> Result<Inbound, LinkError> {
        loop {
            // The file is fetched while the message is still first in line: a wait cut short
            // here fetches it again next time.
            if let Some(Heard {
                media: Some(media), ..
            }) = self.heard.front()
            {
                let media = media.clone();
                let fetched = self.fetch(&media).await;
                if let Some(first) = self.heard.front_mut() {
                    first.media = None;
                    match fetched {
                        Ok(file) => first.inbound.file = Some(file),
                        Err(why) => append_line(
                            &mut first.inbound.text,
                            &file_not_copied(&media.name, &why),
                        ),
                    }
                }
            }
            if let Some(heard) = self.heard.pop_front() {
                return Ok(heard.inbound);
            }
            if self.saved != self.since {
                let (key, since) = (self.bridge_key.clone(), self.since.clone());
                self.db
                    .write(move |tx| bridges::save_sync_token(tx, &key, &since))
                    .await
                    .map_err(|err| LinkError::new(err.detailed_error))?;
                self.saved = self.since.clone();
            }
            let mut sync = self.sync(SYNC_WAIT).await?;
            self.since = sync.next_batch;
            let Some(room) = sync.rooms.join.remove(&self.room_id) else {
                continue;
            };
            if room.timeline.limited {
                tracing::warn!(room = %self.room_id, "more was said in the Matrix room than one sync holds: the oldest messages are not relayed");
            }
            for event in room.state.events.iter().chain(&room.timeline.events) {
                self.learn_name(event);
            }
            for event in room.timeline.events {
                if let Some(heard) = self.inbound(event) {
                    self.heard.push_back(heard);
                }
            }
            if let Some(last) = self.heard.back_mut() {
                last.inbound.resume_from = Some(self.since.clone());
                self.saved = self.since.clone();
            }
        }
    }

    /// One /sync of the room from `since` (or from nothing: the room as it is now).
    async fn sync(&self, wait: Duration) -> Result<SyncAnswer, LinkError> {
        let filter = json!({
            "room": {
                "rooms": [self.room_id],
                "timeline": {"limit": SYNC_EVENTS_MAX},
                "ephemeral": {"not_types": ["*"]},
                "account_data": {"not_types": ["*"]},
            },
            "presence": {"not_types": ["*"]},
            "account_data": {"not_types": ["*"]},
        });
        let mut path = format!(
            "/sync?timeout={}&filter={}",
            wait.as_millis(),
            segment(&filter.to_string())
        );
        if !self.since.is_empty() {
            path.push_str(&format!("&since={}", segment(&self.since)));
        }
        Ok(self
            .homeserver
            .call(Method::GET, &path, Some(&self.token), None::<&()>, wait)
            .await?)
    }

    fn learn_name(&mut self, event: &RoomEvent) {
        if event.kind != "m.room.member" {
            return;
        }
        let (Some(user), Some(name)) = (
            event.state_key.as_ref(),
            event.content.get("displayname").and_then(Value::as_str),
        ) else {
            return;
        };
        self.names.insert(user.clone(), name.to_string());
    }

    /// The bytes of a shared file, or why they are not copied.
    async fn fetch(&self, media: &Media) -> Result<InboundFile, String> {
        let too_large = || {
            format!(
                "larger than the bridge copies ({} MB)",
                MEDIA_MAX / 1_000_000
            )
        };
        if media.size.is_some_and(|size| size > MEDIA_MAX as u64) {
            return Err(too_large());
        }
        match self
            .homeserver
            .download(&media.url, &self.token, MEDIA_MAX)
            .await
        {
            Ok(bytes) => Ok(InboundFile {
                name: media.name.clone(),
                bytes,
            }),
            Err(err) => {
                let err = LinkError::from(err);
                tracing::warn!(url = %media.url, error = %err, "bridge cannot fetch a shared file");
                Err(if err.to_string().contains("length limit") {
                    too_large()
                } else {
                    "the bridge could not fetch it".to_string()
                })
            }
        }
    }

    /// A message someone else said, edited, reacted with or removed, as the relay takes it; None
    /// for everything else (state, the bridge's own events).
    fn inbound(&self, event: RoomEvent) -> Option<Heard> {
        if event.sender == self.user_id {
            return None;
        }
        let heard = |kind, text: String, action, in_reply_to| Heard {
            inbound: Inbound {
                kind,
                nick: self.name_of(&event.sender),
                text,
                action,
                remote_id: Some(event.event_id.clone()),
                in_reply_to,
                resume_from: None,
                file: None,
            },
            media: None,
        };
        if event.kind == "m.reaction" {
            let relation: Relation =
                serde_json::from_value(event.content.get("m.relates_to")?.clone()).ok()?;
            let (Some("m.annotation"), Some(to), Some(key)) = (
                relation.rel_type.as_deref(),
                relation.event_id,
                relation.key,
            ) else {
                return None;
            };
            let Some(emoji) = emoji_name(&key) else {
                tracing::debug!(%key, "a reaction brisk has no emoji for is not relayed");
                return None;
            };
            return Some(heard(
                InboundKind::Reacted { to, emoji },
                String::new(),
                false,
                None,
            ));
        }
        if event.kind == "m.room.redaction" {
            let redacts = event
                .redacts
                .clone()
                .or_else(|| event.content.get("redacts")?.as_str().map(str::to_string))?;
            return Some(heard(
                InboundKind::Removed(redacts),
                String::new(),
                false,
                None,
            ));
        }
        if event.kind != "m.room.message" {
            return None;
        }
        let content: MessageContent = serde_json::from_value(event.content.clone()).ok()?;
        let relation = content.relates_to.unwrap_or_default();
        let (kind, message) = match (relation.rel_type.as_deref(), relation.event_id) {
            (Some("m.replace"), Some(edited)) => {
                (InboundKind::Edited(edited), content.new_content?)
            }
            _ => (
                InboundKind::Said,
                Message {
                    msgtype: content.msgtype,
                    body: content.body,
                },
            ),
        };
        let in_reply_to = relation.in_reply_to.and_then(|answered| answered.event_id);
        let text = if in_reply_to.is_some() {
            without_reply_fallback(&message.body)
        } else {
            message.body
        };
        let shared = matches!(
            message.msgtype.as_str(),
            "m.image" | "m.file" | "m.video" | "m.audio"
        );
        if shared && kind == InboundKind::Said {
            let url = content.url?;
            // Since Matrix 1.10 a body beside a file name is a caption; alone it is the name.
            let (name, caption) = match content.filename {
                Some(name) if name != text => (name, text),
                _ => (text, String::new()),
            };
            let mut heard = heard(kind, caption, false, in_reply_to);
            heard.media = Some(Media {
                url,
                name,
                size: content.info.as_ref().and_then(|info| info["size"].as_u64()),
            });
            return Some(heard);
        }
        let relayable = matches!(message.msgtype.as_str(), "m.text" | "m.emote" | "m.notice");
        if !relayable || text.trim().is_empty() {
            return None;
        }
        let action = message.msgtype == "m.emote";
        Some(heard(kind, text, action, in_reply_to))
    }

    /// The display name people see for `user`, or the local part of the id without one.
    fn name_of(&self, user: &str) -> String {
        match self.names.get(user) {
            Some(name) if !name.trim().is_empty() => name.clone(),
            _ => user
                .trim_start_matches('@')
                .split(':')
                .next()
                .unwrap_or(user)
                .to_string(),
        }
    }
}

/// The Mattermost name of a reaction's key: an emoji character brisk knows, or `:name:`.
fn emoji_name(key: &str) -> Option<String> {
    if let Some(name) = brisk_model::emoji::by_glyph(key) {
        return Some(name.to_string());
    }
    let name = key.strip_prefix(':')?.strip_suffix(':')?;
    reactions::validate_emoji_name(name).ok()?;
    Some(name.to_string())
}

/// Something heard in the room, with the file it shares while that is still to be fetched.
struct Heard {
    inbound: Inbound,
    media: Option<Media>,
}

/// A file shared in the room: where the homeserver keeps it.
#[derive(Clone)]
struct Media {
    /// `mxc://server/id`.
    url: String,
    name: String,
    /// As the sender's client declared it, if it did.
    size: Option<u64>,
}

/// A relayed post as an `m.room.message`: the speaker's name first, markdown rendered as HTML.
fn message_content(post: &Relayed) -> Value {
    let mut text = post.message.clone();
    for link in &post.links {
        super::append_line(&mut text, link);
    }
    // A reply to a message the room has is shown as one by Matrix clients; only a reply to
    // something the room never saw says whom it answers.
    let addressed = match (&post.reply_to, &post.reply_to_remote) {
        (Some(name), None) => format!("{name}: "),
        _ => String::new(),
    };
    if post.action {
        return json!({
            "msgtype": "m.emote",
            "body": format!("{} {addressed}{text}", post.author),
        });
    }
    let body = format!("{}: {addressed}{text}", post.author);
    let formatted = format!(
        "<strong>{}</strong>: {}{}",
        escape(&post.author),
        escape(&addressed),
        html::markdown_to_html(&text)
    );
    let mut content = json!({
        "msgtype": "m.text",
        "body": body,
        "format": "org.matrix.custom.html",
        "formatted_body": formatted,
    });
    if let Some(answered) = &post.reply_to_remote {
        content["m.relates_to"] = json!({"m.in_reply_to": {"event_id": answered}});
    }
    content
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A reply's own text: Matrix clients put the quoted message first (`> <@who> what`, then an
/// empty line).
fn without_reply_fallback(body: &str) -> String {
    let mut lines = body.lines().peekable();
    if lines.peek().is_some_and(|line| line.starts_with('>')) {
        while lines.peek().is_some_and(|line| line.starts_with('>')) {
            lines.next();
        }
        if lines.peek().is_some_and(|line| line.is_empty()) {
            lines.next();
        }
    }
    lines.collect::<Vec<_>>().join("\n")
}

#[derive(Serialize)]
struct LoginRequest<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    identifier: UserIdentifier<'a>,
    password: &'a str,
    device_id: &'a str,
    initial_device_display_name: &'a str,
}

#[derive(Serialize)]
struct UserIdentifier<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    user: &'a str,
}

#[derive(Deserialize)]
struct Sent {
    event_id: String,
}

#[derive(Deserialize)]
struct LoginAnswer {
    access_token: String,
    user_id: String,
}

#[derive(Deserialize)]
struct WhoAmI {
    user_id: String,
}

#[derive(Deserialize)]
struct JoinAnswer {
    room_id: String,
}

#[derive(Deserialize)]
struct JoinedMembers {
    #[serde(default)]
    joined: HashMap<String, JoinedMember>,
}

#[derive(Deserialize)]
struct JoinedMember {
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct SyncAnswer {
    next_batch: String,
    #[serde(default)]
    rooms: SyncRooms,
}

#[derive(Deserialize, Default)]
struct SyncRooms {
    #[serde(default)]
    join: HashMap<String, JoinedRoom>,
}

#[derive(Deserialize)]
struct JoinedRoom {
    #[serde(default)]
    timeline: Timeline,
    #[serde(default)]
    state: StateEvents,
}

#[derive(Deserialize, Default)]
struct Timeline {
    #[serde(default)]
    events: Vec<RoomEvent>,
    #[serde(default)]
    limited: bool,
}

#[derive(Deserialize, Default)]
struct StateEvents {
    #[serde(default)]
    events: Vec<RoomEvent>,
}

#[derive(Deserialize)]
struct RoomEvent {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    event_id: String,
    sender: String,
    /// The redacted event, for a redaction (before room version 11 it is here, not in content).
    redacts: Option<String>,
    state_key: Option<String>,
    #[serde(default)]
    content: Value,
}

#[derive(Deserialize)]
struct MessageContent {
    #[serde(default)]
    msgtype: String,
    #[serde(default)]
    body: String,
    #[serde(rename = "m.relates_to")]
    relates_to: Option<Relation>,
    /// An edit's new text.
    #[serde(rename = "m.new_content")]
    new_content: Option<Message>,
    /// Where a shared file is (`mxc://`), for m.image, m.file, m.video and m.audio.
    url: Option<String>,
    /// The file's name, when the body is a caption.
    filename: Option<String>,
    /// What the sender's client says of the file (its `size`, read leniently: a message is not
    /// lost over a malformed detail).
    info: Option<Value>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    msgtype: String,
    #[serde(default)]
    body: String,
}

#[derive(Deserialize, Default)]
struct Relation {
    rel_type: Option<String>,
    event_id: Option<String>,
    #[serde(rename = "m.in_reply_to")]
    in_reply_to: Option<InReplyTo>,
    /// The emoji of an annotation.
    key: Option<String>,
}

#[derive(Deserialize)]
struct InReplyTo {
    event_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(message: &str) -> Relayed {
        Relayed {
            post_id: "p1".into(),
            author: "bob".into(),
            message: message.into(),
            ..Relayed::default()
        }
    }

    #[test]
    fn posts_become_messages_under_their_author() {
        let content = message_content(&post("hi **all**"));
        assert_eq!(content["msgtype"], "m.text");
        assert_eq!(content["body"], "bob: hi **all**");
        assert_eq!(
            content["formatted_body"],
            "<strong>bob</strong>: hi <strong>all</strong>"
        );
        let action = message_content(&Relayed {
            action: true,
            ..post("waves")
        });
        assert_eq!(action["msgtype"], "m.emote");
        assert_eq!(action["body"], "bob waves");
    }

    #[test]
    fn a_reply_loses_its_quoted_fallback() {
        assert_eq!(
            without_reply_fallback("> <@ann:x> hello\n> there\n\nhi back"),
            "hi back"
        );
        assert_eq!(without_reply_fallback("plain"), "plain");
    }

    #[test]
    fn endpoints_check_room_and_user() {
        let password = || Credential::Password {
            user: "@brisk:localhost".into(),
            password: Secret("pw".into()),
        };
        assert!(
            MatrixEndpoint::parse("http://127.0.0.1:8008", "#oxbow:localhost", password()).is_ok()
        );
        assert!(MatrixEndpoint::parse("http://h", "oxbow", password()).is_err());
        let bad_user = Credential::Password {
            user: "brisk".into(),
            password: Secret("pw".into()),
        };
        assert!(MatrixEndpoint::parse("http://h", "!r:h", bad_user).is_err());
    }
}
