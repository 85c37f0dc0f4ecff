//! brisk's own markdown parser: the CommonMark and GFM constructs chat messages use, as a flat
//! list of events for the decorator (../mod.rs) and the writer (../writer.rs).
//!
//! Two passes, as CommonMark describes: `blocks` splits the text into a tree of blocks (quotes,
//! lists, paragraphs, code, tables…), `inlines` parses each paragraph, heading and table cell
//! (emphasis, code spans, links…). Both are linear in the text's length: adversarial messages
//! (thousands of `*`, `[` or `>`) must not slow a channel down.
//!
//! Left out on purpose, to keep the client small:
//! - raw HTML is never markup: it is text, and markdown inside it is parsed like any other text;
//! - link reference definitions (`[label]: url`) and reference links (`[text][label]`) are not
//!   recognised and stay text: messages hardly use them, and label matching needs Unicode case
//!   folding;
//! - of the named character references only `&amp; &lt; &gt; &quot; &apos; &nbsp;` are decoded
//!   (numeric ones all are): the full HTML table is 38 KB of wasm; `&copy;` stays as typed.

mod blocks;
mod inlines;

pub use blocks::parse;

/// One step of a message's structure: a block or inline element opening or closing, or content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Start(Tag),
    End(TagEnd),
    /// Text from the message, unescaped: the writer escapes it.
    Text(String),
    /// An inline code span's text.
    Code(String),
    /// HTML the decorator wrote itself (checked links, mentions, highlighted code); never
    /// anything from the message.
    Markup(String),
    SoftBreak,
    HardBreak,
    /// A thematic break (`---`).
    Rule,
    /// A task list item's `[ ]` (false) or `[x]` (true).
    TaskListMarker(bool),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tag {
    Paragraph,
    /// Level 1 to 6.
    Heading(u8),
    BlockQuote,
    /// A code block with its fence's info string (empty for an indented block).
    CodeBlock(String),
    /// An ordered list with its start number, or a bullet list.
    List(Option<u64>),
    Item,
    Table(Vec<Alignment>),
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    /// `email` for an autolink such as `<ann@example.org>`, whose URL lacks `mailto:`.
    Link {
        url: String,
        title: String,
        email: bool,
    },
    /// The image's alt text comes as the events up to its end.
    Image {
        url: String,
        title: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagEnd {
    Paragraph,
    Heading(u8),
    BlockQuote,
    CodeBlock,
    List { ordered: bool },
    Item,
    Table,
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
    Link,
    Image,
}

/// A table column's alignment, from its delimiter row (`:--`, `:-:`, `--:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alignment {
    None,
    Left,
    Center,
    Right,
}

/// Appends `text` as text, merged into the text event before it if there is one, so the
/// decorator sees whole runs (a bare link or `:emoji:` may span an escape or an entity).
fn push_text(events: &mut Vec<Event>, text: &str) {
    if text.is_empty() {
        return;
    }
    match events.last_mut() {
        Some(Event::Text(last)) => last.push_str(text),
        _ => events.push(Event::Text(text.to_string())),
    }
}

/// `text` with backslash escapes and character references decoded, for link destinations,
/// titles and info strings.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(['\\', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let next = rest[1..].chars().next();
        if rest.starts_with('\\') && next.is_some_and(|c| c.is_ascii_punctuation()) {
            out.push(next.unwrap_or_default());
            rest = &rest[2..];
        } else if let Some((len, decoded)) = entity(rest) {
            out.push(decoded);
            rest = &rest[len..];
        } else {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

const MAX_REFERENCE_LEN: usize = 9;

/// The character reference at the start of `text` (which starts with `&`): its length and the
/// character it stands for. Only a few names are known (see the module's comment).
fn entity(text: &str) -> Option<(usize, char)> {
    let body = &text[1..];
    // The longest reference we decode is `&#1114111;`: looking further would make a text full
    // of `&` quadratic.
    let end = body
        .bytes()
        .take(MAX_REFERENCE_LEN)
        .position(|b| b == b';')?;
    let name = &body[..end];
    let len = end + 2;
    if let Some(number) = name.strip_prefix('#') {
        let (digits, radix, max_len) = match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 6),
            None => (number, 10, 7),
        };
        let valid = !digits.is_empty()
            && digits.len() <= max_len
            && digits.chars().all(|c| c.is_digit(radix));
        if !valid {
            return None;
        }
        let code = u32::from_str_radix(digits, radix).ok()?;
        // NUL and what is not a Unicode scalar value read as the replacement character.
        let decoded = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        return Some((len, decoded));
    }
    let decoded = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => return None,
    };
    Some((len, decoded))
}
