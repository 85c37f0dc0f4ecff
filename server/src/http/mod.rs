//! The `/api/v4` routes, a module per resource. Channel endpoints are split by the question a
//! request asks: which channels there are (`channels`), changing one (`channel_changes`), who is in
//! one (`channel_members`), how far the caller has read (`channel_reading`), and direct or group
//! messages (`direct_channels`).

mod absent_features;
mod account_security;
pub mod auth;
mod autocomplete;
mod channel_changes;
mod channel_members;
mod channel_reading;
mod channels;
mod client_config;
mod direct_channels;
mod extract;
pub(crate) mod files;
mod imports;
pub mod json;
mod lookups;
mod password_reset;
mod people_admin;
mod post_changes;
mod posts;
mod preferences;
mod profile_images;
pub(crate) mod reactions;
mod roles;
mod search;
mod sidebar_categories;
mod statuses;
mod system;
mod system_config;
mod teams;
mod threads;
mod unread_posts;
mod user_overview;
mod user_profile;
mod users;

use axum::routing::{get, post, put};
use axum::Router;

use crate::error::ApiError;
use crate::{ws, AppState};

/// Every `/api/v4` route; anything else under it is a 404 AppError.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/system/ping", get(system::ping))
        .route("/config/client", get(client_config::get))
        .route("/license/client", get(system::client_license))
        .route("/websocket", get(ws::upgrade))
        // users
        .route("/users", post(users::create).get(users::list))
        .route("/users/login", post(users::login))
        .route("/users/logout", post(users::logout))
        .route("/users/me", get(users::me))
        .route("/users/ids", post(users::get_by_ids))
        .route("/users/status/ids", post(users::statuses_by_ids))
        .route("/users/username/{username}", get(users::get_by_username))
        .route(
            "/users/{user_id}",
            get(users::get).delete(people_admin::deactivate),
        )
        .route(
            "/users/{user_id}/password",
            put(account_security::update_password),
        )
        .route(
            "/users/{user_id}/sessions/revoke/all",
            post(account_security::revoke_all_sessions),
        )
        // teams
        .route("/teams", post(teams::create))
        .route("/teams/{team_id}", get(teams::get))
        .route("/teams/{team_id}/patch", put(teams::patch))
        .route(
            "/teams/{team_id}/regenerate_invite_id",
            post(teams::regenerate_invite_id),
        )
        .route("/teams/name/{name}", get(teams::get_by_name))
        .route("/teams/invite/{invite_id}", get(teams::invite_info))
        .route("/teams/members/invite", post(teams::join_by_invite))
        .route("/teams/{team_id}/members", post(teams::add_member))
        .route("/users/me/teams", get(teams::mine))
        .route("/users/me/teams/members", get(teams::my_members))
        // channels
        .route("/users/me/teams/{team_id}/channels", get(channels::mine))
        .route(
            "/users/me/teams/{team_id}/channels/members",
            get(channel_members::my_members),
        )
        .route("/teams/{team_id}/channels", get(channels::public))
        .route(
            "/teams/{team_id}/channels/name/{channel_name}",
            get(channels::get_by_name),
        )
        .route("/channels", post(channels::create))
        .route("/channels/direct", post(direct_channels::direct))
        .route("/channels/group", post(direct_channels::group))
        .route(
            "/channels/{channel_id}",
            get(channels::get)
                .put(channel_changes::update)
                .delete(channel_changes::archive),
        )
        .route("/channels/{channel_id}/patch", put(channel_changes::patch))
        .route(
            "/channels/{channel_id}/restore",
            post(channel_changes::restore),
        )
        .route("/channels/{channel_id}/stats", get(channel_members::stats))
        .route(
            "/channels/stats/member_count",
            post(channel_members::member_counts).layer(axum::extract::DefaultBodyLimit::max(
                channel_members::MEMBER_COUNT_BODY_MAX,
            )),
        )
        .route(
            "/teams/{team_id}/channels/deleted",
            get(channel_changes::archived),
        )
        .route(
            "/channels/{channel_id}/members",
            post(channel_members::add_member).get(channel_members::list),
        )
        // `me` for a user id, as everywhere in Mattermost's API: reading and leaving alike.
        .route(
            "/channels/{channel_id}/members/{user_id}",
            get(channel_members::get).delete(channel_members::remove),
        )
        .route(
            "/channels/{channel_id}/members/{user_id}/notify_props",
            put(channel_members::update_notify_props),
        )
        .route("/channels/members/me/view", post(channel_reading::view))
        // posts
        .route("/posts", post(posts::create))
        .route(
            "/posts/{post_id}",
            get(posts::get)
                .put(post_changes::update)
                .delete(post_changes::delete),
        )
        .route("/posts/{post_id}/patch", put(post_changes::patch))
        // files: uploads stream to disk under their own size limit, not the JSON one
        .route(
            "/files",
            post(files::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/files/{file_id}", get(files::download))
        .route("/files/{file_id}/thumbnail", get(files::thumbnail))
        .route("/files/{file_id}/preview", get(files::preview))
        .route("/files/{file_id}/info", get(files::info))
        .route("/teams/{team_id}/posts/search", post(search::posts))
        // reactions
        .route("/reactions", post(reactions::save))
        .route("/posts/{post_id}/reactions", get(reactions::for_post))
        .route("/posts/ids/reactions", post(reactions::for_posts))
        .route(
            "/users/{user_id}/posts/{post_id}/reactions/{emoji_name}",
            axum::routing::delete(reactions::delete),
        )
        .route(
            "/users/{user_id}/posts/{post_id}/set_unread",
            post(channel_reading::set_unread),
        )
        .route("/posts/{post_id}/thread", get(posts::thread))
        .route("/channels/{channel_id}/posts", get(posts::for_channel))
        // What Mattermost's own apps ask besides, a router per resource.
        .merge(unread_posts::routes())
        .merge(threads::routes())
        .merge(sidebar_categories::routes())
        .merge(preferences::routes())
        .merge(roles::routes())
        .merge(statuses::routes())
        .merge(profile_images::routes())
        .merge(user_overview::routes())
        .merge(user_profile::routes())
        .merge(lookups::routes())
        .merge(absent_features::routes())
        .merge(autocomplete::routes())
        .merge(people_admin::routes())
        .merge(password_reset::routes())
        .merge(system_config::routes())
        .merge(imports::routes())
        .fallback(|| async { ApiError::route_not_found() })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "api.context.405.app_error",
                "The requested method is not allowed for this resource.",
            )
        })
}
