//! Message text → safe HTML, the way Mattermost renders markdown.
//!
//! The output is inserted with `inner_html`, so safety rests here: raw HTML from the message is
//! shown as text, and links and images are written only for URLs that pass `url::safe_url`.
//! Everything else goes through brisk's HTML writer (writer.rs), which escapes text and writes only
//! the elements messages use.
//!
//! The markdown parser is brisk's own (parse/), smaller in the wasm than a general CommonMark
//! crate; differential_tests.rs holds it to pulldown-cmark's output, and says where it differs.

pub mod emoji;
mod escape;
pub mod highlight;
mod inline;
mod parse;
mod url;
mod writer;

use parse::{Event, Tag, TagEnd};

use crate::remembered::Remembered;

/// How a code block with a language begins in the rendered HTML (its language, then `">`): the
/// blocks the highlighter colours on the page (browser/code_colours.rs).
pub const CODE_WITH_LANGUAGE: &str = "<pre><code class=\"language-";

/// Who is reading and where: their own mentions stand out, `~channel` links point into the team.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions<'a> {
    pub my_username: Option<&'a str>,
    /// The team's URL name; without it `~channel` stays text.
    pub team_name: Option<&'a str>,
}

/// `raw` as a link to another web site (http, https), or none: for URLs that are not part of a
/// message, such as a link preview's.
pub fn web_url(raw: &str) -> Option<String> {
    url::safe_url(raw)
        .filter(|url| url.external)
        .map(|url| url.href)
}

/// Renders `text` for the signed-in reader, in the team on screen, to be drawn now (its code
/// blocks are coloured once it is). Each text is rendered once for a reader and team: going back
/// to a channel renders its posts again from the cache, so a switch costs no markdown parsing
/// (an edited post is a new text).
pub fn render_for_reader(store: &crate::store::Store, text: &str) -> String {
    let team = store.current_team_name();
    let options = RenderOptions {
        my_username: store.me.as_ref().map(|me| me.username.as_str()),
        team_name: Some(team.as_str()).filter(|name| !name.is_empty()),
    };
    let html = RENDERED.with(|rendered| rendered.borrow_mut().get(text, &options));
    crate::browser::code_colours::colour_once_drawn(&html);
    html
}

/// How many rendered texts are kept: a few channels' posts; beyond it the cache starts over.
const RENDERED_TEXTS: usize = 2_000;

thread_local! {
    static RENDERED: std::cell::RefCell<Rendered> = std::cell::RefCell::default();
}

/// Texts rendered for one reader in one team, by text.
#[derive(Default)]
struct Rendered {
    /// The reader's username and the team's name the texts were rendered for.
    for_whom: (Option<String>, Option<String>),
    html: Remembered<String, RENDERED_TEXTS>,
}

impl Rendered {
    fn get(&mut self, text: &str, options: &RenderOptions) -> String {
        let for_whom = (
            options.my_username.map(str::to_string),
            options.team_name.map(str::to_string),
        );
        if for_whom != self.for_whom {
            self.html.forget();
            self.for_whom = for_whom;
        }
        self.html.get_or_make(text, || render(text, options))
    }
}

/// Renders a message (or a channel header) to HTML that is safe to insert into the page.
pub fn render(text: &str, options: &RenderOptions) -> String {
    render_events(parse::parse(text), text.len(), options)
}

/// Decorates and writes a message's events; `text_len` sizes the output.
fn render_events(events: Vec<Event>, text_len: usize, options: &RenderOptions) -> String {
    let mut out = String::with_capacity(text_len * 2);
    writer::push_html(&mut out, &mut Decorator::new(events.into_iter(), options));
    out
}

/// Rewrites the event stream: checked links, mentions and bare links in text, chat line breaks.
struct Decorator<'o, I> {
    events: I,
    options: &'o RenderOptions<'o>,
    /// For each open link: whether its `<a>` was written (unsafe links keep only their text).
    links: Vec<bool>,
    /// Likewise for images; the writer turns a kept image's inner text into its alt attribute.
    images: Vec<bool>,
    /// Inside a code block: its text is written as it is.
    in_code_block: bool,
}

impl<'o, I> Decorator<'o, I> {
    fn new(events: I, options: &'o RenderOptions<'o>) -> Self {
        Self {
            events,
            options,
            links: Vec::new(),
            images: Vec::new(),
            in_code_block: false,
        }
    }

    fn inside_kept_image(&self) -> bool {
        self.images.contains(&true)
    }
}

impl<I: Iterator<Item = Event>> Iterator for Decorator<'_, I> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        loop {
            let event = self.events.next()?;
            let rewritten = match event {
                Event::Start(Tag::Link { url, title, email }) => {
                    let target = if email { format!("mailto:{url}") } else { url };
                    match url::safe_url(&target) {
                        Some(url) if !self.inside_kept_image() => {
                            self.links.push(true);
                            let mut open = String::new();
                            inline::push_link_open(&mut open, &url.href, &title, url.external);
                            Some(Event::Markup(open))
                        }
                        _ => {
                            self.links.push(false);
                            None
                        }
                    }
                }
                Event::End(TagEnd::Link) => self
                    .links
                    .pop()
                    .filter(|kept| *kept)
                    .map(|_| Event::Markup("</a>".into())),
                Event::Start(Tag::Image { url, title }) => match url::safe_url(&url) {
                    Some(url) if !self.inside_kept_image() => {
                        self.images.push(true);
                        Some(Event::Start(Tag::Image {
                            url: url.href,
                            title,
                        }))
                    }
                    _ => {
                        self.images.push(false);
                        None
                    }
                },
                Event::End(TagEnd::Image) => self
                    .images
                    .pop()
                    .filter(|kept| *kept)
                    .map(|_| Event::End(TagEnd::Image)),
                // The code is written plain, its language as a class: the browser colours it
                // (`browser::code_colours`).
                Event::Start(Tag::CodeBlock(info)) => {
                    self.in_code_block = true;
                    Some(Event::Start(Tag::CodeBlock(info)))
                }
                Event::End(TagEnd::CodeBlock) => {
                    self.in_code_block = false;
                    Some(Event::End(TagEnd::CodeBlock))
                }
                Event::Text(code) if self.in_code_block => Some(Event::Text(code)),
                Event::Start(Tag::Heading(level)) => {
                    Some(Event::Start(Tag::Heading(demote(level))))
                }
                Event::End(TagEnd::Heading(level)) => {
                    Some(Event::End(TagEnd::Heading(demote(level))))
                }
                Event::Text(text) if !self.inside_kept_image() => {
                    let inside_link = self.links.contains(&true);
                    let html = inline::decorate(&text, self.options, inside_link);
                    Some(Event::Markup(html))
                }
                // In chat a single newline is a line break, as in Mattermost.
                Event::SoftBreak => Some(Event::HardBreak),
                other => Some(other),
            };
            if rewritten.is_some() {
                return rewritten;
            }
        }
    }
}

/// Headings in a message sit under the page's h1 (the channel) and h2 (the team).
fn demote(level: u8) -> u8 {
    (level + 2).min(6)
}

#[cfg(test)]
mod differential_tests;
#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod tests;
