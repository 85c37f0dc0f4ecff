//! Which of a channel's posts the list renders: a window of at most `WINDOW_ROWS` that slides
//! as the reader scrolls, so a channel of 10,000 posts keeps a small page.

/// The most posts the list renders at once.
pub const WINDOW_ROWS: usize = 200;
/// How many posts the window moves by when the reader nears one of its ends.
pub const WINDOW_STEP: usize = 50;

/// The window over a channel's posts (oldest first), by the newest post it shows: `None`
/// follows the newest post there is, as new ones arrive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListWindow {
    pub last_id: Option<String>,
}

impl ListWindow {
    /// The range of `ids` (oldest first) the window shows.
    pub fn range(&self, ids: &[&str]) -> std::ops::Range<usize> {
        let end = self
            .last_id
            .as_deref()
            .and_then(|last| ids.iter().position(|id| *id == last))
            .map_or(ids.len(), |index| index + 1);
        end.saturating_sub(WINDOW_ROWS)..end
    }

    /// A window with `id` about in its middle (following the newest when that is near).
    pub fn around(ids: &[&str], id: &str) -> Self {
        let Some(index) = ids.iter().position(|held| *held == id) else {
            return Self::default();
        };
        let end = (index + WINDOW_ROWS / 2).max(WINDOW_ROWS);
        Self {
            last_id: (end < ids.len()).then(|| ids[end - 1].to_string()),
        }
    }

    /// Moves towards older posts; false when it already shows the oldest held.
    pub fn slide_older(&mut self, ids: &[&str]) -> bool {
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
