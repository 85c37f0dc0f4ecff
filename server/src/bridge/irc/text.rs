//! Text crossing between brisk and IRC: markdown reduced to plain lines, lines cut to fit IRC's
//! 512 bytes, IRC's formatting codes stripped, and bytes that are not UTF-8 read as latin-1.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Markdown as a person on IRC would want to read it: no markup characters, a link as its text
/// and URL, code blocks as their lines, list items with a dash or their number, quotes with `> `.
/// Emoji `:names:` and `@mentions` are plain text already and stay as they are.
pub fn markdown_to_plain(markdown: &str) -> String {
    let mut plain = PlainText::default();
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::CodeBlock(_))
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableHead | TagEnd::TableRow,
            )
            | Event::SoftBreak
            | Event::HardBreak => plain.end_line(),
            Event::Start(Tag::BlockQuote(_)) => {
                plain.end_line();
                plain.quote_depth += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                plain.end_line();
                plain.quote_depth = plain.quote_depth.saturating_sub(1);
            }
            Event::Start(Tag::List(first)) => {
                plain.end_line();
                lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                plain.end_line();
                let bullet = match lists.last_mut() {
                    Some(Some(number)) => {
                        *number += 1;
                        format!("{}. ", *number - 1)
                    }
                    _ => "- ".to_string(),
                };
                let indent = "  ".repeat(lists.len().saturating_sub(1));
                plain.push(&format!("{indent}{bullet}"));
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                links.push((dest_url.to_string(), plain.text.len()));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((url, start)) = links.pop() {
                    let label = plain.text[start..].trim();
                    if label.is_empty() {
                        plain.push(&url);
                    } else if label != url && !url.is_empty() {
                        plain.push(&format!(" ({url})"));
                    }
                }
            }
            Event::End(TagEnd::TableCell) => plain.push(" | "),
            Event::Rule => {
                plain.end_line();
                plain.push("----");
                plain.end_line();
            }
            Event::TaskListMarker(done) => plain.push(if done { "[x] " } else { "[ ] " }),
            Event::Text(text)
            | Event::Code(text)
            | Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text)
            | Event::FootnoteReference(text) => plain.push(&text),
            _ => {}
        }
    }
    plain
        .text
        .lines()
        .map(|line| line.trim_end().trim_end_matches(" |"))
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Plain text being written line by line, with the quote marks of the current depth.
#[derive(Default)]
struct PlainText {
    text: String,
    quote_depth: usize,
}

impl PlainText {
    fn push(&mut self, text: &str) {
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                self.end_line();
            }
            if piece.is_empty() {
                continue;
            }
            if self.text.is_empty() || self.text.ends_with('\n') {
                self.text.push_str(&"> ".repeat(self.quote_depth));
            }
            self.text.push_str(piece);
        }
    }

    fn end_line(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }
}

/// `text` in pieces of at most `max_bytes` bytes, cut on character boundaries and, where a space
/// falls in the second half of a piece, at that space (which is dropped) so words stay whole.
pub fn split_to_fit(text: &str, max_bytes: usize) -> Vec<&str> {
    // A character is at most 4 bytes: a smaller budget could never make progress.
    let max_bytes = max_bytes.max(4);
    let mut pieces = Vec::new();
    let mut rest = text;
    while rest.len() > max_bytes {
        let mut cut = max_bytes;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        match rest[..cut].rfind(' ').filter(|&space| space >= cut / 2) {
            Some(space) => {
                pieces.push(&rest[..space]);
                rest = &rest[space + 1..];
            }
            None => {
                pieces.push(&rest[..cut]);
                rest = &rest[cut..];
            }
        }
    }
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// A received line as text: UTF-8 when it is, otherwise latin-1 (every byte one character), the
/// encoding older IRC clients still send, so nothing is dropped.
pub fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&byte| char::from(byte)).collect(),
    }
}

const BOLD: char = '\x02';
const COLOUR: char = '\x03';
const HEX_COLOUR: char = '\x04';
const RESET: char = '\x0f';
const MONOSPACE: char = '\x11';
const REVERSE: char = '\x16';
const ITALIC: char = '\x1d';
const STRIKETHROUGH: char = '\x1e';
const UNDERLINE: char = '\x1f';

