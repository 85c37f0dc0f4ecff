//! The inline parser: emphasis, strikethrough, code spans, links, images, autolinks, escapes,
//! character references and line breaks within one paragraph, heading or table cell.
//!
//! It follows CommonMark's algorithm: one left-to-right scan turns the text into nodes, keeping a
//! stack of delimiter runs (`*`, `_`, `~`) and one of brackets; a `]` that ends a link resolves
//! the emphasis inside it, and the rest is resolved at the end. Searches are bounded (see
//! `OpenersFloor`, `CodeSpans`, `links_allowed_from`) so that no input makes it quadratic.

use super::{entity, push_text, unescape, Event, Tag, TagEnd};

/// Parses `text` and appends its events.
pub fn parse_inlines(text: &str, events: &mut Vec<Event>) {
    let mut parser = InlineParser {
        text,
        nodes: Vec::new(),
        delimiters: Vec::new(),
        brackets: Vec::new(),
        brackets_pushed: 0,
        links_allowed_from: 0,
        code_spans: CodeSpans::default(),
    };
    parser.scan();
    parser.resolve_emphasis(0);
    parser.write_events(events);
}

/// A piece of the parsed text, in order.
enum Node {
    /// Text of the source, `start..end`.
    Source(usize, usize),
    /// A character from an escape or a character reference.
    Char(char),
    Code(String),
    SoftBreak,
    HardBreak,
    /// A run of `*`, `_` or `~` starting at `start`: the tags it closes (written before its
    /// characters), the characters no emphasis took, and the tags it opens (written after them,
    /// innermost last).
    Run {
        start: usize,
        left: usize,
        closes: Vec<Style>,
        opens: Vec<Style>,
    },
    /// `[` or `![` that did not (or not yet) turn out to open a link or image.
    Bracket {
        image: bool,
    },
    Start(Tag),
    End(TagEnd),
}

#[derive(Clone, Copy)]
enum Style {
    Emphasis,
    Strong,
    Strikethrough,
}

impl Style {
    fn tag(self) -> (Tag, TagEnd) {
        match self {
            Style::Emphasis => (Tag::Emphasis, TagEnd::Emphasis),
            Style::Strong => (Tag::Strong, TagEnd::Strong),
            Style::Strikethrough => (Tag::Strikethrough, TagEnd::Strikethrough),
        }
    }
}

/// A delimiter run that may still open or close emphasis.
struct Delimiter {
    node: usize,
    byte: u8,
    /// The run's length as typed: CommonMark's "rule of 3" looks at it.
    len: usize,
    can_open: bool,
    can_close: bool,
    /// The delimiter before this one that is still in play (runs between a matched pair are
    /// skipped), so a closer's search for its opener does not walk them again.
    previous: Option<usize>,
}

/// `[` or `![` waiting for its `]`.
struct Bracket {
    node: usize,
    image: bool,
    /// The delimiter stack's height when it was pushed: the emphasis of a link's text is
    /// resolved above it.
    delimiters: usize,
    /// Its number among the brackets pushed; see `links_allowed_from`.
    number: usize,
}

struct InlineParser<'t> {
    text: &'t str,
    nodes: Vec<Node>,
    delimiters: Vec<Delimiter>,
    brackets: Vec<Bracket>,
    brackets_pushed: usize,
    /// A link may not contain a link: once one is made, every `[` pushed before it (numbered
    /// below this) can no longer open one. Images may still hold links.
    links_allowed_from: usize,
    code_spans: CodeSpans,
}

