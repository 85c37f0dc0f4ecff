//! The cache of link previews: per URL, the OpenGraph data found there, or that nothing was
//! found. The network side that fills it is `crate::link_previews`, which runs after a post is
//! stored; this side only reads and writes the table, so storing a post never waits on a fetch.

use brisk_model::{embed_type, OpenGraph, Post, PostEmbed};
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{ApiError, ApiResult};

/// The first http(s) link in `message` that is not a permalink to a post (those are quoted, see
/// `permalinks`).
pub fn first_web_link(message: &str) -> Option<String> {
    let lower = message.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("http") {
        let start = from + found;
        from = start + 4;
        let rest = &lower[start..];
        let scheme_len = if rest.starts_with("http://") {
            7
        } else if rest.starts_with("https://") {
            8
        } else {
            continue;
        };
        if message[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
        {
            continue;
        }
        let end = message[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`'))
            .map_or(message.len(), |at| start + at);
        let link = message[start..end]
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}', '*', '_']);
        let after_scheme = &link[scheme_len..];
        let host = after_scheme
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default();
        let is_permalink = after_scheme
            .split('/')
            .nth(2)
            .is_some_and(|segment| segment == "pl");
        if host.is_empty() || is_permalink {
            continue;
        }
        return Some(link.to_string());
    }
    None
}

/// The cached preview of `url`: None if never fetched, Some(None) if fetched and found nothing.
pub fn cached(conn: &Connection, url: &str) -> ApiResult<Option<Option<OpenGraph>>> {
    let data: Option<String> = conn
        .query_row(
            "SELECT data FROM link_previews WHERE url = ?1",
            [url],
            |row| row.get(0),
        )
        .optional()?;
    Ok(data.map(|data| serde_json::from_str(&data).ok()))
}

/// Adds the cached OpenGraph embed of each post's first link, if one was found.
pub fn attach(conn: &Connection, posts: &mut [Post]) -> ApiResult<()> {
    for post in posts {
        let Some(url) = first_web_link(&post.message) else {
            continue;
        };
        if let Some(Some(graph)) = cached(conn, &url)? {
            post.metadata.embeds.push(PostEmbed {
                embed_type: embed_type::OPENGRAPH.into(),
                url,
                data: serde_json::to_value(graph).map_err(ApiError::internal)?,
            });
        }
    }
    Ok(())
}

/// Records what a fetch of `url` found (`None`: nothing to show), replacing an older record.
pub fn save(conn: &Connection, url: &str, graph: Option<&OpenGraph>, now: i64) -> ApiResult<()> {
    let data = match graph {
        Some(graph) => serde_json::to_string(graph).map_err(ApiError::internal)?,
        None => String::new(),
    };
    conn.execute(
        "INSERT OR REPLACE INTO link_previews (url, fetched_at, data) VALUES (?1, ?2, ?3)",
        params![url, now, data],
    )?;
    Ok(())
}

/// Forgets lookups made before `cutoff` that found nothing.
pub fn delete_empty_before(conn: &Connection, cutoff: i64) -> ApiResult<usize> {
    Ok(conn.execute(
        "DELETE FROM link_previews WHERE data = '' AND fetched_at < ?1",
        [cutoff],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_web_link_that_is_not_a_permalink() {
        assert_eq!(
            first_web_link("see (https://example.org/a?b=1). and http://other.org").as_deref(),
            Some("https://example.org/a?b=1")
        );
        assert_eq!(
            first_web_link("HTTP://Example.org/x, ok").as_deref(),
            Some("HTTP://Example.org/x")
        );
        assert_eq!(
            first_web_link("chat.example.org/t/pl/abc then http://example.org").as_deref(),
            Some("http://example.org")
        );
        assert_eq!(
            first_web_link("https://chat.example.org/eng/pl/abcdefghijklmnopqrstuvwxyz"),
            None
        );
        assert_eq!(
            first_web_link("xhttp://example.org ftp://example.org http://"),
            None
        );
    }
}
