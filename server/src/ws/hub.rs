//! The WebSocket hub: routes events to the connections allowed to see them and numbers them per
//! connection.
//!
//! Routing uses an in-memory channel membership cache (filled from the database at start, updated
//! by every committed join), so publishing never queries the database. Every connection of a user
//! receives the same events (audiences name users, never connections), so events are numbered
//! and kept once per user, in that user's stream; a connection's `seq` is the stream's number
//! shifted by where the connection started. Each event is serialised once and that one copy is
//! shared by every stream; only its trailing `"seq":N`, added as it is written to a socket,
//! differs. A connection outlives its socket for a few minutes, so a client that reconnects with
//! `connection_id` and `sequence_number` gets exactly what it missed from the stream's last
//! `RESUME_BUFFER` events, as Mattermost's reliable WebSockets do; meanwhile an event costs that
//! connection nothing.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::ws::Utf8Bytes;
use brisk_model::Broadcast;
use serde_json::{json, Value};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use crate::events::{Audience, Event};
use crate::ids::new_id;

/// Events kept per user for resumption (Mattermost keeps 128 per connection).
pub const RESUME_BUFFER: usize = 128;
/// How long a connection whose socket closed can still be resumed.
pub const RESUME_WINDOW: Duration = Duration::from_secs(5 * 60);
/// Messages queued for a socket before it counts as too slow and is cut off (it may resume).
/// Larger than `RESUME_BUFFER`, so a resume's replay always fits.
const SEND_QUEUE: usize = 512;
/// Typing announcements one connection may make at once (typing in a channel, then in a thread
/// of it, say), and how many a second after that: clients send one every few seconds, more would
/// only multiply the fan-out to the channel.
pub const TYPING_BURST: u32 = 4;
pub const TYPING_PER_SECOND: f64 = 1.0;

/// How many sockets may be open, so a flood of connections cannot exhaust memory or descriptors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SocketLimits {
    /// Connections of one user (sockets, and closed ones kept for resumption): a person's tabs and
    /// devices. Past it, their longest-closed connection is forgotten; if all are open, refused.
    pub per_user: usize,
    /// Open sockets of everyone, unauthenticated ones included.
    pub total: usize,
}

impl Default for SocketLimits {
    fn default() -> Self {
        Self {
            per_user: 32,
            total: 10_000,
        }
    }
}

/// Refused by `Hub::connect`: the user already has `SocketLimits::per_user` sockets open.
#[derive(Debug, PartialEq, Eq)]
pub struct TooManySockets;

/// An event as one connection numbers it: the event's one shared serialisation and its seq there.
pub struct Numbered {
    prefix: Arc<str>,
    seq: i64,
}

/// What waits in a socket's queue.
pub enum Outgoing {
    Event(Numbered),
    /// A reply to a client action (replies carry `seq_reply`, not `seq`, and are not kept).
    Reply(Utf8Bytes),
}

impl Outgoing {
    /// The text frame: for an event, its shared prefix closed with this connection's seq.
    pub fn into_text(self) -> Utf8Bytes {
        match self {
            Outgoing::Event(Numbered { prefix, seq }) => {
                Utf8Bytes::from(format!("{prefix},\"seq\":{seq}}}"))
            }
            Outgoing::Reply(text) => text,
        }
    }
}

/// One logical connection of a user, which may outlive its socket.
pub struct Conn {
    pub id: String,
    pub user_id: String,
    /// The login session the socket authenticated with: ending the session closes the socket.
    session_token: String,
    /// The user's stream, whose event `base + n` is this connection's seq `n` (its hello is 0).
    stream: Arc<UserStream>,
    base: i64,
    /// Typing announcements left, as of when: a token bucket.
    typing_allowance: Mutex<Option<(f64, Instant)>>,
}

impl Conn {
    /// Whether a typing announcement made `now` goes out: `TYPING_BURST` at once, then
    /// `TYPING_PER_SECOND`.
    pub fn may_announce_typing(&self, now: Instant) -> bool {
        let mut allowance = self
            .typing_allowance
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let burst = f64::from(TYPING_BURST);
        let left = allowance.map_or(burst, |(left, at)| {
            (left + now.duration_since(at).as_secs_f64() * TYPING_PER_SECOND).min(burst)
        });
        let allowed = left >= 1.0;
        *allowance = Some((if allowed { left - 1.0 } else { left }, now));
        allowed
    }

