//! Decorations inside plain text runs: @mentions, ~channels, #hashtags, :emoji: and emoticons,
//! sized images and bare web addresses.
//!
//! Each rule is a function that may claim the text at a position and return the HTML for it;
//! `decorate` tries them in order at every position and escapes whatever none claims.

use super::emoji;
use super::escape::push_escaped;
use super::url::safe_url;
use super::RenderOptions;

/// Mentions that notify everyone in the channel, so they concern every reader.
const CHANNEL_WIDE: [&str; 3] = ["channel", "all", "here"];

/// Mattermost's shortest hashtag, not counting the `#`.
const HASHTAG_MIN_LEN: usize = 3;

/// The text being decorated and what the rules need to know about it.
struct Scan<'a> {
    text: &'a str,
    options: &'a RenderOptions<'a>,
    /// Inside a markdown link: no links may be nested in it.
    inside_link: bool,
}

impl Scan<'_> {
    /// The character before `at`, if any.
    fn before(&self, at: usize) -> Option<char> {
        self.text[..at].chars().next_back()
    }

    /// True at the start of the text or after a character that cannot be part of a word.
    fn at_word_start(&self, at: usize) -> bool {
        self.before(at).is_none_or(|c| !is_word_char(c))
    }
}

/// A rule: at byte `at`, the end of what it claims and the HTML that replaces it.
type Rule = fn(&Scan, usize) -> Option<(usize, String)>;

const RULES: [Rule; 7] = [
    mention,
    channel_link,
    hashtag,
    emoji_shortcode,
    emoticon,
    sized_image,
    bare_link,
];

