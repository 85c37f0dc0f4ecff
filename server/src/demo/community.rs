//! The demo community as data: `server/demo.toml`, parsed and checked by the rules the API applies
//! to the same fields (`brisk_model::rules`, the server's team and post checks), so the seed can
//! never hold what a client could not have created.

use std::collections::HashSet;

use serde::Deserialize;

use brisk_model::rules::{self, FieldProblem};

use crate::db::{posts, teams};

/// The demo community's text, built into the binary.
const DEMO_TOML: &str = include_str!("../../demo.toml");

/// Minutes in a day, the unit of a post's `at`.
const DAY_MINUTES: i64 = 24 * 60;

/// Everything needed to populate a demo server: one team, its users, channels and posts.
#[derive(Debug)]
pub struct DemoCommunity {
    pub team: DemoTeam,
    /// The password of every demo account (the README lists it).
    pub password: String,
    /// All users; every one of them is a member of the team.
    pub users: Vec<DemoUser>,
    /// The team's channels, in the order they are created.
    pub channels: Vec<DemoChannel>,
    /// All posts, oldest first, so a thread root always comes before its replies.
    pub posts: Vec<DemoPost>,
}

/// The demo team.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoTeam {
    pub name: String,
    pub display_name: String,
    pub description: String,
}

/// A demo account.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoUser {
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub position: String,
    #[serde(default)]
    pub system_admin: bool,
}

/// A channel of the demo team.
#[derive(Debug)]
pub struct DemoChannel {
    pub name: String,
    pub display_name: String,
    pub header: String,
    pub purpose: String,
    pub private: bool,
    /// Usernames of the members; empty means everyone in the team.
    pub members: Vec<String>,
}

/// A demo post, placed in time relative to when the server seeds it.
#[derive(Debug)]
pub struct DemoPost {
    pub channel: String,
    /// Username of the author.
    pub author: String,
    pub message: String,
    /// How long before the seeding the post was written, in minutes (always > 0).
    pub minutes_ago: i64,
    /// For a thread reply: the index in `posts` of its root, which comes earlier.
    pub reply_to: Option<usize>,
}

/// The file's shape: posts sit in their channel, replies under their root.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    password: String,
    team: DemoTeam,
    users: Vec<DemoUser>,
    channels: Vec<ChannelEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelEntry {
    name: String,
    display_name: String,
    header: String,
    purpose: String,
    #[serde(default)]
    private: bool,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    posts: Vec<PostEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PostEntry {
    by: String,
    /// `"<days>d <HH>:<MM>"`: that many days ago (0 = the 24 hours ending now) at that time.
    at: String,
    text: String,
    #[serde(default)]
    replies: Vec<ReplyEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyEntry {
    by: String,
    at: String,
    text: String,
}

/// The built-in demo community, checked.
pub fn load() -> Result<DemoCommunity, String> {
    parse(DEMO_TOML)
}

/// Parses and checks a demo community file; the error names the entry at fault.
pub fn parse(text: &str) -> Result<DemoCommunity, String> {
    let file: DemoFile = toml::from_str(text).map_err(|err| format!("demo.toml: {err}"))?;
    teams::validate_name(&file.team.name)
        .map_err(|err| format!("team {}: {}", file.team.name, err.message))?;
    check_users(&file.password, &file.users)?;
    let usernames: HashSet<&str> = file.users.iter().map(|u| u.username.as_str()).collect();

    let mut channel_names = HashSet::new();
    // (minutes_ago, root's position in `timeline` for a reply, post); sorted once all are read.
    let mut timeline: Vec<(i64, Option<usize>, DemoPost)> = Vec::new();
    let mut channels = Vec::with_capacity(file.channels.len());
    for entry in file.channels {
        let channel = DemoChannel {
            name: entry.name,
            display_name: entry.display_name,
            header: entry.header,
            purpose: entry.purpose,
            private: entry.private,
            members: entry.members,
        };
        check_channel(&channel, &usernames)?;
        if !channel_names.insert(channel.name.clone()) {
            return Err(format!("channel ~{} appears twice", channel.name));
        }
        let is_member = |username: &str| {
            channel.members.is_empty() || channel.members.iter().any(|m| m == username)
        };
        let check_post = |by: &str, at: &str, text: &str| -> Result<i64, String> {
            let place = format!("post in ~{} at {at:?} by {by}", channel.name);
            if !usernames.contains(by) {
                return Err(format!("{place}: no demo user is called {by}"));
            }
            if !is_member(by) {
                return Err(format!("{place}: {by} is not a member of the channel"));
            }
            posts::validate_message(text, false)
                .map_err(|err| format!("{place}: {}", err.message))?;
            if text.trim() != text {
                return Err(format!("{place}: the text starts or ends with white space"));
            }
            minutes_ago(at).ok_or_else(|| {
                format!("{place}: `at` must read \"<days>d <HH>:<MM>\", like \"3d 09:30\"")
            })
        };
        for post in entry.posts {
            let root_minutes = check_post(&post.by, &post.at, &post.text)?;
            let root_index = timeline.len();
            timeline.push((
                root_minutes,
                None,
                DemoPost {
                    channel: channel.name.clone(),
                    author: post.by,
                    message: post.text,
                    minutes_ago: root_minutes,
                    reply_to: None,
                },
            ));
            for reply in post.replies {
                let reply_minutes = check_post(&reply.by, &reply.at, &reply.text)?;
                if reply_minutes >= root_minutes {
                    return Err(format!(
                        "reply in ~{} at {:?} is not newer than its root at {:?}",
                        channel.name, reply.at, timeline[root_index].2.minutes_ago
                    ));
                }
                timeline.push((
                    reply_minutes,
                    Some(root_index),
                    DemoPost {
                        channel: channel.name.clone(),
                        author: reply.by,
                        message: reply.text,
                        minutes_ago: reply_minutes,
                        reply_to: None,
                    },
                ));
            }
        }
        channels.push(channel);
    }

    Ok(DemoCommunity {
        team: file.team,
        password: file.password,
        users: file.users,
        channels,
        posts: oldest_first(timeline),
    })
}

/// Puts the posts in the order they were written (a stable sort, so posts of the same minute keep
/// the file's order) and points each reply at its root's new position.
fn oldest_first(timeline: Vec<(i64, Option<usize>, DemoPost)>) -> Vec<DemoPost> {
    let mut order: Vec<usize> = (0..timeline.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(timeline[i].0));
    let mut position = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        position[old] = new;
    }
    let mut slots: Vec<Option<(i64, Option<usize>, DemoPost)>> =
        timeline.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&old| slots[old].take())
        .map(|(_, root, mut post)| {
            post.reply_to = root.map(|root| position[root]);
            post
        })
        .collect()
}