    /// Queues a reply to a client action on the connection's socket, if it has one.
    pub fn reply(&self, text: String) {
        let mut stream = self.stream.lock();
        let reply = Outgoing::Reply(Utf8Bytes::from(text));
        if let Some(socket) = stream.attached.iter().find(|s| s.conn_id == self.id) {
            if socket.sender.try_send(reply).is_err() {
                stream.detach(&self.id, None);
            }
        }
    }
}

/// One user's events, numbered once for all of their connections.
struct UserStream(Mutex<StreamInner>);

impl UserStream {
    fn lock(&self) -> MutexGuard<'_, StreamInner> {
        // A panic while holding this lock leaves plain data behind; keep serving.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[derive(Default)]
struct StreamInner {
    /// The number the next event gets.
    next: i64,
    /// The last `RESUME_BUFFER` events, oldest first: `recent[i]` is event `next - len + i`.
    recent: VecDeque<Arc<str>>,
    /// Connections with a socket now: the only ones an event costs any work for.
    attached: Vec<Socket>,
    /// Connections kept for resumption, by id, with when they lost their socket.
    detached: HashMap<String, Instant>,
    /// Counts attaches, so a stale socket's cleanup cannot detach its successor.
    attaches: u64,
}

/// A connection's socket, as its stream feeds it.
struct Socket {
    conn_id: String,
    base: i64,
    sender: mpsc::Sender<Outgoing>,
    generation: u64,
}

impl StreamInner {
    /// Numbers `event_prefix` (a JSON object missing its closing brace), keeps it for resumption
    /// and queues it on every attached socket; a socket whose queue is full is cut off (too
    /// slow: it may resume from the kept events).
    fn deliver(&mut self, event_prefix: &Arc<str>) {
        let number = self.next;
        self.next += 1;
        if self.recent.len() == RESUME_BUFFER {
            self.recent.pop_front();
        }
        self.recent.push_back(event_prefix.clone());
        let now = Instant::now();
        let detached = &mut self.detached;
        self.attached.retain(|socket| {
            let numbered = Numbered {
                prefix: event_prefix.clone(),
                seq: number - socket.base,
            };
            let sent = socket.sender.try_send(Outgoing::Event(numbered)).is_ok();
            if !sent {
                detached.insert(socket.conn_id.clone(), now);
            }
            sent
        });
    }

    /// Takes the connection's socket away (dropping its sender ends the socket's writer), if it
    /// has one of `generation` (any, for None); it stays resumable.
    fn detach(&mut self, conn_id: &str, generation: Option<u64>) {
        let before = self.attached.len();
        self.attached.retain(|socket| {
            socket.conn_id != conn_id || generation.is_some_and(|g| g != socket.generation)
        });
        if self.attached.len() < before {
            self.detached.insert(conn_id.to_string(), Instant::now());
        }
    }

    /// Forgets the connection entirely, socket and resumability.
    fn forget(&mut self, conn_id: &str) {
        self.attached.retain(|socket| socket.conn_id != conn_id);
        self.detached.remove(conn_id);
    }

    fn connections(&self) -> usize {
        self.attached.len() + self.detached.len()
    }

