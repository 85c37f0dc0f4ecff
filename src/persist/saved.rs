//! The store's copy on the device (see `store::saved`), in IndexedDB: brisk opens from it at once,
//! and offline. One record holds the session (who is signed in, teams, channels, memberships,
//! people, and which channels were read most recently, in order); each of those channels' posts
//! is a record of its own, so a write puts only the channels that changed. At most `MAX_BYTES`
//! of JSON in all: the least recently read channels' posts go first. It is written a moment
//! after the store changes, not on every change.

use std::cell::{Cell, RefCell};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use crate::state::effect;
use leptos::prelude::*;

use super::idb::{Change, CHANNELS, DEVICE, SESSION};
use crate::lazy::lazy_fn;
use crate::store::{channels_within, Saved, SavedChannel, Store};

/// The session record's key.
const SESSION_KEY: &str = "saved";
/// The most the copy may take, in bytes of JSON.
pub const MAX_BYTES: usize = 20_000_000;
/// How long after a change the copy is written: a burst of events costs one write.
const WRITE_DELAY_MS: u32 = 2_000;

/// What this page knows the device holds.
#[derive(Clone, Debug, Default, PartialEq)]
enum Held {
    /// Not read nor written yet: it may hold anyone's copy.
    #[default]
    Unknown,
    Nothing,
    /// A copy, as a fingerprint of each record: the session's, and each channel's with its id
    /// (a list: there are few).
    Copy {
        session: u64,
        channels: Vec<(String, u64)>,
    },
}

thread_local! {
    /// Whether a write is already due.
    static WRITE_DUE: Cell<bool> = const { Cell::new(false) };
    /// What the device holds, as far as this page knows: a write puts only what differs.
    static HELD: RefCell<Held> = const { RefCell::new(Held::Unknown) };
}

/// The copy as the device's records: the session (the channels' posts left out, their order
/// kept) and each recently read channel's posts, by channel id, most recently read first.
#[derive(Debug, PartialEq)]
struct Records {
    session: String,
    channels: Vec<(String, String)>,
}

fn fingerprint(record: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    record.hash(&mut hasher);
    hasher.finish()
}

impl Records {
    /// Encodes `saved`, dropping the least recently read channels that do not fit `max_bytes`;
    /// none if not even the session fits.
    fn encode(mut saved: Saved, max_bytes: usize) -> Option<Records> {
        let mut channels: Vec<(String, String)> = saved
            .reading
            .iter_mut()
            .filter_map(|channel| {
                let json = serde_json::to_string(channel).ok()?;
                channel.posts.clear();
                Some((channel.channel_id.clone(), json))
            })
            .collect();
        let mut session = serde_json::to_string(&saved).ok()?;
        let sizes: Vec<usize> = channels.iter().map(|(_, json)| json.len()).collect();
        let kept = channels_within(max_bytes, session.len(), &sizes)?;
        if kept < channels.len() {
            channels.truncate(kept);
            saved.reading.truncate(kept);
            session = serde_json::to_string(&saved).ok()?;
        }
        Some(Records { session, channels })
    }

    /// The copy the records hold (channels whose records are missing are left out), and what
    /// the device holds: every record, the ones left out too, so the next write drops them.
    fn decode(session: &str, channels: &[String]) -> Option<(Saved, Held)> {
        let mut saved: Saved = brisk_model::json::from_str(session).ok()?;
        let mut posts: Vec<SavedChannel> = Vec::new();
        let mut fingerprints = Vec::new();
        for json in channels {
            if let Ok(channel) = brisk_model::json::from_str::<SavedChannel>(json) {
                fingerprints.push((channel.channel_id.clone(), fingerprint(json)));
                posts.push(channel);
            }
        }
        saved.reading = saved
            .reading
            .iter()
            .filter_map(|read| {
                let at = posts.iter().position(|c| c.channel_id == read.channel_id)?;
                Some(posts.swap_remove(at))
            })
            .collect();
        let held = Held::Copy {
            session: fingerprint(session),
            channels: fingerprints,
        };
        Some((saved, held))
    }

