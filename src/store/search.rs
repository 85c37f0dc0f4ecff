//! Message search as the side pane shows it: what was asked, and the answer (or its state).
//! Only the newest request counts: an answer to an earlier search that arrives late is dropped.

use brisk_model::{Post, PostSearchResults};

use super::{Author, Store};

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchStatus {
    Loading,
    /// The request failed: a sentence for the reader.
    Failed(String),
    /// The posts found, newest first.
    Found(Vec<Post>),
}

/// The search on screen (the pane is open while there is one).
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    /// What the reader searched for, as typed (trimmed).
    pub terms: String,
    pub status: SearchStatus,
    /// Which request the status belongs to.
    request: u64,
}

/// One result as the pane lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchHit {
    pub post: Post,
    pub channel_name: String,
    pub author: Author,
}

impl Store {
    /// Starts a search for `terms`: the pane opens (in place of a thread: one side pane at a
    /// time) showing it loading. Returns the request number to answer with, or none when there
    /// is nothing to search for.
    pub fn start_search(&mut self, terms: &str) -> Option<u64> {
        let terms = terms.trim();
        if terms.is_empty() {
            return None;
        }
        self.search_requests += 1;
        self.search = Some(Search {
            terms: terms.to_string(),
            status: SearchStatus::Loading,
            request: self.search_requests,
        });
        self.open_thread = None;
        Some(self.search_requests)
    }

    /// The server's answer to request `request`: posts newest first, as the server ordered them.
    pub fn apply_search_results(&mut self, request: u64, mut found: PostSearchResults) {
        let Some(search) = self.search.as_mut().filter(|s| s.request == request) else {
            return;
        };
        let posts = found
            .list
            .order
            .iter()
            .filter_map(|id| found.list.posts.remove(id))
            .collect();
        search.status = SearchStatus::Found(posts);
    }

    /// Request `request` failed.
    pub fn apply_search_failed(&mut self, request: u64, message: String) {
        if let Some(search) = self.search.as_mut().filter(|s| s.request == request) {
            search.status = SearchStatus::Failed(message);
        }
    }

    /// Closes the pane; an answer still on its way is then dropped.
    pub fn close_search(&mut self) {
        self.search = None;
    }

    /// Opens a thread beside the channel (closing the search pane: one side pane at a time).
    pub fn open_thread(&mut self, root_id: &str) {
        self.search = None;
        self.open_thread = Some(root_id.to_string());
    }

    /// The results with their channel's and author's names, newest first.
    pub fn search_hits(&self) -> Vec<SearchHit> {
        let Some(SearchStatus::Found(posts)) = self.search.as_ref().map(|s| &s.status) else {
            return Vec::new();
        };
        posts
            .iter()
            .map(|post| SearchHit {
                post: post.clone(),
                channel_name: self
                    .channels
                    .get(&post.channel_id)
                    .map_or_else(String::new, |c| self.channel_display_name(c)),
                author: self.author(post),
            })
            .collect()
    }

    /// Authors of the results the store does not know yet.
    pub fn search_missing_user_ids(&self) -> Vec<String> {
        let Some(SearchStatus::Found(posts)) = self.search.as_ref().map(|s| &s.status) else {
            return Vec::new();
        };
        let mut missing: Vec<String> = posts
            .iter()
            .map(|post| post.user_id.clone())
            .filter(|id| !id.is_empty() && !self.users.contains_key(id))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{post_by, store};
    use brisk_model::{PostList, User};

    fn results(posts: &[Post]) -> PostSearchResults {
        let mut list = PostList::default();
        for post in posts {
            list.order.push(post.id.clone());
            list.posts.insert(post.id.clone(), post.clone());
        }
        PostSearchResults {
            list,
            ..PostSearchResults::default()
        }
    }

    fn found_ids(store: &Store) -> Vec<String> {
        store
            .search_hits()
            .into_iter()
            .map(|hit| hit.post.id)
            .collect()
    }

    #[test]
    fn a_search_opens_loading_then_shows_the_posts_newest_first_with_their_names() {
        let mut store = store();
        store.open_thread("root");
        assert_eq!(store.start_search("   "), None, "nothing to search for");
        let request = store.start_search("  release notes ").expect("a request");
        assert_eq!(store.open_thread, None, "the pane replaces the thread");
        let search = store.search.clone().expect("the pane is open");
        assert_eq!(search.terms, "release notes");
        assert_eq!(search.status, SearchStatus::Loading);

        store.apply_search_results(
            request,
            results(&[post_by("new", "u2", 30), post_by("old", "u3", 10)]),
        );
        assert_eq!(found_ids(&store), ["new", "old"]);
        let hit = &store.search_hits()[0];
        assert_eq!(hit.channel_name, "c1 display");
        assert_eq!(hit.author.name, "Someone", "until the author is fetched");
        assert_eq!(store.search_missing_user_ids(), ["u2", "u3"]);
        store.apply_users(vec![User {
            id: "u2".into(),
            username: "bob".into(),
            ..User::default()
        }]);
        assert_eq!(store.search_hits()[0].author.name, "bob");
        assert_eq!(store.search_missing_user_ids(), ["u3"]);
    }

    #[test]
    fn only_the_newest_request_is_answered_and_a_closed_pane_stays_closed() {
        let mut store = store();
        let first = store.start_search("alpha").unwrap();
        let second = store.start_search("beta").unwrap();
        store.apply_search_results(first, results(&[post_by("a", "u2", 10)]));
        store.apply_search_failed(first, "too late".into());
        assert_eq!(
            store.search.as_ref().map(|s| &s.status),
            Some(&SearchStatus::Loading)
        );
        store.apply_search_failed(second, "Cannot reach the server.".into());
        assert_eq!(
            store.search.as_ref().map(|s| &s.status),
            Some(&SearchStatus::Failed("Cannot reach the server.".into()))
        );

        let third = store.start_search("#release").unwrap();
        store.close_search();
        store.apply_search_results(third, results(&[post_by("a", "u2", 10)]));
        assert_eq!(store.search, None);
        assert!(store.search_hits().is_empty());
    }

    #[test]
    fn opening_a_thread_closes_the_search() {
        let mut store = store();
        store.start_search("alpha");
        store.open_thread("root");
        assert_eq!(store.search, None);
        assert_eq!(store.open_thread.as_deref(), Some("root"));
    }
}
