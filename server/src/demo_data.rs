//! The demo community: a fictional open-source project ("Oxbow", a Rust library for streaming data) used to fill a fresh brisk server with realistic teams, users, channels and posts.
//!
//! This module is pure data with no dependencies beyond `std`. The story it tells: the Oxbow
//! project has just moved its community chat off a hosted free plan to a self-hosted brisk
//! server, importing several months of history. Every demo user's password is `brisk-demo`.

/// Everything needed to populate a demo server: one team, its users, channels and posts.
pub struct DemoCommunity {
    /// The single demo team.
    pub team: DemoTeam,
    /// All users; every one of them is a member of the team.
    pub users: Vec<DemoUser>,
    /// The team's channels, in the order they should be created.
    pub channels: Vec<DemoChannel>,
    /// All posts, oldest first (non-increasing `minutes_ago`), so a thread root always comes
    /// before its replies.
    pub posts: Vec<DemoPost>,
}

/// The demo team.
pub struct DemoTeam {
    /// URL name of the team (always `"demo"`).
    pub name: &'static str,
    /// Human-readable team name.
    pub display_name: &'static str,
    /// Short description shown in team settings.
    pub description: &'static str,
}

/// A demo user account.
pub struct DemoUser {
    /// Mattermost username (lowercase, 3-22 characters, starts with a letter).
    pub username: &'static str,
    /// Given name.
    pub first_name: &'static str,
    /// Family name.
    pub last_name: &'static str,
    /// Email address (on the reserved `example.org` domain).
    pub email: &'static str,
    /// Plain-text password; always `"brisk-demo"`, as documented in the README.
    pub password: &'static str,
    /// Whether the user gets the `system_admin` role.
    pub system_admin: bool,
    /// Free-text position shown on the profile.
    pub position: &'static str,
}

/// A demo channel in the demo team.
pub struct DemoChannel {
    /// URL name of the channel (lowercase `a-z`, `0-9` and `-`).
    pub name: &'static str,
    /// Human-readable channel name.
    pub display_name: &'static str,
    /// Channel header (markdown).
    pub header: &'static str,
    /// Channel purpose.
    pub purpose: &'static str,
    /// `true` for a private channel, `false` for an open one.
    pub private: bool,
    /// Usernames of the members; empty means every user of the team.
    pub members: Vec<&'static str>, /* usernames; empty = everyone */
}

/// A demo post.
pub struct DemoPost {
    /// Name of the channel the post belongs to.
    pub channel: &'static str,
    /// Username of the author; for bridged posts the bridge user.
    pub author: &'static str, /* username; for bridged posts the bridge user */
    /// For posts relayed from IRC by the bridge: the IRC nick of the real sender.
    pub irc_nick: Option<&'static str>,
    /// The message text (markdown).
    pub message: String,
    /// How long before "now" the post was created, in minutes (always > 0).
    pub minutes_ago: i64,
    /// For a thread reply: index into `posts` of the thread root, which comes earlier.
    pub reply_to: Option<usize>, /* index into posts of the thread root, which must come earlier */
}

/// Builds the demo community.
pub fn community() -> DemoCommunity {
    let mut b = Builder { posts: Vec::new() };
    town_square(&mut b);
    off_topic(&mut b);
    dev(&mut b);
    support(&mut b);
    meta(&mut b);
    irc(&mut b);
    maintainers(&mut b);
    DemoCommunity {
        team: DemoTeam {
            name: "demo",
            display_name: "Oxbow Project",
            description:
                "Community chat of Oxbow, backpressure-aware streaming pipelines for Rust.",
        },
        users: users(),
        channels: channels(),
        posts: b.finish(),
    }
}

/// The shared password of every demo account.
const PASSWORD: &str = "brisk-demo";

/// Minutes before now of "`days` days ago at `hour`:`minute`", where day 0 is the 24 hours
/// ending now (so `at(0, 23, 59)` is one minute ago and a later time of day is more recent).
const fn at(days: i64, hour: i64, minute: i64) -> i64 {
    days * 1440 + (1440 - (hour * 60 + minute))
}

/// Collects posts in any order, then sorts them chronologically.
struct Builder {
    posts: Vec<DemoPost>,
}

impl Builder {
    /// Adds a root post and returns its (provisional) index, usable with [`Builder::reply`].
    fn p(
        &mut self,
        channel: &'static str,
        author: &'static str,
        minutes_ago: i64,
        message: impl Into<String>,
    ) -> usize {
        self.push(channel, author, None, minutes_ago, message.into(), None)
    }

    /// Adds a reply in the thread of `root` (same channel as the root).
    fn r(
        &mut self,
        root: usize,
        author: &'static str,
        minutes_ago: i64,
        message: impl Into<String>,
    ) -> usize {
        let channel = self.posts[root].channel;
        self.push(
            channel,
            author,
            None,
            minutes_ago,
            message.into(),
            Some(root),
        )
    }

    /// Adds a post relayed from IRC by the bridge user.
    fn irc(&mut self, nick: &'static str, minutes_ago: i64, message: impl Into<String>) -> usize {
        self.push(
            "irc",
            "ircbridge",
            Some(nick),
            minutes_ago,
            message.into(),
            None,
        )
    }

    fn push(
        &mut self,
        channel: &'static str,
        author: &'static str,
        irc_nick: Option<&'static str>,
        minutes_ago: i64,
        message: String,
        reply_to: Option<usize>,
    ) -> usize {
        self.posts.push(DemoPost {
            channel,
            author,
            irc_nick,
            message,
            minutes_ago,
            reply_to,
        });
        self.posts.len() - 1
    }

    /// Sorts oldest first (stable, so equal times keep insertion order) and remaps `reply_to`.
    fn finish(self) -> Vec<DemoPost> {
        let mut order: Vec<usize> = (0..self.posts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.posts[i].minutes_ago));
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut slots: Vec<Option<DemoPost>> = self.posts.into_iter().map(Some).collect();
        order
            .iter()
            .map(|&old| {
                let mut post = slots[old].take().expect("each post is moved once");
                post.reply_to = post.reply_to.map(|root| new_index[root]);
                post
            })
            .collect()
    }
}

fn users() -> Vec<DemoUser> {
    let user = |username, first_name, last_name, email, system_admin, position| DemoUser {
        username,
        first_name,
        last_name,
        email,
        password: PASSWORD,
        system_admin,
        position,
    };
    vec![
        user(
            "alice",
            "Alice",
            "Moreau",
            "alice@example.org",
            true,
            "Project lead",
        ),
        user(
            "bob",
            "Bob",
            "Okafor",
            "bob@example.org",
            false,
            "Core maintainer (runtime and flow control)",
        ),
        user(
            "carol",
            "Carol",
            "Lindqvist",
            "carol@example.org",
            false,
            "Maintainer (docs and releases)",
        ),
        user(
            "dave",
            "Dave",
            "Kim",
            "dave@example.org",
            false,
            "Contributor (Kafka and Parquet connectors)",
        ),
        user(
            "erin",
            "Erin",
            "Walsh",
            "erin@example.org",
            false,
            "Data engineer, runs Oxbow in production",
        ),
        user(
            "frank",
            "Frank",
            "Delgado",
            "frank@example.org",
            false,
            "Contributor and issue triager",
        ),
        user(
            "ircbridge",
            "IRC",
            "Bridge",
            "ircbridge@example.org",
            false,
            "Bot relaying #oxbow on libera.chat",
        ),
    ]
}

fn channels() -> Vec<DemoChannel> {
    vec![
        DemoChannel {
            name: "town-square",
            display_name: "Town Square",
            header: "**Oxbow**: backpressure-aware streaming pipelines for Rust · [Repository](https://github.com/oxbow-rs/oxbow) · [API docs](https://docs.rs/oxbow) · [Book](https://oxbow-rs.github.io/book/) · [Code of Conduct](https://github.com/oxbow-rs/oxbow/blob/main/CODE_OF_CONDUCT.md)",
            purpose: "Announcements and general discussion for everyone in the Oxbow community.",
            private: false,
            members: vec![],
        },
        DemoChannel {
            name: "off-topic",
            display_name: "Off-Topic",
            header: "Anything that isn't Oxbow: pets, books, bread, keyboards. Be kind. :coffee:",
            purpose: "Non-project chatter between community members.",
            private: false,
            members: vec![],
        },
        DemoChannel {
            name: "dev",
            display_name: "Development",
            header: "Hacking on Oxbow itself · [Issues](https://github.com/oxbow-rs/oxbow/issues) · [Contributing](https://github.com/oxbow-rs/oxbow/blob/main/CONTRIBUTING.md) · [Milestones](https://github.com/oxbow-rs/oxbow/milestones) · MSRV **1.75**",
            purpose: "Design discussions, reviews and contributor coordination for the oxbow crates.",
            private: false,
            members: vec![],
        },
        DemoChannel {
            name: "support",
            display_name: "Support",
            header: "Questions about *using* Oxbow. Please include your `oxbow` version, `rustc --version` and a minimal example. Security issues go to **security@oxbow-rs.org**, not here.",
            purpose: "Help for people using Oxbow in their own projects.",
            private: false,
            members: vec![],
        },
        DemoChannel {
            name: "meta",
            display_name: "Meta",
            header: "About this community: propose new channels, discuss moderation and the chat server itself (self-hosted brisk since the move). :house:",
            purpose: "Discussion about the community, its spaces and its tools.",
            private: false,
            members: vec![],
        },
        DemoChannel {
            name: "irc",
            display_name: "IRC #oxbow",
            header: "Bridged both ways with [#oxbow on libera.chat](https://web.libera.chat/#oxbow): IRC messages show up here via the bridge with the sender's nick, and what you write here is relayed to IRC. IRC doesn't render markdown, so keep it plain.",
            purpose: "Relay of the #oxbow IRC channel on libera.chat.",
            private: false,
            members: vec![],
        },
        DemoChannel {
            name: "maintainers",
            display_name: "Maintainers",
            header: "Private: release planning, security reports, Code of Conduct escalations. Anything that doesn't need to be private goes to ~dev or ~town-square.",
            purpose: "Private coordination between the Oxbow maintainers.",
            private: true,
            members: vec!["alice", "bob", "carol"],
        },
    ]
}