    fn held(&self) -> Held {
        Held::Copy {
            session: fingerprint(&self.session),
            channels: self
                .channels
                .iter()
                .map(|(id, json)| (id.clone(), fingerprint(json)))
                .collect(),
        }
    }

    /// The changes that turn what the device `held` into these records.
    fn changes_from(&self, held: &Held) -> Vec<Change> {
        let put = |store, key: &str, value: &str| Change::Put {
            store,
            key: key.to_string(),
            value: value.to_string(),
        };
        let mut changes = Vec::new();
        let held_channels = match held {
            Held::Copy { session, channels } => {
                if *session != fingerprint(&self.session) {
                    changes.push(put(SESSION, SESSION_KEY, &self.session));
                }
                let kept: Vec<&str> = self.channels.iter().map(|(id, _)| id.as_str()).collect();
                changes.extend(
                    channels
                        .iter()
                        .filter(|(id, _)| !kept.contains(&id.as_str()))
                        .map(|(id, _)| Change::Delete {
                            store: CHANNELS,
                            key: id.clone(),
                        }),
                );
                Some(channels)
            }
            Held::Unknown | Held::Nothing => {
                // Whatever else is there (another person's channels) goes.
                changes.push(Change::Clear(CHANNELS));
                changes.push(put(SESSION, SESSION_KEY, &self.session));
                None
            }
        };
        for (id, json) in &self.channels {
            let held = held_channels
                .and_then(|held| held.iter().find(|(held_id, _)| held_id == id))
                .map(|(_, print)| *print);
            if held != Some(fingerprint(json)) {
                changes.push(put(CHANNELS, id, json));
            }
        }
        changes
    }
}

/// What the device kept, if anything readable.
pub async fn load() -> Option<Saved> {
    if !DEVICE.exists().await {
        HELD.set(Held::Nothing);
        return None;
    }
    // Both asked at once: the first paint waits for this.
    let (session, channels) =
        futures::join!(DEVICE.get(SESSION, SESSION_KEY), DEVICE.get_all(CHANNELS));
    let Some(session) = session.ok()? else {
        HELD.set(Held::Nothing);
        return None;
    };
    let channels = channels.ok()?;
    // Without its chunk the copy is not shown; the server's answers replace it.
    let (saved, held) = decode_copy(session, channels).await.ok()??;
    HELD.set(held);
    Some(saved)
}

lazy_fn! {
    /// Decoding the copy: its code (the decoders of what is kept) loads only where there is a
    /// copy to read, not for a newcomer.
    fn decode_copy(session: String, channels: Vec<String>) -> Option<(Saved, Held)> {
        Records::decode(&session, &channels)
    }
}

/// Keeps the copy up to date with the store (and removes it when nobody is signed in).
pub fn keep(store: RwSignal<Store>) {
    effect(move || {
        store.track();
        if WRITE_DUE.with(|due| due.replace(true)) {
            return;
        }
        gloo_timers::callback::Timeout::new(WRITE_DELAY_MS, move || {
            WRITE_DUE.with(|due| due.set(false));
            let Some(saved) = store.try_with_untracked(Store::to_saved) else {
                return;
            };
            if saved.is_some() {
                super::screen::keep();
            } else {
                super::screen::erase();
            }
            // A chunk that cannot be fetched leaves the copy as it was until the next change.
            leptos::task::spawn_local(async move {
                let _ = write_copy(saved).await;
            });
        })
        .forget();
    });
}

lazy_fn! {
    /// Encoding the copy and working out what to write: its code (the JSON encoders of what is
    /// kept) loads while the app is idle after the first screen, which needs none of it.
    fn write_copy(saved: Option<Saved>) -> () {
        write(saved.and_then(|saved| Records::encode(saved, MAX_BYTES)));
    }
}

fn write(records: Option<Records>) {
    let held = HELD.take();
    // Clearing a device that may hold nothing: a visitor who never signed in gets no database.
    let clearing_unknown = records.is_none() && held == Held::Unknown;
    let (changes, now_held) = match records {
        Some(records) => (records.changes_from(&held), records.held()),
        None if held == Held::Nothing => (Vec::new(), Held::Nothing),
        None => (
            vec![Change::Clear(SESSION), Change::Clear(CHANNELS)],
            Held::Nothing,
        ),
    };
    HELD.set(now_held);
    if changes.is_empty() {
        return;
    }
    leptos::task::spawn_local(async move {
        if clearing_unknown && !DEVICE.exists().await {
            return;
        }
        if DEVICE.write(&changes).await.is_err() {
            // The device holds the copy as it was, or none: written in full next time.
            HELD.set(Held::Unknown);
        }
    });
}

