use brisk_model::{CreatePostRequest, Post, PostList};

use super::http::{get_with_query, post, OnUnauthorized};
use super::{segment, ApiError};

/// Mattermost's default page size for a channel's posts.
pub const POSTS_PER_PAGE: u32 = 60;

/// Which posts of a channel to fetch (`GET /channels/{id}/posts`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PostsQuery {
    /// The newest page.
    #[default]
    Newest,
    /// Everything created, edited or deleted after this time (ms): the catch-up after a gap.
    Since(i64),
    /// The page before this post id (older history).
    Before(String),
}

impl PostsQuery {
    fn params(&self) -> Vec<(&'static str, String)> {
        let page = [
            ("page", "0".to_string()),
            ("per_page", POSTS_PER_PAGE.to_string()),
        ];
        match self {
            PostsQuery::Newest => page.into(),
            PostsQuery::Since(time) => vec![("since", time.to_string())],
            PostsQuery::Before(post_id) => {
                let mut params = Vec::from(page);
                params.push(("before", post_id.clone()));
                params
            }
        }
    }
}

/// `GET /channels/{channel_id}/posts`.
pub async fn channel_posts(channel_id: &str, query: &PostsQuery) -> Result<PostList, ApiError> {
    let path = format!("/channels/{}/posts", segment(channel_id));
    get_with_query(&path, &query.params()).await
}

/// `POST /posts`. The server de-duplicates a retry by `pending_post_id`.
pub async fn create_post(request: &CreatePostRequest) -> Result<Post, ApiError> {
    post("/posts", request, OnUnauthorized::EndSession).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_ask_for_the_right_slice() {
        assert_eq!(
            PostsQuery::Newest.params(),
            [("page", "0".to_string()), ("per_page", "60".to_string())]
        );
        assert_eq!(
            PostsQuery::Since(42).params(),
            [("since", "42".to_string())]
        );
        assert_eq!(
            PostsQuery::Before("p1".into()).params()[2],
            ("before", "p1".to_string())
        );
    }
}
