//! The Ctrl/Cmd+K switcher's list: my channels and the people I know, fuzzy-matched against what
//! was typed, best matches first and, among equally good ones, unread ones first.

use brisk_model::channel_type;

use super::{ChannelRoute, Store};

/// One entry of the switcher.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SwitcherItem {
    pub label: String,
    /// `~channel-name` or `@username`.
    pub detail: String,
    pub route: ChannelRoute,
    pub unread: bool,
    pub mentions: i64,
}

/// How well `query` matches `text`: lower is better, `None` for no match. Exact and prefix
/// matches beat a match at a word start, which beats a substring, which beats the letters merely
/// appearing in order.
pub fn match_rank(text: &str, query: &str) -> Option<u8> {
    let text = text.to_lowercase();
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Some(4);
    }
    if text == query {
        return Some(0);
    }
    if text.starts_with(&query) {
        return Some(1);
    }
    let at_word_start = text
        .match_indices(&query)
        .any(|(at, _)| text[..at].ends_with(|c: char| !c.is_alphanumeric()));
    if at_word_start {
        return Some(2);
    }
    if text.contains(&query) {
        return Some(3);
    }
    let mut letters = text.chars();
    let in_order = query
        .chars()
        .filter(|c| !c.is_whitespace())
        .all(|wanted| letters.any(|c| c == wanted));
    in_order.then_some(4)
}

/// The best rank of any of `texts` (a name and a username, say) for `query`.
pub fn best_rank(texts: &[&str], query: &str) -> Option<u8> {
    texts
        .iter()
        .filter_map(|text| match_rank(text, query))
        .min()
}

impl Store {
    /// The switcher's entries for `query` in the team: its channels and my direct and group
    /// messages, then people I have no direct channel with yet.
    pub fn switcher_items(&self, team_id: &str, query: &str, limit: usize) -> Vec<SwitcherItem> {
        let mut ranked: Vec<(u8, SwitcherItem)> = Vec::new();
        let mut with_direct_channel = std::collections::HashSet::new();
        for entry in self.sidebar(team_id) {
            let Some(channel) = self.channels.get(&entry.id) else {
                continue;
            };
            let (detail, route) = match channel.channel_type.as_str() {
                channel_type::DIRECT => {
                    let username = entry.display_name.clone();
                    if let Some(partner) = self.direct_partner(channel) {
                        with_direct_channel.insert(partner.to_string());
                    }
                    (format!("@{username}"), ChannelRoute::Direct(username))
                }
                channel_type::GROUP => (String::new(), ChannelRoute::Group(channel.name.clone())),
                _ => (
                    format!("~{}", channel.name),
                    ChannelRoute::Channel(channel.name.clone()),
                ),
            };
            let rank = best_rank(&[&entry.display_name, &channel.name], query);
            if let Some(rank) = rank {
                ranked.push((
                    rank,
                    SwitcherItem {
                        label: entry.display_name.clone(),
                        detail,
                        route,
                        unread: entry.unread,
                        mentions: entry.mentions,
                    },
                ));
            }
        }
        for user in self.users.values() {
            if user.id == self.my_id()
                || user.delete_at > 0
                || with_direct_channel.contains(&user.id)
            {
                continue;
            }
            let rank = best_rank(&[&user.username, &user.display_name()], query);
            if let Some(rank) = rank {
                ranked.push((
                    rank,
                    SwitcherItem {
                        label: user.username.clone(),
                        detail: if user.display_name() == user.username {
                            String::new()
                        } else {
                            user.display_name()
                        },
                        route: ChannelRoute::Direct(user.username.clone()),
                        unread: false,
                        mentions: 0,
                    },
                ));
            }
        }
        ranked.sort_by_cached_key(|(rank, item)| {
            (
                *rank,
                !item.unread,
                item.mentions == 0,
                item.label.to_lowercase(),
            )
        });
        ranked
            .into_iter()
            .take(limit)
            .map(|(_, item)| item)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{channel, member, store};
    use brisk_model::{Channel, User};

    #[test]
    fn matches_rank_exact_then_prefix_then_word_start_then_substring_then_letters() {
        assert_eq!(match_rank("dev", "DEV"), Some(0));
        assert_eq!(match_rank("developers", "dev"), Some(1));
        assert_eq!(match_rank("web-dev", "dev"), Some(2));
        assert_eq!(match_rank("webdev", "dev"), Some(3));
        assert_eq!(match_rank("release planning", "rlpl"), Some(4));
        assert_eq!(match_rank("release", "xyz"), None);
        assert_eq!(match_rank("anything", "  "), Some(4));
    }

    #[test]
    fn channels_and_people_match_with_unread_first_among_equals() {
        let mut store = store();
        let mut design = channel("c2", 5);
        design.name = "design".into();
        design.display_name = "Design".into();
        let mut devops = channel("c3", 5);
        devops.name = "devops".into();
        devops.display_name = "DevOps".into();
        store.apply_joined(design, member("c2", 5));
        store.apply_joined(devops, member("c3", 2));
        let user = |id: &str, name: &str| User {
            id: id.into(),
            username: name.into(),
            ..User::default()
        };
        store.apply_users(vec![user("u2", "dennis"), user("u3", "zoe")]);
        store.apply_joined(
            Channel {
                id: "dm".into(),
                name: "me__u3".into(),
                channel_type: channel_type::DIRECT.into(),
                ..Channel::default()
            },
            member("dm", 0),
        );

        let labels = |query: &str| -> Vec<String> {
            store
                .switcher_items("t1", query, 10)
                .into_iter()
                .map(|i| i.label)
                .collect()
        };
        assert_eq!(
            labels("de"),
            ["DevOps", "dennis", "Design"],
            "unread DevOps first"
        );
        assert_eq!(
            labels("zoe"),
            ["zoe"],
            "one entry for a person with a direct channel"
        );
        let zoe = &store.switcher_items("t1", "zoe", 10)[0];
        assert_eq!(zoe.route.path("team"), "/team/messages/@zoe");
        let dennis = &store.switcher_items("t1", "dennis", 10)[0];
        assert_eq!(dennis.route, ChannelRoute::Direct("dennis".into()));
        assert_eq!(store.switcher_items("t1", "", 2).len(), 2, "limited");
        assert_eq!(
            store.switcher_items("t1", "", 10)[0].label,
            "c1 display",
            "unread first"
        );
    }
}
