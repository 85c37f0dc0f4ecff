//! `/users/{user_id}/teams/{team_id}/channels/categories`: the caller's channel sidebar on a team
//! (Favorites, Channels, Direct Messages and their own categories), as Mattermost's apps load and
//! rearrange it. Only the caller's own sidebar, on a team they belong to.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use brisk_model::{category_type, OrderedSidebarCategories, SidebarCategory, StatusOk};
use rusqlite::Connection;
use serde_json::{json, Value};

use super::extract::{TeamId, UserId};
use crate::db::sidebar_categories as categories;
use crate::db::{channels, teams};
use crate::error::{ApiError, ApiResult};
use crate::events::{Audience, Outbox};
use crate::http::auth::Auth;
use crate::http::json::{ok, RawBody};
use crate::ids::new_id;
use crate::AppState;

/// Longest display name of a category, in characters (Mattermost's channel display name limit).
const DISPLAY_NAME_MAX: usize = 64;
/// Most categories one user keeps on one team.
const MAX_CATEGORIES: i64 = 100;
/// Longest category id (Mattermost's default ids are the type, the user id and the team id).
const CATEGORY_ID_MAX: usize = 128;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/users/{user_id}/teams/{team_id}/channels/categories",
            get(list).post(create).put(update_many),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/channels/categories/order",
            get(order).put(set_order),
        )
        .route(
            "/users/{user_id}/teams/{team_id}/channels/categories/{category_id}",
            get(get_one).put(update_one).delete(delete),
        )
}

/// The caller's own id and the team's, once the caller is known to be on the team.
async fn sidebar_owner(
    state: &AppState,
    auth: &Auth,
    user: UserId,
    team_id: String,
) -> ApiResult<(String, String)> {
    if !user.is(auth) {
        return Err(ApiError::forbidden());
    }
    let user_id = auth.user.id.clone();
    let (member_user, member_team) = (user_id.clone(), team_id.clone());
    let is_member = state
        .db
        .read(move |conn| Ok(teams::get_member(conn, &member_team, &member_user)?.is_some()))
        .await?;
    if is_member {
        Ok((user_id, team_id))
    } else {
        Err(ApiError::forbidden())
    }
}

/// Tells the user's other sessions of a change to their sidebar on the team.
fn announce(state: &AppState, user_id: &str, team_id: &str, event: &'static str, data: Value) {
    let mut outbox = Outbox::default();
    outbox.event(
        event,
        data,
        Audience::UserInTeam {
            user_id: user_id.to_string(),
            team_id: team_id.to_string(),
        },
    );
    state.publish(outbox);
}

/// `sidebar_category_updated`, whose data carries the categories as a JSON string.
fn announce_updated(state: &AppState, user_id: &str, team_id: &str, updated: &[SidebarCategory]) {
    if let Ok(encoded) = serde_json::to_string(updated) {
        let data = json!({ "updatedCategories": encoded });
        announce(state, user_id, team_id, "sidebar_category_updated", data);
    }
}

