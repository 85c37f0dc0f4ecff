//! Which of a channel's posts the list renders: a window of at most `WINDOW_ROWS` that slides
//! as the reader scrolls, so a channel of 10,000 posts keeps a small page.

/// The most posts the list renders at once.
pub const WINDOW_ROWS: usize = 200;
/// How many posts the window moves by when the reader nears one of its ends.
pub const WINDOW_STEP: usize = 50;

/// The window over a channel's posts (oldest first), by the newest post it shows: `None`
/// follows the newest post there is, as new ones arrive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListWindow {
    pub last_id: Option<String>,
    /// How many posts it shows: `WINDOW_ROWS`, or fewer while the channel opens (a channel
    /// shows sooner when it builds only the posts that fill the screen; the others are added
    /// above the reader just after, a step at a time).
    rows: usize,
}

impl Default for ListWindow {
    fn default() -> Self {
        Self {
            last_id: None,
            rows: WINDOW_ROWS,
        }
    }
}

impl ListWindow {
    /// The newest `rows` posts (enough to fill the screen), until it `grow`s.
    pub fn opening(rows: usize) -> Self {
        Self {
            last_id: None,
            rows: rows.clamp(1, WINDOW_ROWS),
        }
    }

    /// Takes an opening window a step towards its full size.
    pub fn grow(&mut self) {
        self.rows = (self.rows + WINDOW_STEP).min(WINDOW_ROWS);
    }

    /// Whether the window is still at its opening size.
    pub fn is_opening(&self) -> bool {
        self.rows < WINDOW_ROWS
    }

    /// The range of `ids` (oldest first) the window shows.
    pub fn range(&self, ids: &[&str]) -> std::ops::Range<usize> {
        let end = self
            .last_id
            .as_deref()
            .and_then(|last| ids.iter().position(|id| *id == last))
            .map_or(ids.len(), |index| index + 1);
        end.saturating_sub(self.rows)..end
    }

    /// The range shown: while opening, it reaches back to `first_unread`, so the reader starts
    /// at the "New messages" line (within the full window's size).
    pub fn shown(&self, ids: &[&str], first_unread: Option<&str>) -> std::ops::Range<usize> {
        let range = self.range(ids);
        let unread_at = first_unread.and_then(|first| ids.iter().position(|id| *id == first));
        match unread_at {
            Some(at) if self.is_opening() && at < range.start => {
                at.max(range.end.saturating_sub(WINDOW_ROWS))..range.end
            }
            _ => range,
        }
    }

    /// A window with `id` about in its middle (following the newest when that is near).
    pub fn around(ids: &[&str], id: &str) -> Self {
        let Some(index) = ids.iter().position(|held| *held == id) else {
            return Self::default();
        };
        let end = (index + WINDOW_ROWS / 2).max(WINDOW_ROWS);
        Self {
            last_id: (end < ids.len()).then(|| ids[end - 1].to_string()),
            ..Self::default()
        }
    }

    /// Moves towards older posts (an opening window first grows); false when it already shows
    /// the oldest held.
    pub fn slide_older(&mut self, ids: &[&str]) -> bool {
        if self.is_opening() {
            let opened = self.range(ids);
            self.grow();
            if self.range(ids).start < opened.start {
                return true;
            }
            self.rows = WINDOW_ROWS;
        }
        let range = self.range(ids);
        if range.start == 0 {
            return false;
        }
        let end = range
            .end
            .saturating_sub(WINDOW_STEP)
            .max(WINDOW_ROWS.min(ids.len()));
        self.last_id = Some(ids[end - 1].to_string());
        true
    }

    /// Moves towards newer posts; false when it already follows the newest.
    pub fn slide_newer(&mut self, ids: &[&str]) -> bool {
        if self.last_id.is_none() {
            return false;
        }
        let end = (self.range(ids).end + WINDOW_STEP).min(ids.len());
        self.last_id = (end < ids.len()).then(|| ids[end - 1].to_string());
        true
    }

