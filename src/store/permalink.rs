//! Where a permalink (`/{team}/pl/{post_id}`) leads: the post's channel opens at it, highlighted,
//! and a reply opens its thread beside the channel, as in Mattermost.

use brisk_model::Post;

use super::Store;

/// The post a permalink leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub post_id: String,
    pub channel_id: String,
    /// The post the channel's list opens at: the post itself, or for a reply its thread's root
    /// (the list shows replies in their thread only).
    pub root_id: String,
}

impl Store {
    /// The permalink's post is loaded (with its channel's history back to it): the channel is
    /// to open at it.
    pub fn open_at_post(&mut self, post: &Post) {
        if post.root_id.is_empty() {
            self.open_thread = None;
        } else {
            self.open_thread(&post.root_id);
        }
        self.highlight = Some(Highlight {
            post_id: post.id.clone(),
            channel_id: post.channel_id.clone(),
            root_id: post.thread_root_id().to_string(),
        });
    }

    /// A channel page came on screen (or the channel shown changed): what a permalink opened
    /// stays only for the channel it leads to.
    pub fn arrive_in_channel(&mut self, channel_id: Option<&str>) {
        let led_here = self
            .highlight
            .as_ref()
            .is_some_and(|h| Some(h.channel_id.as_str()) == channel_id);
        if !led_here {
            self.highlight = None;
            self.open_thread = None;
        }
    }

    /// The post the channel's list opens at, if a permalink led to this channel.
    pub fn highlighted_root(&self, channel_id: &str) -> Option<&str> {
        self.highlight
            .as_ref()
            .filter(|h| h.channel_id == channel_id)
            .map(|h| h.root_id.as_str())
    }

    /// Whether the post is the one a permalink led to.
    pub fn is_highlighted(&self, post_id: &str) -> bool {
        self.highlight
            .as_ref()
            .is_some_and(|h| h.post_id == post_id)
    }

    /// The post's permalink in the current team, as Mattermost spells it.
    pub fn permalink_path(&self, post_id: &str) -> String {
        format!("/{}/pl/{post_id}", self.current_team_name())
    }

    /// Whether the channel's history held reaches back to `post` (or there is no older history
    /// to fetch): then the list can open at it.
    pub fn history_reaches(&self, post: &Post) -> bool {
        self.channel_posts(&post.channel_id).is_some_and(|held| {
            let cursor_at = held
                .history_cursor
                .as_deref()
                .and_then(|cursor| held.get(cursor))
                .map(|oldest| oldest.post.create_at);
            // A root held is not enough: a thread fetched on its own can be older than the
            // pages, so the pages must reach back to it.
            let root_at = held
                .get(post.thread_root_id())
                .map(|root| root.post.create_at);
            let reached =
                matches!((cursor_at, root_at), (Some(cursor), Some(root)) if cursor <= root);
            held.newest_loaded && (reached || !held.older_may_exist)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::posts::tests::post;
    use crate::store::tests::store;
    use brisk_model::PostList;

    fn page(posts: &[Post]) -> PostList {
        let mut list = PostList::default();
        for p in posts.iter().rev() {
            list.order.push(p.id.clone());
            list.posts.insert(p.id.clone(), p.clone());
        }
        list
    }

    #[test]
    fn a_permalink_to_a_root_opens_its_channel_at_it_and_another_channel_forgets_it() {
        let mut store = store();
        store.open_thread("elsewhere");
        store.open_at_post(&post("target", 10));
        assert_eq!(store.open_thread, None);
        assert_eq!(store.highlighted_root("c1"), Some("target"));
        assert_eq!(store.highlighted_root("c2"), None);
        assert!(store.is_highlighted("target"));

        store.arrive_in_channel(Some("c1"));
        assert!(store.is_highlighted("target"), "the channel it leads to");
        store.arrive_in_channel(Some("c2"));
        assert_eq!(store.highlight, None);
        assert!(!store.is_highlighted("target"));
    }

    #[test]
    fn a_permalink_is_mattermosts_address_in_the_current_team() {
        let mut store = store();
        store.apply_teams(vec![brisk_model::Team {
            id: "t1".into(),
            name: "crew".into(),
            ..brisk_model::Team::default()
        }]);
        store.current_team_id = Some("t1".into());
        assert_eq!(store.permalink_path("p1"), "/crew/pl/p1");
    }

    #[test]
    fn a_permalink_to_a_reply_opens_the_thread_beside_the_channel_at_its_root() {
        let mut store = store();
        store.start_search("alpha");
        let reply = Post {
            root_id: "root".into(),
            ..post("reply", 20)
        };
        store.open_at_post(&reply);
        store.arrive_in_channel(Some("c1"));
        assert_eq!(store.open_thread.as_deref(), Some("root"));
        assert_eq!(store.search, None, "one side pane at a time");
        assert_eq!(store.highlighted_root("c1"), Some("root"));
        assert!(store.is_highlighted("reply"));

        store.arrive_in_channel(None);
        assert_eq!(store.open_thread, None);
    }

    #[test]
    fn the_history_reaches_a_post_once_the_pages_held_go_back_to_it() {
        let mut store = store();
        let target = post("p1", 10);
        assert!(!store.history_reaches(&target), "nothing held yet");
        store.apply_newest_page("c1", page(&[post("p3", 30), post("p4", 40)]), true);
        assert!(!store.history_reaches(&target));
        store.apply_older_page("c1", page(&[target.clone(), post("p2", 20)]), true);
        assert!(store.history_reaches(&target));

        let reply = Post {
            root_id: "p1".into(),
            ..post("r1", 35)
        };
        assert!(store.history_reaches(&reply), "its root is held");
        let gone = post("gone", 15);
        assert!(
            !store.history_reaches(&Post {
                create_at: 5,
                ..gone.clone()
            }),
            "older history may hold it"
        );
        store.apply_older_page("c1", page(&[]), false);
        assert!(
            store.history_reaches(&gone),
            "no older history: whatever is held is all there is"
        );
    }
}
