//! The signed-in person's own settings as the store keeps them: the theme (a preference on the
//! server), each channel's notification settings (my membership's `notify_props`), and profiles
//! changed anywhere (`user_updated`).

use brisk_model::{ChannelMember, ChannelNotifyProps, Preference, User};

use super::Store;

/// The preference category Mattermost's apps keep display options in.
pub const THEME_CATEGORY: &str = "display_settings";
/// brisk's own name in that category: Mattermost's `theme` preference holds a whole colour set,
/// which has no "follow the system" choice.
pub const THEME_NAME: &str = "brisk_theme";

/// The colours the app uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    /// Light or dark as the device is set.
    #[default]
    System,
}

impl Theme {
    /// Every choice, in the order offered.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::System];

    /// The preference's value (and the root element's `data-theme`).
    pub fn value(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "system",
        }
    }

    /// The theme a stored value names; anything unknown follows the system.
    pub fn from_value(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|theme| theme.value() == value)
            .unwrap_or_default()
    }

    /// What the choice is called.
    pub fn label(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::System => "Same as the device",
        }
    }

    /// The preference that stores this choice for `user_id`.
    pub fn preference(self, user_id: &str) -> Preference {
        Preference {
            user_id: user_id.to_string(),
            category: THEME_CATEGORY.into(),
            name: THEME_NAME.into(),
            value: self.value().into(),
        }
    }
}

/// When a channel makes itself noticed (its `mark_unread` and `desktop` together), as the
/// channel menu offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DesktopLevel {
    /// Every message.
    All,
    /// Mentions (and every message of a direct or group message): the default.
    Mentions,
    Nothing,
}

impl DesktopLevel {
    /// Every choice, in the order offered.
    pub const ALL: [DesktopLevel; 3] = [
        DesktopLevel::All,
        DesktopLevel::Mentions,
        DesktopLevel::Nothing,
    ];

    /// The level a member's `desktop` setting means; "default" follows the account's own
    /// setting, which is Mattermost's default of mentions (this client has no account-wide one).
    pub fn of(props: &ChannelNotifyProps) -> Self {
        Self::from_value(&props.desktop)
    }

    /// The level a `desktop` value means ("default" and anything unknown: mentions).
    pub fn from_value(value: &str) -> Self {
        match value {
            "all" => DesktopLevel::All,
            "none" => DesktopLevel::Nothing,
            _ => DesktopLevel::Mentions,
        }
    }

    /// The `desktop` value that stores it.
    pub fn value(self) -> &'static str {
        match self {
            DesktopLevel::All => "all",
            DesktopLevel::Mentions => "mention",
            DesktopLevel::Nothing => "none",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DesktopLevel::All => "All new messages",
            DesktopLevel::Mentions => "Mentions",
            DesktopLevel::Nothing => "Nothing",
        }
    }
}

impl Store {
    /// An empty store showing `theme` (the one this device showed last) until my preference is
    /// read.
    pub fn with_theme(theme: Theme) -> Self {
        Store {
            theme,
            ..Store::default()
        }
    }

    /// Preferences read (`GET /users/{id}/preferences`) or changed (`preferences_changed`): the
    /// ones this client acts on.
    pub fn apply_preferences(&mut self, preferences: &[Preference]) {
        let theme = preferences
            .iter()
            .rfind(|p| p.category == THEME_CATEGORY && p.name == THEME_NAME);
        if let Some(theme) = theme {
            self.theme = Theme::from_value(&theme.value);
        }
    }

    /// A profile changed (mine in another session, or someone else's).
    pub fn apply_user_updated(&mut self, user: User) {
        if self.me.as_ref().is_some_and(|me| me.id == user.id) {
            self.me = Some(user.clone());
        }
        self.users.insert(user.id.clone(), user);
    }

    /// Someone's system roles changed (`user_role_updated`): for me, the System console link
    /// appears or goes at once.
    pub fn apply_roles_updated(&mut self, user_id: &str, roles: &str) {
        let known = self.me.iter_mut().chain(self.users.get_mut(user_id));
        for user in known.filter(|user| user.id == user_id) {
            user.roles = roles.to_string();
        }
    }

    /// My membership changed elsewhere: its notification settings and roles are taken; its read
    /// counts are not, as those counted here from events may be newer.
    pub fn apply_member_updated(&mut self, updated: ChannelMember) {
        if updated.user_id != self.my_id() {
            return;
        }
        if let Some(member) = self.my_members.get_mut(&updated.channel_id) {
            member.notify_props = updated.notify_props;
            member.roles = updated.roles;
        }
    }