/// `"<days>d <HH>:<MM>"` as minutes before now: day 0 is the 24 hours ending now, so `"0d 23:59"`
/// is one minute ago and a later time of day is more recent.
fn minutes_ago(at: &str) -> Option<i64> {
    let (days, time) = at.split_once("d ")?;
    let (hour, minute) = time.split_once(':')?;
    if hour.len() != 2 || minute.len() != 2 {
        return None;
    }
    let number = |digits: &str| {
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse::<i64>().ok())
            .flatten()
    };
    let (days, hour, minute) = (number(days)?, number(hour)?, number(minute)?);
    (hour < 24 && minute < 60).then(|| days * DAY_MINUTES + DAY_MINUTES - (hour * 60 + minute))
}

/// The first of `problems` that is there, said as "<place>: <problem>".
fn first_problem<const N: usize>(
    place: &str,
    problems: [Option<FieldProblem>; N],
) -> Result<(), String> {
    match problems.into_iter().flatten().next() {
        Some(problem) => Err(format!("{place}: {problem}")),
        None => Ok(()),
    }
}

fn check_users(password: &str, demo_users: &[DemoUser]) -> Result<(), String> {
    first_problem("password", [rules::password_problem(password)])?;
    let mut usernames = HashSet::new();
    let mut emails = HashSet::new();
    for user in demo_users {
        let place = format!("user {}", user.username);
        first_problem(
            &place,
            [
                rules::username_problem(&user.username),
                rules::email_problem(&user.email),
            ],
        )?;
        if !usernames.insert(user.username.as_str()) {
            return Err(format!("{place} appears twice"));
        }
        if !emails.insert(user.email.to_lowercase()) {
            return Err(format!("{place}: email {} is taken", user.email));
        }
    }
    // The first administrator creates the channels.
    if !demo_users.iter().any(|u| u.system_admin) {
        return Err("no demo user is a system_admin".into());
    }
    Ok(())
}

