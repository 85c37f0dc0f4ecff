use serde::Serialize;

/// Kinds of sidebar category (`type`): three every user has on every team, and their own.
pub mod category_type {
    pub const FAVORITES: &str = "favorites";
    pub const CHANNELS: &str = "channels";
    pub const DIRECT_MESSAGES: &str = "direct_messages";
    pub const CUSTOM: &str = "custom";
}

/// A section of a user's channel sidebar on a team, with its channels in the user's order
/// (Mattermost's `SidebarCategoryWithChannels`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct SidebarCategory {
    pub id: String,
    pub user_id: String,
    pub team_id: String,
    pub sort_order: i64,
    /// "" (the app's default), "alpha", "recent" or "manual".
    pub sorting: String,
    /// See `category_type`.
    #[serde(rename = "type")]
    pub category_type: String,
    pub display_name: String,
    pub muted: bool,
    pub collapsed: bool,
    pub channel_ids: Vec<String>,
}

crate::deserialize_into_default!(SidebarCategory {
    id, user_id, team_id, sort_order, sorting, category_type = "type", display_name, muted,
    collapsed, channel_ids,
});

/// `GET /users/{user_id}/teams/{team_id}/channels/categories`: the categories and their order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct OrderedSidebarCategories {
    pub categories: Vec<SidebarCategory>,
    pub order: Vec<String>,
}

crate::deserialize_into_default!(OrderedSidebarCategories { categories, order });
