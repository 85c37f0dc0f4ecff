//! Post search: a parsed query turned into one SQL statement over the FTS index, limited to the
//! channels the searcher belongs to.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use brisk_model::Post;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};

use super::{placeholders, posts};
use crate::error::{ApiError, ApiResult};
use crate::search_terms::{fts_expression, SearchQuery, Term};

const DAY_MS: i64 = 86_400_000;
/// Longest a search may hold the database (whose one connection every request shares).
pub const TIME_BUDGET: Duration = Duration::from_millis(500);
/// SQLite virtual machine steps between two looks at the clock.
const STEPS_BETWEEN_CHECKS: i32 = 10_000;

/// Where to look and which page.
pub struct Scope<'a> {
    pub user_id: &'a str,
    pub team_id: &'a str,
    pub is_or_search: bool,
    pub include_archived: bool,
    /// The searcher's offset from UTC, in seconds.
    pub time_zone_offset: i64,
    pub offset: i64,
    pub limit: i64,
}

/// SQL being assembled with its parameters in order.
#[derive(Default)]
struct Sql {
    conditions: Vec<String>,
    args: Vec<SqlValue>,
}

impl Sql {
    fn push(&mut self, condition: String, args: impl IntoIterator<Item = SqlValue>) {
        self.conditions.push(condition);
        self.args.extend(args);
    }

    /// `column [NOT] IN (ids_of IN (values…))`: `ids_of` names what the filter gives (usernames,
    /// channel names) as a subquery of ids, so the posts' own indexes can serve the filter.
    fn list(&mut self, column: &str, negated: bool, ids_of: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let not = if negated { "NOT " } else { "" };
        self.push(
            format!(
                "{column} {not}IN ({ids_of} IN ({}))",
                placeholders(values.len())
            ),
            values.iter().cloned().map(SqlValue::from),
        );
    }
}

fn text(value: &str) -> SqlValue {
    SqlValue::from(value.to_string())
}

/// Results' order; the sequence number orders posts of the same millisecond the same way on every
/// page.
const NEWEST_FIRST: &str = "ORDER BY p.create_at DESC, p.seq DESC";

/// `" #tag "` inside `" " || lower(hashtags) || " "`: an exact hashtag, never a prefix of one.
const HASHTAG_MATCH: &str = "instr(' ' || lower(p.hashtags) || ' ', ?) > 0";

/// The live, non-system posts matching `query` in the searcher's channels of the team (and their
/// direct and group messages), newest first.
pub fn search(conn: &Connection, query: &SearchQuery, scope: &Scope) -> ApiResult<Vec<Post>> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::default();
    sql.push(
        "p.channel_id IN (SELECT m.channel_id FROM channel_members m JOIN channels c ON c.id = m.channel_id \
         WHERE m.user_id = ? AND (c.team_id = ? OR c.team_id = '') AND (c.delete_at = 0 OR ?))"
            .into(),
        [text(scope.user_id), text(scope.team_id), SqlValue::from(scope.include_archived)],
    );
    sql.conditions
        .push("p.delete_at = 0 AND p.type NOT LIKE 'system\\_%' ESCAPE '\\'".into());

    // What to find: words through the index, hashtags exactly; all of them, or any.
    let mut wanted: Vec<String> = Vec::new();
    let mut wanted_args: Vec<SqlValue> = Vec::new();
    if !query.terms.is_empty() {
        wanted.push("p.seq IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)".into());
        wanted_args.push(SqlValue::from(fts_expression(
            &query.terms,
            scope.is_or_search,
        )));
    }
    for tag in &query.hashtags {
        wanted.push(HASHTAG_MATCH.into());
        wanted_args.push(SqlValue::from(format!(" {tag} ")));
    }
    if !wanted.is_empty() {
        let joiner = if scope.is_or_search { " OR " } else { " AND " };
        sql.push(format!("({})", wanted.join(joiner)), wanted_args);
    }
    if !query.excluded.is_empty() {
        sql.push(
            "p.seq NOT IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)".into(),
            [SqlValue::from(fts_expression(&query.excluded, true))],
        );
    }
    for tag in &query.excluded_hashtags {
        sql.push(
            format!("NOT {HASHTAG_MATCH}"),
            [SqlValue::from(format!(" {tag} "))],
        );
    }

    const USER_IDS: &str = "SELECT id FROM users WHERE username";
    const CHANNEL_IDS: &str = "SELECT id FROM channels WHERE name";
    sql.list("p.user_id", false, USER_IDS, &query.from_users);
    sql.list("p.user_id", true, USER_IDS, &query.excluded_users);
    sql.list("p.channel_id", false, CHANNEL_IDS, &query.in_channels);
    sql.list("p.channel_id", true, CHANNEL_IDS, &query.excluded_channels);

    let offset = scope.time_zone_offset;
    if let Some(day) = query.on {
        let start = day.start_ms(offset);
        sql.push(
            "p.create_at >= ? AND p.create_at < ?".into(),
            [SqlValue::from(start), SqlValue::from(start + DAY_MS)],
        );
    }
    if let Some(day) = query.after {
        sql.push(
            "p.create_at >= ?".into(),
            [SqlValue::from(day.start_ms(offset) + DAY_MS)],
        );
    }
    if let Some(day) = query.before {
        sql.push(
            "p.create_at < ?".into(),
            [SqlValue::from(day.start_ms(offset))],
        );
    }

    // The page is chosen first from the matches' sequence numbers and times alone; only its
    // posts are then read whole, with their reply counts. Sorting whole rows made a common word
    // (a hundred thousand matches) read and count replies for every match.
    sql.args.push(SqlValue::from(scope.limit));
    sql.args.push(SqlValue::from(scope.offset));
    within_budget(conn, TIME_BUDGET, |conn| {
        // Words in many posts are cheaper found by walking all posts newest first, checking each
        // against the index's matches, than by reading every match and sorting: the page fills
        // within the first few hundred posts. Rare words are the other way round. The plan
        // changes, never what is found.
        let walk = if is_broad(conn, &query.terms, scope.is_or_search)? {
            "INDEXED BY posts_by_time"
        } else {
            ""
        };
        let statement = format!(
            "{} WHERE p.seq IN (SELECT p.seq FROM posts p {walk} WHERE {} {NEWEST_FIRST} \
             LIMIT ? OFFSET ?) {NEWEST_FIRST}",
            posts::SELECT,
            sql.conditions.join(" AND ")
        );
        posts::query(conn, &statement, params_from_iter(sql.args))
    })
}