fn check_channel(channel: &DemoChannel, usernames: &HashSet<&str>) -> Result<(), String> {
    let place = format!("channel ~{}", channel.name);
    first_problem(
        &place,
        [
            rules::channel_url_problem(&channel.name),
            rules::channel_display_name_problem(&channel.display_name),
            rules::channel_header_problem(&channel.header),
            rules::channel_purpose_problem(&channel.purpose),
        ],
    )?;
    if let Some(stranger) = channel
        .members
        .iter()
        .find(|m| !usernames.contains(m.as_str()))
    {
        return Err(format!("{place}: no demo user is called {stranger}"));
    }
    if channel.private && channel.members.is_empty() {
        return Err(format!("{place} is private, so it lists its members"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The demo's own promises, checked against the parsed file: who is there, what the channels
    //! hold, and the markdown people can try out.

    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    fn demo() -> DemoCommunity {
        load().unwrap_or_else(|err| panic!("the demo community does not load: {err}"))
    }

    /// A file with one admin, one channel and the posts given (TOML `[[channels.posts]]` entries).
    fn file_with(posts: &str) -> String {
        format!(
            r#"password = "brisk-demo"
[team]
name = "demo"
display_name = "Demo"
description = "A team."

[[users]]
username = "alice"
first_name = "Alice"
last_name = "A"
email = "alice@example.org"
position = "Lead"
system_admin = true

[[channels]]
name = "town-square"
display_name = "Town Square"
header = ""
purpose = ""
{posts}"#
        )
    }

    #[test]
    fn times_read_as_days_ago_at_a_time_of_day() {
        assert_eq!(minutes_ago("0d 23:59"), Some(1));
        assert_eq!(minutes_ago("0d 00:00"), Some(DAY_MINUTES));
        assert_eq!(
            minutes_ago("2d 12:30"),
            Some(2 * DAY_MINUTES + 11 * 60 + 30)
        );
        for bad in [
            "",
            "3d",
            "3d 9:30",
            "3d 24:00",
            "3d 09:60",
            "-1d 09:30",
            "xd 09:30",
            "3 09:30",
        ] {
            assert_eq!(minutes_ago(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_broken_file_is_refused_with_the_entry_at_fault() {
        let post = |by: &str, at: &str, text: &str| {
            format!("[[channels.posts]]\nby = \"{by}\"\nat = \"{at}\"\ntext = \"{text}\"\n")
        };
        assert!(parse(&file_with(&post("alice", "1d 10:00", "Hello"))).is_ok());
        let refused = |file: String| parse(&file).expect_err("accepted a broken file");
        assert!(refused(file_with(&post("mallory", "1d 10:00", "Hi")))
            .contains("no demo user is called mallory"));
        assert!(refused(file_with(&post("alice", "1d 10:00", "   "))).contains("Invalid Message"));
        assert!(refused(file_with(&post("alice", "yesterday", "Hi"))).contains("`at` must read"));
        let reply_before_root = format!(
            "{}[[channels.posts.replies]]\nby = \"alice\"\nat = \"2d 10:00\"\ntext = \"Early\"\n",
            post("alice", "1d 10:00", "Root")
        );
        assert!(refused(file_with(&reply_before_root)).contains("not newer than its root"));
        let bad_username = file_with("").replace("username = \"alice\"", "username = \"here\"");
        assert!(refused(bad_username).starts_with("user here:"));
        let bad_channel = file_with("").replace("name = \"town-square\"", "name = \"Town Square\"");
        assert!(refused(bad_channel).starts_with("channel ~Town Square:"));
        let unknown_field =
            file_with("").replace("purpose = \"\"", "purpose = \"\"\nbridged = true");
        assert!(refused(unknown_field).contains("bridged"));
    }

    #[test]
    fn six_people_in_one_team_with_alice_the_only_admin() {
        let demo = demo();
        assert_eq!(demo.team.name, "demo");
        assert_eq!(
            demo.password, "brisk-demo",
            "the README lists this password"
        );
        let names: Vec<&str> = demo.users.iter().map(|u| u.username.as_str()).collect();
        assert_eq!(names, ["alice", "bob", "carol", "dave", "erin", "frank"]);
        for user in &demo.users {
            assert_eq!(user.email, format!("{}@example.org", user.username));
            assert!(
                !user.first_name.is_empty()
                    && !user.last_name.is_empty()
                    && !user.position.is_empty()
            );
        }
        let admins: Vec<&str> = demo
            .users
            .iter()
            .filter(|u| u.system_admin)
            .map(|u| u.username.as_str())
            .collect();
        assert_eq!(admins, ["alice"]);
    }

    #[test]
    fn the_channels_the_readme_lists_are_open_to_everyone() {
        let demo = demo();
        for name in ["town-square", "off-topic", "dev", "support", "meta", "irc"] {
            let channel = demo.channels.iter().find(|ch| ch.name == name).expect(name);
            assert!(
                !channel.private && channel.members.is_empty(),
                "{name} must be open to everyone"
            );
        }
        let private: Vec<&str> = demo
            .channels
            .iter()
            .filter(|ch| ch.private)
            .map(|ch| ch.name.as_str())
            .collect();
        assert_eq!(private, ["maintainers"]);
        for channel in &demo.channels {
            assert!(
                !channel.header.is_empty() && !channel.purpose.is_empty(),
                "{}",
                channel.name
            );
            assert!(
                demo.posts.iter().any(|p| p.channel == channel.name),
                "{} has no posts",
                channel.name
            );
        }
    }

    #[test]
    fn the_irc_channel_claims_no_relay_that_is_not_running() {
        let demo = demo();
        let irc = demo
            .channels
            .iter()
            .find(|ch| ch.name == "irc")
            .expect("irc");
        assert!(
            irc.header.contains("cargo xtask serve --irc"),
            "{}",
            irc.header
        );
        for text in demo
            .posts
            .iter()
            .map(|p| &p.message)
            .chain([&irc.header, &irc.purpose])
        {
            let lower = text.to_lowercase();
            assert!(
                !lower.contains("bridged") && !lower.contains("relayed to"),
                "{text}"
            );
        }
    }

    #[test]
    fn posts_span_months_up_to_the_last_day_in_order() {
        let posts = demo().posts;
        assert!(posts.len() >= 300, "only {} posts", posts.len());
        assert!(posts
            .windows(2)
            .all(|w| w[0].minutes_ago >= w[1].minutes_ago));
        assert!(posts.iter().all(|p| p.minutes_ago <= 200 * DAY_MINUTES));
        assert!(
            posts.iter().any(|p| p.minutes_ago < DAY_MINUTES),
            "nothing in the last day"
        );
        for (i, post) in posts.iter().enumerate() {
            if let Some(root) = post.reply_to {
                assert!(
                    root < i
                        && posts[root].reply_to.is_none()
                        && posts[root].channel == post.channel
                );
            }
        }
    }

    #[test]
    fn threads_and_runs_of_messages_to_group() {
        let posts = demo().posts;
        let replies = posts.iter().filter(|p| p.reply_to.is_some()).count();
        let roots: BTreeSet<_> = posts.iter().filter_map(|p| p.reply_to).collect();
        assert!((10..=15).contains(&roots.len()), "{} threads", roots.len());
        assert!((30..=50).contains(&replies), "{replies} replies");
        // Consecutive posts by one author a couple of minutes apart, which clients group.
        let grouped = posts.windows(2).filter(|w| {
            w[0].channel == w[1].channel
                && w[0].author == w[1].author
                && w[0].minutes_ago - w[1].minutes_ago <= 2
        });
        assert!(grouped.count() >= 5);
    }

    #[test]
    fn mentions_refer_to_demo_people() {
        let demo = demo();
        let users: BTreeSet<&str> = demo.users.iter().map(|u| u.username.as_str()).collect();
        let mut mentioned = BTreeMap::new();
        for post in &demo.posts {
            let (names, _) = posts::parse_mentions(&post.message);
            // The server also tries each name with its trailing punctuation ("@frank.").
            for name in names.iter().map(|n| n.trim_end_matches(['.', '-', '_'])) {
                assert!(
                    users.contains(name),
                    "unknown mention @{name} in {:?}",
                    post.message
                );
                *mentioned.entry(name.to_string()).or_insert(0) += 1;
            }
        }
        assert!(
            mentioned.len() >= 4,
            "few people are mentioned: {mentioned:?}"
        );
    }

    #[test]
    fn covers_markdown_features_and_edge_cases() {
        let posts = demo().posts;
        let any = |needle: &str| posts.iter().any(|p| p.message.contains(needle));
        for needle in [
            "```rust",
            "```toml",
            "```bash",
            "```json",
            "|---",
            "**",
            "~~",
            "](https://",
            "@channel",
            "@here",
            ":tada:",
            ":+1:",
            ":bug:",
            "#release",
            "~dev",
            "\n- ",
            "\n1. ",
        ] {
            assert!(any(needle), "no post contains {needle:?}");
        }
        // Raw HTML both inside inline code and as bare text, which clients must show as text.
        assert!(any("`<script>alert(1)</script>`"));
        assert!(posts.iter().any(|p| p
            .message
            .replace("`<script>alert(1)</script>`", "")
            .contains("<script>alert(1)</script>")));
        // A markdown link with a javascript: URL, which clients must not turn into a link.
        assert!(any("](javascript:"));
    }
}