    /// Whether the window follows the newest post.
    pub fn at_newest(&self) -> bool {
        self.last_id.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(count: usize) -> Vec<String> {
        (0..count).map(|i| format!("p{i:05}")).collect()
    }

    #[test]
    fn the_window_follows_the_newest_and_slides_both_ways_within_bounds() {
        let owned = ids(1_000);
        let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
        let mut window = ListWindow::default();
        assert_eq!(window.range(&ids), 800..1_000);
        assert!(window.slide_older(&ids));
        assert_eq!(window.range(&ids), 750..950);
        for _ in 0..100 {
            window.slide_older(&ids);
        }
        assert_eq!(window.range(&ids), 0..200, "stops at the oldest held");
        assert!(!window.slide_older(&ids));
        assert!(window.slide_newer(&ids));
        assert_eq!(window.range(&ids), 50..250);
        while window.slide_newer(&ids) {}
        assert!(window.at_newest());
        assert_eq!(window.range(&ids), 800..1_000);
    }

    #[test]
    fn a_window_around_a_post_holds_it_in_the_middle_or_follows_the_newest_near_it() {
        let owned = ids(1_000);
        let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
        assert_eq!(ListWindow::around(&ids, "p00300").range(&ids), 200..400);
        assert_eq!(ListWindow::around(&ids, "p00010").range(&ids), 0..200);
        let near_newest = ListWindow::around(&ids, "p00950");
        assert!(near_newest.at_newest());
        assert_eq!(near_newest.range(&ids), 800..1_000);
        assert!(ListWindow::around(&ids, "gone").at_newest());
    }

    #[test]
    fn an_opening_window_shows_the_newest_then_grows_by_steps_to_its_full_size() {
        let owned = ids(1_000);
        let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
        let mut window = ListWindow::opening(30);
        assert_eq!(window.range(&ids), 970..1_000);
        window.grow();
        assert_eq!(window.range(&ids), 920..1_000);
        while window.is_opening() {
            window.grow();
        }
        assert_eq!(window, ListWindow::default());
        assert_eq!(ListWindow::opening(5_000), ListWindow::default());
    }

    #[test]
    fn an_opening_window_reaches_back_to_the_first_unread_post() {
        let owned = ids(1_000);
        let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
        let opening = ListWindow::opening(30);
        assert_eq!(opening.shown(&ids, Some("p00900")), 900..1_000);
        assert_eq!(opening.shown(&ids, Some("p00990")), 970..1_000);
        assert_eq!(
            opening.shown(&ids, Some("p00100")),
            800..1_000,
            "no further than the full window"
        );
        assert_eq!(opening.shown(&ids, Some("gone")), 970..1_000);
        assert_eq!(
            ListWindow::default().shown(&ids, Some("p00100")),
            800..1_000
        );
    }

    #[test]
    fn scrolling_up_an_opening_window_grows_it_before_sliding() {
        let few = ids(20);
        let owned = ids(1_000);
        let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
        let mut window = ListWindow::opening(30);
        assert!(window.slide_older(&ids));
        assert_eq!(window.range(&ids), 920..1_000);
        assert!(window.at_newest(), "growing keeps following the newest");

        let short: Vec<&str> = few.iter().map(String::as_str).collect();
        let mut window = ListWindow::opening(30);
        assert!(!window.slide_older(&short), "a short channel is all shown");
        assert_eq!(window, ListWindow::default());
    }

    #[test]
    fn a_short_channel_shows_everything_and_a_vanished_post_means_the_newest() {
        let owned = ids(20);
        let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
        let mut window = ListWindow::default();
        assert_eq!(window.range(&ids), 0..20);
        assert!(!window.slide_older(&ids));
        window.last_id = Some("deleted".into());
        assert_eq!(window.range(&ids), 0..20);
    }
}
