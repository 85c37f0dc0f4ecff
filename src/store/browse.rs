//! The "Browse channels" dialog: a team's channels as far as their pages are loaded, with how many
//! people are in each and when each was last posted in; filtered by words and (for admins looking
//! for what to archive) by how long a channel has been quiet; sorted by name or by activity.

use std::collections::{HashMap, HashSet};

use brisk_model::Channel;

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Quiet for this long, a channel reads "no posts in …" rather than "active … ago".
const QUIET_AFTER_MS: i64 = 30 * DAY_MS;

/// The order of the list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BrowseSort {
    /// By display name, as Mattermost lists them.
    #[default]
    Name,
    /// Most recently posted in first; channels never posted in last.
    Activity,
}

/// What the reader asked the list to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BrowseView {
    /// Words that must all appear in the name, URL name or purpose.
    pub query: String,
    pub sort: BrowseSort,
    /// Only channels with no post in this many days (never posted in counts as quiet).
    pub quiet_for_days: Option<i64>,
}

/// The channels of one listing (public or archived) of the dialog, page by page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChannelBrowser {
    archived: bool,
    channels: Vec<Channel>,
    member_counts: HashMap<String, i64>,
    pages: u32,
    /// Whether the last page came back full: the server may hold more.
    more: bool,
}

impl ChannelBrowser {
    /// An empty listing of the team's public channels, or of its archived ones.
    pub fn new(archived: bool) -> Self {
        Self {
            archived,
            more: true,
            ..Self::default()
        }
    }

    /// Whether this lists archived channels.
    pub fn archived(&self) -> bool {
        self.archived
    }

    /// The page to ask for next (from 0), if there may be one.
    pub fn next_page(&self) -> Option<u32> {
        self.more.then_some(self.pages)
    }

    /// Whether at least one page has come.
    pub fn loaded(&self) -> bool {
        self.pages > 0
    }

    /// Takes page `page` of `per_page` channels with their member counts. An answer for another
    /// listing or a page already taken (a late reply, a double click) changes nothing; a channel
    /// already listed (names shifted between pages) is kept once.
    pub fn apply_page(
        &mut self,
        archived: bool,
        page: u32,
        per_page: usize,
        channels: Vec<Channel>,
        member_counts: HashMap<String, i64>,
    ) {
        if archived != self.archived || page != self.pages {
            return;
        }
        self.pages += 1;
        self.more = channels.len() >= per_page;
        let listed: HashSet<String> = self.channels.iter().map(|c| c.id.clone()).collect();
        self.channels
            .extend(channels.into_iter().filter(|c| !listed.contains(&c.id)));
        self.member_counts.extend(member_counts);
    }

    /// Drops a channel from the list (archived from it).
    pub fn remove(&mut self, channel_id: &str) {
        self.channels.retain(|c| c.id != channel_id);
    }

    /// How many people are in the channel, once counted.
    pub fn member_count(&self, channel_id: &str) -> Option<i64> {
        self.member_counts.get(channel_id).copied()
    }

    /// The loaded channels `view` asks for, in its order, as of `now` (ms).
    pub fn rows(&self, view: &BrowseView, now: i64) -> Vec<&Channel> {
        let mut rows = filter_channels(&self.channels, &view.query);
        if let Some(days) = view.quiet_for_days {
            rows.retain(|c| is_quiet_for(c, days.saturating_mul(DAY_MS), now));
        }
        if view.sort == BrowseSort::Activity {
            // Stable: equally active channels stay in name order.
            rows.sort_by_key(|c| std::cmp::Reverse(last_posted_at(c)));
        }
        rows
    }
}

/// The channels whose name, URL name or purpose contains every word of `query` (any case),
/// sorted by name.
pub fn filter_channels<'a>(channels: &'a [Channel], query: &str) -> Vec<&'a Channel> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut matching: Vec<&Channel> = channels
        .iter()
        .filter(|channel| {
            let haystack = format!(
                "{} {} {}",
                channel.display_name, channel.name, channel.purpose
            )
            .to_lowercase();
            words.iter().all(|word| haystack.contains(word.as_str()))
        })
        .collect();
    matching.sort_by_cached_key(|c| (c.display_name.to_lowercase(), c.id.clone()));
    matching
}

/// When the channel was last posted in; `None` if never (system messages such as joins count,
/// as in Mattermost's `last_post_at`).
fn last_posted_at(channel: &Channel) -> Option<i64> {
    (channel.total_msg_count > 0).then_some(channel.last_post_at)
}