impl InlineParser<'_> {
    fn scan(&mut self) {
        let bytes = self.text.as_bytes();
        let mut text_start = 0;
        let mut at = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            if !matches!(
                byte,
                b'\\' | b'`' | b'*' | b'_' | b'~' | b'[' | b']' | b'!' | b'<' | b'&' | b'\n'
            ) {
                at += 1;
                continue;
            }
            // A line's trailing spaces are not text: they make a hard break or nothing.
            let text_end = if byte == b'\n' {
                self.text[..at]
                    .trim_end_matches([' ', '\t'])
                    .len()
                    .max(text_start)
            } else {
                at
            };
            if text_end > text_start {
                self.nodes.push(Node::Source(text_start, text_end));
            }
            match self.special(at) {
                Some(end) => {
                    at = end;
                    text_start = end;
                }
                None => {
                    text_start = at;
                    at += 1;
                }
            }
        }
        self.nodes.push(Node::Source(text_start, bytes.len()));
    }

    /// Parses the construct at `at` (a special byte), adding its nodes; the end of what it took,
    /// or `None` when the byte is plain text there.
    fn special(&mut self, at: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let next = bytes.get(at + 1).copied();
        match bytes[at] {
            b'\\' => match next {
                Some(b'\n') => {
                    self.nodes.push(Node::HardBreak);
                    Some(skip_indentation(bytes, at + 2))
                }
                Some(c) if c.is_ascii_punctuation() => {
                    self.nodes.push(Node::Char(char::from(c)));
                    Some(at + 2)
                }
                _ => None,
            },
            b'`' => Some(self.code_span(at)),
            b'*' | b'_' | b'~' => self.delimiter_run(at),
            b'[' => Some(self.open_bracket(at, false)),
            b'!' if next == Some(b'[') => Some(self.open_bracket(at, true)),
            b']' => self.close_bracket(at),
            b'<' => self.autolink(at),
            b'&' => {
                let (len, decoded) = entity(&self.text[at..])?;
                self.nodes.push(Node::Char(decoded));
                Some(at + len)
            }
            b'\n' => {
                let spaces = self.text[..at].len() - self.text[..at].trim_end_matches(' ').len();
                self.nodes.push(if spaces >= 2 {
                    Node::HardBreak
                } else {
                    Node::SoftBreak
                });
                Some(skip_indentation(bytes, at + 1))
            }
            _ => None,
        }
    }

    /// A backtick run: a code span up to the next run of the same length, or literal backticks.
    fn code_span(&mut self, at: usize) -> usize {
        let len = run_length(self.text, at);
        let content_start = at + len;
        let Some(close) = self.code_spans.closer(self.text, content_start, len) else {
            self.nodes.push(Node::Source(at, content_start));
            return content_start;
        };
        let mut code = self.text[content_start..close].replace('\n', " ");
        // One space on each side lets a span start or end with a backtick: `` `x` ``.
        if code.len() >= 2
            && code.starts_with(' ')
            && code.ends_with(' ')
            && code.bytes().any(|b| b != b' ')
        {
            code = code[1..code.len() - 1].to_string();
        }
        self.nodes.push(Node::Code(code));
        close + len
    }

    fn delimiter_run(&mut self, at: usize) -> Option<usize> {
        let byte = self.text.as_bytes()[at];
        let len = run_length(self.text, at);
        let end = at + len;
        // Strikethrough is one or two tildes; longer runs are text.
        if byte == b'~' && len > 2 {
            self.nodes.push(Node::Source(at, end));
            return Some(end);
        }
        let before = self.text[..at].chars().next_back();
        let after = self.text[end..].chars().next();
        let left_flanking = !is_space(after)
            && (!is_punctuation(after) || is_space(before) || is_punctuation(before));
        let right_flanking = !is_space(before)
            && (!is_punctuation(before) || is_space(after) || is_punctuation(after));
        let (can_open, can_close) = match (byte, len) {
            (b'*', _) => (left_flanking, right_flanking),
            // After an escaped `~` pulldown-cmark lets tildes close whatever follows.
            (b'~', _) if before == Some('~') => (!is_space(after), true),
            // Strikethrough as GitHub and pulldown-cmark have it: `~~` opens before anything
            // but a space, even inside a word.
            (b'~', 2) => (!is_space(after), right_flanking),
            // `_` and a single `~` do not emphasise inside a word (snake_case_names, ~channel
            // links).
            _ => (
                left_flanking && (!right_flanking || is_punctuation(before)),
                right_flanking && (!left_flanking || is_punctuation(after)),
            ),
        };
        let node = self.nodes.len();
        self.nodes.push(Node::Run {
            start: at,
            left: len,
            closes: Vec::new(),
            opens: Vec::new(),
        });
        if can_open || can_close {
            let previous = self.delimiters.len().checked_sub(1);
            self.delimiters.push(Delimiter {
                node,
                byte,
                len,
                can_open,
                can_close,
                previous,
            });
        }
        Some(end)
    }

    fn open_bracket(&mut self, at: usize, image: bool) -> usize {
        self.brackets.push(Bracket {
            node: self.nodes.len(),
            image,
            delimiters: self.delimiters.len(),
            number: self.brackets_pushed,
        });
        self.brackets_pushed += 1;
        self.nodes.push(Node::Bracket { image });
        at + if image { 2 } else { 1 }
    }

    /// `]`: ends a link or image when an inline destination follows; otherwise it is text, and
    /// so is its `[`.
    fn close_bracket(&mut self, at: usize) -> Option<usize> {
        let opener = self.brackets.pop()?;
        if !opener.image && opener.number < self.links_allowed_from {
            return None;
        }
        let (end, url, title) = link_destination(self.text, at + 1)?;
        self.resolve_emphasis(opener.delimiters);
        let (start, end_tag) = if opener.image {
            (Tag::Image { url, title }, TagEnd::Image)
        } else {
            self.links_allowed_from = self.brackets_pushed;
            let link = Tag::Link {
                url,
                title,
                email: false,
            };
            (link, TagEnd::Link)
        };
        self.nodes[opener.node] = Node::Start(start);
        self.nodes.push(Node::End(end_tag));
        Some(end)
    }

    /// `<https://…>` or `<ann@example.org>`. Anything else after `<` is text (raw HTML is never
    /// markup).
    fn autolink(&mut self, at: usize) -> Option<usize> {
        let rest = &self.text[at + 1..];
        let close =
            rest.find(|c: char| c == '>' || c == '<' || c.is_whitespace() || c.is_control())?;
        if !rest[close..].starts_with('>') {
            return None;
        }
        let target = &rest[..close];
        let email = if is_uri(target) {
            false
        } else if is_email(target) {
            true
        } else {
            return None;
        };
        self.nodes.push(Node::Start(Tag::Link {
            url: target.to_string(),
            title: String::new(),
            email,
        }));
        self.nodes.push(Node::Source(at + 1, at + 1 + close));
        self.nodes.push(Node::End(TagEnd::Link));
        Some(at + 1 + close + 1)
    }

    /// Pairs openers and closers among the delimiters from `bottom` up, CommonMark's "process
    /// emphasis", then drops those delimiters: what they did not pair stays text.
    fn resolve_emphasis(&mut self, bottom: usize) {
        let mut floor = OpenersFloor::new(bottom);
        let mut closer = bottom;
        while closer < self.delimiters.len() {
            if !self.delimiters[closer].can_close || self.left(closer) == 0 {
                closer += 1;
                continue;
            }
            let mut candidate = self.delimiters[closer].previous;
            let lowest = floor.get(&self.delimiters[closer]);
            let opener = loop {
                match candidate {
                    Some(index) if index >= lowest => {
                        if self.pairs(index, closer) {
                            break Some(index);
                        }
                        candidate = self.delimiters[index].previous;
                    }
                    _ => break None,
                }
            };
            let Some(opener) = opener else {
                floor.set(&self.delimiters[closer], closer);
                if !self.delimiters[closer].can_open {
                    self.skip_in_searches(closer);
                }
                closer += 1;
                continue;
            };
            self.pair(opener, closer);
            // The runs between the pair can no longer pair with anything.
            self.delimiters[closer].previous = Some(opener);
            if self.left(opener) == 0 {
                self.delimiters[closer].previous = self.delimiters[opener].previous;
            }
            if self.left(closer) == 0 {
                self.skip_in_searches(closer);
                closer += 1;
            }
        }
        self.delimiters.truncate(bottom);
    }

    /// Takes delimiter `index` out of later closers' searches.
    fn skip_in_searches(&mut self, index: usize) {
        if index + 1 < self.delimiters.len() {
            self.delimiters[index + 1].previous = self.delimiters[index].previous;
        }
    }

    fn left(&self, delimiter: usize) -> usize {
        match self.nodes[self.delimiters[delimiter].node] {
            Node::Run { left, .. } => left,
            _ => 0,
        }
    }

    /// Whether `opener` can pair with `closer`.
    fn pairs(&self, opener: usize, closer: usize) -> bool {
        let (o, c) = (&self.delimiters[opener], &self.delimiters[closer]);
        if !o.can_open || o.byte != c.byte || self.left(opener) == 0 {
            return false;
        }
        if o.byte == b'~' {
            return o.len == c.len;
        }
        // The rule of 3: in `*a**b*` the inner `**` may both open and close, and must not
        // pair with a single `*`.
        let either_both_ways = o.can_close || c.can_open;
        !(either_both_ways && (o.len + c.len) % 3 == 0 && (o.len % 3 != 0 || c.len % 3 != 0))
    }

    /// Makes emphasis from the inner end of `opener` and the start of `closer`.
    fn pair(&mut self, opener: usize, closer: usize) {
        let (opener_left, closer_left) = (self.left(opener), self.left(closer));
        let style = match self.delimiters[opener].byte {
            b'~' => Style::Strikethrough,
            _ if opener_left >= 2 && closer_left >= 2 => Style::Strong,
            _ => Style::Emphasis,
        };
        let used = match style {
            Style::Strikethrough => opener_left,
            Style::Strong => 2,
            Style::Emphasis => 1,
        };
        let opener_node = self.delimiters[opener].node;
        if let Node::Run { left, opens, .. } = &mut self.nodes[opener_node] {
            *left -= used;
            opens.push(style);
        }
        let closer_node = self.delimiters[closer].node;
        if let Node::Run { left, closes, .. } = &mut self.nodes[closer_node] {
            *left -= used;
            closes.push(style);
        }
    }

    fn write_events(self, events: &mut Vec<Event>) {
        for node in self.nodes {
            match node {
                Node::Source(start, end) => push_text(events, &self.text[start..end]),
                Node::Char(c) => push_text(events, c.encode_utf8(&mut [0; 4])),
                Node::Code(code) => events.push(Event::Code(code)),
                Node::SoftBreak => events.push(Event::SoftBreak),
                Node::HardBreak => events.push(Event::HardBreak),
                Node::Run {
                    start,
                    left,
                    closes,
                    opens,
                } => {
                    events.extend(closes.iter().map(|style| Event::End(style.tag().1)));
                    push_text(events, &self.text[start..start + left]);
                    events.extend(opens.iter().rev().map(|style| Event::Start(style.tag().0)));
                }
                Node::Bracket { image } => push_text(events, if image { "![" } else { "[" }),
                Node::Start(tag) => events.push(Event::Start(tag)),
                Node::End(tag) => events.push(Event::End(tag)),
            }
        }
    }
}