    /// My notification settings of a channel (the defaults when I am not a member).
    pub fn notify_props(&self, channel_id: &str) -> ChannelNotifyProps {
        self.my_members
            .get(channel_id)
            .map(|member| member.notify_props.clone())
            .unwrap_or_default()
    }

    /// Sets my notification settings of a channel (optimistically, or back after a failure).
    pub fn set_notify_props(&mut self, channel_id: &str, props: ChannelNotifyProps) {
        if let Some(member) = self.my_members.get_mut(channel_id) {
            member.notify_props = props;
        }
    }

    /// Whether I muted the channel: only mentions mark it unread (Mattermost's `mark_unread`).
    pub fn is_muted(&self, channel_id: &str) -> bool {
        self.unread(channel_id).muted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{event, event_in, posted, store};
    use serde_json::json;

    #[test]
    fn the_theme_follows_my_preference_from_any_session() {
        let mut store = store();
        assert_eq!(store.theme, Theme::System);
        store.apply_preferences(&[Theme::Dark.preference("me")]);
        assert_eq!(store.theme, Theme::Dark);
        let changed = serde_json::to_string(&[Theme::Light.preference("me")]).unwrap();
        store.apply_event(&event(
            "preferences_changed",
            json!({ "preferences": changed }),
        ));
        assert_eq!(store.theme, Theme::Light);
        let other = Preference {
            name: "use_military_time".into(),
            value: "dark".into(),
            ..Theme::Dark.preference("me")
        };
        store.apply_preferences(&[other]);
        assert_eq!(
            store.theme,
            Theme::Light,
            "another preference of the category"
        );
        assert_eq!(Theme::from_value("sepia"), Theme::System);
    }

    #[test]
    fn my_new_roles_take_effect_at_once() {
        let mut store = store();
        assert!(!store.me.as_ref().unwrap().is_system_admin());
        let made_admin = json!({"user_id": "me", "roles": "system_user system_admin"});
        store.apply_event(&event("user_role_updated", made_admin));
        assert!(store.me.as_ref().unwrap().is_system_admin());
        let someone_else = json!({"user_id": "u2", "roles": "system_user"});
        store.apply_event(&event("user_role_updated", someone_else));
        assert!(store.me.as_ref().unwrap().is_system_admin(), "not about me");
        let unmade = json!({"user_id": "me", "roles": "system_user"});
        store.apply_event(&event("user_role_updated", unmade));
        assert!(!store.me.as_ref().unwrap().is_system_admin());
    }

    #[test]
    fn a_changed_profile_reaches_the_people_list_and_me() {
        let mut store = store();
        let renamed = json!({"user": {"id": "me", "username": "ann", "first_name": "Annie"}});
        store.apply_event(&event("user_updated", renamed));
        assert_eq!(store.me.as_ref().unwrap().display_name(), "Annie");
        assert_eq!(store.users["me"].first_name, "Annie");
        let other = json!({"user": {"id": "u2", "username": "bob", "nickname": "Bobby"}});
        store.apply_event(&event("user_updated", other));
        assert_eq!(store.users["u2"].nickname, "Bobby");
        assert_eq!(store.me.as_ref().unwrap().id, "me");
    }

    #[test]
    fn muting_elsewhere_takes_the_settings_but_not_older_counts() {
        let mut store = store();
        store.apply_event(&posted("p1", "bob", 2_000, &[]));
        assert_eq!(store.unread("c1").messages, 4);
        let member = json!({
            "channel_id": "c1", "user_id": "me", "msg_count": 0,
            "notify_props": {"mark_unread": "mention", "desktop": "all"}
        });
        let data = json!({ "channelMember": member.to_string() });
        store.apply_event(&event_in("channel_member_updated", data, "c1"));
        assert!(store.is_muted("c1"));
        assert_eq!(
            DesktopLevel::of(&store.notify_props("c1")),
            DesktopLevel::All
        );
        assert_eq!(
            store.unread("c1").messages,
            4,
            "the older count is not taken"
        );
        assert!(
            !store.unread("c1").is_unread(),
            "muted: not unread without a mention"
        );

        let someone_else = json!({"channel_id": "c1", "user_id": "u2", "notify_props": {}});
        let data = json!({ "channelMember": someone_else.to_string() });
        store.apply_event(&event_in("channel_member_updated", data, "c1"));
        assert!(store.is_muted("c1"));
    }
}
