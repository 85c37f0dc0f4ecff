use serde::{Deserialize, Serialize};

/// A Mattermost user as the API returns it (sanitised: no password, no auth data).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct User {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub nickname: String,
    pub email: String,
    pub roles: String,
    pub locale: String,
    pub position: String,
    pub is_bot: bool,
    pub last_picture_update: i64,
    /// "" for password accounts; "gitlab", "saml", ... for others.
    pub auth_service: String,
    /// Mattermost's timezone map: `useAutomaticTimezone`, `automaticTimezone`, `manualTimezone`.
    pub timezone: std::collections::HashMap<String, String>,
}

crate::deserialize_into_default!(User {
    id,
    create_at,
    update_at,
    delete_at,
    username,
    first_name,
    last_name,
    nickname,
    email,
    roles,
    locale,
    position,
    is_bot,
    last_picture_update,
    auth_service,
    timezone,
});

impl User {
    /// The name shown next to a post: "First Last" when set, otherwise the username.
    pub fn display_name(&self) -> String {
        let full = format!("{} {}", self.first_name, self.last_name);
        let full = full.trim();
        if full.is_empty() {
            self.username.clone()
        } else {
            full.to_string()
        }
    }

    /// Whether the user holds the system admin role.
    pub fn is_system_admin(&self) -> bool {
        self.roles.split_whitespace().any(|r| r == "system_admin")
    }
}

/// `POST /users/login`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoginRequest {
    pub login_id: String,
    pub password: String,
}

/// `PUT /users/{user_id}/password`: `current_password` is needed for one's own account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdatePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// `PUT /users/{user_id}/patch`: only the fields present change. Mattermost's web app sends the
/// whole user, so `username` and `email` may come along unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserPatch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
}

/// `POST /users` (sign-up).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CreateUserRequest {
    pub email: String,
    pub username: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
}

/// One entry of `POST /users/status/ids` and the `status_change` event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct UserStatus {
    pub user_id: String,
    /// "online", "away", "dnd" or "offline".
    pub status: String,
    pub manual: bool,
    pub last_activity_at: i64,
}

crate::deserialize_into_default!(UserStatus {
    user_id,
    status,
    manual,
    last_activity_at
});

/// One of a user's settings, as Mattermost keeps them: `category` and `name` say which.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(default)]
pub struct Preference {
    pub user_id: String,
    pub category: String,
    pub name: String,
    pub value: String,
}

crate::deserialize_into_default!(Preference {
    user_id,
    category,
    name,
    value
});