/// Whether nothing was posted in the channel during the `quiet_ms` before `now`.
fn is_quiet_for(channel: &Channel, quiet_ms: i64, now: i64) -> bool {
    last_posted_at(channel).is_none_or(|at| now.saturating_sub(at) >= quiet_ms)
}

/// The channel's life in a few words: "active 3 h ago", "no posts in 8 months", "no posts yet".
pub fn activity_words(channel: &Channel, now: i64) -> String {
    let Some(at) = last_posted_at(channel) else {
        return "no posts yet".into();
    };
    let since = now.saturating_sub(at).max(0);
    if since < MINUTE_MS {
        "active just now".into()
    } else if since < QUIET_AFTER_MS {
        format!("active {} ago", span_words(since))
    } else {
        format!("no posts in {}", span_words(since))
    }
}

/// A duration in the largest unit that fits: "5 min", "3 h", "2 days", "3 weeks", "8 months",
/// "2 years" (months of 30 days: the reader wants an idea, not a calendar).
fn span_words(ms: i64) -> String {
    let days = ms / DAY_MS;
    let counted = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    if ms < HOUR_MS {
        format!("{} min", ms / MINUTE_MS)
    } else if ms < DAY_MS {
        format!("{} h", ms / HOUR_MS)
    } else if days < 14 {
        counted(days, "day")
    } else if days < 30 {
        counted(days / 7, "week")
    } else if days < 365 {
        counted(days / 30, "month")
    } else {
        counted(days / 365, "year")
    }
}

