//! Search at scale, for `cargo xtask bench search`.
//!
//! usage: search_load seed <data_dir> <posts>
//!        search_load run <base_url> <searches>
//!
//! `seed` fills an empty data directory through the server's own store code (one team, 50 people,
//! 20 channels, `<posts>` posts from 2024-01-01 to 2025-12-31, in transactions of 10,000).
//! Messages are drawn from a made-up vocabulary with Zipf-like word frequencies, as in real
//! text, so some words are in a third of all posts and most are rare; one post in a hundred also
//! holds one of `PHRASES`. `run` signs in as `searcher` (a member of 15 of the 20 channels) and
//! times `<searches>` searches of mixed kinds through `POST /teams/{id}/posts/search`.

use std::time::{Duration, Instant};

use brisk_server::db::channels::{self, NewChannel};
use brisk_server::db::posts::{self, NewPost};
use brisk_server::db::teams::{self, NewTeam, TEAM_OPEN};
use brisk_server::db::users::{self, NewUser, ROLES_USER};
use brisk_server::db::Db;
use brisk_server::events::Outbox;
use serde_json::{json, Value};

type Error = Box<dyn std::error::Error + Send + Sync>;

const TEAM: &str = "search-bench";
const SEARCHER: &str = "searcher";
const PASSWORD: &str = "search-bench-password";
const PEOPLE: usize = 50;
const CHANNELS: usize = 20;
/// The searcher belongs to the first 15 channels only, so membership filtering has work to do.
const SEARCHER_CHANNELS: usize = 15;
const VOCABULARY: usize = 20_000;
const POSTS_PER_TRANSACTION: usize = 10_000;
/// 2024-01-01T00:00:00Z and two years later, in milliseconds.
const FIRST_POST_AT: i64 = 1_704_067_200_000;
const SPAN_MS: i64 = 731 * 86_400_000;
/// Phrases one post in a hundred holds, each in about 0.1% of all posts.
const PHRASES: [&str; 10] = [
    "release candidate",
    "deploy window",
    "coffee machine",
    "quarterly review",
    "database migration",
    "on call rotation",
    "design review",
    "flaky test",
    "customer escalation",
    "load balancer",
];

#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    match args.as_slice() {
        [_, command, data_dir, posts] if command == "seed" => {
            seed(data_dir.as_ref(), posts.parse()?)
        }
        [_, command, base, searches] if command == "run" => {
            run(base.trim_end_matches('/'), searches.parse()?).await
        }
        _ => Err("usage: search_load seed <data_dir> <posts> | run <base_url> <searches>".into()),
    }
}

/// splitmix64: a small deterministic generator, so seeding and searching agree on the words.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Made-up words of two to four syllables, most frequent first, with the cumulative weights of
/// a Zipf distribution (rank r drawn in proportion to 1/r).
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new() -> Self {
        const ONSETS: [&str; 16] = [
            "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st",
        ];
        const VOWELS: [&str; 5] = ["a", "e", "i", "o", "u"];
        let mut random = Random(7);
        let mut seen = std::collections::HashSet::new();
        let mut words = Vec::with_capacity(VOCABULARY);
        while words.len() < VOCABULARY {
            let syllables = 2 + random.below(3);
            let word: String = (0..syllables)
                .map(|_| {
                    format!(
                        "{}{}",
                        ONSETS[random.below(ONSETS.len())],
                        VOWELS[random.below(VOWELS.len())]
                    )
                })
                .collect();
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=VOCABULARY)
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self { words, cumulative }
    }

    fn draw(&self, random: &mut Random) -> &str {
        let total = self.cumulative[VOCABULARY - 1];
        let at = (random.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let rank = self.cumulative.partition_point(|&c| c < at);
        &self.words[rank.min(VOCABULARY - 1)]
    }

    fn message(&self, random: &mut Random) -> String {
        let length = 4 + random.below(20);
        let mut words: Vec<&str> = (0..length).map(|_| self.draw(random)).collect();
        if random.below(100) == 0 {
            let at = random.below(words.len());
            words.insert(at, PHRASES[random.below(PHRASES.len())]);
        }
        words.join(" ")
    }
}