fn town_square(b: &mut Builder) {
    let c = "town-square";
    b.p(c, "alice", at(199, 9, 12), r#"Welcome to the **Oxbow** community chat! :wave:

Oxbow is a Rust library for building backpressure-aware streaming pipelines: sources, stages and sinks that never buffer more than you tell them to.

A few pointers to get started:
- Code: https://github.com/oxbow-rs/oxbow
- API docs: https://docs.rs/oxbow
- The book: https://oxbow-rs.github.io/book/
- Questions go to ~support, hacking on Oxbow itself to ~dev

Please read the [Code of Conduct](https://github.com/oxbow-rs/oxbow/blob/main/CODE_OF_CONDUCT.md). Short version: be kind and assume good faith."#);
    b.p(c, "bob", at(199, 9, 40), "Hello everyone! Glad we finally have a place that isn't a 400-comment GitHub issue :sweat_smile:");
    b.p(c, "carol", at(199, 11, 5), "Hi all :wave: I mostly do docs and releases. If something in the book confused you, tell me. That's a bug, not you.");
    b.p(c, "dave", at(198, 16, 20), "Hey! Using oxbow at work to move sensor data into Parquet files. Happy to help out in ~support.");
    b.p(
        c,
        "alice",
        at(196, 14, 0),
        r#"@channel **Oxbow 0.7.0 is out!** :tada: #release

Highlights:
1. `Pipeline::builder()` replaces the old `Pipeline::new` + `connect` dance
2. Sinks can report partial failures with `SinkError::Partial`
3. New `throttle` stage (token bucket)
4. MSRV is now **1.70**

```toml
[dependencies]
oxbow = "0.7"
```

Full changelog: https://github.com/oxbow-rs/oxbow/releases/tag/v0.7.0"#,
    );
    b.p(
        c,
        "erin",
        at(196, 14, 22),
        "Congrats! Upgraded two services already, the builder is *so* much nicer :+1:",
    );
    b.p(
        c,
        "frank",
        at(196, 15, 3),
        "First time here, found the project through the 0.7 announcement. Hi!",
    );
    b.p(c, "carol", at(170, 10, 15), "0.7.1 is on crates.io: fixes the `throttle` stage over-sleeping when the bucket refills mid-batch, plus a clearer error for unconnected stages. No API changes, please upgrade. #release");
    b.p(c, "alice", at(160, 18, 0), "@here First **community call** is next Thursday at 16:00 UTC. Agenda: https://github.com/oxbow-rs/oxbow/discussions/430 (add anything you'd like to talk about).");

    let release = b.p(c, "alice", at(128, 15, 0), r#"@channel Oxbow **0.8.0** is released! :rocket: #release

| Area | What changed |
|------|--------------|
| Flow control | credit-based backpressure replaces bounded channels |
| Connectors | `oxbow-kafka` 0.1 (thanks @dave!) |
| Errors | stage errors carry the offset of the offending record |
| Metrics | new `metrics` feature with per-stage throughput |

Upgrade notes are in the [migration guide](https://oxbow-rs.github.io/book/migrating/0.8.html). The credit change is **mostly** invisible, but if you implemented `Source` by hand you'll need to handle `Demand`."#);
    b.r(release, "bob", at(128, 15, 12), "Huge thanks to everyone who tested the betas. Credit-based flow control took three attempts and this is the one that finally didn't deadlock :sweat_smile:");
    b.r(release, "erin", at(128, 16, 40), "Upgraded our ingest service: p99 latency went from about 40ms to 12ms under load. No code changes beyond the `Demand` bits.");
    b.r(release, "dave", at(128, 17, 5), "And `oxbow-kafka` is 0.1, so expect rough edges. Please file issues with the `connector:kafka` label :bug:");
    b.r(
        release,
        "frank",
        at(127, 9, 30),
        "The migration guide was super clear, took me ten minutes. Nice work @carol",
    );

    b.p(c, "carol", at(110, 11, 0), "0.8.1 released: fixes a panic when a `Window` closes with zero records, and `oxbow-kafka` 0.1.1 now honours `auto.offset.reset`. #release");
    b.p(c, "alice", at(104, 13, 0), "We're looking for a couple more people to help triage issues. It's a few hours a month and you get the label powers :sparkles: Ping me or @bob.");
    b.p(c, "frank", at(104, 13, 45), "I'd be up for it!");
    b.p(
        c,
        "alice",
        at(104, 14, 2),
        "@frank :tada: invite to the triage team is on its way.",
    );
    b.p(c, "bob", at(88, 17, 0), "We just passed **1,000 stars** on GitHub :star2: Stars don't matter, of course. But they're nice.");
    b.p(c, "erin", at(88, 17, 6), ":star: :star: :star:");
    b.p(c, "alice", at(80, 12, 0), "@erin is talking about running Oxbow in production at the Rust Berlin meetup next week: https://www.meetup.com/rust-berlin/ Go cheer if you're around!");
    b.p(
        c,
        "erin",
        at(80, 12, 30),
        "Slides will be posted here afterwards. Please be gentle with the questions :grimacing:",
    );
    b.p(c, "erin", at(73, 9, 10), "Slides from the meetup: https://speakerdeck.com/erinwalsh/oxbow-in-production (recording should be up next week). Thanks to everyone who came!");

    b.p(c, "alice", at(62, 16, 0), r#"@channel **Oxbow 0.9.0** :tada: #release

The big one is the new windowing API:

```rust
use oxbow::prelude::*;
use std::time::Duration;

let pipeline = Pipeline::builder()
    .source(KafkaSource::new("readings"))
    .stage(window::tumbling(Duration::from_secs(60)).by_key(|r: &Reading| r.sensor_id))
    .stage(map(|w: Window<Reading>| w.mean(|r| r.value)))
    .sink(ParquetSink::create("out/")?)
    .build()?;
```

Also: `Checkpoint` is now stable, `throttle` supports bursts, MSRV is **1.75** and the `legacy-channels` feature is gone. Notes: https://github.com/oxbow-rs/oxbow/releases/tag/v0.9.0"#);
    b.p(c, "dave", at(62, 16, 20), "Sliding windows next? :eyes:");
    b.p(
        c,
        "bob",
        at(62, 16, 24),
        "@dave sliding windows are in the 0.10 milestone. Come help :wink:",
    );
    b.p(
        c,
        "carol",
        at(40, 10, 0),
        r#"**0.9.1** is out. Fixes:
- `Checkpoint::restore` ignoring the last committed offset (sorry about that one)
- window keys with colliding hashes are no longer merged
- ~~the testing chapter is missing~~ new book chapter on testing pipelines

#release"#,
    );
    b.p(c, "alice", at(21, 9, 0), "@channel Heads-up: **a week from today we're moving this chat off the hosted free plan** to our own server running brisk. It speaks the Mattermost API, so the desktop and mobile apps keep working. History will be imported; you'll need to set a new password. Background in ~meta.");
    b.p(c, "erin", at(21, 9, 30), "Finally no more *\"this message is hidden because it's older than 90 days\"* :raised_hands:");

    let moved = b.p(c, "alice", at(14, 8, 0), r#"@channel **Welcome to the new home of the Oxbow chat!** :house:

We're now on a self-hosted brisk server. What you need to know:
1. All channels and history from the old workspace were imported, including everything the free plan was hiding
2. Your username is the same; use *Forgot password* on the login page to set a new password
3. The Mattermost desktop and mobile apps work, just add the new server URL
4. ~irc is now bridged both ways with #oxbow on libera.chat

Problems? Reply in this thread or ask in ~meta."#);
    b.r(moved, "bob", at(14, 8, 14), "Logged in from the desktop app, everything just worked. Search finds messages from last winter! :tada:");
    b.r(
        moved,
        "frank",
        at(14, 9, 2),
        "The password reset email landed in spam for me, fyi",
    );
    b.r(
        moved,
        "alice",
        at(14, 9, 10),
        "@frank thanks, the SPF record for the new mail host was missing. Fixed now.",
    );
    b.r(
        moved,
        "erin",
        at(14, 12, 0),
        "Custom emoji didn't make it over :cry: where's my party crab?",
    );
    b.r(
        moved,
        "carol",
        at(14, 12, 20),
        "@erin I have the export, I'll re-upload the custom emoji tonight.",
    );

    b.p(c, "carol", at(9, 15, 0), "@channel **0.10.0-rc.1** is on crates.io. Please try it on your pipelines and report anything odd in ~support or on GitHub. Sliding windows, `oxbow-parquet` 0.3 and a new `Pipeline::drain()` for graceful shutdown. #release");
    b.p(c, "dave", at(9, 15, 30), "Running it on staging now.");
    b.p(c, "dave", at(5, 10, 0), "rc.1 has been on our staging cluster for four days, about 2 billion records, zero issues so far :+1:");
    b.p(c, "alice", at(0, 9, 5), "Good morning! Final 0.10.0 is planned for **Friday** unless something turns up in rc.2. Thanks to the 14 (!) people who tested the RC.");
    b.p(
        c,
        "bob",
        at(0, 9, 12),
        "Fourteen! That's a record by a wide margin.",
    );
    b.p(c, "carol", at(0, 19, 40), "@here **rc.2** is out with the `drain()` fix. Last call for testing before Friday :pray: #release");

    // Notes from the monthly community calls, taken in turns.
    let calls = [
        (
            153,
            "carol",
            "Thanks to everyone who joined our very first call!",
            11,
            [
                "credit-based backpressure: status and open questions",
                "scope of the Kafka connector",
                "setting up a triage rotation",
            ],
            "the credits branch lands on `main` behind a feature flag next week.",
        ),
        (
            125,
            "bob",
            "Call notes, a bit late because I was fixing the 0.8 release script :sweat_smile:",
            14,
            [
                "0.8.0 post-release: upgrade reports",
                "how we want to handle security reports",
                "ideas for the next big feature",
            ],
            "windowing is the headline feature for 0.9.",
        ),
        (
            97,
            "carol",
            "Community call notes are up.",
            9,
            [
                "the hosted chat's new history limit",
                "windowing API first draft",
                "MSRV policy",
            ],
            "we'll evaluate self-hosted options before moving anywhere, discussion in ~meta.",
        ),
        (
            69,
            "frank",
            "My first time taking notes, corrections welcome!",
            12,
            [
                "0.9 release checklist",
                "chat migration plan",
                "conference talks",
            ],
            "0.9.0 ships next week; the chat migration is planned for after the release.",
        ),
        (
            41,
            "carol",
            "Short call this month, summer holidays are showing.",
            7,
            [
                "0.9.1 regression post-mortem",
                "sliding windows design",
                "IRC bridge requirements",
            ],
            "we add a regression test for every point release fix, no exceptions.",
        ),
        (
            13,
            "bob",
            "First call since the move, and the first one announced on the new chat :tada:",
            16,
            [
                "migration feedback",
                "0.10 release candidate",
                "new channel proposals",
            ],
            "rc.1 goes out this week; channel proposals are decided by reactions in ~meta.",
        ),
    ];
    for (n, (days, who, intro, people, topics, decision)) in calls.into_iter().enumerate() {
        b.p(c, who, at(days, 18, 30), format!(
            "{intro}\n\n**Community call #{num}** ({people} attendees)\n\nWe talked about:\n- {}\n- {}\n- {}\n\n**Decision:** {decision}\n\nRecording and the full notes: https://github.com/oxbow-rs/oxbow/discussions/{disc}",
            topics[0], topics[1], topics[2], num = n + 1, disc = 441 + n * 37,
        ));
    }
}

fn off_topic(b: &mut Builder) {
    let c = "off-topic";
    b.p(c, "bob", at(197, 12, 30), "Obligatory first question: what's everyone's editor? I'll start: helix, converted last year and never looked back.");
    b.p(
        c,
        "dave",
        at(197, 12, 34),
        "neovim + rust-analyzer. Tried helix, missed my plugins.",
    );
    b.p(
        c,
        "dave",
        at(197, 12, 35),
        "(by plugins I mean the forty I never use)",
    );
    b.p(
        c,
        "erin",
        at(197, 13, 10),
        "VS Code and I'm not ashamed :sunglasses:",
    );
    b.p(c, "carol", at(197, 14, 0), "Emacs. Someone had to say it.");
    b.p(
        c,
        "frank",
        at(189, 8, 15),
        "Is it just me or is every coffee shop in this city switching to oat milk by default?",
    );
    b.p(c, "alice", at(189, 8, 40), "It's not just you. I'm unaffected, my coffee is black like my terminal background :coffee:");
    b.p(c, "erin", at(182, 19, 0), "My cat just walked across the keyboard and pushed a commit titled `ggggggggggggggggg`. It passed CI. :cat:");
    b.p(
        c,
        "bob",
        at(182, 19, 3),
        "Higher pass rate than most of my commits",
    );
    b.p(c, "frank", at(182, 19, 5), "ship it :rocket:");

    let reading = b.p(c, "carol", at(175, 20, 0), "What's everyone reading? I just finished *Designing Data-Intensive Applications* for the third time and I keep finding new things in the stream processing chapter.");
    b.r(reading, "dave", at(175, 20, 30), "Re-reading *The Rust Programming Language* with a book club at work. Humbling how much I'd forgotten about `Pin`.");
    b.r(
        reading,
        "erin",
        at(175, 21, 15),
        "Fiction break: *Project Hail Mary*. Zero streaming data, 100% recommend.",
    );
    b.r(reading, "alice", at(174, 8, 0), "*Streaming Systems* by Akidau, Chernyak and Lax. Some of the windowing API we're planning will look very familiar to people who've read it :sweat_smile:");

    b.p(
        c,
        "dave",
        at(166, 7, 50),
        "Snow day here :snowflake: Working from the couch with a blanket and a very smug dog.",
    );
    b.p(c, "bob", at(158, 12, 0), "PSA: `cargo install cargo-nextest` if you haven't yet. Our test suite went from 3m10s to 1m05s on my laptop.");
    b.p(
        c,
        "frank",
        at(158, 12, 20),
        "wait, that's almost three times faster? installing now",
    );
    b.p(c, "erin", at(151, 18, 0), "Bread update: the sourdough starter (named Ferris, obviously) survived the holidays :bread:");
    b.p(c, "erin", at(151, 18, 2), "I'd post a photo but I've already used most of the old chat's file storage on cat pictures");
    b.p(
        c,
        "carol",
        at(151, 18, 20),
        "Ferris the starter :joy: perfect",
    );
    b.p(c, "alice", at(140, 13, 0), "Anyone going to FOSDEM? Thinking of organising an Oxbow dinner if there are four or more of us.");
    b.p(
        c,
        "bob",
        at(140, 13, 14),
        "I'll be there! Rust devroom on Sunday.",
    );
    b.p(c, "dave", at(140, 14, 0), "Can't make it this year :cry:");
    b.p(c, "carol", at(140, 16, 30), "In! Count me in for dinner.");
    b.p(c, "bob", at(131, 10, 0), "Back from FOSDEM. Highlights: waffles, the Rust devroom, and someone stopping me in a hallway to say oxbow saved their on-call rotation. Made my month.");
    b.p(
        c,
        "alice",
        at(131, 10, 10),
        "That's so nice. Also, the waffles.",
    );
    b.p(
        c,
        "frank",
        at(119, 22, 10),
        "Coding music thread? I've been on lo-fi for months and I'm getting bored.",
    );
    b.p(
        c,
        "dave",
        at(119, 22, 20),
        "Synthwave. Makes every `cargo build` feel like a car chase.",
    );
    b.p(
        c,
        "erin",
        at(119, 22, 26),
        "Video game soundtracks. Nothing with lyrics or I start typing them.",
    );
    b.p(c, "carol", at(103, 9, 0), "Mechanical keyboard people: I bought a split keyboard and my typing speed is now that of a sleepy snail :snail:");
    b.p(
        c,
        "carol",
        at(103, 9, 5),
        "Week two. It's getting better. Slowly.",
    );
    b.p(
        c,
        "bob",
        at(103, 9, 30),
        "Give it a month, I promise it's worth it. Your wrists will thank you.",
    );
    b.p(
        c,
        "dave",
        at(91, 17, 0),
        "Hot take: `unwrap()` in examples is fine.",
    );
    b.p(c, "alice", at(91, 17, 2), "I'll take the bait. `?` with `fn main() -> Result<(), Box<dyn Error>>` is barely longer and teaches the right habit.");
    b.p(
        c,
        "dave",
        at(91, 17, 4),
        "Ok, that's fair. Lukewarm take then.",
    );
    b.p(
        c,
        "erin",
        at(84, 12, 0),
        "Lunch poll: pineapple on pizza? React with :+1: or :-1:",
    );
    b.p(
        c,
        "frank",
        at(84, 12, 30),
        "I'm abstaining. This is how friendships end.",
    );
    b.p(
        c,
        "frank",
        at(70, 8, 20),
        "I passed my driving test! :car: :tada:",
    );
    b.p(c, "bob", at(70, 8, 22), "Congrats!! :tada:");
    b.p(
        c,
        "carol",
        at(70, 8, 40),
        "Well done! Now you can drive to FOSDEM next year :wink:",
    );
    b.p(c, "alice", at(55, 20, 0), "Spent the weekend setting up a home lab. Three tiny PCs, and one of them is now the staging box for our future chat server :smile:");
    b.p(
        c,
        "bob",
        at(55, 20, 10),
        "How much did that cost in electricity this month, asking for a friend",
    );
    b.p(
        c,
        "alice",
        at(55, 20, 12),
        "About 11 watts idle each. Cheaper than my coffee habit.",
    );
    b.p(
        c,
        "dave",
        at(33, 15, 0),
        "Board game recommendations? We've played *Wingspan* to death.",
    );
    b.p(
        c,
        "carol",
        at(33, 15, 20),
        "*Cascadia*. Very chill, very pretty, surprisingly competitive.",
    );
    b.p(
        c,
        "erin",
        at(33, 15, 22),
        "Seconding Cascadia. Also *The Crew* if you like co-op.",
    );
    b.p(c, "frank", at(12, 11, 0), "Did anyone else change their avatar after the migration? I have to learn everyone's faces again :sweat_smile:");
    b.p(
        c,
        "erin",
        at(12, 11, 5),
        "I'm keeping the same cat photo forever, that's my brand :cat:",
    );
    b.p(c, "bob", at(5, 18, 0), "Going offline for a long weekend of hiking :evergreen_tree: @carol has the release keys if anything's on fire.");
    b.p(
        c,
        "bob",
        at(2, 21, 0),
        "Back. Legs destroyed, brain restored.",
    );
    b.p(
        c,
        "erin",
        at(0, 12, 30),
        "Today's coffee count: three, and it's not even lunch. Release week vibes :coffee:",
    );
    b.p(c, "dave", at(0, 12, 41), "rookie numbers");
}

fn dev(b: &mut Builder) {
    let c = "dev";
    b.p(c, "bob", at(198, 10, 0), "Started sketching the backpressure redesign. Today bounded channels between stages give us backpressure, but it's coarse: one slow sink blocks the whole pipeline even when other branches could keep going.");
    b.p(c, "bob", at(198, 10, 2), "Rough idea: each stage grants *credits* upstream, and a source only produces as many records as it has credits for. I'll write it up properly as an RFC.");
    b.p(c, "alice", at(198, 11, 15), "Yes please. Reactive Streams' `request(n)` is the obvious prior art, worth a section on why we differ (if we do).");
    b.p(c, "frank", at(194, 16, 0), "Hi! I'd like to pick up a good first issue. Is #398 (typo in the `Stage` docs + missing example) still free?");
    b.p(c, "carol", at(194, 16, 20), "@frank all yours! The example goes in the doc comment in `src/stage.rs`, and `cargo test --doc` runs it.");
    b.p(
        c,
        "frank",
        at(193, 9, 0),
        "PR is up: https://github.com/oxbow-rs/oxbow/pull/401 :crossed_fingers:",
    );
    b.p(
        c,
        "carol",
        at(193, 10, 30),
        "Merged. Welcome to the contributors list :tada:",
    );
    b.p(c, "dave", at(190, 13, 0), "Question for @bob: is there a reason `Sink::flush` isn't called on drop? I lost the tail of a file in a test because I forgot to call it.");
    b.p(c, "bob", at(190, 13, 30), "There's no async drop, so we can't flush from `Drop` without blocking. The best we can do is a `debug_assert!` that fires when a sink with buffered data is dropped. I'll add it.");

    let rfc = b.p(
        c,
        "bob",
        at(185, 14, 0),
        r#"**RFC: credit-based flow control** is up: https://github.com/oxbow-rs/oxbow/pull/405

TL;DR:
- `Source::poll_next` gets a `Demand` argument
- stages forward demand upstream, capped by their own buffer
- sinks start the chain by granting an initial window (default 64)

Please comment on the PR, but quick reactions are welcome in this thread."#,
    );
    b.r(rfc, "alice", at(185, 14, 40), "Read it once. Love it. I'm worried about the `Source` API break though. Can we provide an adapter for sources that ignore demand?");
    b.r(rfc, "bob", at(185, 14, 52), "Yes: an `IgnoreDemand<S>` wrapper that buffers up to the granted amount. Adding it to the RFC.");
    b.r(
        rfc,
        "dave",
        at(185, 16, 5),
        "From the Kafka side this is great, credits map straight onto `max.poll.records`.",
    );
    b.r(rfc, "erin", at(184, 11, 30), "User perspective: as long as my `Pipeline::builder()` code doesn't change I'm happy. Does it?");
    b.r(rfc, "bob", at(184, 11, 41), "@erin for builder users nothing changes. Only hand-written `Source` and `Stage` impls are affected.");

    b.p(c, "carol", at(180, 10, 0), "Docs CI now fails on broken intra-doc links (`-D rustdoc::broken_intra_doc_links`). Found 23 of them :grimacing: all fixed in #409.");
    b.p(c, "alice", at(172, 15, 0), "Cutting 0.7.1 tomorrow with the throttle fix. Anything else that should go in? Patch-level changes only please.");
    b.p(
        c,
        "bob",
        at(172, 15, 20),
        "#411 (better error message for unconnected stages) is tiny and safe.",
    );
    b.p(c, "alice", at(172, 15, 24), "Ok, including it.");
    b.p(
        c,
        "bob",
        at(165, 11, 0),
        r#"First benchmarks of the credits branch vs 0.7.1:

| Benchmark | 0.7.1 | credits | Change |
|:----------|------:|--------:|-------:|
| fan-out to 4 sinks, 1 slow | 41k rec/s | 198k rec/s | **+383%** |
| linear, 5 stages | 2.10M rec/s | 2.04M rec/s | -3% |
| kafka to parquet | 310k rec/s | 355k rec/s | +15% |"#,
    );
    b.p(c, "bob", at(165, 11, 3), "Run with `cargo bench --bench pipelines -- --save-baseline credits` on my 8-core laptop, so take the absolute numbers with a grain of salt. The fan-out case is the one we care about.");
    b.p(
        c,
        "dave",
        at(165, 11, 40),
        "+383% on fan-out :exploding_head:",
    );
    b.p(
        c,
        "alice",
        at(165, 12, 5),
        "The -3% on the linear case is fine with me. Is it the extra atomic per record?",
    );
    b.p(
        c,
        "bob",
        at(165, 12, 20),
        "Yes, demand accounting. I can batch it every 32 records, which should win it back.",
    );
    b.p(c, "dave", at(152, 10, 0), r#"Starting on `oxbow-kafka`. Plan: wrap rdkafka's `StreamConsumer` as a `Source` and commit offsets when a `Checkpoint` completes.

```toml
[dependencies]
oxbow = { path = "../oxbow", features = ["checkpoint"] }
rdkafka = { version = "0.36", features = ["cmake-build"] }
tokio = { version = "1", features = ["rt", "macros"] }
```"#);
    b.p(c, "bob", at(152, 10, 30), "Please make it a separate crate in the workspace, so the core stays free of librdkafka build pain.");
    b.p(c, "dave", at(152, 10, 34), "Yep, `crates/oxbow-kafka`.");
    b.p(c, "frank", at(144, 14, 0), "Looking at #420 (`throttle` should accept `Duration::ZERO`). Should zero mean *no throttling* or *panic*?");
    b.p(c, "alice", at(144, 14, 30), "No throttling. Panicking on a config value is unfriendly, and \"zero delay\" has an obvious meaning.");
    b.p(c, "frank", at(144, 14, 33), ":+1: on it");
    b.p(c, "bob", at(140, 9, 0), r#"Credit-based flow control is merged to `main` behind a feature flag. Please run your pipelines against it:

```toml
[dependencies]
oxbow = { git = "https://github.com/oxbow-rs/oxbow", features = ["credits"] }
```"#);
    b.p(
        c,
        "carol",
        at(138, 16, 0),
        r#"Release automation is in. Publishing the whole workspace is now:

```bash
cargo release minor --workspace          # dry run, prints what it would do
cargo release minor --workspace --execute
```

It bumps versions, updates `CHANGELOG.md`, tags and publishes in dependency order."#,
    );
    b.p(c, "alice", at(130, 11, 0), "Feature freeze for 0.8 starts now: `main` is bug fixes only until the release. Open feature PRs stay open and get reviewed for 0.9.");
    b.p(c, "dave", at(129, 13, 0), "Kafka connector 0.1 is ready for review: https://github.com/oxbow-rs/oxbow/pull/449. It's 1,900 lines, sorry. Happy to walk anyone through it on a call.");
    b.p(c, "bob", at(129, 14, 0), "I'll take it. Reviewing tonight.");
    b.p(c, "dave", at(116, 15, 0), r#"Prototype of an `oxbow-cli` that runs a pipeline from a JSON spec, for people who don't want to write Rust:

```json
{
  "source": { "kafka": { "topic": "readings", "group": "oxbow-cli" } },
  "stages": [
    { "filter": "value > 0" },
    { "window": { "tumbling": "60s", "key": "sensor_id" } }
  ],
  "sink": { "parquet": { "path": "out/", "compression": "zstd" } }
}
```"#);
    b.p(c, "alice", at(116, 15, 40), "Neat! I'm wary of inventing an expression language though (`\"value > 0\"`). Start with built-in stages only, no filter expressions?");
    b.p(
        c,
        "dave",
        at(116, 15, 47),
        "Fair. Dropping `filter` for now.",
    );
    b.p(c, "erin", at(112, 10, 0), "Would you take a PR adding a stage that deduplicates by key within a time window? We've written it three times at work.");
    b.p(
        c,
        "bob",
        at(112, 10, 40),
        "Yes! Please open an issue with the proposed API first so we can bikeshed the name :bike:",
    );
    b.p(
        c,
        "erin",
        at(111, 9, 0),
        "https://github.com/oxbow-rs/oxbow/issues/476 proposes `dedup_by_key(window, key_fn)`.",
    );
    b.p(
        c,
        "bob",
        at(101, 14, 0),
        r#"Windowing API, first draft. Feedback very welcome:

```rust
pub mod window {
    /// Fixed-size, non-overlapping windows.
    pub fn tumbling(size: Duration) -> WindowSpec { .. }

    impl WindowSpec {
        /// Keep a separate window per key.
        pub fn by_key<T, K, F>(self, key: F) -> KeyedWindow<T, K, F>
        where
            F: Fn(&T) -> K,
            K: Hash + Eq;
    }
}
```"#,
    );
    b.p(
        c,
        "alice",
        at(101, 14, 30),
        "I like `by_key` as a combinator on the spec rather than a separate stage.",
    );
    b.p(c, "dave", at(101, 15, 0), "Can `Window<T>` expose its `start()` and `end()` timestamps? Parquet partitioning needs them.");
    b.p(
        c,
        "bob",
        at(101, 15, 4),
        "Yep, both as `SystemTime`. Adding.",
    );

    let msrv = b.p(c, "alice", at(92, 10, 0), "MSRV for 0.9: I'd like to go to **1.75** so `Source` and `Sink` can use `async fn` in traits instead of the boxed-future dance. Objections?");
    b.r(msrv, "bob", at(92, 10, 20), "+1. Deleting `BoxFuture<'_, Result<Option<Self::Item>, Self::Error>>` from the public API would make me very happy.");
    b.r(msrv, "dave", at(92, 11, 0), "We're on 1.78 at work, fine by me. One caveat: with a plain `async fn` in a public trait, callers can't require the future to be `Send`. We'd want `fn poll(..) -> impl Future<Output = ..> + Send` in the trait definition.");
    b.r(msrv, "alice", at(92, 11, 30), "Good point @dave. Let's spell out `impl Future + Send` in the traits; implementors can still write `async fn`.");
    b.p(c, "carol", at(91, 9, 0), "I'll add an MSRV policy to the README: *we support at least the last six stable releases at the time of a minor release*.");

    b.p(
        c,
        "frank",
        at(88, 13, 0),
        "Is anyone else seeing `cargo test` take 90s+ on `main`? The window tests seem slow.",
    );
    b.p(
        c,
        "bob",
        at(88, 13, 10),
        "They sleep on real time. We should move them to the mock clock at some point.",
    );
    b.p(c, "carol", at(84, 10, 0), "Book chapter on windowing is drafted: https://github.com/oxbow-rs/oxbow/pull/495. Diagrams are drawn in Excalidraw and the source files are in the repo, so anyone can edit them.");
    b.p(c, "alice", at(84, 11, 0), "The diagrams are *great*.");

    let flaky = b.p(c, "frank", at(75, 9, 30), ":bug: `window::tests::late_records_are_dropped` failed twice on CI today, macOS only: https://github.com/oxbow-rs/oxbow/actions/runs/7712034455");
    b.r(flaky, "bob", at(75, 9, 50), "That's the one that sleeps 10ms and expects the window to close. macOS runners are notoriously slow. Same root cause as the slow tests you noticed.");
    b.r(
        flaky,
        "frank",
        at(75, 10, 2),
        "Want me to port the window tests to `oxbow::testing::MockClock`?",
    );
    b.r(flaky, "bob", at(75, 10, 5), "Please! :pray:");
    b.r(
        flaky,
        "frank",
        at(74, 16, 0),
        r#"Done in #517. Ran the test 500 times locally without a failure:

```bash
for i in $(seq 1 500); do
  cargo nextest run -E 'test(late_records)' --retries 0 || break
done
```

Whole `window` suite went from 71s to 0.4s."#,
    );

    b.p(
        c,
        "alice",
        at(70, 16, 0),
        r#"0.9 milestone status: 14 closed, 2 open.
1. #502 `Checkpoint` stabilisation (@bob, in review)
2. #505 drop the `legacy-channels` feature (@carol)

~~#498 window docs~~ merged yesterday. On track for next Thursday."#,
    );
    b.p(c, "dave", at(63, 11, 0), "`oxbow-parquet` 0.2 is bumped to use the new `Window` timestamps for partitioning. Ready for the release.");
    b.p(c, "bob", at(55, 12, 0), "0.9 retro. What went well: the beta caught two real bugs. What didn't: publishing three crates by hand because the automation choked on `oxbow-parquet`.");
    b.p(c, "carol", at(55, 12, 20), "That one's on me: `publish = false` was still set in `oxbow-parquet`'s manifest from when it was experimental. Fixed, and `cargo release` now handles the whole workspace.");

    let sliding = b.p(c, "alice", at(50, 14, 0), "Sliding windows for 0.10, a design question: do we emit on every record (exact) or on a hop interval, like `sliding(size, slide)` in Flink?");
    b.r(sliding, "bob", at(50, 14, 25), "Hop interval. Per-record emission is O(records × window) work and nobody actually wants a result per record.");
    b.r(sliding, "dave", at(50, 15, 10), "Hop interval, and please make `slide` divide `size` evenly or reject it at build time. Flink's behaviour with uneven slides confuses everyone.");
    b.r(sliding, "erin", at(50, 16, 0), "From the user side: we'd use `sliding(10 min, 10 s)` for dashboards. Exact-per-record would melt our cluster.");
    b.r(sliding, "alice", at(50, 17, 30), "Decision: `window::sliding(size, slide)`, hop-based, `size % slide == 0` enforced in `build()`. @bob do you want to take it?");

    b.p(c, "frank", at(46, 10, 0), "Working on `Pipeline::drain()` (#560): stop the sources, let in-flight records flush, then close the sinks. Should `drain` have a timeout built in, or should callers wrap it in `tokio::time::timeout`?");
    b.p(c, "bob", at(46, 10, 30), "Built in, as `drain_timeout(Duration)` on the builder. Otherwise people forget it and Kubernetes SIGKILLs them anyway.");
    b.p(c, "frank", at(46, 10, 36), "Makes sense, doing that.");
    b.p(
        c,
        "dave",
        at(31, 14, 0),
        r#"`oxbow-parquet` 0.3 plan:
- async writer (no more `spawn_blocking` per row group)
- `rotate_every(Duration)` so people stop getting one giant file
- **zstd** compression by default instead of snappy

Shout if you depend on snappy being the default."#,
    );
    b.p(c, "bob", at(18, 11, 0), "Sliding windows PR is up: https://github.com/oxbow-rs/oxbow/pull/571. It keeps a ring of panes (`size / slide` of them) per key, so memory is O(panes), not O(records).");
    b.p(c, "alice", at(18, 11, 20), "Reviewing :eyes:");
    b.p(
        c,
        "alice",
        at(17, 9, 0),
        "Approved with a few nits. Lovely code.",
    );
    b.p(c, "carol", at(13, 10, 0), "Small request now that we're on the new chat: code blocks get syntax highlighting here, so please put the language after the opening fence (`rust`, `toml`, `bash`...).");
    b.p(
        c,
        "frank",
        at(12, 15, 0),
        "`drain()` is merged (#560) :tada: Thanks @bob for the patient review.",
    );
    b.p(c, "carol", at(10, 9, 0), "Starting rc.1 prep, the release goes out tomorrow. Anything that must be in rc.1, shout now.");
    b.p(
        c,
        "dave",
        at(10, 9, 20),
        "#580 (parquet zstd default) please!",
    );
    b.p(c, "carol", at(10, 10, 5), "Merged, it's in.");
    b.p(c, "bob", at(5, 9, 0), "Found the `drain()` hang @erin reported in ~support: if no record ever arrived, `ParquetSink` never opened a writer, and `close()` awaited a oneshot that nobody would ever complete.");
    b.p(
        c,
        "bob",
        at(5, 9, 2),
        r#"Fix is tiny (#601):

```rust
async fn close(&mut self) -> Result<(), SinkError> {
    match self.writer.take() {
        Some(writer) => writer.finish().await,
        None => Ok(()), // nothing was ever written
    }
}
```"#,
    );
    b.p(c, "frank", at(5, 9, 30), "Oof, that one's on me: every drain test sent at least one record. Adding an empty-pipeline test.");
    b.p(
        c,
        "alice",
        at(0, 10, 0),
        "rc.2 goes out today with #601. Last call for anything else.",
    );
    b.p(
        c,
        "dave",
        at(0, 10, 20),
        "Nothing from me. Staging is happy.",
    );
    b.p(c, "frank", at(0, 15, 30), "Docs for `drain_timeout` are updated on `main`, small PR #604 if someone has two minutes :pray:");
    b.p(c, "carol", at(0, 15, 45), "Merged :white_check_mark:");

    // Weekly triage summaries: (days ago, triager, opened, closed, PRs merged, note).
    let triage: [(i64, &'static str, i64, i64, i64, &'static str); 14] = [
        (176, "bob", 14, 19, 9, "Most new issues were questions that belong in ~support, I've been pointing people there. Labelled four as `good first issue`."),
        (162, "carol", 11, 31, 7, "Closed a pile of stale 0.5-era issues. If I closed yours by mistake, reopen it with a comment :pray:"),
        (148, "bob", 16, 12, 11, "The credit-based flow control PR (#405) is ready for a second review. @alice @dave"),
        (134, "carol", 21, 17, 8, "Two :bug: reports about a `Window` closing with zero records. Same root cause, fix in #455."),
        (120, "bob", 25, 18, 10, "0.8.0 upgrade reports, mostly hand-written `Source` impls missing `Demand` handling. The migration guide covers it, so I've been linking that."),
        (106, "carol", 13, 15, 12, "0.8.1 is out. Lots of `oxbow-kafka` configuration questions, we should document the defaults better. cc @dave"),
        (92, "frank", 12, 10, 6, "First solo triage, please double-check my labels :sweat_smile: Marked the MSRV discussion (#488) as `needs-decision`."),
        (78, "bob", 15, 9, 7, "The window API PR is in review. Please hold off on new window feature requests until it lands."),
        (64, "carol", 18, 22, 19, "Release week! Anything not in the 0.9 milestone by Wednesday moves to 0.10."),
        (50, "frank", 20, 16, 9, "After 0.9.0: three regressions reported, two already fixed on `main`. The `Checkpoint::restore` one needs a point release."),
        (36, "bob", 11, 14, 8, "0.9.1 is out and the regression queue is empty :tada: Sliding windows design decision is in the thread from two weeks ago."),
        (22, "frank", 17, 13, 12, "Lots of activity around `oxbow-parquet` 0.3. Also, two Redpanda compatibility issues for @dave."),
        (15, "carol", 6, 5, 3, "Migration week, so a light one. Nothing on fire."),
        (1, "frank", 19, 21, 14, "rc.1 feedback is mostly docs. The one real :bug: (`drain()` on idle pipelines) is fixed in #601, so rc.2 can go out."),
    ];
    let mut open = 142;
    for (n, (days, who, opened, closed, merged, note)) in triage.into_iter().enumerate() {
        open += opened - closed;
        let intro = match who {
            "bob" => "Triage for the week, done over coffee :coffee:",
            "carol" => "This week's triage summary:",
            _ => "My turn on triage! Summary below.",
        };
        b.p(c, who, at(days, 17, 0), format!(
            "{intro} #triage\n\n| Triage #{num} | Count |\n|---|---:|\n| New issues | {opened} |\n| Closed | {closed} |\n| PRs merged | {merged} |\n| Still open | {open} |\n\n{note}",
            num = n + 1,
        ));
    }
}

fn support(b: &mut Builder) {
    let c = "support";
    b.p(c, "frank", at(196, 20, 0), "How do I stop a pipeline cleanly? Ctrl-C just kills it and my Parquet file ends up truncated.");
    b.p(
        c,
        "carol",
        at(196, 20, 25),
        r#"Race the pipeline against the signal and call `shutdown()`, which flushes the sinks:

```rust
let running = pipeline.run();
tokio::pin!(running);
tokio::select! {
    res = &mut running => res?,
    _ = tokio::signal::ctrl_c() => {
        pipeline_handle.shutdown().await?;
        running.await?;
    }
}
```

We know it's clunky, a proper graceful shutdown API is on the wishlist."#,
    );
    b.p(
        c,
        "frank",
        at(196, 21, 0),
        "That worked, thanks! File is intact now.",
    );
    b.p(
        c,
        "erin",
        at(188, 11, 0),
        r#"Help, I'm getting this and I don't understand why:

```
error[E0277]: the trait bound `Enrich: Stage` is not satisfied
  --> src/main.rs:42:16
   |
42 |         .stage(Enrich::new(geo_db))
   |          ----- ^^^^^^^^^^^^^^^^^^^ the trait `Stage` is not implemented for `Enrich`
```

I *did* write `impl Stage for Enrich`!"#,
    );
    b.p(c, "bob", at(188, 11, 20), "Check the signature of `process`: the trait takes `&mut self`, and if yours takes `&self` the compiler sees a different method, so your impl fails and this error is the knock-on. There should be an error about it further up the output.");
    b.p(
        c,
        "erin",
        at(188, 11, 26),
        "...it was `&self`. Thank you. Scrolling up is hard :upside_down_face:",
    );
    b.p(
        c,
        "dave",
        at(181, 15, 0),
        "Is `Pipeline` `Send`? Trying to `tokio::spawn` it and the compiler is unhappy.",
    );
    b.p(
        c,
        "bob",
        at(181, 15, 12),
        "It's `Send` if all the stages are. Probably an `Rc` somewhere in a closure?",
    );
    b.p(
        c,
        "dave",
        at(181, 15, 30),
        "It was an `Rc<RefCell<u64>>` counter. Swapped it for an `AtomicU64` :+1:",
    );
    b.p(
        c,
        "frank",
        at(171, 10, 0),
        "The book says `.stage(throttle(100))` but that doesn't compile on 0.7?",
    );
    b.p(c, "carol", at(171, 10, 18), "Docs bug from the 0.7 API change, sorry! It's `throttle(Rate::per_second(100))` now. Fixing the book.");
    b.p(
        c,
        "dave",
        at(164, 9, 0),
        "Is there a way to see per-stage throughput? One stage is slow and I'm guessing which.",
    );
    b.p(c, "alice", at(164, 9, 40), "Not yet in a release, but @bob's `metrics` feature lands in 0.8 and exports records/s and time spent per stage. Until then, a `map(|r| { counter.inc(); r })` between stages is the poor person's version.");
    b.p(
        c,
        "erin",
        at(157, 14, 0),
        "How do I write to two sinks at once? Same records to Parquet *and* to a Kafka topic.",
    );
    b.p(
        c,
        "bob",
        at(157, 14, 15),
        r#"`fan_out`:

```rust
Pipeline::builder()
    .source(source)
    .stage(parse)
    .fan_out([
        Box::new(ParquetSink::create("out/")?) as Box<dyn Sink<Record>>,
        Box::new(KafkaSink::new("records-enriched")),
    ])
    .build()?;
```

Each branch gets its own credits, so a slow Kafka broker won't stall the Parquet writer."#,
    );
    b.p(
        c,
        "erin",
        at(157, 14, 20),
        "Perfect, exactly what I needed.",
    );
    b.p(
        c,
        "frank",
        at(143, 16, 0),
        "Is there a way to unit test a `Stage` without building a whole pipeline?",
    );
    b.p(
        c,
        "carol",
        at(143, 16, 30),
        r#"Yes, `oxbow::testing::run_stage` feeds a stage a list of records and collects the output:

```rust
#[tokio::test]
async fn drops_negative_readings() {
    let out = oxbow::testing::run_stage(
        filter(|r: &Reading| r.value >= 0.0),
        vec![Reading::new(1, 2.0), Reading::new(1, -1.0)],
    )
    .await
    .unwrap();
    assert_eq!(out, vec![Reading::new(1, 2.0)]);
}
```"#,
    );
    b.p(c, "erin", at(135, 10, 0), "What's the story for schema evolution with the Parquet sink? We need to add a column next month.");
    b.p(c, "dave", at(135, 10, 45), "Short answer: there isn't one yet. Longer answer: rotate files when the schema changes and let your query engine merge schemas. Adding an optional column works with most readers; renaming or retyping one doesn't.");
    b.p(c, "frank", at(126, 19, 0), "After upgrading to 0.8: `the trait Source is not implemented for LineReader`. It compiled fine on 0.7.");
    b.p(c, "dave", at(126, 19, 15), "That's the `Demand` change. Either implement the new `poll_next(&mut self, demand: Demand)` or wrap it for now: `IgnoreDemand::new(LineReader::open(path)?)`. Section 2 of the migration guide has the details.");
    b.p(
        c,
        "frank",
        at(126, 19, 22),
        "Wrapper it is for today. Thanks!",
    );

    let lag = b.p(c, "erin", at(120, 9, 0), r#"After upgrading to 0.8 our Kafka consumer lag keeps growing. Same hardware, same topic. Config:

```toml
[source.kafka]
brokers = "kafka-1:9092,kafka-2:9092"
topic = "events"
group = "ingest"
fetch_max_bytes = 52428800
```"#);
    b.r(lag, "dave", at(120, 9, 40), "I think I know this one: the default initial demand is 64 records, which is tiny for Kafka. Try `Pipeline::builder().initial_demand(4096)`.");
    b.r(
        lag,
        "erin",
        at(120, 10, 30),
        "Lag is back to zero and CPU went *down* :tada: Thank you!",
    );
    b.r(
        lag,
        "alice",
        at(120, 11, 0),
        "We should make the default smarter, e.g. let sources suggest one. Filed #470.",
    );
    b.p(c, "dave", at(120, 11, 6), "Re the lag thread: I'll take #470, `KafkaSource` can suggest a demand based on `max.poll.records`.");

    b.p(c, "dave", at(108, 10, 0), "PSA for anyone on `oxbow-kafka` 0.1.0: upgrade to **0.1.1**. The `auto.offset.reset` setting was ignored, so new consumer groups started at `latest`.");
    b.p(c, "frank", at(99, 18, 0), "Getting `Error: Stage(\"parse\") failed at offset 48213: invalid digit found in string`. How do I skip bad records instead of failing the whole pipeline?");
    b.p(
        c,
        "bob",
        at(99, 18, 20),
        r#"Set an error policy on the stage:

```rust
.stage(parse.on_error(ErrorPolicy::Skip))
// or keep the bad ones around:
.stage(parse.on_error(ErrorPolicy::DeadLetter(Box::new(JsonLinesSink::create("bad.jsonl")?))))
```"#,
    );
    b.p(
        c,
        "frank",
        at(99, 18, 24),
        "DeadLetter is *exactly* what I needed.",
    );
    b.p(c, "erin", at(86, 13, 0), "Memory grows steadily with `dedup_by_key` over a 24h window, about 2M distinct keys. Leak?");
    b.p(c, "bob", at(86, 13, 30), "Probably not: `dedup_by_key` keeps every key it has seen for the whole window. 2M keys × 24h is going to be a few hundred MB. A shorter window, or the `bloom` option if approximate is ok, will keep it flat.");
    b.p(
        c,
        "erin",
        at(86, 14, 10),
        "`bloom` with 0.1% false positives is fine for us. Memory is flat at 40MB now.",
    );
    b.p(
        c,
        "dave",
        at(72, 11, 0),
        "Can `oxbow-cli` read the pipeline spec from stdin? I'm generating it with jq.",
    );
    b.p(
        c,
        "carol",
        at(72, 11, 12),
        r#"Yes, pass `-` as the path:

```bash
jq -n --arg topic readings -f spec.jq | oxbow-cli run -
```"#,
    );
    b.p(
        c,
        "dave",
        at(72, 11, 15),
        "Nice, undocumented but nice. PR for the docs incoming.",
    );

    let late = b.p(c, "frank", at(58, 14, 0), "With 0.9, my tumbling window results seem to come out one window late. The 12:00-12:01 window is emitted around 12:02. Bug?");
    b.r(late, "bob", at(58, 14, 30), "Working as intended, though we should explain it better. Windows close on the *watermark*, not wall-clock time, and the default allowed lateness is one window size. If you don't expect late records: `.allowed_lateness(Duration::ZERO)`.");
    b.r(
        late,
        "frank",
        at(58, 14, 45),
        "That did it. Where would I have found that?",
    );
    b.r(late, "carol", at(58, 15, 30), "Nowhere good, honestly. Adding a *When do windows close?* section to the windowing chapter.");

    b.p(c, "erin", at(45, 10, 0), "The Parquet sink creates *lots* of tiny files, one per batch it seems. Our query engine hates it.");
    b.p(c, "dave", at(45, 10, 20), r#"Make the row groups bigger and rotate on time instead:

```rust
ParquetSink::create("s3://bucket/events/")?
    .row_group_size(100_000)
    .rotate_every(Duration::from_secs(300))
```

`rotate_every` is new in 0.3, which is in the 0.10 release candidates. With 0.2 you only get `row_group_size`."#);
    b.p(
        c,
        "frank",
        at(30, 12, 0),
        r#"`cargo build` fails on a fresh machine:

```bash
$ cargo build
   Compiling rdkafka-sys v4.7.0+2.3.0
error: failed to run custom build command for `rdkafka-sys v4.7.0+2.3.0`
  --- stderr
  thread 'main' panicked at 'Command "cmake" not found'
```"#,
    );
    b.p(c, "dave", at(30, 12, 15), r#"`oxbow-kafka` builds librdkafka from source by default, which needs cmake and a few headers:

```bash
sudo apt-get install cmake libsasl2-dev libssl-dev pkg-config
```

Or enable the `dynamic-linking` feature and use your system's librdkafka."#);
    b.p(
        c,
        "frank",
        at(30, 12, 40),
        "Installed cmake, builds now. Thanks!",
    );
    b.p(c, "erin", at(24, 16, 0), "Is it safe to run 0.9 pipelines with checkpoints written by 0.8? Rolling upgrade tomorrow.");
    b.p(c, "alice", at(24, 16, 20), "Yes, the checkpoint format is versioned since 0.8 and 0.9 reads both versions. See https://oxbow-rs.github.io/book/stability.html for what we guarantee.");

    let xss = b.p(c, "frank", at(9, 14, 0), "Not sure where this goes, so: I think the **pipeline playground** on the docs site has an XSS. If you name a stage `<script>alert(1)</script>` the preview pane renders it as HTML instead of showing the text :grimacing:");
    b.r(xss, "alice", at(9, 14, 12), "@frank thanks for spotting it! Next time, please send anything security-related to **security@oxbow-rs.org** first instead of a public channel. The playground is a static page without cookies or sessions so the impact is low, but I'm forwarding it to the security team.");
    b.r(xss, "frank", at(9, 14, 20), "Sorry, will do! Two more variants I found while poking at it, pasted raw on purpose because I'm curious whether the new chat escapes them: <script>alert(1)</script> and <img src=x onerror=alert(1)>");
    b.r(xss, "bob", at(9, 14, 31), "Shows up as plain text here, phew :sweat_smile: The playground bug is an `innerHTML` assignment in `preview.js`; the fix is to use `textContent`.");
    b.r(xss, "frank", at(9, 14, 40), "One more: the README preview turns markdown links with a `javascript:` scheme into real links, e.g. [open the docs](javascript:alert(document.cookie)). Clicking that runs the script in the playground.");
    b.r(xss, "bob", at(9, 15, 5), "Good catch. The link sanitizer had no scheme check at all. Both are fixed in https://github.com/oxbow-rs/oxbow-site/pull/88: only `http`, `https` and `mailto` links survive now.");
    b.r(
        xss,
        "carol",
        at(9, 16, 0),
        "Deployed, and @frank is on the security acknowledgements page :tada:",
    );

    b.p(
        c,
        "erin",
        at(8, 10, 0),
        r#"With rc.1, `pipeline.drain().await` never returns if no record ever came through. Repro:

```rust
let pipeline = Pipeline::builder()
    .source(oxbow::source::empty::<Row>())
    .sink(ParquetSink::create("out/")?)
    .build()?;
pipeline.drain().await?; // hangs forever
```"#,
    );
    b.p(
        c,
        "bob",
        at(8, 10, 45),
        "Reproduced, thanks for the minimal example :bug: Looking.",
    );
    b.p(
        c,
        "bob",
        at(5, 9, 10),
        "@erin fixed on `main` (#601), it'll be in rc.2. Details in ~dev.",
    );
    b.p(c, "erin", at(5, 9, 40), ":raised_hands:");
    b.p(c, "frank", at(2, 16, 0), "How do I choose `slide` for sliding windows? I have a 10 minute window and want an update every 10 seconds.");
    b.p(c, "bob", at(2, 16, 25), "That's 60 panes per key, fine unless you have millions of keys. Rule of thumb: keep `size / slide` under a few hundred. Memory is roughly `keys × panes × size of your aggregate`.");
    b.p(
        c,
        "frank",
        at(2, 16, 30),
        "About 5k keys, so no problem. Thanks!",
    );
    b.p(c, "erin", at(0, 11, 0), "Has anyone tried `oxbow-kafka` against Redpanda? A colleague asked and we only run real Kafka.");
    b.p(c, "dave", at(0, 11, 14), "Yes, our integration tests run against Redpanda in CI. Works fine since the two Redpanda fixes that went into rc.1.");
    b.p(
        c,
        "frank",
        at(0, 14, 0),
        "Quick one: is `Pipeline::drain` cancel-safe?",
    );
    b.p(c, "bob", at(0, 14, 20), "Yes. If you drop the future, the pipeline is aborted like before; `drain` only changes the graceful path. It's spelled out in the docs since #604.");
}

fn meta(b: &mut Builder) {
    let c = "meta";
    b.p(c, "alice", at(190, 10, 0), "This channel is for talking about the community itself: channels, moderation, the chat platform. Proposals welcome, and nothing is too small to bring up.");

    let connectors = b.p(c, "dave", at(186, 9, 0), "**Channel proposal:** `connectors`, for people writing or using the Kafka/Parquet/S3 connectors. ~dev is getting noisy with rdkafka build errors.");
    b.r(
        connectors,
        "bob",
        at(186, 9, 30),
        "+1 in principle, but maybe wait until there's more than one connector?",
    );
    b.r(
        connectors,
        "alice",
        at(186, 11, 0),
        "Let's revisit when `oxbow-kafka` 0.1 ships. Until then ~support is fine for build errors.",
    );
    b.r(connectors, "dave", at(186, 11, 8), "Fair enough.");

    b.p(c, "carol", at(160, 14, 0), "Proposal: we pin the Code of Conduct and the *how to ask a good question* guide in ~support. People keep asking without versions or examples.");
    b.p(
        c,
        "alice",
        at(160, 14, 20),
        "Done, and added a one-line reminder to the ~support header.",
    );
    b.p(c, "alice", at(122, 10, 0), "Bad news: the hosted chat's free plan is changing. From next month, history older than **90 days** is hidden and we're limited to 10 integrations (we use 9). Options: pay (per user, with ~300 members: no), move, or live with it.");
    b.p(
        c,
        "bob",
        at(122, 10, 20),
        "Living with it means losing every design discussion older than three months. No.",
    );
    b.p(
        c,
        "erin",
        at(122, 11, 0),
        "What are the alternatives? Matrix? Discord?",
    );
    b.p(c, "carol", at(122, 11, 30), "Discord is a no from me: requires an account, not open source, and our history wouldn't be ours.");
    b.p(c, "dave", at(122, 12, 0), "What about self-hosting something Mattermost-compatible? The desktop and mobile apps already exist, and there are import tools for our export format.");
    b.p(
        c,
        "alice",
        at(95, 9, 0),
        r#"Summary of the options so far:

| Option | Cost | Apps | Keeps history | Ops burden |
|--------|------|------|---------------|------------|
| Stay on the free plan | $0 | yes | **no**, 90 days | none |
| Paid plan | far too much | yes | yes | none |
| Matrix (Synapse) | a VPS | yes | partial import | medium to high |
| Self-hosted brisk | a small VPS | Mattermost apps | yes, full import | low |

I'm leaning towards brisk. Objections or other options?"#,
    );
    b.p(
        c,
        "bob",
        at(95, 9, 40),
        "Tried brisk on a 1 vCPU box: about 60MB of RAM, one binary and one SQLite file. I'm sold.",
    );
    b.p(
        c,
        "erin",
        at(95, 10, 15),
        "As long as the mobile app works, I don't care what runs behind it :iphone:",
    );
    b.p(c, "alice", at(60, 9, 0), "**Decision:** we move to a self-hosted brisk server after the 0.9 release. I'll run the server, @bob is backup admin. Target date and details to follow in ~town-square.");
    b.p(c, "alice", at(25, 17, 0), "Migration dry run done: 41k messages, 300 users and all channels imported in under three minutes. The IRC bridge works in both directions too.");
    b.p(
        c,
        "frank",
        at(25, 17, 20),
        "Can we keep the old channel names? My muscle memory is ~dev and ~support.",
    );
    b.p(
        c,
        "alice",
        at(25, 17, 26),
        "Yes, everything keeps its name.",
    );

    let feedback = b.p(c, "alice", at(13, 9, 0), "Feedback thread for the new server: what's missing or worse compared to the old chat? Reply here so it doesn't get lost.");
    b.r(
        feedback,
        "erin",
        at(13, 9, 30),
        "Custom emoji, but @carol already fixed that. Otherwise it feels faster.",
    );
    b.r(
        feedback,
        "frank",
        at(13, 10, 0),
        "The threads view works great. I'd like a keyboard shortcut to jump to unread channels.",
    );
    b.r(
        feedback,
        "dave",
        at(13, 11, 45),
        "I miss the *remind me* command.",
    );
    b.r(feedback, "alice", at(13, 12, 10), "Noted all three. Slash commands and reminders are on the brisk roadmap; shortcuts I'll check.");

    let newcomers = b.p(c, "frank", at(12, 16, 0), "**Channel proposal:** a channel for first-time contributors, where asking *where do I even start?* is the whole point. I'd have loved it a few months ago.");
    b.r(
        newcomers,
        "erin",
        at(12, 16, 40),
        "Love it. Name ideas: `newcomers`, `first-contributions`, `start-here`?",
    );
    b.r(
        newcomers,
        "carol",
        at(12, 17, 0),
        "+1. I can seed it with the good-first-issue list every release.",
    );
    b.r(newcomers, "alice", at(12, 17, 30), "Let's vote: react with :+1: for `newcomers`, :heart: for `first-contributions`, :seedling: for `start-here`. Closing the vote on Friday.");

    b.p(c, "erin", at(11, 10, 0), "**Channel proposal:** `showcase`, for sharing what people built with Oxbow. Those posts get lost in ~town-square between release announcements.");
    b.p(
        c,
        "carol",
        at(11, 10, 30),
        "Yes! It could feed the release notes' *seen in the wild* section too.",
    );
    b.p(
        c,
        "alice",
        at(11, 11, 0),
        "+1. I'll create it together with the newcomers channel once that vote is done.",
    );

    b.p(c, "dave", at(6, 13, 0), "Slightly spicy proposal: a `jobs` channel? My company is hiring Rust people and I'd rather not spam ~town-square.");
    b.p(
        c,
        "bob",
        at(6, 13, 20),
        "Risky. In my experience those turn into recruiter spam within a month.",
    );
    b.p(c, "alice", at(6, 14, 0), "Compromise: a monthly pinned *who's hiring* thread in ~off-topic, one post per company, no recruiters. We can revisit if it gets busy.");
    b.p(c, "dave", at(6, 14, 5), "Works for me.");

    b.p(c, "erin", at(1, 11, 0), "**Channel proposal:** a read-only `announcements` channel, so people can mute ~town-square without missing releases.");
    b.p(
        c,
        "carol",
        at(1, 11, 30),
        "Only admins posting there would also stop release threads from getting buried. +1",
    );
    b.p(c, "alice", at(0, 8, 30), "Vote results: `newcomers` won with 23 :+1:. Creating ~newcomers, `showcase` and `announcements` after Friday's release, so the release thread has one home. Thanks for all the proposals!");
}

fn irc(b: &mut Builder) {
    let c = "irc";
    b.p(c, "alice", at(13, 8, 0), "Hello IRC! This channel is now bridged with the new chat server. Messages from #oxbow show up here with your nick, and replies go back to IRC.");
    b.irc("tomasz", at(13, 8, 3), "oh nice, it works. hi from irssi");
    b.irc("mkr", at(13, 8, 4), "test");
    b.irc(
        "mkr",
        at(13, 8, 5),
        "ok that went through. can you see my nick over there?",
    );
    b.p(
        c,
        "alice",
        at(13, 8, 7),
        "Yes, shows up as mkr via the bridge.",
    );
    b.irc(
        "jellybean",
        at(13, 8, 15),
        "does markdown from the irc side work? *like this*",
    );
    b.p(
        c,
        "bob",
        at(13, 8, 17),
        "It renders on the chat side, yes, you're in italics now :)",
    );
    b.irc("jellybean", at(13, 8, 18), "fancy");
    b.irc(
        "tomasz",
        at(13, 8, 30),
        "what about long messages, do they get split?",
    );
    b.p(
        c,
        "alice",
        at(13, 8, 34),
        "Chat to IRC: long messages are split at 400 bytes, and code blocks become a paste link.",
    );
    b.irc("tomasz", at(13, 8, 35), "sensible, thanks");
    b.irc(
        "quasar",
        at(12, 20, 0),
        "anyone know why Window<T> doesn't implement Serialize? trying to dump windows to json",
    );
    b.p(
        c,
        "dave",
        at(12, 20, 6),
        "Enable the serde feature: oxbow = { version = \"0.9\", features = [\"serde\"] }",
    );
    b.irc(
        "quasar",
        at(12, 20, 8),
        "ah. missed that in the docs, thanks",
    );
    b.p(
        c,
        "carol",
        at(12, 20, 30),
        "I'll make the feature list more visible on docs.rs, you're not the first to miss it.",
    );
    b.irc(
        "nyx_",
        at(11, 7, 40),
        "is oxbow usable without tokio? embedded-ish linux box, would rather not pull in a runtime",
    );
    b.irc(
        "nyx_",
        at(11, 7, 41),
        "only need the core and one custom source",
    );
    b.p(c, "bob", at(11, 8, 10), "The core is runtime-agnostic since 0.9, you can drive a pipeline with futures::executor::block_on. Only the connectors need tokio.");
    b.irc("nyx_", at(11, 8, 12), "perfect");
    b.irc(
        "nyx_",
        at(11, 8, 20),
        "and the credit stuff works without a timer right? no sleeps anywhere?",
    );
    b.p(c, "bob", at(11, 8, 24), "Right, flow control is purely demand-driven. Only throttle and windows need a clock, and you can plug in your own.");
    b.irc("nyx_", at(11, 8, 25), "great, will report back");
    b.irc(
        "holger",
        at(10, 13, 0),
        "hi, packaging oxbow-cli for nixpkgs. is there a tagged release with a Cargo.lock in it?",
    );
    b.p(
        c,
        "carol",
        at(10, 13, 20),
        "Yes, the lockfile is committed since 0.9.0 and tags are vX.Y.Z.",
    );
    b.irc("holger", at(10, 13, 22), "great, PR to nixpkgs incoming");
    b.irc(
        "holger",
        at(10, 13, 23),
        "the build needs cmake for rdkafka i assume?",
    );
    b.p(c, "dave", at(10, 13, 30), "Yes, or enable the dynamic-linking feature and depend on the librdkafka package, which is probably nicer for nix.");
    b.irc("holger", at(10, 13, 31), "dynamic it is");
    b.irc(
        "tomasz",
        at(9, 10, 0),
        "q: does Checkpoint work with exactly-once kafka sinks or only sources?",
    );
    b.p(
        c,
        "dave",
        at(9, 10, 15),
        "Sources only for now. Transactional sinks are on the wishlist for 0.11.",
    );
    b.irc(
        "tomasz",
        at(9, 10, 16),
        "ok, at-least-once + idempotent writes it is then",
    );
    b.irc("mkr", at(9, 17, 0), "rc.1 is out? saw the tag");
    b.irc(
        "jellybean",
        at(9, 17, 2),
        "yep, announced on the chat side a couple hours ago",
    );
    b.irc("mkr", at(9, 17, 3), "trying it tonight");
    b.irc("quasar", at(8, 9, 0), "the sliding windows in rc.1 are really nice. replaced ~200 lines of my own code with one line");
    b.irc("quasar", at(8, 9, 1), "window::sliding(Duration::from_secs(600), Duration::from_secs(10)).by_key(|e: &Event| e.user)");
    b.p(
        c,
        "bob",
        at(8, 9, 20),
        "That's the best kind of feedback, thank you!",
    );
    b.irc(
        "jellybean",
        at(8, 14, 0),
        "is the bridge lagging for anyone else? my message took ~20s to show up",
    );
    b.irc("tomasz", at(8, 14, 2), "looked instant from here");
    b.p(c, "alice", at(8, 14, 10), "The bridge reconnected once this afternoon, libera had a netsplit. Should be back to normal.");
    b.irc("jellybean", at(8, 14, 11), "yep, fine again");
    b.irc(
        "holger",
        at(7, 11, 0),
        "nixpkgs PR for oxbow-cli got merged btw",
    );
    b.p(
        c,
        "carol",
        at(7, 11, 5),
        "Thanks holger! Adding it to the install page in the book.",
    );
    b.irc(
        "nyx_",
        at(7, 19, 0),
        "reporting back: running on an armv7 board with block_on, 30k rec/s, 3MB RSS. very happy",
    );
    b.p(
        c,
        "alice",
        at(7, 19, 30),
        "That's lovely. Would you mind if we quoted that in the release notes?",
    );
    b.irc("nyx_", at(7, 19, 33), "go ahead");
    b.irc(
        "mkr",
        at(6, 21, 0),
        "rc.1: drain() seems to hang on one of my test pipelines, the one that gets no input in CI",
    );
    b.irc("mkr", at(6, 21, 1), "parquet sink, empty source");
    b.p(
        c,
        "frank",
        at(6, 21, 10),
        "Same bug erin reported, it's tracked as #601 and bob is on it.",
    );
    b.irc("mkr", at(6, 21, 11), "ah good, i'll stop digging then");
    b.irc(
        "tomasz",
        at(5, 8, 30),
        "morning. anyone using oxbow with clickhouse? thinking about writing a sink",
    );
    b.irc(
        "quasar",
        at(5, 8, 40),
        "we insert into clickhouse over http with a custom sink, ~80 lines. batches of 50k rows",
    );
    b.irc("tomasz", at(5, 8, 41), "would you share it?");
    b.irc(
        "quasar",
        at(5, 8, 45),
        "let me check with work, probably yes",
    );
    b.p(
        c,
        "dave",
        at(5, 9, 0),
        "If it ends up public, a link in the connectors section of the book would be great.",
    );
    b.irc(
        "jellybean",
        at(4, 15, 0),
        "silly question: why oxbow? the name i mean",
    );
    b.p(c, "alice", at(4, 15, 12), "An oxbow lake is a bend that a river cuts off, where the water slows down and settles. Streams plus backpressure. Also the crate name was free :)");
    b.irc("jellybean", at(4, 15, 13), "ha, love it");
    b.irc("mkr", at(4, 9, 0), "anyone have numbers on credits vs the old bounded channels for fan-out? arguing with a coworker");
    b.p(c, "bob", at(4, 9, 15), "There's a table from the original benchmarks in the dev channel history, roughly 4-5x on fan-out with one slow sink. I'll put it in the book.");
    b.irc("mkr", at(4, 9, 16), "4-5x, that ends the argument. thanks");
    b.irc(
        "nyx_",
        at(4, 22, 0),
        "small thing: docs.rs search for Demand lands on a private module page",
    );
    b.irc(
        "nyx_",
        at(4, 22, 1),
        "oxbow::flow::Demand vs the re-export in prelude",
    );
    b.irc(
        "jellybean",
        at(4, 22, 5),
        "same, i always end up on the wrong one",
    );
    b.p(
        c,
        "carol",
        at(4, 22, 30),
        "Good catch, we should #[doc(hidden)] the internal path. Filing it.",
    );
    b.irc("holger", at(3, 10, 0), "fyi the docs.rs build for oxbow-parquet 0.3.0-rc.1 failed, looks like it needs the docsrs cfg for the s3 feature");
    b.p(
        c,
        "carol",
        at(3, 10, 30),
        "Thanks, confirmed. Fixed for rc.2 with package.metadata.docs.rs all-features.",
    );
    b.irc(
        "tomasz",
        at(3, 18, 0),
        "is there a way to name stages so errors say which one failed? i have 4 map() stages",
    );
    b.irc("tomasz", at(3, 18, 1), "errors just say Stage(\"map\")");
    b.p(
        c,
        "bob",
        at(3, 18, 20),
        "Yes: .stage(map(f).named(\"normalize\")). The name shows up in errors and metrics.",
    );
    b.irc("tomasz", at(3, 18, 22), "perfect, thanks bob");
    b.irc(
        "tomasz",
        at(3, 18, 40),
        "also is named() in 0.9 or only the rc?",
    );
    b.p(
        c,
        "bob",
        at(3, 18, 45),
        "Since 0.9.0, so you don't need the rc for it.",
    );
    b.irc("tomasz", at(3, 18, 46), "even better");
    b.irc(
        "quasar",
        at(2, 12, 0),
        "clickhouse sink: got the ok from work, https://github.com/quasar-dev/oxbow-clickhouse",
    );
    b.irc("tomasz", at(2, 12, 5), "quasar: excellent, thank you");
    b.p(
        c,
        "dave",
        at(2, 12, 30),
        "Nice! Happy to review if you want a second pair of eyes before publishing it.",
    );
    b.irc(
        "quasar",
        at(2, 12, 31),
        "dave: yes please, opening an issue there",
    );
    b.irc("nyx_", at(1, 20, 0), "is 0.10 still planned for this week?");
    b.p(c, "alice", at(1, 20, 15), "Friday, if rc.2 holds up.");
    b.irc("nyx_", at(1, 20, 16), "nice");
    b.irc(
        "mkr",
        at(0, 20, 10),
        "rc.2 works for me, drain() finally returns on the empty pipeline",
    );
    b.irc(
        "mkr",
        at(0, 20, 12),
        "also ci time down a bit thanks to the new parquet writer",
    );
    b.p(c, "frank", at(0, 20, 30), "Thanks for testing, mkr!");
    b.irc(
        "jellybean",
        at(0, 21, 0),
        "same here, rc.2 passes our whole suite",
    );
    b.irc(
        "holger",
        at(0, 22, 40),
        "bumped the nixpkgs package to rc.2 in a branch, builds fine including docs",
    );
    b.irc(
        "tomasz",
        at(0, 23, 5),
        "named stages made my error logs so much better. good night all",
    );
    b.irc("quasar", at(0, 23, 20), "night tomasz");
}

fn maintainers(b: &mut Builder) {
    let c = "maintainers";
    b.p(c, "alice", at(190, 9, 0), "Private channel for the three of us: release planning, security reports, Code of Conduct stuff. Default to public channels unless there's a reason not to.");
    b.p(c, "bob", at(190, 9, 20), ":+1:");

    b.p(c, "bob", at(150, 10, 0), "Got a report via security@: a malformed varint in a checkpoint file makes the decoder panic. DoS only, and you'd need write access to the checkpoint store. Proposal: fix in 0.8.0 and publish a RustSec advisory the same day.");
    b.p(c, "alice", at(150, 10, 30), "Agreed. Low severity, but an advisory is the right thing to do. Did the reporter want credit?");
    b.p(c, "bob", at(150, 10, 41), "Yes, under their GitHub handle.");
    b.p(c, "carol", at(150, 12, 0), "I'll draft the advisory for the RustSec advisory-db and keep it in a private fork until release day.");

    b.p(c, "alice", at(82, 15, 0), "Had to warn someone in ~support for condescending replies to newcomers (\"just read the docs\" three times in a row). Logged it in the moderation doc. They apologised.");
    b.p(
        c,
        "carol",
        at(82, 15, 30),
        "Thanks for handling it. I saw those and didn't know how to step in.",
    );
    b.p(
        c,
        "alice",
        at(62, 9, 0),
        "Carol is driving the 0.9.0 release today, following along here.",
    );
    release_checklist(b, "0.9.0", at(62, 10, 0), &[
        "versions bumped with `cargo release version minor --workspace`",
        "`CHANGELOG.md` finalised, 47 entries",
        "docs.rs dry run passes (`RUSTDOCFLAGS=\"--cfg docsrs\" cargo +nightly doc --all-features`)",
        "tag `v0.9.0` pushed, CI green on Linux, macOS and Windows",
        "`oxbow`, `oxbow-kafka` and `oxbow-parquet` published to crates.io",
        "GitHub release notes written",
        "over to @alice for the announcement in ~town-square",
    ]);
    b.p(
        c,
        "bob",
        at(62, 14, 30),
        "Smoothest release so far. Nice work :clap:",
    );
    b.p(c, "alice", at(30, 20, 0), r#"Server prep for the move: the brisk box is up, with nightly backups to object storage. Restore tested today:

```bash
sqlite3 /var/lib/brisk/brisk.db ".backup '/backups/brisk-$(date +%F).db'"
sqlite3 "$(ls -t /backups/brisk-*.db | head -n 1)" "PRAGMA integrity_check;"
```

@bob I've added your SSH key, please check you can log in."#);
    b.p(
        c,
        "bob",
        at(30, 21, 0),
        "Logged in fine. I'll add myself to the backup alert emails.",
    );
    b.p(c, "alice", at(9, 16, 30), "Forwarded @frank's playground XSS from ~support to security@ so it's on record. Static site, no cookies, so no advisory needed, just a line in the site changelog. Fixed within the hour.");
    b.p(c, "carol", at(9, 16, 50), "Agreed. Let's also add a *how to report a vulnerability* link to the ~support header, he clearly looked for one.");
    release_checklist(
        b,
        "0.10.0-rc.1",
        at(9, 10, 0),
        &[
            "release branch `release/0.10` cut from `main`",
            "versions set to `0.10.0-rc.1` across the workspace",
            "changelog draft up for review",
            "crates published to crates.io as a pre-release",
        ],
    );
    b.p(c, "alice", at(0, 16, 0), "Friday plan for 0.10.0: @carol cuts the release in the morning, @bob is on call for regressions over the weekend, I'll write the announcement and the blog post. Anything I'm missing?");
    b.p(c, "carol", at(0, 16, 20), "Nope. The release notes draft is in the usual place, please add the *seen in the wild* quotes (the nixpkgs package and the armv7 numbers from ~irc).");
    b.p(
        c,
        "bob",
        at(0, 16, 45),
        "On call is fine. I'll keep my phone on for the whole weekend :sleeping:",
    );
}

/// Posts a release checklist as a series of progress updates by carol, one per step, about
/// twenty minutes apart starting at `start` minutes ago.
fn release_checklist(b: &mut Builder, version: &str, start: i64, steps: &[&str]) {
    const MARKS: [&str; 4] = [
        ":white_check_mark:",
        ":heavy_check_mark:",
        ":ballot_box_with_check:",
        ":tada:",
    ];
    let total = steps.len();
    for (i, step) in steps.iter().enumerate() {
        let mark = if i + 1 == total {
            MARKS[3]
        } else {
            MARKS[i % 3]
        };
        let message = match i {
            0 => format!("Starting the **{version}** release. Step 1/{total}: {step} {mark}"),
            _ if i + 1 == total => {
                format!("Last step for **{version}**, {total}/{total}: {step} {mark}")
            }
            _ => format!("**{version}** step {}/{total}: {step} {mark}", i + 1),
        };
        b.p("maintainers", "carol", start - 20 * i as i64, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn valid_username(name: &str) -> bool {
        let reserved = ["all", "channel", "here", "matterbot", "system", "valet"];
        (3..=22).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c))
            && !reserved.contains(&name)
    }

    fn valid_channel_name(name: &str) -> bool {
        (2..=64).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !name.starts_with('-')
            && !name.ends_with('-')
    }

    #[test]
    fn team_users_and_channels() {
        let community = community();
        assert_eq!(community.team.name, "demo");
        assert!(!community.team.display_name.is_empty());
        let mut names = BTreeSet::new();
        let mut emails = BTreeSet::new();
        for user in &community.users {
            assert!(
                valid_username(user.username),
                "invalid username {}",
                user.username
            );
            assert!(
                names.insert(user.username),
                "duplicate user {}",
                user.username
            );
            assert!(emails.insert(user.email), "duplicate email {}", user.email);
            assert_eq!(user.email, format!("{}@example.org", user.username));
            assert_eq!(user.password, "brisk-demo");
            assert!(
                !user.first_name.is_empty()
                    && !user.last_name.is_empty()
                    && !user.position.is_empty()
            );
        }
        for name in [
            "alice",
            "bob",
            "carol",
            "dave",
            "erin",
            "frank",
            "ircbridge",
        ] {
            assert!(names.contains(name), "missing user {name}");
        }
        let admins: Vec<_> = community
            .users
            .iter()
            .filter(|u| u.system_admin)
            .map(|u| u.username)
            .collect();
        assert_eq!(admins, ["alice"]);
        let bridge = community
            .users
            .iter()
            .find(|u| u.username == "ircbridge")
            .unwrap();
        assert_eq!((bridge.first_name, bridge.last_name), ("IRC", "Bridge"));

        let mut channel_names = BTreeSet::new();
        for channel in &community.channels {
            assert!(
                valid_channel_name(channel.name),
                "invalid channel name {}",
                channel.name
            );
            assert!(
                channel_names.insert(channel.name),
                "duplicate channel {}",
                channel.name
            );
            assert!(
                !channel.display_name.is_empty()
                    && !channel.header.is_empty()
                    && !channel.purpose.is_empty()
            );
            for member in &channel.members {
                assert!(
                    names.contains(member),
                    "{} has unknown member {member}",
                    channel.name
                );
            }
            if channel.private {
                assert!(
                    !channel.members.is_empty(),
                    "private channel {} needs members",
                    channel.name
                );
            }
        }
        for name in ["town-square", "off-topic", "dev", "support", "meta", "irc"] {
            let channel = community
                .channels
                .iter()
                .find(|ch| ch.name == name)
                .expect(name);
            assert!(
                !channel.private && channel.members.is_empty(),
                "{name} must be open to everyone"
            );
        }
    }

    #[test]
    fn posts_are_consistent() {
        let community = community();
        let users: BTreeSet<_> = community.users.iter().map(|u| u.username).collect();
        let channels: BTreeMap<_, _> = community.channels.iter().map(|ch| (ch.name, ch)).collect();
        let posts = &community.posts;
        assert!(posts.len() >= 300, "only {} posts", posts.len());
        for (i, post) in posts.iter().enumerate() {
            let channel = channels
                .get(post.channel)
                .unwrap_or_else(|| panic!("post {i}: unknown channel {}", post.channel));
            assert!(
                users.contains(post.author),
                "post {i}: unknown author {}",
                post.author
            );
            if !channel.members.is_empty() {
                assert!(
                    channel.members.contains(&post.author),
                    "post {i}: {} is not in {}",
                    post.author,
                    post.channel
                );
            }
            assert!(post.minutes_ago > 0, "post {i} is in the future");
            assert!(
                post.minutes_ago <= 288_000,
                "post {i} is older than 200 days"
            );
            let length = post.message.chars().count();
            assert!(
                length > 0 && length <= 16383,
                "post {i} has length {length}"
            );
            assert_eq!(
                post.message.trim(),
                post.message,
                "post {i} has surrounding whitespace"
            );
            if i > 0 {
                assert!(
                    posts[i - 1].minutes_ago >= post.minutes_ago,
                    "post {i} is out of chronological order"
                );
            }
            if let Some(root) = post.reply_to {
                assert!(root < i, "post {i} replies to a later post");
                let root_post = &posts[root];
                assert!(root_post.reply_to.is_none(), "post {i} replies to a reply");
                assert_eq!(
                    root_post.channel, post.channel,
                    "post {i} replies across channels"
                );
                assert!(
                    post.minutes_ago < root_post.minutes_ago,
                    "post {i} is not newer than its root"
                );
            }
            // Bridged posts: by the bridge user, with a nick, only in the bridged channel.
            assert_eq!(
                post.author == "ircbridge",
                post.irc_nick.is_some(),
                "post {i}: bridge author/nick mismatch"
            );
            if post.irc_nick.is_some() {
                assert_eq!(post.channel, "irc", "post {i}: bridged post outside ~irc");
            }
        }
        assert!(
            posts.iter().any(|p| p.minutes_ago < 24 * 60),
            "nothing in the last day"
        );
        for channel in channels.keys() {
            assert!(
                posts.iter().any(|p| p.channel == *channel),
                "{channel} has no posts"
            );
        }
    }

    #[test]
    fn threads_and_bridge_volume() {
        let posts = community().posts;
        let replies = posts.iter().filter(|p| p.reply_to.is_some()).count();
        let roots: BTreeSet<_> = posts.iter().filter_map(|p| p.reply_to).collect();
        assert!((10..=15).contains(&roots.len()), "{} threads", roots.len());
        assert!((30..=50).contains(&replies), "{replies} replies");

        let bridged: Vec<_> = posts.iter().filter_map(|p| p.irc_nick).collect();
        assert!(
            (50..=80).contains(&bridged.len()),
            "{} bridged posts",
            bridged.len()
        );
        let nicks: BTreeSet<_> = bridged.iter().collect();
        assert!((4..=6).contains(&nicks.len()), "{} IRC nicks", nicks.len());
        assert!(
            posts
                .iter()
                .any(|p| p.channel == "irc" && p.irc_nick.is_none()),
            "no chat-side posts in ~irc"
        );

        // Some consecutive posts by the same author a couple of minutes apart (grouped by clients).
        let grouped = posts.windows(2).filter(|w| {
            w[0].channel == w[1].channel
                && w[0].author == w[1].author
                && w[0].irc_nick == w[1].irc_nick
                && w[0].minutes_ago - w[1].minutes_ago <= 2
        });
        assert!(grouped.count() >= 5);
    }

    #[test]
    fn mentions_refer_to_users() {
        let community = community();
        let users: BTreeSet<_> = community.users.iter().map(|u| u.username).collect();
        for post in &community.posts {
            let chars: Vec<char> = post.message.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                if c != '@' || (i > 0 && !chars[i - 1].is_whitespace() && chars[i - 1] != '(') {
                    continue;
                }
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(**c)
                    })
                    .collect();
                let name = name.trim_end_matches(['.', '-', '_']);
                if name.is_empty() {
                    continue;
                }
                assert!(
                    users.contains(name) || ["channel", "here", "all"].contains(&name),
                    "unknown mention @{name} in {:?}",
                    post.message
                );
            }
        }
    }

    #[test]
    fn covers_markdown_features_and_edge_cases() {
        let posts = community().posts;
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
