//! The posts the server has not confirmed, kept in localStorage per channel (replies included:
//! they carry their thread), so a failed send, or one still under way when the page closed,
//! survives a reload and comes back failed, to be retried or deleted.

use std::collections::HashMap;

use brisk_model::{FileInfo, Post};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::browser::local_store;
use crate::store::Store;

/// What is kept of an unsent post: what it takes to show it again and send it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
}

impl From<&Post> for KeptPost {
    fn from(post: &Post) -> Self {
        Self {
            pending_post_id: post.pending_post_id.clone(),
            channel_id: post.channel_id.clone(),
            root_id: post.root_id.clone(),
            user_id: post.user_id.clone(),
            message: post.message.clone(),
            create_at: post.create_at,
            file_ids: post.file_ids.clone(),
            files: post.metadata.files.clone(),
        }
    }
}

impl From<KeptPost> for Post {
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
        post
    }
}

fn key(channel_id: &str) -> String {
    format!("brisk.unsent.{channel_id}")
}

/// The channel's posts that were unsent when the page was last closed.
pub fn load(channel_id: &str) -> Vec<Post> {
    local_store::load_json::<Vec<KeptPost>>(&key(channel_id))
        .into_iter()
        .map(Post::from)
        .collect()
}

/// Writes a channel's unsent posts to localStorage whenever they change (once the kept ones are
/// restored into the store, so they are never overwritten before being shown).
pub fn keep(store: RwSignal<Store>) {
    let unsent = Memo::new(move |_| store.with(Store::unsent_posts));
    Effect::new(move |saved: Option<HashMap<String, Vec<Post>>>| {
        let now = unsent.get();
        for (channel_id, posts) in &now {
            if saved.as_ref().and_then(|saved| saved.get(channel_id)) == Some(posts) {
                continue;
            }
            let kept: Vec<KeptPost> = posts.iter().map(KeptPost::from).collect();
            if kept.is_empty() {
                local_store::save(&key(channel_id), "");
            } else {
                local_store::save_json(&key(channel_id), &kept);
            }
        }
        now
    });
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
        let stored = serde_json::to_string(&[KeptPost::from(&post)]).expect("encodes");
        let kept: Vec<KeptPost> = serde_json::from_str(&stored).expect("decodes");
        assert_eq!(kept.into_iter().map(Post::from).collect::<Vec<_>>(), [post]);
    }
}