fn username(person: usize) -> String {
    if person == 0 {
        SEARCHER.to_string()
    } else {
        format!("person{person}")
    }
}

fn channel_name(channel: usize) -> String {
    format!("channel-{channel}")
}

/// Who may post in a channel: everyone, but the searcher only in the first `SEARCHER_CHANNELS`.
fn is_member(person: usize, channel: usize) -> bool {
    person != 0 || channel < SEARCHER_CHANNELS
}

fn seed(data_dir: &std::path::Path, count: usize) -> Result<(), Error> {
    let db = Db::open(data_dir)?;
    if store(db.read_now(users::count))? > 0 {
        return Err(format!("{} is not empty", data_dir.display()).into());
    }
    let started = Instant::now();
    // Argon2 is slow on purpose: one hash serves everyone.
    let hash = store(users::hash_password(PASSWORD))?;
    let channels = store(db.write_now(|tx| {
        let team = teams::insert(
            tx,
            &NewTeam {
                name: TEAM,
                display_name: "Search bench",
                description: "",
                team_type: TEAM_OPEN,
            },
            FIRST_POST_AT,
        )?;
        let mut people = Vec::new();
        for person in 0..PEOPLE {
            let name = username(person);
            let user = users::insert(
                tx,
                &NewUser {
                    username: &name,
                    email: &format!("{name}@example.org"),
                    password_hash: &hash,
                    first_name: "",
                    last_name: "",
                    position: "",
                    roles: ROLES_USER,
                },
                FIRST_POST_AT,
            )?;
            teams::add_member(tx, &team.id, &user.id, false)?;
            people.push(user.id);
        }
        let mut channels = Vec::new();
        for channel in 0..CHANNELS {
            let name = channel_name(channel);
            let created = channels::insert(
                tx,
                &NewChannel {
                    team_id: &team.id,
                    name: &name,
                    display_name: &name,
                    header: "",
                    purpose: "",
                    channel_type: "O",
                    creator_id: &people[1],
                },
                FIRST_POST_AT,
            )?;
            let mut members = Vec::new();
            for (person, user_id) in people.iter().enumerate() {
                if is_member(person, channel) {
                    channels::add_member(tx, &created, user_id, false, FIRST_POST_AT)?;
                    members.push(user_id.clone());
                }
            }
            channels.push((created.id, members));
        }
        Ok(channels)
    }))?;

    let vocabulary = Vocabulary::new();
    let mut random = Random(42);
    let step = SPAN_MS / count.max(1) as i64;
    for batch_start in (0..count).step_by(POSTS_PER_TRANSACTION) {
        let batch_end = (batch_start + POSTS_PER_TRANSACTION).min(count);
        let batch: Vec<NewPost> = (batch_start..batch_end)
            .map(|n| {
                let (channel_id, members) = &channels[random.below(CHANNELS)];
                NewPost {
                    channel_id: channel_id.clone(),
                    user_id: members[random.below(members.len())].clone(),
                    message: vocabulary.message(&mut random),
                    create_at: Some(FIRST_POST_AT + n as i64 * step),
                    ..Default::default()
                }
            })
            .collect();
        store(db.write_now(|tx| {
            // Nobody is connected: the events the posts produce go nowhere.
            let mut outbox = Outbox::default();
            for post in batch {
                posts::create(tx, post, FIRST_POST_AT + SPAN_MS, &mut outbox)?;
                outbox.events.clear();
            }
            Ok(())
        }))?;
        eprint!("\rseeded {batch_end}/{count} posts");
    }
    eprintln!(" in {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// The store's errors, for `?` here.
fn store<T>(result: brisk_server::error::ApiResult<T>) -> Result<T, Error> {
    result.map_err(|err| format!("{err:?}").into())
}

/// The searches to time, `count` of them, cycling through the kinds people type.
fn searches(count: usize) -> Vec<(&'static str, String)> {
    let vocabulary = Vocabulary::new();
    let mut random = Random(99);
    let mut word = |ranks: std::ops::Range<usize>| {
        vocabulary.words[ranks.start + random.below(ranks.end - ranks.start)].clone()
    };
    let day = |random: &mut Random| {
        let month = 1 + random.below(12);
        format!(
            "{}-{month:02}-{:02}",
            2024 + random.below(2),
            1 + random.below(28)
        )
    };
    let mut random = Random(123);
    (0..count)
        .map(|n| match n % 10 {
            0 => ("common word", word(5..50)),
            1 => ("word", word(50..2_000)),
            2 => ("rare word", word(2_000..VOCABULARY)),
            3 => ("two words", format!("{} {}", word(20..500), word(20..500))),
            4 => ("phrase", format!("\"{}\"", PHRASES[n / 10 % PHRASES.len()])),
            5 => ("prefix", format!("{}*", &word(0..VOCABULARY)[..3])),
            6 => (
                "from: + word",
                format!(
                    "from:{} {}",
                    username(1 + random.below(PEOPLE - 1)),
                    word(50..2_000)
                ),
            ),
            7 => (
                "in: + word",
                format!(
                    "in:{} {}",
                    channel_name(random.below(SEARCHER_CHANNELS)),
                    word(50..2_000)
                ),
            ),
            8 => (
                "date range + word",
                format!(
                    "after:{} before:{} {}",
                    day(&mut random),
                    day(&mut random),
                    word(5..500)
                ),
            ),
            _ => (
                "from: alone",
                format!("from:{}", username(1 + random.below(PEOPLE - 1))),
            ),
        })
        .collect()
}

async fn run(base: &str, count: usize) -> Result<(), Error> {
    let http = reqwest::Client::new();
    let login = http
        .post(format!("{base}/api/v4/users/login"))
        .json(&json!({"login_id": SEARCHER, "password": PASSWORD}))
        .send()
        .await?;
    let token = login
        .headers()
        .get("Token")
        .and_then(|t| t.to_str().ok())
        .ok_or("login failed: no Token header")?
        .to_string();
    let team: Value = http
        .get(format!("{base}/api/v4/teams/name/{TEAM}"))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    let team_id = team["id"].as_str().ok_or("no bench team")?;

    let mut timed: Vec<(&str, Duration, usize)> = Vec::new();
    let mut failures = Vec::new();
    for (kind, terms) in searches(count) {
        let started = Instant::now();
        let response = http
            .post(format!("{base}/api/v4/teams/{team_id}/posts/search"))
            .bearer_auth(&token)
            .json(&json!({"terms": terms, "is_or_search": false, "time_zone_offset": 0, "page": 0, "per_page": 60}))
            .send()
            .await?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let elapsed = started.elapsed();
        if !status.is_success() {
            failures.push(format!("{terms}: {status}"));
        }
        let found = body["order"].as_array().map_or(0, Vec::len);
        timed.push((kind, elapsed, found));
    }

    println!("\n| searches | found (median) | p50 | p95 | slowest |\n|---|---:|---:|---:|---:|");
    let mut kinds: Vec<&str> = timed.iter().map(|(kind, ..)| *kind).collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let of_kind: Vec<_> = timed.iter().filter(|(k, ..)| *k == kind).collect();
        println!("{}", row(kind, &of_kind));
    }
    let all: Vec<_> = timed.iter().collect();
    println!("{}", row(&format!("**all {}**", all.len()), &all));
    for failure in &failures {
        println!("failed: {failure}");
    }
    Ok(())
}

fn row(name: &str, timed: &[&(&str, Duration, usize)]) -> String {
    let mut times: Vec<Duration> = timed.iter().map(|(_, t, _)| *t).collect();
    let mut found: Vec<usize> = timed.iter().map(|(.., f)| *f).collect();
    times.sort();
    found.sort();
    let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    format!(
        "| {name} ({}) | {} | {:.1} ms | {:.1} ms | {:.1} ms |",
        times.len(),
        found[found.len() / 2],
        ms(at(0.5)),
        ms(at(0.95)),
        ms(times[times.len() - 1]),
    )
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
