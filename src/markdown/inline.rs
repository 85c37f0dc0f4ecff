//! Decorations inside plain text runs: @mentions and bare web addresses.
//!
//! Each rule is a function that may claim the text at a position; adding ~channels, #hashtags or
//! :emoji: later means adding a rule to `decorate`.

use super::escape::push_escaped;
use super::url::safe_url;
use super::RenderOptions;

/// Mentions that notify everyone in the channel, so they concern every reader.
const CHANNEL_WIDE: [&str; 3] = ["channel", "all", "here"];

/// Escapes `text` and wraps the parts the rules recognise.
pub fn decorate(text: &str, options: &RenderOptions, inside_link: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut plain_start = 0;
    let mut index = 0;
    while index < text.len() {
        let before = text[..index].chars().next_back();
        let claimed = match mention(text, index, before, options, &mut out, plain_start) {
            None if !inside_link => bare_link(text, index, before, &mut out, plain_start),
            claimed => claimed,
        };
        match claimed {
            Some(end) => {
                index = end;
                plain_start = end;
            }
            None => index += text[index..].chars().next().map_or(1, char::len_utf8),
        }
    }
    push_escaped(&mut out, &text[plain_start..]);
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_username_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// `@name` not preceded by a word character, like Mattermost: trailing dots and dashes are
/// sentence punctuation, not part of the name.
fn mention(
    text: &str,
    at: usize,
    before: Option<char>,
    options: &RenderOptions,
    out: &mut String,
    plain_start: usize,
) -> Option<usize> {
    if !text[at..].starts_with('@') || before.is_some_and(is_word_char) {
        return None;
    }
    let rest = &text[at + 1..];
    let run = rest
        .find(|c: char| !is_username_char(c))
        .unwrap_or(rest.len());
    let name = rest[..run].trim_end_matches(['.', '-']);
    if name.is_empty() {
        return None;
    }
    let lowered = name.to_ascii_lowercase();
    let concerns_me = CHANNEL_WIDE.contains(&lowered.as_str())
        || options
            .my_username
            .is_some_and(|me| me.eq_ignore_ascii_case(name));
    push_escaped(out, &text[plain_start..at]);
    out.push_str(if concerns_me {
        r#"<span class="mention mention-me">@"#
    } else {
        r#"<span class="mention">@"#
    });
    push_escaped(out, name);
    out.push_str("</span>");
    Some(at + 1 + name.len())
}

/// GFM's extended autolinks: `http://…`, `https://…` and `www.…` at a word start.
fn bare_link(
    text: &str,
    at: usize,
    before: Option<char>,
    out: &mut String,
    plain_start: usize,
) -> Option<usize> {
    if before.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let rest = &text[at..];
    let starts_with = |prefix: &str| {
        rest.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let prefix_len = ["https://", "http://", "www."]
        .into_iter()
        .find(|p| starts_with(p))?
        .len();
    let run = rest
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(rest.len());
    let candidate = trim_link_end(&rest[..run]);
    if candidate.len() <= prefix_len {
        return None;
    }
    let target = if starts_with("www.") {
        format!("http://{candidate}")
    } else {
        candidate.to_string()
    };
    let url = safe_url(&target)?;
    push_escaped(out, &text[plain_start..at]);
    push_link_open(out, &url.href, "", url.external);
    push_escaped(out, candidate);
    out.push_str("</a>");
    Some(at + candidate.len())
}

/// Drops trailing punctuation, and a closing parenthesis that has no opening one in the link.
fn trim_link_end(mut link: &str) -> &str {
    loop {
        let Some(last) = link.chars().next_back() else {
            return link;
        };
        let unbalanced_paren = last == ')' && link.matches(')').count() > link.matches('(').count();
        if matches!(
            last,
            '?' | '!' | '.' | ',' | ':' | '*' | '_' | '~' | '\'' | '"' | ';'
        ) || unbalanced_paren
        {
            link = &link[..link.len() - last.len_utf8()];
        } else {
            return link;
        }
    }
}

/// Writes `<a …>` for a checked URL; other sites open in a new tab that cannot reach back.
pub fn push_link_open(out: &mut String, href: &str, title: &str, external: bool) {
    out.push_str("<a href=\"");
    push_escaped(out, href);
    out.push('"');
    if !title.is_empty() {
        out.push_str(" title=\"");
        push_escaped(out, title);
        out.push('"');
    }
    if external {
        out.push_str(r#" target="_blank" rel="noopener noreferrer""#);
    }
    out.push('>');
}
