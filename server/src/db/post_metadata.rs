//! `post.metadata`: what the server attaches to posts it returns (reactions, files), fetched for a
//! whole page at once.

use brisk_model::Post;

use super::{files, link_previews, reactions};
use crate::error::ApiResult;

/// Fills `metadata.reactions`, `metadata.files` and the OpenGraph embeds of `posts` (only posts
/// flagged `has_reactions`, carrying `file_ids` or linking to a page cost a lookup).
pub fn attach(conn: &rusqlite::Connection, posts: &mut [Post]) -> ApiResult<()> {
    attach_reactions(conn, posts)?;
    attach_files(conn, posts)?;
    link_previews::attach(conn, posts)
}

fn attach_files(conn: &rusqlite::Connection, posts: &mut [Post]) -> ApiResult<()> {
    let with_files: Vec<&str> = posts
        .iter()
        .filter(|p| !p.file_ids.is_empty())
        .map(|p| p.id.as_str())
        .collect();
    if with_files.is_empty() {
        return Ok(());
    }
    let mut by_post = files::for_posts(conn, &with_files)?;
    for post in posts.iter_mut() {
        if let Some(list) = by_post.remove(&post.id) {
            post.metadata.files = list;
        }
    }
    Ok(())
}

fn attach_reactions(conn: &rusqlite::Connection, posts: &mut [Post]) -> ApiResult<()> {
    let with_reactions: Vec<&str> = posts
        .iter()
        .filter(|p| p.has_reactions)
        .map(|p| p.id.as_str())
        .collect();
    if with_reactions.is_empty() {
        return Ok(());
    }
    let mut by_post = reactions::for_posts(conn, &with_reactions)?;
    for post in posts.iter_mut() {
        if let Some(list) = by_post.remove(&post.id) {
            post.metadata.reactions = list;
        }
    }
    Ok(())
}