    /// Attaches a socket for connection `conn_id`, numbered from `base`, first queueing the kept
    /// events from number `from` on. Returns its generation.
    fn attach(
        &mut self,
        conn_id: &str,
        base: i64,
        sender: mpsc::Sender<Outgoing>,
        from: i64,
    ) -> u64 {
        let first_kept = self.next - self.recent.len() as i64;
        let skip = usize::try_from(from - first_kept).unwrap_or(0);
        for (number, prefix) in (first_kept..).zip(&self.recent).skip(skip) {
            // The queue is larger than the kept events, so this cannot fail.
            let _ = sender.try_send(Outgoing::Event(Numbered {
                prefix: prefix.clone(),
                seq: number - base,
            }));
        }
        self.detached.remove(conn_id);
        self.attaches += 1;
        self.attached.push(Socket {
            conn_id: conn_id.to_string(),
            base,
            sender,
            generation: self.attaches,
        });
        self.attaches
    }
}

/// What `Hub::connect` gives a new socket.
pub struct Attached {
    pub conn: Arc<Conn>,
    pub receiver: mpsc::Receiver<Outgoing>,
    pub generation: u64,
    /// False when an earlier connection was resumed: Mattermost sends no new `hello` then.
    pub fresh: bool,
}

#[derive(Default)]
struct HubState {
    conns: HashMap<String, Arc<Conn>>,
    /// Streams of the users who have connections (attached or resumable).
    streams: HashMap<String, Arc<UserStream>>,
    channel_members: HashMap<String, HashSet<String>>,
}

impl HubState {
    /// Forgets a connection; its user's stream goes with their last connection. Lock order: the
    /// hub, then a stream.
    fn remove(&mut self, conn_id: &str) {
        let Some(conn) = self.conns.remove(conn_id) else {
            return;
        };
        let mut stream = conn.stream.lock();
        stream.forget(conn_id);
        if stream.connections() == 0 {
            self.streams.remove(&conn.user_id);
        }
    }
}

/// Routes events to sockets. Shared by all handlers.
pub struct Hub {
    state: Mutex<HubState>,
    /// Users last announced online (a `status_change` went out), so each change is told once.
    announced_online: Mutex<HashSet<String>>,
    server_version: &'static str,
    limits: SocketLimits,
    /// One permit per open socket, `limits.total` in all.
    open_sockets: Arc<Semaphore>,
}

impl Hub {
    pub fn new(server_version: &'static str) -> Self {
        Self {
            state: Mutex::new(HubState::default()),
            announced_online: Mutex::new(HashSet::new()),
            server_version,
            limits: SocketLimits::default(),
            open_sockets: Arc::new(Semaphore::new(SocketLimits::default().total)),
        }
    }

    /// The same hub with other socket limits.
    pub fn with_limits(self, limits: SocketLimits) -> Self {
        Self {
            limits,
            open_sockets: Arc::new(Semaphore::new(limits.total)),
            ..self
        }
    }

    /// A place for one more open socket, held until it closes; None when all are taken.
    pub fn admit_socket(&self) -> Option<OwnedSemaphorePermit> {
        self.open_sockets.clone().try_acquire_owned().ok()
    }

    fn lock(&self) -> MutexGuard<'_, HubState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records that `user_id` is a member of `channel_id` (after the join committed).
    pub fn add_channel_member(&self, channel_id: &str, user_id: &str) {
        self.lock()
            .channel_members
            .entry(channel_id.to_string())
            .or_default()
            .insert(user_id.to_string());
    }

    /// Records many (channel_id, user_id) memberships under one lock (at start, after an import).
    pub fn add_channel_members(&self, memberships: Vec<(String, String)>) {
        let mut state = self.lock();
        for (channel_id, user_id) in memberships {
            state
                .channel_members
                .entry(channel_id)
                .or_default()
                .insert(user_id);
        }
    }

    /// Forgets that `user_id` is a member of `channel_id` (after the leave committed).
    pub fn remove_channel_member(&self, channel_id: &str, user_id: &str) {
        let mut state = self.lock();
        if let Some(members) = state.channel_members.get_mut(channel_id) {
            members.remove(user_id);
            if members.is_empty() {
                state.channel_members.remove(channel_id);
            }
        }
    }

    pub fn is_channel_member(&self, channel_id: &str, user_id: &str) -> bool {
        self.lock()
            .channel_members
            .get(channel_id)
            .is_some_and(|members| members.contains(user_id))
    }

    /// Whether the user has a socket attached right now.
    pub fn is_online(&self, user_id: &str) -> bool {
        let stream = self.lock().streams.get(user_id).cloned();
        stream.is_some_and(|stream| !stream.lock().attached.is_empty())
    }

    /// Called after a socket attaches or detaches: the user's new status ("online" or "offline")
    /// if it changed since it was last announced, else None. Their first socket brings them
    /// online, their last one takes them offline.
    pub fn presence_changed(&self, user_id: &str) -> Option<&'static str> {
        let mut announced = self
            .announced_online
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match (announced.contains(user_id), self.is_online(user_id)) {
            (false, true) => {
                announced.insert(user_id.to_string());
                Some("online")
            }
            (true, false) => {
                announced.remove(user_id);
                Some("offline")
            }
            _ => None,
        }
    }

    /// Users with a socket attached right now.
    pub fn online_users(&self) -> Vec<String> {
        let streams: Vec<(String, Arc<UserStream>)> = self
            .lock()
            .streams
            .iter()
            .map(|(user_id, stream)| (user_id.clone(), stream.clone()))
            .collect();
        let mut users: Vec<String> = streams
            .into_iter()
            .filter(|(_, stream)| !stream.lock().attached.is_empty())
            .map(|(user_id, _)| user_id)
            .collect();
        users.sort();
        users
    }

