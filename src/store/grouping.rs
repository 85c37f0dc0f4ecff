//! Which posts start a new visual group (author and time shown) in the post list.

use brisk_model::Post;

use super::posts::{ListedPost, PostState};

/// Posts by the same author closer together than this share one header.
pub const GROUP_WINDOW_MS: i64 = 5 * 60 * 1000;

/// A post with what the list needs to lay it out.
#[derive(Clone, Debug, PartialEq)]
pub struct PostRow {
    pub post: Post,
    pub state: PostState,
    /// Show the author and time header.
    pub starts_group: bool,
    /// First post of a (local) calendar day: show a date separator above it.
    pub starts_day: bool,
}

/// What a rendered row depends on: a change in any of it re-renders the row.
pub type RowKey = (String, i64, i64, PostState, bool, bool);

impl PostRow {
    /// The row's key for a keyed list: the post, its version, its reply count and its layout.
    pub fn key(&self) -> RowKey {
        (
            self.post.id.clone(),
            self.post.update_at,
            self.post.reply_count,
            self.state,
            self.starts_group,
            self.starts_day,
        )
    }
}

/// Lays out a channel's posts (oldest first). `local_day` maps a time in ms to a day number in
/// the reader's time zone; it is a parameter so the rule is testable without a browser.
pub fn group_posts<'a>(
    entries: impl IntoIterator<Item = &'a ListedPost>,
    local_day: impl Fn(i64) -> i64,
) -> Vec<PostRow> {
    let mut rows = Vec::new();
    let mut previous: Option<(&Post, i64)> = None;
    for entry in entries {
        let day = local_day(entry.post.create_at);
        let starts_day = previous.is_none_or(|(_, previous_day)| previous_day != day);
        let continues =
            !starts_day && previous.is_some_and(|(before, _)| continues_group(before, &entry.post));
        rows.push(PostRow {
            post: entry.post.clone(),
            state: entry.state,
            starts_group: !continues,
            starts_day,
        });
        previous = Some((&entry.post, day));
    }
    rows
}

/// Same author (and same bridged nick), both written by people, within the window.
fn continues_group(before: &Post, post: &Post) -> bool {
    !before.is_system()
        && !post.is_system()
        && before.user_id == post.user_id
        && before.override_username() == post.override_username()
        && post.create_at - before.create_at <= GROUP_WINDOW_MS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::posts::tests::post;
    use serde_json::json;

    const MINUTE: i64 = 60 * 1000;
    const DAY: i64 = 24 * 60 * MINUTE;

    fn utc_day(ms: i64) -> i64 {
        ms.div_euclid(DAY)
    }

    fn by(user: &str, id: &str, at: i64) -> ListedPost {
        ListedPost {
            post: Post {
                user_id: user.into(),
                ..post(id, at)
            },
            state: PostState::Sent,
        }
    }

    fn starts(entries: &[ListedPost]) -> Vec<bool> {
        group_posts(entries, utc_day)
            .iter()
            .map(|row| row.starts_group)
            .collect()
    }

    #[test]
    fn consecutive_posts_by_one_author_within_five_minutes_group() {
        let base = 10 * DAY;
        let entries = [
            by("ann", "1", base),
            by("ann", "2", base + MINUTE),
            by("ann", "3", base + 6 * MINUTE),
            by("bob", "4", base + 7 * MINUTE),
            by("ann", "5", base + 8 * MINUTE),
        ];
        assert_eq!(starts(&entries), [true, false, false, true, true]);
    }

    #[test]
    fn a_gap_longer_than_five_minutes_starts_a_group() {
        let base = 10 * DAY;
        let entries = [by("ann", "1", base), by("ann", "2", base + 5 * MINUTE + 1)];
        assert_eq!(starts(&entries), [true, true]);
    }

    #[test]
    fn system_posts_never_group() {
        let base = 10 * DAY;
        let mut system = by("ann", "2", base + MINUTE);
        system.post.post_type = "system_join_channel".into();
        let entries = [
            by("ann", "1", base),
            system,
            by("ann", "3", base + 2 * MINUTE),
        ];
        assert_eq!(starts(&entries), [true, true, true]);
    }

    #[test]
    fn a_date_change_starts_a_group_and_a_day() {
        let entries = [
            by("ann", "1", 11 * DAY - MINUTE),
            by("ann", "2", 11 * DAY + MINUTE),
        ];
        let rows = group_posts(&entries, utc_day);
        assert_eq!(
            rows.iter().map(|r| r.starts_group).collect::<Vec<_>>(),
            [true, true]
        );
        assert_eq!(
            rows.iter().map(|r| r.starts_day).collect::<Vec<_>>(),
            [true, true]
        );
        // The same posts in a zone 2 hours behind UTC fall on one day and group.
        let rows = group_posts(&entries, |ms| utc_day(ms - 2 * 60 * MINUTE));
        assert_eq!(
            rows.iter().map(|r| r.starts_group).collect::<Vec<_>>(),
            [true, false]
        );
    }

    #[test]
    fn bridged_posts_group_per_nick() {
        let base = 10 * DAY;
        let nick = |id: &str, at: i64, name: &str| {
            let mut entry = by("bridge", id, at);
            entry
                .post
                .props
                .insert("override_username".into(), json!(name));
            entry
        };
        let entries = [
            nick("1", base, "mkr"),
            nick("2", base + MINUTE, "mkr"),
            nick("3", base + 2 * MINUTE, "jellybean"),
            by("bridge", "4", base + 3 * MINUTE),
        ];
        assert_eq!(starts(&entries), [true, false, true, true]);
    }
}