/// Escapes `text` and wraps the parts the rules recognise.
pub fn decorate(text: &str, options: &RenderOptions, inside_link: bool) -> String {
    let scan = Scan {
        text,
        options,
        inside_link,
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut plain_start = 0;
    let mut index = 0;
    while index < text.len() {
        match RULES.iter().find_map(|rule| rule(&scan, index)) {
            Some((end, html)) => {
                push_escaped(&mut out, &text[plain_start..index]);
                out.push_str(&html);
                index = end;
                plain_start = end;
            }
            None => index += text[index..].chars().next().map_or(1, char::len_utf8),
        }
    }
    push_escaped(&mut out, &text[plain_start..]);
    out
}

/// A letter, digit or underscore.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// The user or channel name after a sigil at `at`: trailing dots and dashes are sentence
/// punctuation, not part of the name.
fn name_after_sigil<'t>(scan: &Scan<'t>, at: usize, sigil: char) -> Option<&'t str> {
    if !scan.text[at..].starts_with(sigil) || !scan.at_word_start(at) {
        return None;
    }
    let rest = &scan.text[at + 1..];
    let run = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
    let name = rest[..run].trim_end_matches(['.', '-']);
    (!name.is_empty()).then_some(name)
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// `@name`, like Mattermost: the reader's own name and channel-wide mentions stand out more.
fn mention(scan: &Scan, at: usize) -> Option<(usize, String)> {
    let name = name_after_sigil(scan, at, '@')?;
    let lowered = name.to_ascii_lowercase();
    let concerns_me = CHANNEL_WIDE.contains(&lowered.as_str())
        || scan
            .options
            .my_username
            .is_some_and(|me| me.eq_ignore_ascii_case(name));
    let class = if concerns_me {
        "mention mention-me"
    } else {
        "mention"
    };
    let html = format!(r#"<span class="{class}">@{}</span>"#, escaped(name));
    Some((at + 1 + name.len(), html))
}

/// `~channel-name`: a link to the team's channel of that name.
fn channel_link(scan: &Scan, at: usize) -> Option<(usize, String)> {
    if scan.inside_link {
        return None;
    }
    let team = scan.options.team_name?;
    let name = name_after_sigil(scan, at, '~')?;
    let href = escaped(&format!("/{team}/channels/{}", name.to_ascii_lowercase()));
    let html = format!(
        r#"<a class="channel-link" href="{href}">~{}</a>"#,
        escaped(name)
    );
    Some((at + 1 + name.len(), html))
}

/// `#tag` (a letter, then letters, digits, `_`, `.` or `-`; at least three long): a link the
/// page turns into a search for the tag.
fn hashtag(scan: &Scan, at: usize) -> Option<(usize, String)> {
    if scan.inside_link || !scan.text[at..].starts_with('#') || !scan.at_word_start(at) {
        return None;
    }
    // `&#39;` and friends were decoded by the parser already, but a `&` right before is not
    // a word start for a tag either.
    if scan.before(at) == Some('&') {
        return None;
    }
    let rest = &scan.text[at + 1..];
    if !rest.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    let run = rest
        .find(|c: char| !(is_word_char(c) || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    let tag = rest[..run].trim_end_matches(['.', '-', '_']);
    if tag.chars().count() < HASHTAG_MIN_LEN {
        return None;
    }
    let shown = escaped(tag);
    let html = format!(r##"<a class="hashtag" href="#" data-hashtag="#{shown}">#{shown}</a>"##);
    Some((at + 1 + tag.len(), html))
}

fn emoji_span(name: &str, emoji: &str) -> String {
    let label = escaped(name);
    format!(
        r#"<span class="emoji" role="img" aria-label=":{label}:" title=":{label}:">{emoji}</span>"#
    )
}

/// `:name:` for a known emoji; unknown names stay text, as in Mattermost.
fn emoji_shortcode(scan: &Scan, at: usize) -> Option<(usize, String)> {
    if !scan.text[at..].starts_with(':') || !scan.at_word_start(at) {
        return None;
    }
    let rest = &scan.text[at + 1..];
    let run = rest
        .find(|c: char| !(is_word_char(c) || c == '+' || c == '-'))
        .unwrap_or(rest.len());
    let name = &rest[..run];
    if name.is_empty() || !rest[run..].starts_with(':') {
        return None;
    }
    let end = at + 1 + run + 1;
    if scan.text[end..].chars().next().is_some_and(is_word_char) {
        return None;
    }
    let emoji = emoji::by_name(name)?;
    Some((end, emoji_span(name, emoji)))
}

/// `:)`, `;-)`, `<3` and the other emoticons Mattermost shows as emoji.
fn emoticon(scan: &Scan, at: usize) -> Option<(usize, String)> {
    if !scan.at_word_start(at) {
        return None;
    }
    let (len, name) = emoji::emoticon_at(&scan.text[at..])?;
    let emoji = emoji::by_name(name)?;
    Some((at + len, emoji_span(name, emoji)))
}

/// Mattermost's sized image, `![alt](url =WxH)` (either number may be left out), which
/// CommonMark does not parse as an image and so reaches us as text.
fn sized_image(scan: &Scan, at: usize) -> Option<(usize, String)> {
    if scan.inside_link {
        return None;
    }
    let rest = scan.text[at..].strip_prefix("![")?;
    let (alt, rest) = rest.split_once("](")?;
    if alt.contains(['[', ']']) {
        return None;
    }
    let close = rest.find(')')?;
    let inside = &rest[..close];
    let (url, size) = inside.split_once(" =")?;
    let (width, height) = size.trim().split_once('x').unwrap_or((size.trim(), ""));
    let is_number = |n: &str| n.chars().all(|c| c.is_ascii_digit()) && n.len() <= 5;
    if !is_number(width) || !is_number(height) || (width.is_empty() && height.is_empty()) {
        return None;
    }
    let url = safe_url(url.trim())?;
    let mut html = String::from("<img src=\"");
    push_escaped(&mut html, &url.href);
    html.push_str("\" alt=\"");
    push_escaped(&mut html, alt);
    html.push('"');
    for (name, value) in [("width", width), ("height", height)] {
        if !value.is_empty() {
            html.push_str(&format!(" {name}=\"{value}\""));
        }
    }
    html.push_str(" />");
    let end = at + 2 + alt.len() + 2 + close + 1;
    Some((end, html))
}

/// GFM's extended autolinks: `http://…`, `https://…` and `www.…` at a word start.
fn bare_link(scan: &Scan, at: usize) -> Option<(usize, String)> {
    if scan.inside_link || scan.before(at).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let rest = &scan.text[at..];
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
    let mut html = String::new();
    push_link_open(&mut html, &url.href, "", url.external);
    push_escaped(&mut html, candidate);
    html.push_str("</a>");
    Some((at + candidate.len(), html))
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