    /// Attaches a socket for `user_id`, signed in with `session_token`: resumes `resume =
    /// (connection_id, sequence_number)` when that connection belongs to the user and its stream
    /// still holds the events from that sequence number on; otherwise starts a new connection
    /// whose first event is `hello` with seq 0, if the user has room for one.
    pub fn connect(
        &self,
        user_id: &str,
        session_token: &str,
        resume: Option<(&str, i64)>,
    ) -> Result<Attached, TooManySockets> {
        let (sender, receiver) = mpsc::channel(SEND_QUEUE);
        let mut state = self.lock();
        let existing = resume.and_then(|(conn_id, wanted)| {
            let conn = state
                .conns
                .get(conn_id)
                .filter(|conn| conn.user_id == user_id)?;
            Some((conn.clone(), wanted))
        });
        if let Some((conn, wanted)) = existing {
            let mut stream = conn.stream.lock();
            let from = conn.base + wanted;
            let lossless = from == stream.next;
            let covered = wanted > 0
                && from >= stream.next - stream.recent.len() as i64
                && from < stream.next;
            if lossless || covered {
                // A socket still attached is a stale one the client already gave up on.
                stream.detach(&conn.id, None);
                let generation = stream.attach(&conn.id, conn.base, sender, from);
                drop(stream);
                return Ok(Attached {
                    conn,
                    receiver,
                    generation,
                    fresh: false,
                });
            }
            drop(stream);
            state.remove(&conn.id);
        }

        let stream = state
            .streams
            .entry(user_id.to_string())
            .or_insert_with(|| Arc::new(UserStream(Mutex::default())))
            .clone();
        let mut inner = stream.lock();
        let forgotten = self.make_room(&inner)?;
        for conn_id in &forgotten {
            inner.forget(conn_id);
        }
        let hello_number = inner.next - 1;
        let conn = Arc::new(Conn {
            id: new_id(),
            user_id: user_id.to_string(),
            session_token: session_token.to_string(),
            stream: stream.clone(),
            base: hello_number,
            typing_allowance: Mutex::new(None),
        });
        let hello = Event {
            name: brisk_model::event_name::HELLO,
            data: json!({ "connection_id": conn.id, "server_version": self.server_version }),
            audience: Audience::User(user_id.to_string()),
        };
        // The hello is this connection's alone, so it is queued, not kept in the shared stream.
        let _ = sender.try_send(Outgoing::Event(Numbered {
            prefix: event_prefix(&hello).into(),
            seq: 0,
        }));
        let from = inner.next;
        let generation = inner.attach(&conn.id, conn.base, sender, from);
        drop(inner);
        for conn_id in &forgotten {
            state.conns.remove(conn_id);
        }
        state.conns.insert(conn.id.clone(), conn.clone());
        Ok(Attached {
            conn,
            receiver,
            generation,
            fresh: true,
        })
    }

    /// The connections to forget so the user stays under `limits.per_user` with one more: the
    /// ones closed longest ago. Refused when too many of them have a socket open.
    fn make_room(&self, stream: &StreamInner) -> Result<Vec<String>, TooManySockets> {
        let Some(excess) = (stream.connections() + 1).checked_sub(self.limits.per_user) else {
            return Ok(Vec::new());
        };
        if stream.detached.len() < excess {
            return Err(TooManySockets);
        }
        let mut closed: Vec<(&Instant, &String)> = stream
            .detached
            .iter()
            .map(|(conn_id, at)| (at, conn_id))
            .collect();
        closed.sort();
        Ok(closed
            .into_iter()
            .take(excess)
            .map(|(_, conn_id)| conn_id.clone())
            .collect())
    }

    /// Closes the sockets of the given sessions (logged out or revoked) for good: their
    /// connections cannot be resumed.
    pub fn close_sessions(&self, session_tokens: &[String]) {
        let mut state = self.lock();
        let ended: Vec<String> = state
            .conns
            .values()
            .filter(|conn| session_tokens.contains(&conn.session_token))
            .map(|conn| conn.id.clone())
            .collect();
        for conn_id in ended {
            state.remove(&conn_id);
        }
    }

    /// Called when a socket ends: the connection stays resumable for `RESUME_WINDOW`.
    pub fn detach(&self, conn: &Conn, generation: u64) {
        conn.stream.lock().detach(&conn.id, Some(generation));
    }