/// How far down a closer need look for an opener. A closer that found none sets the floor for
/// later closers of its kind (its character, whether it can open, its length mod 3): they
/// would not find one below it either, so long runs of unpaired delimiters stay linear.
/// Tildes share one floor whatever their length, as in pulldown-cmark: a `~~` that closes
/// nothing also hides the `~` before it.
struct OpenersFloor {
    floors: [usize; 13],
}

impl OpenersFloor {
    fn new(bottom: usize) -> Self {
        Self {
            floors: [bottom; 13],
        }
    }

    fn slot(delimiter: &Delimiter) -> usize {
        match delimiter.byte {
            b'*' => usize::from(delimiter.can_open) * 3 + delimiter.len % 3,
            b'_' => 6 + usize::from(delimiter.can_open) * 3 + delimiter.len % 3,
            _ => 12,
        }
    }

    fn get(&self, closer: &Delimiter) -> usize {
        self.floors[Self::slot(closer)]
    }

    fn set(&mut self, closer: &Delimiter, index: usize) {
        self.floors[Self::slot(closer)] = index;
    }
}

/// Finds code spans' closing backtick runs. A search that reaches the end without finding a run
/// of some length is remembered: no later opener of that length can close either, so a text
/// full of unmatched backticks is scanned once per length, not once per run.
#[derive(Default)]
struct CodeSpans {
    unclosed_lengths: Vec<usize>,
}