/// "1 member", "12 members".
pub fn member_count_words(count: i64) -> String {
    if count == 1 {
        "1 member".into()
    } else {
        format!("{count} members")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn named(id: &str, display_name: &str, purpose: &str) -> Channel {
        Channel {
            id: id.into(),
            name: display_name.to_lowercase().replace(' ', "-"),
            display_name: display_name.into(),
            purpose: purpose.into(),
            ..Channel::default()
        }
    }

    /// A channel last posted in `ago` ms before NOW (`None`: never posted in).
    fn posted(id: &str, display_name: &str, ago: Option<i64>) -> Channel {
        Channel {
            total_msg_count: i64::from(ago.is_some()),
            last_post_at: ago.map_or(NOW - 400 * DAY_MS, |ago| NOW - ago),
            ..named(id, display_name, "")
        }
    }

    fn ids(rows: Vec<&Channel>) -> Vec<&str> {
        rows.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn every_word_must_match_the_name_or_purpose_and_results_are_sorted() {
        let channels = [
            named("1", "Release Planning", "dates and owners"),
            named("2", "off topic", "anything goes"),
            named("3", "Announcements", "release notes"),
        ];
        let ids = |query: &str| ids(filter_channels(&channels, query));
        assert_eq!(ids(""), ["3", "2", "1"]);
        assert_eq!(ids("release"), ["3", "1"]);
        assert_eq!(ids("RELEASE owners"), ["1"]);
        assert_eq!(ids("off-topic"), ["2"], "the URL name matches too");
        assert!(ids("nothing").is_empty());
    }

    #[test]
    fn the_life_of_a_channel_reads_in_words() {
        let words = |ago: Option<i64>| activity_words(&posted("c", "C", ago), NOW);
        assert_eq!(words(None), "no posts yet");
        assert_eq!(words(Some(20 * 1000)), "active just now");
        assert_eq!(
            words(Some(-5 * 1000)),
            "active just now",
            "a clock a bit behind"
        );
        assert_eq!(words(Some(5 * MINUTE_MS + 59_000)), "active 5 min ago");
        assert_eq!(words(Some(3 * HOUR_MS + 10 * MINUTE_MS)), "active 3 h ago");
        assert_eq!(words(Some(DAY_MS)), "active 1 day ago");
        assert_eq!(words(Some(13 * DAY_MS)), "active 13 days ago");
        assert_eq!(words(Some(15 * DAY_MS)), "active 2 weeks ago");
        assert_eq!(words(Some(30 * DAY_MS)), "no posts in 1 month");
        assert_eq!(
            words(Some(8 * 30 * DAY_MS + DAY_MS)),
            "no posts in 8 months"
        );
        assert_eq!(words(Some(365 * DAY_MS)), "no posts in 1 year");
        assert_eq!(words(Some(3 * 365 * DAY_MS)), "no posts in 3 years");
        assert_eq!(member_count_words(1), "1 member");
        assert_eq!(member_count_words(0), "0 members");
        assert_eq!(member_count_words(12), "12 members");
    }

    fn loaded(channels: Vec<Channel>) -> ChannelBrowser {
        let mut browser = ChannelBrowser::new(false);
        browser.apply_page(false, 0, 200, channels, HashMap::new());
        browser
    }

    #[test]
    fn sorting_by_activity_puts_the_latest_first_and_the_never_used_last() {
        let browser = loaded(vec![
            posted("old", "Alpha", Some(200 * DAY_MS)),
            posted("never", "Beta", None),
            posted("new", "Gamma", Some(HOUR_MS)),
            posted("never2", "Aardvark", None),
            posted("mid", "Delta", Some(3 * DAY_MS)),
        ]);
        let by = |sort| {
            let view = BrowseView {
                sort,
                ..BrowseView::default()
            };
            ids(browser.rows(&view, NOW))
        };
        assert_eq!(
            by(BrowseSort::Name),
            ["never2", "old", "never", "mid", "new"]
        );
        assert_eq!(
            by(BrowseSort::Activity),
            ["new", "mid", "old", "never2", "never"]
        );
    }

    #[test]
    fn the_unused_filter_keeps_channels_quiet_for_that_many_days() {
        let browser = loaded(vec![
            posted("today", "Today", Some(HOUR_MS)),
            posted("month", "Month", Some(45 * DAY_MS)),
            posted("year", "Year", Some(300 * DAY_MS)),
            posted("never", "Never", None),
            posted("edge", "Edge", Some(90 * DAY_MS)),
        ]);
        let quiet = |days: Option<i64>, query: &str| {
            let view = BrowseView {
                query: query.into(),
                quiet_for_days: days,
                ..BrowseView::default()
            };
            ids(browser.rows(&view, NOW))
        };
        assert_eq!(quiet(None, ""), ["edge", "month", "never", "today", "year"]);
        assert_eq!(quiet(Some(30), ""), ["edge", "month", "never", "year"]);
        assert_eq!(
            quiet(Some(90), ""),
            ["edge", "never", "year"],
            "90 days to the ms counts"
        );
        assert_eq!(quiet(Some(180), ""), ["never", "year"]);
        assert_eq!(quiet(Some(180), "YEAR"), ["year"], "words filter too");
        assert_eq!(quiet(Some(i64::MAX), ""), ["never"], "no overflow");
    }

    #[test]
    fn pages_add_up_until_one_comes_back_short_and_late_answers_change_nothing() {
        let mut browser = ChannelBrowser::new(false);
        assert_eq!(browser.next_page(), Some(0));
        assert!(!browser.loaded());
        let counts = HashMap::from([("a".to_string(), 3), ("b".to_string(), 1)]);
        browser.apply_page(
            false,
            0,
            2,
            vec![posted("a", "A", None), posted("b", "B", None)],
            counts,
        );
        assert_eq!(
            browser.next_page(),
            Some(1),
            "a full page: there may be more"
        );
        assert_eq!(browser.member_count("a"), Some(3));
        assert_eq!(browser.member_count("c"), None);

        let before = browser.clone();
        browser.apply_page(false, 0, 2, vec![posted("x", "X", None)], HashMap::new());
        browser.apply_page(true, 1, 2, vec![posted("y", "Y", None)], HashMap::new());
        assert_eq!(
            browser, before,
            "a repeated page and another listing's page are ignored"
        );

        browser.apply_page(
            false,
            1,
            2,
            vec![posted("b", "B", None), posted("c", "C", None)],
            HashMap::from([("c".to_string(), 7)]),
        );
        assert_eq!(browser.next_page(), Some(2));
        browser.apply_page(false, 2, 2, vec![posted("d", "D", None)], HashMap::new());
        assert_eq!(browser.next_page(), None, "a short page is the last");
        let all = ids(browser.rows(&BrowseView::default(), NOW));
        assert_eq!(
            all,
            ["a", "b", "c", "d"],
            "a channel seen on two pages is listed once"
        );
        assert_eq!(browser.member_count("c"), Some(7));

        browser.remove("b");
        assert_eq!(
            ids(browser.rows(&BrowseView::default(), NOW)),
            ["a", "c", "d"]
        );
        assert!(ChannelBrowser::new(true).archived());
    }
}