/// `text` without IRC's formatting codes: bold, italics, underline, strikethrough, monospace,
/// reverse, reset, and colours with their `NN[,NN]` (or hex `RRGGBB[,RRGGBB]`) arguments.
pub fn strip_formatting(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            BOLD | RESET | MONOSPACE | REVERSE | ITALIC | STRIKETHROUGH | UNDERLINE => {}
            COLOUR | HEX_COLOUR => {
                let (digits, is_digit): (usize, fn(&char) -> bool) = if c == COLOUR {
                    (2, char::is_ascii_digit)
                } else {
                    (6, char::is_ascii_hexdigit)
                };
                let take_colour = |chars: &mut std::iter::Peekable<std::str::Chars>| {
                    let mut taken = 0;
                    while taken < digits && chars.peek().is_some_and(is_digit) {
                        chars.next();
                        taken += 1;
                    }
                    taken > 0
                };
                if take_colour(&mut chars) && chars.peek() == Some(&',') {
                    let mut ahead = chars.clone();
                    ahead.next();
                    if ahead.peek().is_some_and(is_digit) {
                        chars.next();
                        take_colour(&mut chars);
                    }
                }
            }
            other => plain.push(other),
        }
    }
    plain
}

/// The text of a CTCP ACTION (`/me waves` is sent as `\x01ACTION waves\x01`).
pub fn ctcp_action(text: &str) -> Option<&str> {
    let action = text.strip_prefix("\x01ACTION ")?;
    Some(action.strip_suffix('\x01').unwrap_or(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_reads_as_plain_text() {
        assert_eq!(
            markdown_to_plain("**bold** and _it_ :tada:"),
            "bold and it :tada:"
        );
        assert_eq!(
            markdown_to_plain("see [the docs](https://x.org/d) or <https://y.org>"),
            "see the docs (https://x.org/d) or https://y.org"
        );
        assert_eq!(
            markdown_to_plain("run:\n```\ncargo test\n  --locked\n```\ndone"),
            "run:\ncargo test\n  --locked\ndone"
        );
        assert_eq!(
            markdown_to_plain("- one\n- two\n\n1. first\n2. second"),
            "- one\n- two\n1. first\n2. second"
        );
        assert_eq!(markdown_to_plain("> quoted\n\nreply"), "> quoted\nreply");
        assert_eq!(
            markdown_to_plain("line one\nline two"),
            "line one\nline two"
        );
        assert_eq!(markdown_to_plain("use `x < y` @alice"), "use x < y @alice");
        assert_eq!(
            markdown_to_plain("![cat](https://c.at/1.png)"),
            "cat (https://c.at/1.png)"
        );
    }

    #[test]
    fn long_text_splits_on_char_boundaries_and_spaces() {
        let text = "é".repeat(300);
        let pieces = split_to_fit(&text, 101);
        assert!(pieces.iter().all(|piece| piece.len() <= 101));
        assert_eq!(pieces.concat(), text);
        let words = "alpha beta gamma delta";
        assert_eq!(split_to_fit(words, 12), vec!["alpha beta", "gamma delta"]);
        assert_eq!(split_to_fit("short", 100), vec!["short"]);
        assert!(split_to_fit("", 100).is_empty());
        assert_eq!(split_to_fit("🦀🦀", 1), vec!["🦀", "🦀"]);
    }

    #[test]
    fn latin1_is_read_when_utf8_fails() {
        assert_eq!(decode("café".as_bytes()), "café");
        assert_eq!(decode(b"caf\xe9"), "café");
    }

    #[test]
    fn formatting_codes_are_stripped() {
        assert_eq!(
            strip_formatting("\x02bold\x02 \x1ditalic\x0f"),
            "bold italic"
        );
        assert_eq!(
            strip_formatting("\x0304red\x03 \x0312,01blue on black"),
            "red blue on black"
        );
        assert_eq!(strip_formatting("\x033,5"), "");
        assert_eq!(strip_formatting("\x034,x"), ",x");
        assert_eq!(strip_formatting("\x0312345"), "345");
        assert_eq!(strip_formatting("\x04FF0000hex\x1funder"), "hexunder");
    }

    #[test]
    fn actions_are_recognised() {
        assert_eq!(ctcp_action("\x01ACTION waves\x01"), Some("waves"));
        assert_eq!(ctcp_action("\x01ACTION waves"), Some("waves"));
        assert_eq!(ctcp_action("\x01VERSION\x01"), None);
        assert_eq!(ctcp_action("hello"), None);
    }
}