impl CodeSpans {
    fn closer(&mut self, text: &str, from: usize, len: usize) -> Option<usize> {
        if self.unclosed_lengths.contains(&len) {
            return None;
        }
        let bytes = text.as_bytes();
        let mut at = from;
        while let Some(offset) = bytes[at..].iter().position(|&b| b == b'`') {
            let start = at + offset;
            let run = run_length(text, start);
            if run == len {
                return Some(start);
            }
            at = start + run;
        }
        self.unclosed_lengths.push(len);
        None
    }
}

/// Past the spaces and tabs at `at`, a line's indentation.
fn skip_indentation(bytes: &[u8], at: usize) -> usize {
    at + bytes[at..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// How many times the byte at `at` repeats from there.
fn run_length(text: &str, at: usize) -> usize {
    let byte = text.as_bytes()[at];
    text.as_bytes()[at..]
        .iter()
        .take_while(|&&b| b == byte)
        .count()
}

/// Parentheses may nest this deep in a link destination; CommonMark lets implementations set a
/// limit, and it keeps `[a](` repeated from scanning to the end again and again.
const MAX_PAREN_DEPTH: usize = 32;

/// An inline link's `(destination "title")` starting at `at`: its end, the destination and the
/// title, unescaped.
fn link_destination(text: &str, at: usize) -> Option<(usize, String, String)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'(') {
        return None;
    }
    let mut at = skip_link_space(bytes, at + 1);
    let destination_start = at;
    let destination = if bytes.get(at) == Some(&b'<') {
        at += 1;
        loop {
            match *bytes.get(at)? {
                b'>' => break,
                b'<' | b'\n' => return None,
                b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 2,
                _ => at += 1,
            }
        }
        at += 1;
        &text[destination_start + 1..at - 1]
    } else {
        let mut depth = 0;
        while let Some(&b) = bytes.get(at) {
            match b {
                b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 1,
                b'(' if depth == MAX_PAREN_DEPTH => return None,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                _ if b <= b' ' || b == 0x7f => break,
                _ => {}
            }
            at += 1;
        }
        if depth != 0 {
            return None;
        }
        &text[destination_start..at]
    };
    let after_destination = at;
    at = skip_link_space(bytes, at);
    let mut title = "";
    if at > after_destination {
        if let Some(close) = match bytes.get(at) {
            Some(b'"') => Some(b'"'),
            Some(b'\'') => Some(b'\''),
            Some(b'(') => Some(b')'),
            _ => None,
        } {
            let title_start = at + 1;
            at = title_start;
            loop {
                match *bytes.get(at)? {
                    b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 2,
                    b if b == close => break,
                    b'(' if close == b')' => return None,
                    _ => at += 1,
                }
            }
            title = &text[title_start..at];
            at = skip_link_space(bytes, at + 1);
        }
    }
    if bytes.get(at) != Some(&b')') {
        return None;
    }
    Some((at + 1, unescape(destination), unescape(title)))
}