/// `{category_id}`: Mattermost's default ids are longer than a plain id, so only the shape is checked.
fn category_id(params: &HashMap<String, String>) -> ApiResult<String> {
    params
        .get("category_id")
        .filter(|id| {
            !id.is_empty()
                && id.len() <= CATEGORY_ID_MAX
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .cloned()
        .ok_or_else(|| ApiError::invalid_url_param("category_id"))
}

/// The arranged categories whose ids are in `ids`, in `ids`' order.
fn arranged_by_id(
    conn: &Connection,
    user_id: &str,
    team_id: &str,
    ids: &[String],
) -> ApiResult<Vec<SidebarCategory>> {
    let mut arranged = categories::arranged(conn, user_id, team_id)?;
    Ok(ids
        .iter()
        .filter_map(|id| {
            let at = arranged.iter().position(|c| &c.id == id)?;
            Some(arranged.swap_remove(at))
        })
        .collect())
}

/// `GET …/categories`: every category with its channels, and their order.
async fn list(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
) -> ApiResult<Response> {
    let (user_id, team_id) = sidebar_owner(&state, &auth, user, team_id).await?;
    let categories = state
        .db
        .write(move |tx| categories::arranged(tx, &user_id, &team_id))
        .await?;
    let order = categories.iter().map(|c| c.id.clone()).collect();
    Ok(ok(&OrderedSidebarCategories { categories, order }))
}

/// `GET …/categories/order`: the category ids, top first.
async fn order(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
) -> ApiResult<Response> {
    let (user_id, team_id) = sidebar_owner(&state, &auth, user, team_id).await?;
    let order: Vec<String> = state
        .db
        .write(move |tx| {
            let arranged = categories::arranged(tx, &user_id, &team_id)?;
            Ok(arranged.into_iter().map(|c| c.id).collect())
        })
        .await?;
    Ok(ok(&order))
}

/// `PUT …/categories/order`: the same categories in a new order; answers the order.
async fn set_order(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
    body: RawBody,
) -> ApiResult<Response> {
    let (user_id, team_id) = sidebar_owner(&state, &auth, user, team_id).await?;
    let wanted: Vec<String> = body.parse("category")?;
    let (owner, team) = (user_id.clone(), team_id.clone());
    let order = state
        .db
        .write(move |tx| {
            let current: HashSet<String> = categories::arranged(tx, &user_id, &team_id)?
                .into_iter()
                .map(|c| c.id)
                .collect();
            let given: HashSet<&String> = wanted.iter().collect();
            if wanted.len() != current.len()
                || given.len() != current.len()
                || !wanted.iter().all(|id| current.contains(id))
            {
                return Err(ApiError::invalid_body("category"));
            }
            categories::set_order(tx, &wanted)?;
            Ok(wanted)
        })
        .await?;
    let data = json!({ "order": order });
    announce(
        &state,
        &owner,
        &team,
        "sidebar_category_order_updated",
        data,
    );
    Ok(ok(&order))
}

/// `GET …/categories/{category_id}`.
async fn get_one(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
    Path(params): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    let id = category_id(&params)?;
    let (user_id, team_id) = sidebar_owner(&state, &auth, user, team_id).await?;
    let category = state
        .db
        .write(move |tx| {
            arranged_by_id(tx, &user_id, &team_id, std::slice::from_ref(&id))?
                .pop()
                .ok_or_else(ApiError::forbidden)
        })
        .await?;
    Ok(ok(&category))
}

/// Mattermost's sortings of a category's channels ("" lets the app choose).
const SORTINGS: &[&str] = &["", "alpha", "recent", "manual"];

/// Checks a category's sorting.
fn checked_sorting(sorting: String) -> ApiResult<String> {
    if SORTINGS.contains(&sorting.as_str()) {
        Ok(sorting)
    } else {
        Err(ApiError::invalid_body("sorting"))
    }
}

/// Checks a custom category's display name.
fn checked_display_name(name: &str) -> ApiResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > DISPLAY_NAME_MAX {
        return Err(ApiError::invalid_body("display_name"));
    }
    Ok(name.to_string())
}

/// The request's channels the user is in (Mattermost drops the others), each once.
fn own_channels(
    conn: &Connection,
    user_id: &str,
    team_id: &str,
    requested: &[String],
) -> ApiResult<Vec<String>> {
    let member_of: HashSet<String> = channels::for_user_in_team(conn, user_id, team_id)?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let mut seen = HashSet::new();
    Ok(requested
        .iter()
        .filter(|id| member_of.contains(*id) && seen.insert(id.as_str()))
        .cloned()
        .collect())
}

/// `POST …/categories`: a new custom category at the top, taking the channels it names from where
/// they were.
async fn create(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
    body: RawBody,
) -> ApiResult<Response> {
    let (user_id, team_id) = sidebar_owner(&state, &auth, user, team_id).await?;
    let request: SidebarCategory = body.parse("category")?;
    if request.user_id != user_id || request.team_id != team_id {
        return Err(ApiError::invalid_body("category"));
    }
    let display_name = checked_display_name(&request.display_name)?;
    let sorting = checked_sorting(request.sorting)?;
    let (owner, team) = (user_id.clone(), team_id.clone());
    let category = state
        .db
        .write(move |tx| {
            categories::arranged(tx, &user_id, &team_id)?;
            if categories::count(tx, &user_id, &team_id)? >= MAX_CATEGORIES {
                return Err(ApiError::invalid_body("category"));
            }
            let channel_ids = own_channels(tx, &user_id, &team_id, &request.channel_ids)?;
            let category = SidebarCategory {
                id: new_id(),
                user_id: user_id.clone(),
                team_id: team_id.clone(),
                sort_order: categories::top_sort_order(tx, &user_id, &team_id)?,
                sorting,
                category_type: category_type::CUSTOM.to_string(),
                display_name,
                muted: request.muted,
                collapsed: request.collapsed,
                channel_ids,
            };
            categories::take_channels_from_others(
                tx,
                &user_id,
                &team_id,
                &category.id,
                &category.channel_ids,
            )?;
            categories::save(tx, &category)?;
            arranged_by_id(tx, &user_id, &team_id, std::slice::from_ref(&category.id))?
                .pop()
                .ok_or_else(|| ApiError::internal("category vanished"))
        })
        .await?;
    let data = json!({ "category_id": category.id });
    announce(&state, &owner, &team, "sidebar_category_created", data);
    Ok(ok(&category))
}

/// Applies `changes` to the user's categories; answers them as they now read. A category that is
/// not the user's is a 400, as Mattermost's. Default categories keep their names.
fn update_categories(
    conn: &Connection,
    user_id: &str,
    team_id: &str,
    changes: Vec<SidebarCategory>,
) -> ApiResult<Vec<SidebarCategory>> {
    categories::arranged(conn, user_id, team_id)?;
    let mut ids = Vec::with_capacity(changes.len());
    for change in changes {
        let mut category = categories::get(conn, user_id, team_id, &change.id)?
            .ok_or_else(|| ApiError::invalid_body("category"))?;
        if category.category_type == category_type::CUSTOM {
            category.display_name = checked_display_name(&change.display_name)?;
        }
        category.sorting = checked_sorting(change.sorting)?;
        category.muted = change.muted;
        category.collapsed = change.collapsed;
        category.channel_ids = own_channels(conn, user_id, team_id, &change.channel_ids)?;
        categories::take_channels_from_others(
            conn,
            user_id,
            team_id,
            &category.id,
            &category.channel_ids,
        )?;
        categories::save(conn, &category)?;
        ids.push(category.id);
    }
    arranged_by_id(conn, user_id, team_id, &ids)
}

/// `PUT …/categories`: several categories at once (moving a channel changes two).
async fn update_many(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
    body: RawBody,
) -> ApiResult<Response> {
    let (user_id, team_id) = sidebar_owner(&state, &auth, user, team_id).await?;
    let changes: Vec<SidebarCategory> = body.parse("category")?;
    if changes.len() as i64 > MAX_CATEGORIES {
        return Err(ApiError::invalid_body("category"));
    }
    let (owner, team) = (user_id.clone(), team_id.clone());
    let updated = state
        .db
        .write(move |tx| update_categories(tx, &user_id, &team_id, changes))
        .await?;
    announce_updated(&state, &owner, &team, &updated);
    Ok(ok(&updated))
}

/// `PUT …/categories/{category_id}`: one category.
async fn update_one(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
    Path(params): Path<HashMap<String, String>>,
    body: RawBody,
) -> ApiResult<Response> {
    let id = category_id(&params)?;
    let (user_id, team_id) = sidebar_owner(&state, &auth, user, team_id).await?;
    let mut change: SidebarCategory = body.parse("category")?;
    if change.user_id != user_id || change.team_id != team_id {
        return Err(ApiError::invalid_body("category"));
    }
    change.id = id;
    let (owner, team) = (user_id.clone(), team_id.clone());
    let category = state
        .db
        .write(move |tx| {
            update_categories(tx, &user_id, &team_id, vec![change])?
                .pop()
                .ok_or_else(|| ApiError::internal("category vanished"))
        })
        .await?;
    announce_updated(&state, &owner, &team, std::slice::from_ref(&category));
    Ok(ok(&category))
}

/// `DELETE …/categories/{category_id}`: a custom category goes; its channels return to Channels
/// and Direct Messages. The default three stay.
async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    user: UserId,
    TeamId(team_id): TeamId,
    Path(params): Path<HashMap<String, String>>,
) -> ApiResult<Response> {
    let id = category_id(&params)?;
    let (user_id, team_id) = sidebar_owner(&state, &auth, user, team_id).await?;
    let (owner, team, deleted) = (user_id.clone(), team_id.clone(), id.clone());
    state
        .db
        .write(move |tx| {
            let category =
                categories::get(tx, &user_id, &team_id, &id)?.ok_or_else(ApiError::forbidden)?;
            if category.category_type != category_type::CUSTOM {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "app.channel.sidebar_categories.delete_invalid.app_error",
                    "Only custom categories can be deleted.",
                ));
            }
            categories::delete(tx, &id)
        })
        .await?;
    let data = json!({ "category_id": deleted });
    announce(&state, &owner, &team, "sidebar_category_deleted", data);
    Ok(ok(&StatusOk::ok()))
}
