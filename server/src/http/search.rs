//! `POST /teams/{team_id}/posts/search`.

use std::collections::HashMap;

use super::extract::TeamId;
use axum::extract::State;
use axum::response::Response;
use brisk_model::{PostSearchResults, SearchPostsRequest};

use crate::access::require_team_member;
use crate::db::posts;
use crate::db::search::{self, Scope};
use crate::error::{ApiError, ApiResult};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::search_terms::{self, matched_terms};
use crate::AppState;

/// Longest search the box accepts.
const MAX_TERMS_LEN: usize = 1024;
/// Most words, phrases, hashtags and filters one search may hold: each is a clause of the query.
const MAX_SEARCH_TERMS: usize = 32;
/// Furthest from UTC a searcher's clock may be, in seconds.
const MAX_TIME_ZONE_OFFSET: i64 = 24 * 60 * 60;

/// Searches the caller's channels of the team (and their direct messages): a PostList, newest
/// first, plus `matches` (post id → the words that matched, for highlighting).
pub async fn posts(
    State(state): State<AppState>,
    auth: Auth,
    TeamId(team_id): TeamId,
    body: RawBody,
) -> ApiResult<Response> {
    let request: SearchPostsRequest = body.parse("search")?;
    if request.terms.len() > MAX_TERMS_LEN {
        return Err(ApiError::invalid_body("terms"));
    }
    if request.page < 0 || request.per_page < 0 {
        return Err(ApiError::invalid_body("page"));
    }
    let per_page = if request.per_page == 0 {
        60
    } else {
        request.per_page.min(200)
    };
    let offset = request
        .page
        .checked_mul(per_page)
        .ok_or_else(|| ApiError::invalid_body("page"))?;
    // Real zones are within a day of UTC; anything else would only overflow the date arithmetic.
    if !(-MAX_TIME_ZONE_OFFSET..=MAX_TIME_ZONE_OFFSET).contains(&request.time_zone_offset) {
        return Err(ApiError::invalid_body("time_zone_offset"));
    }
    let query = search_terms::parse(&request.terms);
    if query.term_count() > MAX_SEARCH_TERMS {
        return Err(ApiError::invalid_body("terms"));
    }
    let highlighting = query.clone();
    let mut results = state
        .db
        .read(move |conn| {
            require_team_member(conn, &auth.user, &team_id)?;
            let found = search::search(
                conn,
                &query,
                &Scope {
                    user_id: &auth.user.id,
                    team_id: &team_id,
                    is_or_search: request.is_or_search,
                    include_archived: request.include_deleted_channels,
                    time_zone_offset: request.time_zone_offset,
                    offset,
                    limit: per_page,
                },
            )?;
            Ok(PostSearchResults {
                list: posts::to_post_list(conn, found)?,
                matches: HashMap::new(),
            })
        })
        .await?;
    // Highlighting works on the posts found, outside the database's lock.
    let list = &results.list;
    results.matches = list
        .order
        .iter()
        .filter_map(|id| list.posts.get(id))
        .map(|post| {
            let found = matched_terms(&highlighting, &post.message, &post.hashtags);
            (post.id.clone(), found)
        })
        .collect();
    Ok(ok(&results))
}