/// Spaces, tabs and at most one line ending, as allowed around a link's destination and title.
fn skip_link_space(bytes: &[u8], mut at: usize) -> usize {
    let mut newlines = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b' ' | b'\t' => {}
            b'\n' if newlines == 0 => newlines += 1,
            _ => break,
        }
        at += 1;
    }
    at
}

/// An absolute URI as CommonMark's autolinks take it: a scheme of 2 to 32 characters, a colon,
/// and the rest (the caller stops it at spaces, `<` and `>`).
fn is_uri(target: &str) -> bool {
    let Some((scheme, _)) = target.split_once(':') else {
        return false;
    };
    (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// An email address as CommonMark's autolinks take it (HTML5's definition).
fn is_email(target: &str) -> bool {
    let Some((local, domain)) = target.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    local_ok
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Whitespace for flanking: the start and end of the text count as whitespace.
fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

/// Punctuation for flanking: ASCII punctuation, and outside ASCII what is neither a letter,
/// a digit, a space, a control or format character nor a combining mark (leaving Unicode's
/// punctuation and symbols, without shipping their tables).
fn is_punctuation(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        c.is_ascii_punctuation()
            || (!c.is_ascii()
                && !c.is_alphanumeric()
                && !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '\u{300}'..='\u{36f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}'))
    })
}
