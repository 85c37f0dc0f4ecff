//! Look-ups Mattermost's apps make besides the ones brisk's client needs: the list of teams, a
//! channel by team and channel name, posts by ids, a channel's pinned posts, and the user count.

use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use brisk_model::rules::is_valid_id;
use brisk_model::{Post, Team};
use serde::Deserialize;
use serde_json::json;

use super::channels::readable_by_name;
use super::extract::{ChannelId, RequestHost};
use crate::access::{readable_channel, readable_post};
use crate::db::{post_metadata, posts, teams, users};
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, QueryMap, RawBody};
use crate::permalinks;
use crate::AppState;

/// Most ids one `POST /posts/ids` accepts, as Mattermost.
const MAX_POST_IDS: usize = 1000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/teams", get(list_teams))
        .route(
            "/teams/name/{name}/channels/name/{channel_name}",
            get(channel_by_names),
        )
        .route("/posts/ids", post(posts_by_ids))
        .route("/channels/{channel_id}/pinned", get(pinned))
        .route("/users/stats", get(user_stats))
}

/// `GET /teams?page&per_page[&include_total_count=true]`: the teams anyone may join (every team,
/// for a system admin), by display name.
async fn list_teams(
    State(state): State<AppState>,
    auth: Auth,
    query: QueryMap,
) -> ApiResult<Response> {
    let page = query.page()?;
    let with_total = query.str("include_total_count") == "true";
    let every_team = auth.is_system_admin();
    let (listed, total) = state
        .db
        .read(move |conn| {
            let mut stmt = conn.prepare(
                "SELECT id FROM teams WHERE delete_at = 0 AND (allow_open_invite = 1 OR ?1) \
                 ORDER BY display_name, name",
            )?;
            let ids: Vec<String> = stmt
                .query_map([every_team], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let total = ids.len();
            let mut listed: Vec<Team> = Vec::new();
            let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
            let per_page = usize::try_from(page.per_page).unwrap_or(0);
            for id in ids.iter().skip(offset).take(per_page) {
                listed.extend(teams::get(conn, id)?);
            }
            Ok((listed, total))
        })
        .await?;
    if with_total {
        Ok(ok(&json!({ "teams": listed, "total_count": total })))
    } else {
        Ok(ok(&listed))
    }
}

#[derive(Deserialize)]
struct ChannelByNames {
    name: String,
    channel_name: String,
}

/// `GET /teams/name/{team_name}/channels/name/{channel_name}[?include_deleted=true]`.
async fn channel_by_names(
    State(state): State<AppState>,
    auth: Auth,
    Path(names): Path<ChannelByNames>,
    query: QueryMap,
) -> ApiResult<Response> {
    let include_deleted = query.str("include_deleted") == "true";
    let channel = state
        .db
        .read(move |conn| {
            let team = teams::get_by_name(conn, &names.name)?
                .filter(|t| t.delete_at == 0)
                .ok_or_else(ApiError::team_not_found)?;
            readable_by_name(
                conn,
                &auth.user,
                &team.id,
                &names.channel_name,
                include_deleted,
            )
        })
        .await?;
    Ok(ok(&channel))
}

/// `POST /posts/ids ["id", ...]`: the live posts among them in channels the caller may read.
async fn posts_by_ids(
    State(state): State<AppState>,
    auth: Auth,
    RequestHost(host): RequestHost,
    body: RawBody,
) -> ApiResult<Response> {
    let ids: Vec<String> = body.parse("post_ids")?;
    if ids.is_empty() || ids.len() > MAX_POST_IDS || !ids.iter().all(|id| is_valid_id(id)) {
        return Err(ApiError::invalid_body("post_ids"));
    }
    let found = state
        .db
        .read(move |conn| {
            let mut found: Vec<Post> = ids
                .iter()
                .filter_map(|id| readable_post(conn, &auth.user, id).ok())
                .map(|(post, _)| post)
                .collect();
            post_metadata::attach(conn, &mut found)?;
            permalinks::attach(conn, &auth.user, &host, found.iter_mut())?;
            Ok(found)
        })
        .await?;
    Ok(ok(&found))
}

/// `GET /channels/{channel_id}/pinned`: the channel's pinned live posts, newest first, as a
/// PostList.
async fn pinned(
    State(state): State<AppState>,
    auth: Auth,
    RequestHost(host): RequestHost,
    ChannelId(channel_id): ChannelId,
) -> ApiResult<Response> {
    let list = state
        .db
        .read(move |conn| {
            let channel = readable_channel(conn, &auth.user, &channel_id)?;
            let found = posts::query(
                conn,
                &format!(
                    "{} WHERE p.channel_id = ?1 AND p.is_pinned = 1 AND p.delete_at = 0 \
                     ORDER BY p.create_at DESC",
                    posts::SELECT
                ),
                [&channel.id],
            )?;
            let mut list = posts::to_post_list(conn, found)?;
            permalinks::attach(conn, &auth.user, &host, list.posts.values_mut())?;
            Ok(list)
        })
        .await?;
    Ok(ok(&list))
}

/// `GET /users/stats`: how many accounts there are.
async fn user_stats(State(state): State<AppState>, _auth: Auth) -> ApiResult<Response> {
    let count = state.db.read(users::count).await?;
    Ok(ok(&json!({ "total_users_count": count })))
}
