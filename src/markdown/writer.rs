//! The HTML of a message's markdown events: only the elements brisk renders, every text
//! escaped. Markup comes in only as `Markup`, which the decorator (mod.rs) makes itself: checked
//! links, mentions.

use super::parse::{Alignment, Event, Tag, TagEnd};

use super::escape::push_escaped;

/// Appends the HTML of `events` to `out`.
pub fn push_html(out: &mut String, events: &mut dyn Iterator<Item = Event>) {
    let mut writer = Writer {
        out,
        at_line_start: true,
        alignments: Vec::new(),
        in_head: false,
        cell: 0,
    };
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Image { url, title }) => {
                writer.write("<img src=\"");
                push_escaped(writer.out, &url);
                writer.write("\" alt=\"");
                writer.write_alt_text(events);
                if !title.is_empty() {
                    writer.write("\" title=\"");
                    push_escaped(writer.out, &title);
                }
                writer.write("\" />");
            }
            Event::Start(tag) => writer.start(tag),
            Event::End(tag) => writer.end(tag),
            Event::Text(text) => writer.write_text(&text),
            Event::Code(code) => {
                writer.write("<code>");
                writer.write_text(&code);
                writer.write("</code>");
            }
            Event::Markup(markup) => writer.write(&markup),
            Event::SoftBreak => writer.write("\n"),
            Event::HardBreak => writer.write("<br />\n"),
            Event::Rule => writer.write_block("<hr />\n"),
            Event::TaskListMarker(done) => writer.write(if done {
                "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n"
            } else {
                "<input disabled=\"\" type=\"checkbox\"/>\n"
            }),
        }
    }
}

struct Writer<'o> {
    out: &'o mut String,
    /// Whether the output ends a line, so a block starts on a line of its own.
    at_line_start: bool,
    /// The open table's column alignments.
    alignments: Vec<Alignment>,
    /// Inside the table's head row.
    in_head: bool,
    /// The index of the next cell in the row.
    cell: usize,
}

impl Writer<'_> {
    fn write(&mut self, markup: &str) {
        if let Some(last) = markup.chars().last() {
            self.at_line_start = last == '\n';
        }
        self.out.push_str(markup);
    }

    fn write_text(&mut self, text: &str) {
        push_escaped(self.out, text);
        if !text.is_empty() {
            self.at_line_start = text.ends_with('\n');
        }
    }

    /// `markup` that opens a block: on a line of its own.
    fn write_block(&mut self, markup: &str) {
        if !self.at_line_start {
            self.write("\n");
        }
        self.write(markup);
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.write_block("<p>"),
            Tag::Heading(level) => self.write_block(heading(level).0),
            Tag::BlockQuote => self.write_block("<blockquote>\n"),
            Tag::CodeBlock(info) => {
                let language = info.split(' ').next().unwrap_or_default();
                if language.is_empty() {
                    self.write_block("<pre><code>");
                } else {
                    self.write_block(super::CODE_WITH_LANGUAGE);
                    push_escaped(self.out, language);
                    self.write("\">");
                }
            }
            Tag::List(Some(1)) => self.write_block("<ol>\n"),
            Tag::List(Some(start)) => {
                self.write_block("<ol start=\"");
                self.write(&start.to_string());
                self.write("\">\n");
            }
            Tag::List(None) => self.write_block("<ul>\n"),
            Tag::Item => self.write_block("<li>"),
            Tag::Table(alignments) => {
                self.alignments = alignments;
                self.write_block("<table>");
            }
            Tag::TableHead => {
                self.in_head = true;
                self.cell = 0;
                self.write("<thead><tr>");
            }
            Tag::TableRow => {
                self.cell = 0;
                self.write("<tr>");
            }
            Tag::TableCell => {
                self.write(if self.in_head { "<th" } else { "<td" });
                self.write(match self.alignments.get(self.cell) {
                    Some(Alignment::Left) => " style=\"text-align: left\">",
                    Some(Alignment::Center) => " style=\"text-align: center\">",
                    Some(Alignment::Right) => " style=\"text-align: right\">",
                    Some(Alignment::None) | None => ">",
                });
            }
            Tag::Emphasis => self.write("<em>"),
            Tag::Strong => self.write("<strong>"),
            Tag::Strikethrough => self.write("<del>"),
            // Links are written by the decorator, which checks them; images by `push_html`.
            Tag::Link { .. } | Tag::Image { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.write("</p>\n"),
            TagEnd::Heading(level) => self.write(heading(level).1),
            TagEnd::BlockQuote => self.write("</blockquote>\n"),
            TagEnd::CodeBlock => self.write("</code></pre>\n"),
            TagEnd::List { ordered: true } => self.write("</ol>\n"),
            TagEnd::List { ordered: false } => self.write("</ul>\n"),
            TagEnd::Item => self.write("</li>\n"),
            TagEnd::Table => self.write("</tbody></table>\n"),
            TagEnd::TableHead => {
                self.in_head = false;
                self.write("</tr></thead><tbody>\n");
            }
            TagEnd::TableRow => self.write("</tr>\n"),
            TagEnd::TableCell => {
                self.write(if self.in_head { "</th>" } else { "</td>" });
                self.cell += 1;
            }
            TagEnd::Emphasis => self.write("</em>"),
            TagEnd::Strong => self.write("</strong>"),
            TagEnd::Strikethrough => self.write("</del>"),
            TagEnd::Link | TagEnd::Image => {}
        }
    }

    /// An image's inner text, as its `alt` attribute: up to the image's end.
    fn write_alt_text(&mut self, events: &mut dyn Iterator<Item = Event>) {
        let mut depth = 0;
        for event in events {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return,
                Event::End(_) => depth -= 1,
                Event::Text(text) | Event::Code(text) | Event::Markup(text) => {
                    push_escaped(self.out, &text)
                }
                Event::SoftBreak | Event::HardBreak | Event::Rule => self.out.push(' '),
                _ => {}
            }
        }
    }
}

/// A heading's opening and closing tags (levels past 6 are 6).
fn heading(level: u8) -> (&'static str, &'static str) {
    match level {
        1 => ("<h1>", "</h1>\n"),
        2 => ("<h2>", "</h2>\n"),
        3 => ("<h3>", "</h3>\n"),
        4 => ("<h4>", "</h4>\n"),
        5 => ("<h5>", "</h5>\n"),
        _ => ("<h6>", "</h6>\n"),
    }
}
