//! The WebSocket hub: routes events to the connections allowed to see them and numbers them per
//! connection.
//!
//! Routing uses an in-memory channel membership cache (filled from the database at start, updated
//! by every committed join), so publishing never queries the database. Each event is serialised
//! once; only its trailing `"seq":N` differs per connection. A connection outlives its socket for a
//! few minutes, keeping its numbering and the last `RESUME_BUFFER` events, so a client that
//! reconnects with `connection_id` and `sequence_number` gets exactly what it missed, as
//! Mattermost's reliable WebSockets do.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::ws::Utf8Bytes;
use brisk_model::Broadcast;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use crate::events::{Audience, Event};
use crate::ids::new_id;

/// Events kept per connection for resumption (Mattermost keeps 128).
pub const RESUME_BUFFER: usize = 128;
/// How long a connection whose socket closed can still be resumed.
pub const RESUME_WINDOW: Duration = Duration::from_secs(5 * 60);
/// Messages queued for a socket before it counts as too slow and is cut off (it may resume).
const SEND_QUEUE: usize = 512;

/// One logical connection of a user, which may outlive its socket.
pub struct Conn {
    pub id: String,
    pub user_id: String,
    inner: Mutex<ConnInner>,
}

struct ConnInner {
    next_seq: i64,
    buffer: VecDeque<(i64, Utf8Bytes)>,
    /// The socket currently attached, if any.
    sender: Option<mpsc::Sender<Utf8Bytes>>,
    /// Bumped on every attach, so a stale socket's cleanup cannot detach its successor.
    generation: u64,
    detached_at: Option<Instant>,
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
    fn deliver(&self, event_prefix: &str) {
        let mut inner = self.lock();
        let seq = inner.next_seq;
        inner.next_seq += 1;
        let text = Utf8Bytes::from(format!("{event_prefix},\"seq\":{seq}}}"));
        if inner.buffer.len() == RESUME_BUFFER {
            inner.buffer.pop_front();
        }
        inner.buffer.push_back((seq, text.clone()));
        inner.push(text);
    }

    /// Queues a reply to a client action (replies carry `seq_reply`, not `seq`, and are not kept).
    pub fn reply(&self, text: String) {
        self.lock().push(Utf8Bytes::from(text));
    }
}

impl ConnInner {
    fn push(&mut self, text: Utf8Bytes) {
        if let Some(sender) = &self.sender {
            if sender.try_send(text).is_err() {
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
    pub receiver: mpsc::Receiver<Utf8Bytes>,
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
}

impl Hub {
    pub fn new(server_version: &'static str) -> Self {
        Self {
            state: Mutex::new(HubState::default()),
            announced_online: Mutex::new(HashSet::new()),
            server_version,
        }
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

    /// Attaches a socket for `user_id`: resumes `resume = (connection_id, sequence_number)` when
    /// that connection belongs to the user and its buffer still covers the sequence number;
    /// otherwise starts a new connection whose first event is `hello` with seq 0.
    pub fn connect(&self, user_id: &str, resume: Option<(&str, i64)>) -> Attached {
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
                .is_some_and(|(first, _)| *first <= wanted)
                && wanted < inner.next_seq;
            if lossless || covered {
                // A socket still attached is a stale one the client already gave up on.
                inner.detach();
                for (_, text) in inner.buffer.iter().filter(|(seq, _)| *seq >= wanted) {
                    // The queue is larger than the buffer, so this cannot fail.
                    let _ = sender.try_send(text.clone());
                }
                inner.sender = Some(sender);
                inner.detached_at = None;
                inner.generation += 1;
                let generation = inner.generation;
                drop(inner);
                return Attached {
                    conn,
                    receiver,
                    generation,
                    fresh: false,
                };
            }
            drop(inner);
            self.remove(&conn.id);
        }

        let conn = Arc::new(Conn {
            id: new_id(),
            user_id: user_id.to_string(),
            inner: Mutex::new(ConnInner {
                next_seq: 0,
                buffer: VecDeque::with_capacity(RESUME_BUFFER),
                sender: Some(sender),
                generation: 0,
                detached_at: None,
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
        conn.deliver(&event_prefix(&hello));
        Attached {
            conn,
            receiver,
            generation: 0,
            fresh: true,
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
            }
        };
        if recipients.is_empty() {
            return;
        }
        let prefix = event_prefix(event);
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

    fn drain(receiver: &mut mpsc::Receiver<Utf8Bytes>) -> Vec<WebSocketEvent> {
        let mut events = Vec::new();
        while let Ok(text) = receiver.try_recv() {
            events.push(serde_json::from_str(text.as_str()).expect("event json"));
        }
        events
    }

    #[test]
    fn hello_is_seq_zero_and_events_follow_without_gaps() {
        let hub = Hub::new("test");
        hub.add_channel_member("c1", "u1");
        let mut a = hub.connect("u1", None);
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
        let mut member = hub.connect("member", None);
        let mut outsider = hub.connect("outsider", None);
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
        let mut first = hub.connect("u1", None);
        hub.publish(&channel_event("c1", 1));
        assert_eq!(drain(&mut first.receiver).len(), 2); // hello (0) and event (1)
        hub.detach(&first.conn, first.generation);
        hub.publish(&channel_event("c1", 2)); // seq 2
        hub.publish(&channel_event("c1", 3)); // seq 3
        let mut second = hub.connect("u1", Some((&first.conn.id, 2)));
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
        let first = hub.connect("u1", None);
        hub.detach(&first.conn, first.generation);
        for n in 0..(RESUME_BUFFER as i64 + 5) {
            hub.publish(&channel_event("c1", n));
        }
        let mut second = hub.connect("u1", Some((&first.conn.id, 1)));
        assert!(second.fresh);
        assert_ne!(second.conn.id, first.conn.id);
        let events = drain(&mut second.receiver);
        assert_eq!(events[0].event, "hello");
        assert_eq!(events[0].seq, 0);
        // Another user cannot take over someone's connection id.
        let other = hub.connect("u2", Some((&second.conn.id, 1)));
        assert!(other.fresh);
        assert_ne!(other.conn.id, second.conn.id);
    }
}
