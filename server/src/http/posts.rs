//! `/posts` and channel post pages.

use axum::extract::State;
use axum::response::Response;
use brisk_model::{CreatePostRequest, PostList};

use super::extract::{ChannelId, PostId, RequestHost};
use crate::access::{readable_channel, readable_post, require_not_archived};
use crate::db::posts::{self, NewPost};
use crate::db::{channels, post_metadata};
use crate::error::{ApiError, ApiResult};
use crate::events::Outbox;
use crate::http::auth::Auth;
use crate::http::json::{created, ok, QueryMap, RawBody};
use crate::ids::now_ms;
use crate::link_previews;
use crate::permalinks;
use crate::AppState;
use brisk_model::rules::is_valid_id;

/// Props only the server (webhooks, bridges, bots) may set: a user setting them could pass off a
/// post as someone else's.
const SERVER_ONLY_PROPS: &[&str] = &[
    "from_webhook",
    "override_username",
    "override_icon_url",
    "from_bot",
];

/// Longest `pending_post_id` accepted (the client's "<user_id>:<ms>" is well under it).
const MAX_PENDING_POST_ID: usize = 64;

/// `POST /posts`: 201 with the post. A retry carrying the same `pending_post_id` gets the post
/// created the first time, and nothing is written or broadcast twice.
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    RequestHost(host): RequestHost,
    body: RawBody,
) -> ApiResult<Response> {
    let preview_host = host.clone();
    let request: CreatePostRequest = body.parse("post")?;
    if !is_valid_id(&request.channel_id) {
        return Err(ApiError::invalid_body("channel_id"));
    }
    if !request.root_id.is_empty() && !is_valid_id(&request.root_id) {
        return Err(ApiError::invalid_body("root_id"));
    }
    if request.pending_post_id.len() > MAX_PENDING_POST_ID {
        return Err(ApiError::invalid_body("pending_post_id"));
    }
    let mut props = request.props;
    props.retain(|key, _| !SERVER_ONLY_PROPS.contains(&key.as_str()));
    let new = NewPost {
        channel_id: request.channel_id,
        user_id: auth.user.id.clone(),
        root_id: request.root_id,
        message: request.message,
        props,
        file_ids: request.file_ids,
        pending_post_id: request.pending_post_id,
        ..Default::default()
    };
    let (created_post, outbox) = state
        .db
        .write(move |tx| {
            let channel =
                channels::get(tx, &new.channel_id)?.ok_or_else(ApiError::channel_not_found)?;
            if !channels::is_member(tx, &channel.id, &new.user_id)? {
                return Err(ApiError::forbidden());
            }
            require_not_archived(
                &channel,
                "api.post.create_post.can_not_post_to_deleted.error",
                "Can not post to deleted channel.",
            )?;
            let mut outbox = Outbox::default();
            let mut created = posts::create(tx, new, now_ms(), &mut outbox)?;
            permalinks::personalize_events(tx, &mut outbox, &created.post, &host)?;
            permalinks::attach(tx, &auth.user, &host, [&mut created.post])?;
            Ok((created, outbox))
        })
        .await?;
    if !created_post.duplicate {
        state.publish(outbox);
        link_previews::fetch_later(&state, &created_post.post, &preview_host);
    }
    Ok(created(&created_post.post))
}

/// `GET /posts/{post_id}` for anyone who may read its channel.
pub async fn get(
    State(state): State<AppState>,
    auth: Auth,
    RequestHost(host): RequestHost,
    PostId(post_id): PostId,
) -> ApiResult<Response> {
    let post = state
        .db
        .read(move |conn| {
            let (mut post, _) = readable_post(conn, &auth.user, &post_id)?;
            post_metadata::attach(conn, std::slice::from_mut(&mut post))?;
            permalinks::attach(conn, &auth.user, &host, [&mut post])?;
            Ok(post)
        })
        .await?;
    Ok(ok(&post))
}