    /// Forgets connections detached for longer than the resume window.
    pub fn sweep(&self) {
        let mut state = self.lock();
        let expired: Vec<String> = state
            .streams
            .values()
            .flat_map(|stream| {
                let stream = stream.lock();
                stream
                    .detached
                    .iter()
                    .filter(|(_, at)| at.elapsed() > RESUME_WINDOW)
                    .map(|(conn_id, _)| conn_id.clone())
                    .collect::<Vec<_>>()
            })
            .collect();
        for conn_id in expired {
            state.remove(&conn_id);
        }
    }

    /// Sends `event` to every connection allowed to receive it.
    pub fn publish(&self, event: &Event) {
        let recipients: Vec<Arc<UserStream>> = {
            let state = self.lock();
            match &event.audience {
                Audience::User(user_id)
                | Audience::UserInChannel { user_id, .. }
                | Audience::UserInTeam { user_id, .. } => {
                    state.streams.get(user_id).cloned().into_iter().collect()
                }
                Audience::Channel {
                    channel_id,
                    omit_user,
                } => state
                    .channel_members
                    .get(channel_id)
                    .into_iter()
                    .flatten()
                    .filter(|user_id| omit_user.as_deref() != Some(user_id.as_str()))
                    .filter_map(|user_id| state.streams.get(user_id).cloned())
                    .collect(),
                Audience::Team { member_ids, .. } => member_ids
                    .iter()
                    .filter_map(|user_id| state.streams.get(user_id).cloned())
                    .collect(),
                Audience::Everyone => state.streams.values().cloned().collect(),
            }
        };
        if recipients.is_empty() {
            return;
        }
        let prefix: Arc<str> = event_prefix(event).into();
        for stream in recipients {
            stream.lock().deliver(&prefix);
        }
    }
}

/// The event as JSON without its closing brace, ready for `,"seq":N}`.
fn event_prefix(event: &Event) -> String {
    let broadcast = match &event.audience {
        Audience::User(user_id) => Broadcast {
            user_id: user_id.clone(),
            ..Default::default()
        },
        Audience::UserInChannel {
            user_id,
            channel_id,
            team_id,
        } => Broadcast {
            user_id: user_id.clone(),
            channel_id: channel_id.clone(),
            team_id: team_id.clone(),
            ..Default::default()
        },
        Audience::UserInTeam { user_id, team_id } => Broadcast {
            user_id: user_id.clone(),
            team_id: team_id.clone(),
            ..Default::default()
        },
        Audience::Channel {
            channel_id,
            omit_user,
        } => Broadcast {
            omit_users: omit_user
                .as_ref()
                .map(|user| HashMap::from([(user.clone(), true)])),
            channel_id: channel_id.clone(),
            ..Default::default()
        },
        Audience::Team { team_id, .. } => Broadcast {
            team_id: team_id.clone(),
            ..Default::default()
        },
        Audience::Everyone => Broadcast::default(),
    };
    let body = json!({ "event": event.name, "data": event.data, "broadcast": broadcast });
    let mut text = body.to_string();
    text.pop(); // the closing brace of the object
    text
}