/// Matches from which a search walks posts newest first rather than reading every match.
const BROAD_MATCHES: i64 = 5_000;

/// Whether `terms` match at least `BROAD_MATCHES` posts (counting stops there).
fn is_broad(conn: &Connection, terms: &[Term], is_or_search: bool) -> ApiResult<bool> {
    if terms.is_empty() {
        return Ok(false);
    }
    let matches: i64 = conn.query_row(
        "SELECT count(*) FROM (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1 LIMIT ?2)",
        rusqlite::params![fts_expression(terms, is_or_search), BROAD_MATCHES],
        |row| row.get(0),
    )?;
    Ok(matches >= BROAD_MATCHES)
}

/// Runs `f`, interrupting its statements once `budget` has passed: 503, try something narrower.
fn within_budget<T>(
    conn: &Connection,
    budget: Duration,
    f: impl FnOnce(&Connection) -> ApiResult<T>,
) -> ApiResult<T> {
    let deadline = Instant::now() + budget;
    let overran = Arc::new(AtomicBool::new(false));
    let flag = overran.clone();
    conn.progress_handler(
        STEPS_BETWEEN_CHECKS,
        Some(move || {
            let over = Instant::now() > deadline;
            flag.fetch_or(over, Ordering::Relaxed);
            over
        }),
    );
    let result = f(conn);
    conn.progress_handler(STEPS_BETWEEN_CHECKS, None::<fn() -> bool>);
    if overran.load(Ordering::Relaxed) {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "api.post.search_posts.timeout.app_error",
            "The search took too long. Try fewer or more specific words.",
        ));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_that_runs_past_its_budget_is_cut_short() {
        let conn = Connection::open_in_memory().expect("db");
        let endless = |conn: &Connection| -> ApiResult<i64> {
            Ok(conn.query_row(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) \
                 SELECT count(*) FROM n",
                [],
                |row| row.get(0),
            )?)
        };
        let started = Instant::now();
        let cut = within_budget(&conn, Duration::from_millis(50), endless).expect_err("cut");
        assert_eq!(cut.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(started.elapsed() < Duration::from_secs(2));
        // The connection works as before afterwards.
        let quick = |conn: &Connection| -> ApiResult<i64> {
            Ok(conn.query_row("SELECT 1", [], |row| row.get(0))?)
        };
        assert_eq!(
            within_budget(&conn, Duration::from_millis(50), quick).expect("ok"),
            1
        );
    }
}