/// `GET /posts/{post_id}/thread`: the whole thread of any of its posts, newest first.
pub async fn thread(
    State(state): State<AppState>,
    auth: Auth,
    RequestHost(host): RequestHost,
    PostId(post_id): PostId,
) -> ApiResult<Response> {
    let list = state
        .db
        .read(move |conn| {
            let (post, _) = readable_post(conn, &auth.user, &post_id)?;
            let root_id = if post.root_id.is_empty() {
                post.id
            } else {
                post.root_id
            };
            let mut list = posts::to_post_list(conn, posts::thread(conn, &root_id)?)?;
            permalinks::attach(conn, &auth.user, &host, list.posts.values_mut())?;
            Ok(list)
        })
        .await?;
    Ok(ok(&list))
}

/// `GET /channels/{channel_id}/posts?page&per_page&before&after&since`: a PostList with Mattermost's
/// cursors (`next_post_id` is the next newer post, `prev_post_id` the next older one).
pub async fn for_channel(
    State(state): State<AppState>,
    auth: Auth,
    RequestHost(host): RequestHost,
    ChannelId(channel_id): ChannelId,
    query: QueryMap,
) -> ApiResult<Response> {
    let page = query.page()?;
    let since = query.int("since", 0)?;
    let before = query.str("before").to_string();
    let after = query.str("after").to_string();
    for (name, id) in [("before", &before), ("after", &after)] {
        if !id.is_empty() && !is_valid_id(id) {
            return Err(ApiError::invalid_url_param(name));
        }
    }
    let list = state
        .db
        .read(move |conn| {
            let channel = readable_channel(conn, &auth.user, &channel_id)?;
            let (offset, per_page) = (page.offset(), page.per_page);
            let anchor_time = |post_id: &str| -> ApiResult<i64> {
                posts::get(conn, post_id)?
                    .filter(|p| p.channel_id == channel.id)
                    .map(|p| p.create_at)
                    .ok_or_else(ApiError::post_not_found)
            };
            if since > 0 {
                let mut list = posts::to_post_list(conn, posts::since(conn, &channel.id, since)?)?;
                permalinks::attach(conn, &auth.user, &host, list.posts.values_mut())?;
                return Ok(list);
            }
            let fetched = if !after.is_empty() {
                posts::after(conn, &channel.id, anchor_time(&after)?, offset, per_page)?
            } else if !before.is_empty() {
                posts::before(conn, &channel.id, anchor_time(&before)?, offset, per_page)?
            } else {
                posts::page(conn, &channel.id, offset, per_page)?
            };
            // Cursor rules of Mattermost's AddCursorIdsForPostList.
            let mut next: Option<String> = None;
            let mut prev: Option<String> = None;
            if !after.is_empty() {
                if page.page == 0 {
                    prev = Some(after.clone());
                }
                if fetched.is_empty() {
                    next = Some(String::new());
                }
            } else if !before.is_empty() {
                if page.page == 0 {
                    next = Some(before.clone());
                }
                if fetched.is_empty() {
                    prev = Some(String::new());
                }
            }
            let newest = fetched.first().map(|p| p.create_at);
            let oldest = fetched.last().map(|p| p.create_at);
            let next = match (next, newest) {
                (Some(id), _) => id,
                (None, Some(at)) => posts::id_after(conn, &channel.id, at)?,
                (None, None) => String::new(),
            };
            let prev = match (prev, oldest) {
                (Some(id), _) => id,
                (None, Some(at)) => posts::id_before(conn, &channel.id, at)?,
                (None, None) => String::new(),
            };
            let mut list: PostList = posts::to_post_list(conn, fetched)?;
            list.next_post_id = next;
            list.prev_post_id = prev;
            permalinks::attach(conn, &auth.user, &host, list.posts.values_mut())?;
            Ok(list)
        })
        .await?;
    Ok(ok(&list))
}