/// A JSON value for a reply to client action `seq`.
pub fn reply_text(status: &str, seq: i64, data: Option<Value>, error: Option<Value>) -> String {
    serde_json::to_string(&brisk_model::WebSocketReply {
        status: status.to_string(),
        seq_reply: seq,
        data,
        error,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use brisk_model::WebSocketEvent;

    fn channel_event(channel_id: &str, n: i64) -> Event {
        Event {
            name: "posted",
            data: json!({ "n": n }),
            audience: Audience::Channel {
                channel_id: channel_id.into(),
                omit_user: None,
            },
        }
    }

    fn connect(hub: &Hub, user_id: &str, resume: Option<(&str, i64)>) -> Attached {
        hub.connect(user_id, &format!("session of {user_id}"), resume)
            .expect("room for a socket")
    }

    fn drain(receiver: &mut mpsc::Receiver<Outgoing>) -> Vec<WebSocketEvent> {
        let mut events = Vec::new();
        while let Ok(message) = receiver.try_recv() {
            let text = message.into_text();
            events.push(serde_json::from_str(text.as_str()).expect("event json"));
        }
        events
    }

    #[test]
    fn hello_is_seq_zero_and_events_follow_without_gaps() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "u1");
        let mut a = connect(&hub, "u1", None);
        for n in 0..3 {
            hub.publish(&channel_event("c1", n));
        }
        let events = drain(&mut a.receiver);
        assert_eq!(events[0].event, "hello");
        assert_eq!(events[0].data["connection_id"], a.conn.id.as_str());
        let seqs: Vec<i64> = events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, vec![0, 1, 2, 3]);
        assert_eq!(events[1].broadcast.channel_id, "c1");
    }

    #[test]
    fn channel_events_reach_members_only_and_omit_the_sender() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "member");
        let mut member = connect(&hub, "member", None);
        let mut outsider = connect(&hub, "outsider", None);
        drain(&mut member.receiver);
        drain(&mut outsider.receiver);
        hub.publish(&channel_event("c1", 1));
        assert_eq!(drain(&mut member.receiver).len(), 1);
        assert!(drain(&mut outsider.receiver).is_empty());
        hub.publish(&Event {
            name: "typing",
            data: json!({}),
            audience: Audience::Channel {
                channel_id: "c1".into(),
                omit_user: Some("member".into()),
            },
        });
        assert!(drain(&mut member.receiver).is_empty());
    }

    #[test]
    fn resume_replays_missed_events_and_keeps_numbering() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "u1");
        let mut first = connect(&hub, "u1", None);
        hub.publish(&channel_event("c1", 1));
        assert_eq!(drain(&mut first.receiver).len(), 2); // hello (0) and event (1)
        hub.detach(&first.conn, first.generation);
        hub.publish(&channel_event("c1", 2)); // seq 2
        hub.publish(&channel_event("c1", 3)); // seq 3
        let mut second = connect(&hub, "u1", Some((&first.conn.id, 2)));
        assert!(!second.fresh);
        let replayed = drain(&mut second.receiver);
        assert_eq!(
            replayed.iter().map(|e| e.seq).collect::<Vec<_>>(),
            vec![2, 3]
        );
        hub.publish(&channel_event("c1", 4));
        assert_eq!(drain(&mut second.receiver)[0].seq, 4);
        // The stale socket's cleanup must not detach the resumed one.
        hub.detach(&first.conn, first.generation);
        assert!(hub.is_online("u1"));
    }

    #[test]
    fn resume_that_cannot_be_covered_starts_over_with_a_new_id() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "u1");
        let first = connect(&hub, "u1", None);
        hub.detach(&first.conn, first.generation);
        for n in 0..(RESUME_BUFFER as i64 + 5) {
            hub.publish(&channel_event("c1", n));
        }
        let mut second = connect(&hub, "u1", Some((&first.conn.id, 1)));
        assert!(second.fresh);
        assert_ne!(second.conn.id, first.conn.id);
        let events = drain(&mut second.receiver);
        assert_eq!(events[0].event, "hello");
        assert_eq!(events[0].seq, 0);
        // Another user cannot take over someone's connection id.
        let other = connect(&hub, "u2", Some((&second.conn.id, 1)));
        assert!(other.fresh);
        assert_ne!(other.conn.id, second.conn.id);
    }

    #[test]
    fn every_user_keeps_one_shared_copy_of_an_event_however_many_connections() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "u1");
        hub.add_channel_member("c1", "u2");
        let a = connect(&hub, "u1", None);
        let tab = connect(&hub, "u1", None);
        let b = connect(&hub, "u2", None);
        hub.detach(&tab.conn, tab.generation);
        hub.publish(&channel_event("c1", 1));
        let kept = |conn: &Conn| {
            let stream = conn.stream.lock();
            (
                stream.recent.len(),
                stream.recent.back().expect("kept").clone(),
            )
        };
        let (u1_kept, u1_newest) = kept(&a.conn);
        let (u2_kept, u2_newest) = kept(&b.conn);
        assert_eq!(
            (u1_kept, u2_kept),
            (1, 1),
            "one copy per user, not per connection"
        );
        assert!(Arc::ptr_eq(&u1_newest, &u2_newest));
        assert!(Arc::ptr_eq(&a.conn.stream, &tab.conn.stream));
    }

    #[test]
    fn a_detached_connection_is_not_fed_events_yet_resumes_with_its_own_numbering() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "u1");
        let mut early = connect(&hub, "u1", None);
        hub.publish(&channel_event("c1", 1));
        let mut late = connect(&hub, "u1", None);
        hub.detach(&late.conn, late.generation);
        assert_eq!(
            late.conn.stream.lock().attached.len(),
            1,
            "only the attached socket is fed"
        );
        hub.publish(&channel_event("c1", 2));
        hub.publish(&channel_event("c1", 3));
        let seqs = |events: Vec<WebSocketEvent>| events.iter().map(|e| e.seq).collect::<Vec<_>>();
        assert_eq!(seqs(drain(&mut early.receiver)), vec![0, 1, 2, 3]);
        // The late connection saw its hello (0) only; events 2 and 3 are its 1 and 2.
        assert_eq!(seqs(drain(&mut late.receiver)), vec![0]);
        let mut resumed = connect(&hub, "u1", Some((&late.conn.id, 1)));
        assert!(!resumed.fresh);
        let replayed = drain(&mut resumed.receiver);
        assert_eq!(seqs(replayed.clone()), vec![1, 2]);
        assert_eq!(replayed[0].data["n"], 2);
    }

    #[test]
    fn a_slow_socket_is_cut_off_without_holding_up_others_and_resumes_after_its_queue() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "slow");
        hub.add_channel_member("c1", "quick");
        let mut slow = connect(&hub, "slow", None);
        let mut quick = connect(&hub, "quick", None);
        let seqs = |events: Vec<WebSocketEvent>| events.iter().map(|e| e.seq).collect::<Vec<_>>();
        // The slow socket's writer takes nothing while its queue (its hello first) fills up.
        let queued = SEND_QUEUE as i64 - 1;
        for n in 1..=queued + 3 {
            hub.publish(&channel_event("c1", n));
            assert_eq!(drain(&mut quick.receiver).last().map(|e| e.seq), Some(n));
        }
        assert!(!hub.is_online("slow"), "cut off once its queue is full");
        assert!(hub.is_online("quick"));
        // Its writer still sends what was queued, then the socket ends...
        let delivered = drain(&mut slow.receiver);
        assert_eq!(seqs(delivered), (0..=queued).collect::<Vec<_>>());
        assert_eq!(
            slow.receiver.try_recv().err(),
            Some(mpsc::error::TryRecvError::Disconnected)
        );
        // ...and the client resumes from the first event it did not get.
        let mut resumed = connect(&hub, "slow", Some((&slow.conn.id, queued + 1)));
        assert!(!resumed.fresh);
        let replayed = drain(&mut resumed.receiver);
        assert_eq!(
            seqs(replayed.clone()),
            vec![queued + 1, queued + 2, queued + 3]
        );
        assert_eq!(replayed[0].data["n"], queued + 1);
        hub.publish(&channel_event("c1", queued + 4));
        assert_eq!(seqs(drain(&mut resumed.receiver)), vec![queued + 4]);
    }

    #[test]
    fn a_user_has_a_bounded_number_of_connections() {
        let hub = Hub::new("test").with_limits(SocketLimits {
            per_user: 2,
            total: 10,
        });
        let first = connect(&hub, "u1", None);
        let _second = connect(&hub, "u1", None);
        assert!(hub.connect("u1", "s", None).is_err(), "both are open");
        // A closed one makes room; the open ones stay.
        hub.detach(&first.conn, first.generation);
        let _third = connect(&hub, "u1", None);
        assert_eq!(hub.lock().streams["u1"].lock().connections(), 2);
        assert!(!hub.lock().conns.contains_key(&first.conn.id));
        // Others are not affected.
        let _other = connect(&hub, "u2", None);
        let permits: Vec<_> = (0..10).map_while(|_| hub.admit_socket()).collect();
        assert_eq!(permits.len(), 10);
        assert!(hub.admit_socket().is_none());
    }

    #[test]
    fn closing_a_session_ends_its_sockets_for_good() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "u1");
        let mut ended = hub.connect("u1", "old", None).expect("room");
        let mut kept = hub.connect("u1", "new", None).expect("room");
        hub.close_sessions(&["old".to_string()]);
        drain(&mut ended.receiver);
        assert_eq!(
            ended.receiver.try_recv().err(),
            Some(mpsc::error::TryRecvError::Disconnected)
        );
        hub.publish(&channel_event("c1", 1));
        assert_eq!(drain(&mut kept.receiver).len(), 2); // hello and the event
                                                        // Its connection id cannot be resumed.
        let resumed = hub
            .connect("u1", "new", Some((&ended.conn.id, 1)))
            .expect("room");
        assert!(resumed.fresh);
    }
}
