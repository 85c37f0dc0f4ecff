use brisk_model::{
    CreatePostRequest, PatchPostRequest, Post, PostList, PostSearchResults, Reaction,
    SearchPostsRequest, UserThread, UserThreads,
};

use super::http::{delete, get, get_with_query, post, put, OnUnauthorized};
use super::{segment, ApiError};
use crate::store::SEARCH_RESULTS_PER_PAGE;

/// Mattermost's default page size for a channel's posts.
pub const POSTS_PER_PAGE: u32 = 60;

/// The parameters of `GET /channels/{id}/posts`. Mattermost reads `since` alone, else
/// `before`/`after` (a post id) with `page`/`per_page` counted from it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostsQuery {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub before: Option<String>,
    pub after: Option<String>,
    /// Everything created, edited or deleted after this time (ms).
    pub since: Option<i64>,
}

impl PostsQuery {
    /// The newest page.
    pub fn newest() -> Self {
        Self {
            page: Some(0),
            per_page: Some(POSTS_PER_PAGE),
            ..Self::default()
        }
    }

    /// The page just older than a post.
    pub fn before(post_id: &str) -> Self {
        Self {
            before: Some(post_id.to_string()),
            ..Self::newest()
        }
    }

    /// The catch-up after a gap: what changed since a time.
    pub fn since(time: i64) -> Self {
        Self {
            since: Some(time),
            ..Self::default()
        }
    }

    fn params(&self) -> Vec<(&'static str, String)> {
        let numbers = [("page", self.page), ("per_page", self.per_page)]
            .into_iter()
            .filter_map(|(name, value)| Some((name, value?.to_string())));
        let ids = [("before", &self.before), ("after", &self.after)]
            .into_iter()
            .filter_map(|(name, value)| Some((name, value.clone()?)));
        let since = self.since.map(|time| ("since", time.to_string()));
        numbers.chain(ids).chain(since).collect()
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

/// `PUT /posts/{post_id}/patch`: change the message; the answer is the edited post.
pub async fn patch_post(post_id: &str, message: &str) -> Result<Post, ApiError> {
    let body = PatchPostRequest {
        message: Some(message.to_string()),
    };
    put(&format!("/posts/{}/patch", segment(post_id)), &body).await
}

/// `DELETE /posts/{post_id}` (soft: the server keeps it, marked deleted).
pub async fn delete_post(post_id: &str) -> Result<(), ApiError> {
    delete(&format!("/posts/{}", segment(post_id))).await
}

/// `POST /reactions`: react to a post as `user_id` (me).
pub async fn save_reaction(
    user_id: &str,
    post_id: &str,
    emoji_name: &str,
) -> Result<Reaction, ApiError> {
    let body = Reaction {
        user_id: user_id.into(),
        post_id: post_id.into(),
        emoji_name: emoji_name.into(),
        create_at: 0,
    };
    post("/reactions", &body, OnUnauthorized::EndSession).await
}

/// `DELETE /users/{user_id}/posts/{post_id}/reactions/{emoji_name}`.
pub async fn delete_reaction(
    user_id: &str,
    post_id: &str,
    emoji_name: &str,
) -> Result<(), ApiError> {
    delete(&format!(
        "/users/{}/posts/{}/reactions/{}",
        segment(user_id),
        segment(post_id),
        segment(emoji_name)
    ))
    .await
}

/// `GET /posts/{post_id}`: one post, for a permalink.
pub async fn post_by_id(post_id: &str) -> Result<Post, ApiError> {
    get(&format!("/posts/{}", segment(post_id))).await
}

/// `GET /posts/{post_id}/thread`: the root and all its replies.
pub async fn post_thread(post_id: &str) -> Result<PostList, ApiError> {
    get(&format!("/posts/{}/thread", segment(post_id))).await
}

/// `GET /users/me/teams/{team_id}/threads?unread=true&per_page=`: the threads I take part in
/// that have replies I have not read, most recently replied first.
pub async fn unread_threads(team_id: &str, per_page: usize) -> Result<UserThreads, ApiError> {
    let path = format!("/users/me/teams/{}/threads", segment(team_id));
    get_with_query(
        &path,
        &[
            ("unread", "true".into()),
            ("per_page", per_page.to_string()),
        ],
    )
    .await
}

/// `PUT /users/me/teams/{team_id}/threads/{thread_id}/read/{timestamp}`: I have read the thread
/// up to `at`.
pub async fn mark_thread_read(
    team_id: &str,
    root_id: &str,
    at: i64,
) -> Result<UserThread, ApiError> {
    let path = format!(
        "/users/me/teams/{}/threads/{}/read/{at}",
        segment(team_id),
        segment(root_id)
    );
    put(&path, &serde_json::json!({})).await
}

/// `POST /teams/{team_id}/posts/search`: the newest posts matching `terms` (all words must
/// match) in my channels of the team; `time_zone_offset` (seconds east of UTC) places the days
/// of `on:`/`before:`/`after:`.
pub async fn search_posts(
    team_id: &str,
    terms: &str,
    time_zone_offset: i64,
    page: i64,
) -> Result<PostSearchResults, ApiError> {
    let body = SearchPostsRequest {
        terms: terms.to_string(),
        is_or_search: false,
        time_zone_offset,
        page,
        per_page: SEARCH_RESULTS_PER_PAGE,
        ..SearchPostsRequest::default()
    };
    post(
        &format!("/teams/{}/posts/search", segment(team_id)),
        &body,
        OnUnauthorized::EndSession,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_ask_for_the_right_slice() {
        let pair = |name, value: &str| (name, value.to_string());
        assert_eq!(
            PostsQuery::newest().params(),
            [pair("page", "0"), pair("per_page", "60")]
        );
        assert_eq!(PostsQuery::since(42).params(), [pair("since", "42")]);
        assert_eq!(
            PostsQuery::before("p1").params(),
            [
                pair("page", "0"),
                pair("per_page", "60"),
                pair("before", "p1")
            ]
        );
        let after = PostsQuery {
            after: Some("p2".into()),
            ..PostsQuery::default()
        };
        assert_eq!(after.params(), [pair("after", "p2")]);
    }
}
