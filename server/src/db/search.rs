//! Post search: a parsed query turned into one SQL statement over the FTS index, limited to the
//! channels the searcher belongs to.

use brisk_model::Post;
use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};

use super::{placeholders, posts};
use crate::error::ApiResult;
use crate::search_terms::{fts_expression, SearchQuery};

const DAY_MS: i64 = 86_400_000;

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

    fn list(&mut self, column: &str, negated: bool, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let not = if negated { "NOT " } else { "" };
        self.push(
            format!("{column} {not}IN ({})", placeholders(values.len())),
            values.iter().cloned().map(SqlValue::from),
        );
    }
}

fn text(value: &str) -> SqlValue {
    SqlValue::from(value.to_string())
}

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

    sql.list(
        "(SELECT username FROM users WHERE id = p.user_id)",
        false,
        &query.from_users,
    );
    sql.list(
        "(SELECT username FROM users WHERE id = p.user_id)",
        true,
        &query.excluded_users,
    );
    sql.list(
        "(SELECT name FROM channels WHERE id = p.channel_id)",
        false,
        &query.in_channels,
    );
    sql.list(
        "(SELECT name FROM channels WHERE id = p.channel_id)",
        true,
        &query.excluded_channels,
    );

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

    let statement = format!(
        "{} WHERE {} ORDER BY p.create_at DESC LIMIT ? OFFSET ?",
        posts::SELECT,
        sql.conditions.join(" AND ")
    );
    sql.args.push(SqlValue::from(scope.limit));
    sql.args.push(SqlValue::from(scope.offset));
    posts::query(conn, &statement, params_from_iter(sql.args))
}
