//! The unread state of the whole session, for the tab's title and favicon.

use super::Store;

/// What the tab shows: "(3) brisk" with mentions, "* brisk" with only unread messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TabBadge {
    pub unread: bool,
    pub mentions: i64,
}

impl TabBadge {
    /// The document title.
    pub fn title(&self, site_name: &str) -> String {
        if self.mentions > 0 {
            format!("({}) {site_name}", self.mentions)
        } else if self.unread {
            format!("* {site_name}")
        } else {
            site_name.to_string()
        }
    }
}

impl Store {
    /// The unread state of every channel I am in, across all teams (direct and group channels,
    /// listed with every team, count once); a team whose channels are not fetched counts as the
    /// server counted it.
    pub fn tab_badge(&self) -> TabBadge {
        let all = self
            .unread_over(|c| !self.team_counted_by_server(&c.team_id))
            .plus(self.server_counted_badges());
        TabBadge {
            unread: all.unread,
            mentions: all.mentions,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{channel, in_t2, member, mute, store};
    use brisk_model::Channel;

    #[test]
    fn the_tab_counts_mentions_everywhere_once_and_falls_back_to_a_star() {
        // c1 (team t1): 3 unread; c2 (team t2): 2 mentions; c3 muted with 4 messages; a DM
        // with 1 mention; c4 not mine.
        let mut store = store();
        let dm = Channel {
            team_id: String::new(),
            ..channel("dm", 1)
        };
        for c in [in_t2("c2", 2), in_t2("c3", 4), in_t2("c4", 9), dm] {
            store.apply_channel(c);
        }
        let mut members = vec![member("c2", 2), member("c3", 0), member("dm", 0)];
        members[0].mention_count = 2;
        members[2].mention_count = 1;
        store.apply_members(members);
        mute(&mut store, "c3");

        let badge = store.tab_badge();
        assert_eq!(
            badge,
            TabBadge {
                unread: true,
                mentions: 3
            }
        );
        assert_eq!(badge.title("brisk"), "(3) brisk");
        for id in ["c2", "dm"] {
            store.mark_channel_read(id, 0);
        }
        assert_eq!(store.tab_badge().title("brisk"), "* brisk");
        store.mark_channel_read("c1", 0);
        assert_eq!(store.tab_badge().title("brisk"), "brisk");
    }
}
