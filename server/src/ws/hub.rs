//! The WebSocket hub: routes events to the connections allowed to see them and numbers them per
//! connection.
//!
//! Routing uses an in-memory channel membership cache (filled from the database at start, updated
//! by every committed join), so publishing never queries the database. Each event is serialised
//! once and that one copy is shared by every connection's queue and resume buffer; only its
//! trailing `"seq":N`, added as it is written to the socket, differs. A connection outlives its socket for a
//! few minutes, keeping its numbering and the last `RESUME_BUFFER` events, so a client that
//! reconnects with `connection_id` and `sequence_number` gets exactly what it missed, as
//! Mattermost's reliable WebSockets do.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::ws::Utf8Bytes;
use brisk_model::Broadcast;
use serde_json::{json, Value};
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use crate::events::{Audience, Event};
use crate::ids::new_id;

/// Events kept per connection for resumption (Mattermost keeps 128).
pub const RESUME_BUFFER: usize = 128;
/// How long a connection whose socket closed can still be resumed.
pub const RESUME_WINDOW: Duration = Duration::from_secs(5 * 60);
/// Messages queued for a socket before it counts as too slow and is cut off (it may resume).
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
#[derive(Clone)]
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
    inner: Mutex<ConnInner>,
}

struct ConnInner {
    next_seq: i64,
    buffer: VecDeque<Numbered>,
    /// The socket currently attached, if any.
    sender: Option<mpsc::Sender<Outgoing>>,
    /// Bumped on every attach, so a stale socket's cleanup cannot detach its successor.
    generation: u64,
    detached_at: Option<Instant>,
    /// Typing announcements left, as of when: a token bucket.
    typing_allowance: Option<(f64, Instant)>,
}

impl Conn {
    fn lock(&self) -> MutexGuard<'_, ConnInner> {
        // A panic while holding this lock leaves plain data behind; keep serving.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Numbers `event_prefix` (a JSON object missing its closing brace) for this connection, keeps
    /// it for resumption and queues it on the socket if one is attached.
    fn deliver(&self, event_prefix: &Arc<str>) {
        let mut inner = self.lock();
        let numbered = Numbered {
            prefix: event_prefix.clone(),
            seq: inner.next_seq,
        };
        inner.next_seq += 1;
        if inner.buffer.len() == RESUME_BUFFER {
            inner.buffer.pop_front();
        }
        inner.buffer.push_back(numbered.clone());
        inner.push(Outgoing::Event(numbered));
    }

    /// Whether a typing announcement made `now` goes out: `TYPING_BURST` at once, then
    /// `TYPING_PER_SECOND`.
    pub fn may_announce_typing(&self, now: Instant) -> bool {
        let mut inner = self.lock();
        let burst = f64::from(TYPING_BURST);
        let left = inner.typing_allowance.map_or(burst, |(left, at)| {
            (left + now.duration_since(at).as_secs_f64() * TYPING_PER_SECOND).min(burst)
        });
        let allowed = left >= 1.0;
        inner.typing_allowance = Some((if allowed { left - 1.0 } else { left }, now));
        allowed
    }

    /// Queues a reply to a client action (replies carry `seq_reply`, not `seq`, and are not kept).
    pub fn reply(&self, text: String) {
        self.lock().push(Outgoing::Reply(Utf8Bytes::from(text)));
    }
}

impl ConnInner {
    fn push(&mut self, message: Outgoing) {
        if let Some(sender) = &self.sender {
            if sender.try_send(message).is_err() {
                // Too slow or gone: drop the socket; the events stay in the buffer for a resume.
                self.detach();
            }
        }
    }

    fn detach(&mut self) {
        if self.sender.take().is_some() {
            self.detached_at = Some(Instant::now());
        }
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
    by_user: HashMap<String, HashSet<String>>,
    channel_members: HashMap<String, HashSet<String>>,
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
        let conns: Vec<Arc<Conn>> = {
            let state = self.lock();
            let Some(ids) = state.by_user.get(user_id) else {
                return false;
            };
            ids.iter()
                .filter_map(|id| state.conns.get(id).cloned())
                .collect()
        };
        conns.iter().any(|conn| conn.lock().sender.is_some())
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
        let conns: Vec<Arc<Conn>> = self.lock().conns.values().cloned().collect();
        let mut users: Vec<String> = conns
            .iter()
            .filter(|conn| conn.lock().sender.is_some())
            .map(|conn| conn.user_id.clone())
            .collect();
        users.sort();
        users.dedup();
        users
    }

