//! The posts the server has not confirmed (the outbox, and refused posts), kept in IndexedDB, one
//! record per post by its `pending_post_id` (replies included: they carry their thread), so they
//! survive a reload and a browser restart: a waiting one is sent when the network is back, a
//! refused one comes back failed with its reason. The outbox is bounded (`OUTBOX_LIMIT` posts)
//! and read once, at sign-in.

use std::cell::{Cell, RefCell};

use crate::state::{effect, memo};
use brisk_model::{FileInfo, Post};
use leptos::prelude::*;
use serde::Serialize;

use super::idb::{Change, DEVICE, OUTBOX};
use crate::browser::local_store;
use crate::lazy::{lazy_fn, until_loaded};
use crate::store::{Store, UnsentPost};

/// What is kept of an unsent post: what it takes to show it again and send it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(default)]
struct KeptPost {
    pending_post_id: String,
    channel_id: String,
    root_id: String,
    user_id: String,
    message: String,
    create_at: i64,
    file_ids: Vec<String>,
    /// The attached files' infos, as `metadata.files` holds them.
    files: Vec<FileInfo>,
    /// Why the server refused it; none while it waits to be sent.
    refusal: Option<String>,
}

brisk_model::deserialize_into_default!(KeptPost {
    pending_post_id,
    channel_id,
    root_id,
    user_id,
    message,
    create_at,
    file_ids,
    files,
    refusal
});

impl From<&UnsentPost> for KeptPost {
    fn from(unsent: &UnsentPost) -> Self {
        let post = &unsent.post;
        Self {
            pending_post_id: post.pending_post_id.clone(),
            channel_id: post.channel_id.clone(),
            root_id: post.root_id.clone(),
            user_id: post.user_id.clone(),
            message: post.message.clone(),
            create_at: post.create_at,
            file_ids: post.file_ids.clone(),
            files: post.metadata.files.clone(),
            refusal: unsent.refusal.clone(),
        }
    }
}

impl From<KeptPost> for UnsentPost {
    fn from(kept: KeptPost) -> Self {
        let mut post = Post {
            id: kept.pending_post_id.clone(),
            pending_post_id: kept.pending_post_id,
            channel_id: kept.channel_id,
            root_id: kept.root_id,
            user_id: kept.user_id,
            message: kept.message,
            create_at: kept.create_at,
            update_at: kept.create_at,
            file_ids: kept.file_ids,
            ..Post::default()
        };
        post.metadata.files = kept.files;
        UnsentPost {
            post,
            refusal: kept.refusal,
        }
    }
}

/// Where the previous version kept them (localStorage): moved here once.
const LEGACY_KEY: &str = "brisk.unsent";

thread_local! {
    /// The outbox to write once the write under way is done (a newer one replaces it).
    static NEXT_WRITE: RefCell<Option<Vec<Change>>> = const { RefCell::new(None) };
    static WRITING: Cell<bool> = const { Cell::new(false) };
}

/// The posts that were unsent when the page was last closed (anyone's: the store restores only
/// the signed-in user's). Their decoding is a chunk; it is waited for, however long, as the
/// outbox is written only once the kept posts are restored (an empty one would erase them).
pub async fn load() -> Vec<UnsentPost> {
    let stored = DEVICE.get_all(OUTBOX).await.unwrap_or_default();
    until_loaded(|| decode_kept(stored.clone())).await
}

lazy_fn! {
    /// The kept posts from their records, and from where the previous version kept them.
    fn decode_kept(stored: Vec<String>) -> Vec<UnsentPost> {
        let kept = stored
            .iter()
            .filter_map(|json| brisk_model::json::from_str::<KeptPost>(json).ok());
        let legacy = local_store::load_json::<Vec<KeptPost>>(LEGACY_KEY);
        // Written to IndexedDB with the rest once restored into the store.
        local_store::save(LEGACY_KEY, "");
        kept.chain(legacy).map(UnsentPost::from).collect()
    }
}

/// Writes the unsent posts to the device whenever they change (once the kept ones are restored
/// into the store, so they are never overwritten before being shown).
pub fn keep(store: RwSignal<Store>) {
    let unsent = memo(move || store.with(Store::unsent_posts));
    effect(move || {
        let Some(changes) = unsent.with(|unsent| unsent.as_deref().map(changes)) else {
            return;
        };
        write(changes);
    });
}

/// Replaces the device's outbox with `unsent`.
fn changes(unsent: &[UnsentPost]) -> Vec<Change> {
    let posts = unsent.iter().filter_map(|unsent| {
        Some(Change::Put {
            store: OUTBOX,
            key: unsent.post.pending_post_id.clone(),
            value: serde_json::to_string(&KeptPost::from(unsent)).ok()?,
        })
    });
    std::iter::once(Change::Clear(OUTBOX))
        .chain(posts)
        .collect()
}

/// Writes one outbox at a time, so an older one never lands after a newer one.
fn write(changes: Vec<Change>) {
    NEXT_WRITE.set(Some(changes));
    if WRITING.replace(true) {
        return;
    }
    leptos::task::spawn_local(async {
        while let Some(changes) = NEXT_WRITE.take() {
            // Storage full or disabled: the posts still wait in this page.
            let _ = DEVICE.write(&changes).await;
        }
        WRITING.set(false);
    });
}

/// Drops a write not yet started (the database was erased).
pub(super) fn forget() {
    NEXT_WRITE.take();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_post_comes_back_as_the_unsent_post_it_was() {
        let mut post = Post {
            id: "me:100".into(),
            pending_post_id: "me:100".into(),
            channel_id: "c1".into(),
            root_id: "root".into(),
            user_id: "me".into(),
            message: "offline words".into(),
            create_at: 100,
            update_at: 100,
            file_ids: vec!["f1".into()],
            ..Post::default()
        };
        post.metadata.files = vec![FileInfo {
            id: "f1".into(),
            name: "a.png".into(),
            ..FileInfo::default()
        }];
        let unsent = [
            UnsentPost {
                post: post.clone(),
                refusal: None,
            },
            UnsentPost {
                post,
                refusal: Some("Channel archived".into()),
            },
        ];
        let kept: Vec<KeptPost> = unsent.iter().map(KeptPost::from).collect();
        let stored = serde_json::to_string(&kept).expect("encodes");
        let kept: Vec<KeptPost> = serde_json::from_str(&stored).expect("decodes");
        assert_eq!(
            kept.into_iter().map(UnsentPost::from).collect::<Vec<_>>(),
            unsent
        );
    }
}
