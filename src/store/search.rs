//! Message search as the side pane shows it: what was asked, and the answer (or its state).
//! Only the newest request counts: an answer to an earlier search that arrives late is dropped.

use std::collections::HashSet;

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

/// How many results one page of a search brings (the newest first).
pub const SEARCH_RESULTS_PER_PAGE: i64 = 20;

/// Whether results beyond those shown may exist, as Mattermost's webapp decides it: a full page
/// came back, so there may be another.
#[derive(Clone, Debug, PartialEq)]
pub enum MoreResults {
    None,
    Available,
    Loading,
    /// Fetching the next page failed: a sentence for the reader (the results shown stay).
    Failed(String),
}

/// The search on screen (the pane is open while there is one).
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    /// What the reader searched for, as typed (trimmed).
    pub terms: String,
    /// Whether this is "Recent mentions" (a search for `@` and my username, as Mattermost's
    /// web app makes it), titled as such.
    pub recent_mentions: bool,
    pub status: SearchStatus,
    pub more: MoreResults,
    /// Which request the status belongs to.
    request: u64,
    /// The page the newest request asked for (0 first).
    page: i64,
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
            recent_mentions: false,
            status: SearchStatus::Loading,
            more: MoreResults::None,
            request: self.search_requests,
            page: 0,
        });
        self.open_thread = None;
        Some(self.search_requests)
    }

    /// Starts "Recent mentions": the search for `@username`. Returns the request number and the
    /// terms, or none before sign-in.
    pub fn start_recent_mentions(&mut self) -> Option<(u64, String)> {
        let terms = format!("@{}", self.me.as_ref()?.username);
        let request = self.start_search(&terms)?;
        if let Some(search) = self.search.as_mut() {
            search.recent_mentions = true;
        }
        Some((request, terms))
    }

    /// Asks for the next page of the search on screen when one may exist. Returns the request
    /// number, the terms and the page to fetch.
    pub fn start_more_results(&mut self) -> Option<(u64, String, i64)> {
        let search = self.search.as_mut()?;
        if !matches!(search.more, MoreResults::Available | MoreResults::Failed(_)) {
            return None;
        }
        self.search_requests += 1;
        search.request = self.search_requests;
        search.page += 1;
        search.more = MoreResults::Loading;
        Some((search.request, search.terms.clone(), search.page))
    }

    /// The server's answer to request `request`: posts newest first, as the server ordered them,
    /// after those already shown when it was a further page.
    pub fn apply_search_results(&mut self, request: u64, mut found: PostSearchResults) {
        let Some(search) = self.search.as_mut().filter(|s| s.request == request) else {
            return;
        };
        let page: Vec<Post> = found
            .list
            .order
            .iter()
            .filter_map(|id| found.list.posts.remove(id))
            .collect();
        search.more = if page.len() as i64 >= SEARCH_RESULTS_PER_PAGE {
            MoreResults::Available
        } else {
            MoreResults::None
        };
        match &mut search.status {
            SearchStatus::Found(shown) if search.page > 0 => {
                // A post edited or added meanwhile may have moved across the page boundary.
                let known: HashSet<String> = shown.iter().map(|post| post.id.clone()).collect();
                shown.extend(page.into_iter().filter(|post| !known.contains(&post.id)));
            }
            status => *status = SearchStatus::Found(page),
        }
    }

    /// Request `request` failed.
    pub fn apply_search_failed(&mut self, request: u64, message: String) {
        if let Some(search) = self.search.as_mut().filter(|s| s.request == request) {
            if search.page > 0 {
                // The next page is asked for again from the same place.
                search.page -= 1;
                search.more = MoreResults::Failed(message);
            } else {
                search.status = SearchStatus::Failed(message);
            }
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
    fn a_full_page_offers_more_which_come_after_those_shown_and_a_failed_page_can_be_asked_again() {
        let mut store = store();
        let first = store.start_search("release").unwrap();
        assert_eq!(store.start_more_results(), None, "nothing shown yet");
        let full_page: Vec<Post> = (0..SEARCH_RESULTS_PER_PAGE)
            .map(|i| post_by(&format!("p{i}"), "u2", 1000 - i))
            .collect();
        store.apply_search_results(first, results(&full_page));
        assert_eq!(store.search.as_ref().unwrap().more, MoreResults::Available);

        let (second, terms, page) = store.start_more_results().expect("a next page");
        assert_eq!((terms.as_str(), page), ("release", 1));
        assert_eq!(store.search.as_ref().unwrap().more, MoreResults::Loading);
        assert_eq!(store.start_more_results(), None, "one page at a time");
        store.apply_search_failed(second, "Cannot reach the server.".into());
        assert_eq!(
            store.search.as_ref().unwrap().more,
            MoreResults::Failed("Cannot reach the server.".into())
        );
        assert_eq!(
            found_ids(&store).len(),
            full_page.len(),
            "what was found stays"
        );

        let (third, _, page) = store.start_more_results().expect("asked again");
        assert_eq!(page, 1, "the same page as the one that failed");
        let last = full_page[full_page.len() - 1].clone();
        store.apply_search_results(third, results(&[last, post_by("older", "u2", 1)]));
        let ids = found_ids(&store);
        assert_eq!(
            ids.len(),
            full_page.len() + 1,
            "a repeat across pages shows once"
        );
        assert_eq!(ids.last().map(String::as_str), Some("older"));
        assert_eq!(store.search.as_ref().unwrap().more, MoreResults::None);
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
    fn recent_mentions_search_for_my_username_and_say_so() {
        let mut store = Store::default();
        assert_eq!(store.start_recent_mentions(), None, "nobody signed in");
        let mut store = crate::store::tests::store();
        let (request, terms) = store.start_recent_mentions().expect("a request");
        assert_eq!(terms, "@ann");
        assert!(store.search.as_ref().unwrap().recent_mentions);
        store.apply_search_results(request, results(&[post_by("m", "u2", 10)]));
        assert_eq!(found_ids(&store), ["m"]);
        assert_eq!(
            store.start_more_results().map(|more| more.1),
            None,
            "one short page"
        );

        store.start_search("@ann");
        assert!(
            !store.search.as_ref().unwrap().recent_mentions,
            "the same words typed are a search"
        );
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
