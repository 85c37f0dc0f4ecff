//! Which arriving messages deserve a desktop notification, by the channel's setting (see
//! `DesktopLevel`): every message, or mentions and direct or group messages (the default), or
//! none; a muted channel notifies of nothing, as in Mattermost.

use brisk_model::{channel_type, ServerEvent};

use super::{ChannelRoute, DesktopLevel, Store};

/// Longest message excerpt shown in a notification.
const EXCERPT_CHARS: usize = 120;

/// A desktop notification to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    /// The message's text, shortened (shown as plain text by the browser).
    pub body: String,
    /// Where clicking it goes, within the current team.
    pub route: ChannelRoute,
    /// One notification per channel: a newer one replaces it.
    pub tag: String,
}

impl Store {
    /// The notification a `posted` event calls for, if any. Whether the tab is hidden and
    /// notifications are allowed is the caller's to check.
    pub fn notice_for(&self, event: &ServerEvent) -> Option<Notice> {
        let ServerEvent::Posted(posted) = event else {
            return None;
        };
        let post = &posted.post;
        if post.user_id == self.my_id() || post.is_system() {
            return None;
        }
        let channel = self.channels.get(&post.channel_id)?;
        let member = self.my_members.get(&channel.id)?;
        let direct = channel.channel_type == channel_type::DIRECT;
        let group = channel.channel_type == channel_type::GROUP;
        let mentioned = posted.mentions.iter().any(|id| id == self.my_id());
        let wanted = match DesktopLevel::of(&member.notify_props) {
            DesktopLevel::All => true,
            DesktopLevel::Mentions => direct || group || mentioned,
            DesktopLevel::Nothing => false,
        };
        if !wanted || self.is_muted(&channel.id) {
            return None;
        }
        let sender = post
            .override_username()
            .map(str::to_string)
            .or_else(|| self.users.get(&post.user_id).map(|u| u.username.clone()))
            .unwrap_or_else(|| posted.sender_name.trim_start_matches('@').to_string());
        let title = if direct {
            sender
        } else {
            format!("{sender} in {}", self.channel_display_name(channel))
        };
        let route = self.channel_route(channel);
        let mut body: String = post.message.chars().take(EXCERPT_CHARS).collect();
        if post.message.chars().count() > EXCERPT_CHARS {
            body.push('…');
        }
        Some(Notice {
            title,
            body,
            route,
            tag: channel.id.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{store, with_bob_direct};
    use brisk_model::{Post, Posted};

    fn posted(channel_id: &str, user: &str, message: &str, mentions: &[&str]) -> ServerEvent {
        let post = Post {
            id: format!("p-{message}"),
            channel_id: channel_id.into(),
            user_id: user.into(),
            message: message.into(),
            create_at: 5_000,
            ..Post::default()
        };
        ServerEvent::Posted(Posted {
            post,
            mentions: mentions.iter().map(|id| id.to_string()).collect(),
            sender_name: "@bob".into(),
        })
    }

    #[test]
    fn mentions_and_direct_messages_from_others_are_announced() {
        let mut store = store();
        with_bob_direct(&mut store);

        assert_eq!(
            store.notice_for(&posted("c1", "u2", "just chatting", &[])),
            None
        );
        let mention = store
            .notice_for(&posted("c1", "u2", "hey @ann", &["me"]))
            .unwrap();
        assert_eq!(mention.title, "bob in c1 display");
        assert_eq!(mention.route, ChannelRoute::Channel("c1-name".into()));
        assert_eq!(mention.tag, "c1");

        let direct = store
            .notice_for(&posted("dm", "u2", &"x".repeat(200), &[]))
            .unwrap();
        assert_eq!(direct.title, "bob");
        assert_eq!(direct.route, ChannelRoute::Direct("bob".into()));
        assert_eq!(direct.body.chars().count(), EXCERPT_CHARS + 1);

        assert_eq!(store.notice_for(&posted("dm", "me", "my own", &[])), None);
        store.my_members.get_mut("c1").unwrap().notify_props.desktop = "none".into();
        assert_eq!(
            store.notice_for(&posted("c1", "u2", "hey @ann", &["me"])),
            None
        );
    }

    #[test]
    fn the_channels_desktop_setting_and_mute_decide() {
        let mut store = store();
        let chatting = || posted("c1", "u2", "just chatting", &[]);
        let mention = || posted("c1", "u2", "hey @ann", &["me"]);
        store.my_members.get_mut("c1").unwrap().notify_props.desktop = "all".into();
        assert!(
            store.notice_for(&chatting()).is_some(),
            "all: every message"
        );
        store.my_members.get_mut("c1").unwrap().notify_props.desktop = "mention".into();
        assert!(store.notice_for(&chatting()).is_none());
        assert!(store.notice_for(&mention()).is_some());
        crate::store::tests::mute(&mut store, "c1");
        assert!(store.notice_for(&mention()).is_none(), "muted: nothing");
    }
}