    /// Attaches a socket for `user_id`, signed in with `session_token`: resumes `resume =
    /// (connection_id, sequence_number)` when that connection belongs to the user and its buffer
    /// still covers the sequence number; otherwise starts a new connection whose first event is
    /// `hello` with seq 0, if the user has room for one.
    pub fn connect(
        &self,
        user_id: &str,
        session_token: &str,
        resume: Option<(&str, i64)>,
    ) -> Result<Attached, TooManySockets> {
        let (sender, receiver) = mpsc::channel(SEND_QUEUE);
        let existing = resume.and_then(|(conn_id, _)| {
            self.lock()
                .conns
                .get(conn_id)
                .filter(|conn| conn.user_id == user_id)
                .cloned()
        });
        if let (Some(conn), Some((_, wanted))) = (existing, resume) {
            let mut inner = conn.lock();
            let lossless = wanted == inner.next_seq;
            let covered = inner
                .buffer
                .front()
                .is_some_and(|first| first.seq <= wanted)
                && wanted < inner.next_seq;
            if lossless || covered {
                // A socket still attached is a stale one the client already gave up on.
                inner.detach();
                for numbered in inner.buffer.iter().filter(|n| n.seq >= wanted) {
                    // The queue is larger than the buffer, so this cannot fail.
                    let _ = sender.try_send(Outgoing::Event(numbered.clone()));
                }
                inner.sender = Some(sender);
                inner.detached_at = None;
                inner.generation += 1;
                let generation = inner.generation;
                drop(inner);
                return Ok(Attached {
                    conn,
                    receiver,
                    generation,
                    fresh: false,
                });
            }
            drop(inner);
            self.remove(&conn.id);
        }
        self.make_room_for(user_id)?;

        let conn = Arc::new(Conn {
            id: new_id(),
            user_id: user_id.to_string(),
            session_token: session_token.to_string(),
            inner: Mutex::new(ConnInner {
                next_seq: 0,
                buffer: VecDeque::with_capacity(RESUME_BUFFER),
                sender: Some(sender),
                generation: 0,
                detached_at: None,
                typing_allowance: None,
            }),
        });
        {
            let mut state = self.lock();
            state.conns.insert(conn.id.clone(), conn.clone());
            state
                .by_user
                .entry(user_id.to_string())
                .or_default()
                .insert(conn.id.clone());
        }
        let hello = Event {
            name: brisk_model::event_name::HELLO,
            data: json!({ "connection_id": conn.id, "server_version": self.server_version }),
            audience: Audience::User(user_id.to_string()),
        };
        conn.deliver(&event_prefix(&hello).into());
        Ok(Attached {
            conn,
            receiver,
            generation: 0,
            fresh: true,
        })
    }

    /// Keeps the user under `limits.per_user` connections by forgetting the ones closed longest
    /// ago; refuses when all of them have a socket open.
    fn make_room_for(&self, user_id: &str) -> Result<(), TooManySockets> {
        let conns: Vec<Arc<Conn>> = {
            let state = self.lock();
            let ids = state.by_user.get(user_id).into_iter().flatten();
            ids.filter_map(|id| state.conns.get(id).cloned()).collect()
        };
        let Some(excess) = (conns.len() + 1).checked_sub(self.limits.per_user) else {
            return Ok(());
        };
        let mut closed: Vec<(Instant, &Arc<Conn>)> = conns
            .iter()
            .filter_map(|conn| conn.lock().detached_at.map(|at| (at, conn)))
            .collect();
        if closed.len() < excess {
            return Err(TooManySockets);
        }
        closed.sort_by_key(|(at, _)| *at);
        for (_, conn) in closed.into_iter().take(excess) {
            self.remove(&conn.id);
        }
        Ok(())
    }

    /// Closes the sockets of the given sessions (logged out or revoked) for good: their
    /// connections cannot be resumed.
    pub fn close_sessions(&self, session_tokens: &[String]) {
        let ended: Vec<Arc<Conn>> = self
            .lock()
            .conns
            .values()
            .filter(|conn| session_tokens.contains(&conn.session_token))
            .cloned()
            .collect();
        for conn in ended {
            self.remove(&conn.id);
            // Dropping the sender ends the socket's writer, which closes the socket.
            conn.lock().detach();
        }
    }

    /// Called when a socket ends: the connection stays resumable for `RESUME_WINDOW`.
    pub fn detach(&self, conn: &Conn, generation: u64) {
        let mut inner = conn.lock();
        if inner.generation == generation {
            inner.detach();
        }
    }

    fn remove(&self, conn_id: &str) {
        let mut state = self.lock();
        if let Some(conn) = state.conns.remove(conn_id) {
            if let Some(ids) = state.by_user.get_mut(&conn.user_id) {
                ids.remove(conn_id);
                if ids.is_empty() {
                    state.by_user.remove(&conn.user_id);
                }
            }
        }
    }

    /// Forgets connections detached for longer than the resume window.
    pub fn sweep(&self) {
        let all: Vec<Arc<Conn>> = self.lock().conns.values().cloned().collect();
        for conn in all {
            let expired = conn
                .lock()
                .detached_at
                .is_some_and(|at| at.elapsed() > RESUME_WINDOW);
            if expired {
                self.remove(&conn.id);
            }
        }
    }

    /// Sends `event` to every connection allowed to receive it.
    pub fn publish(&self, event: &Event) {
        let recipients: Vec<Arc<Conn>> = {
            let state = self.lock();
            let conns_of = |user_id: &str| {
                state
                    .by_user
                    .get(user_id)
                    .into_iter()
                    .flatten()
                    .filter_map(|id| state.conns.get(id).cloned())
                    .collect::<Vec<_>>()
            };
            match &event.audience {
                Audience::User(user_id)
                | Audience::UserInChannel { user_id, .. }
                | Audience::UserInTeam { user_id, .. } => conns_of(user_id),
                Audience::Channel {
                    channel_id,
                    omit_user,
                } => state
                    .channel_members
                    .get(channel_id)
                    .into_iter()
                    .flatten()
                    .filter(|user_id| omit_user.as_deref() != Some(user_id.as_str()))
                    .flat_map(|user_id| conns_of(user_id))
                    .collect(),
                Audience::Everyone => state.conns.values().cloned().collect(),
            }
        };
        if recipients.is_empty() {
            return;
        }
        let prefix: Arc<str> = event_prefix(event).into();
        for conn in recipients {
            conn.deliver(&prefix);
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
    fn every_connection_shares_one_copy_of_an_event() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "u1");
        hub.add_channel_member("c1", "u2");
        let a = connect(&hub, "u1", None);
        let b = connect(&hub, "u2", None);
        hub.publish(&channel_event("c1", 1));
        let newest = |conn: &Conn| conn.lock().buffer.back().expect("buffered").prefix.clone();
        assert!(Arc::ptr_eq(&newest(&a.conn), &newest(&b.conn)));
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
        assert_eq!(hub.lock().by_user["u1"].len(), 2);
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
