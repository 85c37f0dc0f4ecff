//! Slack's message markup ("mrkdwn") rewritten as the Markdown Mattermost clients render:
//! `<@U1>` → `@username`, `<#C1|dev>` → `~dev`, `<!here>` → `@here`, `<url|text>` → `[text](url)`,
//! `<url>` → `url`, `&amp; &lt; &gt;` unescaped, `*bold*` → `**bold**`, `~strike~` → `~~strike~~`
//! (`_italic_` means the same in both). Code, fenced or inline, keeps its text as written.

use std::collections::HashMap;

/// What mentions resolve to: Slack user ids → usernames here, Slack channel ids → channel names.
#[derive(Debug, Default)]
pub struct Names {
    pub users: HashMap<String, String>,
    pub channels: HashMap<String, String>,
}

/// Marks where a finished piece (a link, a mention, code) sits while emphasis is rewritten around
/// it: private-use characters, which Slack text never holds.
const PIECE_START: char = '\u{E000}';
const PIECE_END: char = '\u{E001}';

/// Converts one message (or a topic, a purpose) from Slack's markup to Markdown.
pub fn convert(text: &str, names: &Names) -> String {
    let mut pieces: Vec<String> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let fence = rest.find("```");
        let tick = rest.find('`');
        let angle = rest.find('<');
        let next = [fence, tick, angle].into_iter().flatten().min();
        let Some(at) = next else {
            out.push_str(&unescape(rest));
            break;
        };
        out.push_str(&unescape(&rest[..at]));
        rest = &rest[at..];
        let (piece, used) = if rest.starts_with("```") {
            code(rest, "```")
        } else if rest.starts_with('`') {
            code(rest, "`")
        } else {
            match rest.find('>') {
                Some(end) if !rest[1..end].contains(['<', '\n']) => {
                    (link(&rest[1..end], names), end + 1)
                }
                _ => ("<".to_string(), 1),
            }
        };
        out.push(PIECE_START);
        out.push_str(&pieces.len().to_string());
        out.push(PIECE_END);
        pieces.push(piece);
        rest = &rest[used..];
    }
    let emphasised = emphasis(&emphasis(&out, '*', "**"), '~', "~~");
    restore(&emphasised, &pieces)
}

/// Code from its opening `marker` to the closing one (or the end), unescaped but otherwise as it
/// is; returns it and the bytes it took.
fn code(text: &str, marker: &str) -> (String, usize) {
    let body = &text[marker.len()..];
    let used = match body.find(marker) {
        Some(end) => marker.len() + end + marker.len(),
        None => text.len(),
    };
    (unescape(&text[..used]), used)
}

/// One `<...>` token of Slack's markup, without its brackets.
fn link(token: &str, names: &Names) -> String {
    let (target, label) = match token.split_once('|') {
        Some((target, label)) => (target, Some(unescape(label))),
        None => (token, None),
    };
    if let Some(user_id) = target.strip_prefix('@') {
        let name = names
            .users
            .get(user_id)
            .cloned()
            .or(label)
            .unwrap_or_else(|| user_id.to_string());
        return format!("@{}", name.trim_start_matches('@'));
    }
    if let Some(channel_id) = target.strip_prefix('#') {
        let name = names
            .channels
            .get(channel_id)
            .cloned()
            .or(label)
            .unwrap_or_else(|| channel_id.to_string());
        return format!("~{name}");
    }
    if let Some(special) = target.strip_prefix('!') {
        return match special {
            "here" | "here|here" => "@here".into(),
            "channel" => "@channel".into(),
            "everyone" => "@all".into(),
            // User groups (`!subteam^S1`) and dates (`!date^...`) show their label.
            _ => label.unwrap_or_else(|| special.to_string()),
        };
    }
    let url = unescape(target);
    match label {
        Some(label) if label != url && !url.ends_with(&format!(":{label}")) => {
            format!("[{}]({url})", label.replace(']', "\\]"))
        }
        _ => url.strip_prefix("mailto:").unwrap_or(&url).to_string(),
    }
}