/// Forgets what this page knew of the copy (the database was erased).
pub(super) fn forget() {
    HELD.set(Held::Nothing);
}

#[cfg(test)]
mod tests {
    use super::*;
    use brisk_model::{Post, User};

    fn channel(id: &str, message: &str) -> SavedChannel {
        SavedChannel {
            channel_id: id.into(),
            posts: vec![Post {
                id: format!("{id}-post"),
                channel_id: id.into(),
                message: message.into(),
                ..Post::default()
            }],
        }
    }

    fn saved(reading: Vec<SavedChannel>) -> Saved {
        Saved {
            me: User {
                id: "me".into(),
                ..User::default()
            },
            reading,
            ..Saved::default()
        }
    }

    fn keys(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|change| match change {
                Change::Put { store, key, .. } => format!("put {store}/{key}"),
                Change::Delete { store, key } => format!("delete {store}/{key}"),
                Change::Clear(store) => format!("clear {store}"),
            })
            .collect()
    }

    #[test]
    fn the_records_read_back_as_the_copy_they_were_written_from() {
        let copy = saved(vec![channel("c2", "newer"), channel("c1", "older")]);
        let records = Records::encode(copy.clone(), MAX_BYTES).expect("fits");
        assert_eq!(
            records
                .channels
                .iter()
                .map(|(id, _)| id.as_str())
                .collect::<Vec<_>>(),
            ["c2", "c1"]
        );
        assert!(
            !records.session.contains("newer"),
            "posts are in their channel's record"
        );
        let mut stored: Vec<String> = records
            .channels
            .iter()
            .map(|(_, json)| json.clone())
            .collect();
        stored.sort();
        let (read, held) = Records::decode(&records.session, &stored).expect("decodes");
        assert_eq!(read, copy);
        assert!(
            records.changes_from(&held).is_empty(),
            "nothing to write until it changes"
        );
        let (read, _) = Records::decode(&records.session, &stored[..1]).expect("decodes");
        assert_eq!(
            read.reading.len(),
            1,
            "a channel without its record is left out"
        );
    }

    #[test]
    fn channels_that_do_not_fit_are_left_out_least_recently_read_first() {
        let copy = saved(vec![channel("c2", "newer"), channel("c1", "older")]);
        let whole = Records::encode(copy.clone(), MAX_BYTES).expect("fits");
        let without_c1 = whole.session.len() + whole.channels[0].1.len();
        let smaller = Records::encode(copy.clone(), without_c1).expect("fits");
        assert_eq!(smaller.channels.len(), 1);
        let (read, _) =
            Records::decode(&smaller.session, &[smaller.channels[0].1.clone()]).expect("decodes");
        assert_eq!(read.reading.len(), 1);
        assert_eq!(Records::encode(copy, 10), None, "not even the session fits");
    }

    #[test]
    fn a_write_puts_only_what_changed_and_drops_channels_no_longer_kept() {
        let first = Records::encode(
            saved(vec![channel("c1", "one"), channel("c2", "two")]),
            MAX_BYTES,
        )
        .unwrap();
        assert_eq!(
            keys(&first.changes_from(&Held::Unknown)),
            [
                "clear channels",
                "put session/saved",
                "put channels/c1",
                "put channels/c2"
            ],
            "a device holding anything else is rewritten"
        );
        assert!(first.changes_from(&first.held()).is_empty());

        let second = Records::encode(
            saved(vec![channel("c3", "three"), channel("c1", "one, edited")]),
            MAX_BYTES,
        )
        .unwrap();
        assert_eq!(
            keys(&second.changes_from(&first.held())),
            [
                "put session/saved",
                "delete channels/c2",
                "put channels/c3",
                "put channels/c1"
            ]
        );
    }
}
