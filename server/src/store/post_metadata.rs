//! `post.metadata`: what the server attaches to posts it returns (reactions, files), fetched for a
//! whole page at once.

use brisk_model::Post;

use super::reactions;
use crate::error::{ApiError, ApiResult};

/// Fills `metadata.reactions` of `posts` (only those flagged `has_reactions` cost a lookup).
pub fn attach(conn: &rusqlite::Connection, posts: &mut [Post]) -> ApiResult<()> {
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
            post.metadata.reactions = list
                .iter()
                .map(serde_json::to_value)
                .collect::<Result<_, _>>()
                .map_err(ApiError::internal)?;
        }
    }
    Ok(())
}