/// Slack escapes exactly these three in message text.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Rewrites Slack's single-character emphasis (`*bold*`, `~strike~`) as Markdown's `double`.
/// Like Slack: the opening marker starts a word, the closing one ends a word on the same line,
/// and neither touches a space on its inner side.
fn emphasis(text: &str, marker: char, double: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let boundary = |c: Option<&char>| c.is_none_or(|c| !c.is_alphanumeric() && *c != marker);
    let mut i = 0;
    while i < chars.len() {
        let opens = chars[i] == marker
            && boundary(i.checked_sub(1).and_then(|p| chars.get(p)))
            && chars
                .get(i + 1)
                .is_some_and(|c| !c.is_whitespace() && *c != marker);
        let close = opens
            .then(|| {
                (i + 2..chars.len())
                    .take_while(|&j| chars[j] != '\n')
                    .find(|&j| {
                        chars[j] == marker
                            && !chars[j - 1].is_whitespace()
                            && boundary(chars.get(j + 1))
                    })
            })
            .flatten();
        match close {
            Some(end) => {
                out.push_str(double);
                out.extend(&chars[i + 1..end]);
                out.push_str(double);
                i = end + 1;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

/// Puts the finished pieces back in place of their markers.
fn restore(text: &str, pieces: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(PIECE_START) {
        out.push_str(&rest[..start]);
        let after = &rest[start + PIECE_START.len_utf8()..];
        let end = after.find(PIECE_END).unwrap_or(after.len());
        let piece = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|index| pieces.get(index));
        out.push_str(piece.map_or("", String::as_str));
        rest = after.get(end + PIECE_END.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            users: [("U1".to_string(), "ann".to_string())].into(),
            channels: [("C1".to_string(), "dev-talk".to_string())].into(),
        }
    }

    fn md(text: &str) -> String {
        convert(text, &names())
    }

    #[test]
    fn mentions_become_usernames_and_channel_names() {
        assert_eq!(md("hi <@U1>, see <#C1|dev>"), "hi @ann, see ~dev-talk");
        assert_eq!(md("<@U9|bob> and <#C9|ops>"), "@bob and ~ops");
        assert_eq!(md("<@U9>"), "@U9");
        assert_eq!(md("<!here> <!channel> <!everyone>"), "@here @channel @all");
        assert_eq!(md("ping <!subteam^S1|@oncall>"), "ping @oncall");
    }

    #[test]
    fn links_become_markdown_links() {
        assert_eq!(
            md("read <https://example.org/a?b=1&amp;c=2|the docs>"),
            "read [the docs](https://example.org/a?b=1&c=2)"
        );
        assert_eq!(md("<https://example.org>"), "https://example.org");
        assert_eq!(
            md("<https://example.org|https://example.org>"),
            "https://example.org"
        );
        assert_eq!(
            md("<mailto:ann@example.org|ann@example.org>"),
            "ann@example.org"
        );
    }

    #[test]
    fn entities_are_unescaped() {
        assert_eq!(md("a &lt;b&gt; &amp;amp; c &gt; d"), "a <b> &amp; c > d");
        assert_eq!(md("&gt; quoted"), "> quoted");
    }

    #[test]
    fn emphasis_becomes_markdown() {
        assert_eq!(md("*bold* and _italic_"), "**bold** and _italic_");
        assert_eq!(md("~gone~ now"), "~~gone~~ now");
        assert_eq!(
            md("*see <https://x.org|this>*"),
            "**see [this](https://x.org)**"
        );
        // Not emphasis: an arithmetic star, a star inside a word, a marker next to a space.
        assert_eq!(md("2 * 3 * 4"), "2 * 3 * 4");
        assert_eq!(md("a*b*c"), "a*b*c");
        assert_eq!(md("* not a list *"), "* not a list *");
        assert_eq!(md("*open\nclose*"), "*open\nclose*");
    }

    #[test]
    fn code_is_kept_as_written() {
        assert_eq!(
            md("run `*x* <@U1>` then\n```\nlet a = *b*;\nif a &lt; 1 {}\n```\n*done*"),
            "run `*x* <@U1>` then\n```\nlet a = *b*;\nif a < 1 {}\n```\n**done**"
        );
        assert_eq!(md("unclosed ```*x*"), "unclosed ```*x*");
    }

    #[test]
    fn stray_brackets_stay() {
        assert_eq!(md("a < b and c <d"), "a < b and c <d");
    }
}
