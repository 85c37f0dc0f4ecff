//! The block parser: splits a message into a tree of blocks line by line, as CommonMark
//! describes (open containers are continued or closed by each line, then new ones opened, then
//! the line's leaf), and writes the tree as events with the inline parser's help.

use std::borrow::Cow;

use super::inlines::parse_inlines;
use super::{push_text, unescape, Alignment, Event, Tag, TagEnd};

/// Parses a message into events.
pub fn parse(text: &str) -> Vec<Event> {
    let mut parser = BlockParser {
        blocks: vec![Block::new(Kind::Document, 0)],
        open: vec![0],
        leaf: None,
        blank_continues_all: false,
    };
    for (number, (line, ended)) in lines(text).enumerate() {
        parser.add_line(Line::new(line, ended), number);
    }
    parser.end_containers_with_their_children();
    parser.write_events()
}

/// The lines of `text`, whichever line endings it uses, each with whether it has one.
fn lines(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.find(['\n', '\r']) {
            Some(end) => {
                let ending = if current[end..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&current[end + ending..]);
                Some((&current[..end], true))
            }
            None => {
                rest = None;
                Some((current, false))
            }
        }
    })
}

struct Block {
    kind: Kind,
    children: Vec<usize>,
    /// The first and last lines with content of this block, to tell tight lists from loose
    /// ones (a blank line between items or between an item's blocks loosens the list).
    first_line: usize,
    last_line: usize,
}

impl Block {
    fn new(kind: Kind, line: usize) -> Self {
        Self {
            kind,
            children: Vec::new(),
            first_line: line,
            last_line: line,
        }
    }
}

enum Kind {
    Document,
    Quote,
    /// `marker` is the bullet (`-`, `+`, `*`) or the ordered list's delimiter (`.`, `)`): a
    /// different one starts a new list.
    List {
        start: Option<u64>,
        marker: u8,
    },
    /// Lines indented by `content_indent` columns continue the item.
    Item {
        content_indent: usize,
    },
    Paragraph(String),
    Heading(u8, String),
    FencedCode(Fence, String),
    IndentedCode(String),
    Rule,
    /// The header row first.
    Table(Vec<Alignment>, Vec<Vec<String>>),
}

struct Fence {
    info: String,
    byte: u8,
    len: usize,
    /// The opening fence's indentation, taken off the code's lines too.
    indent: usize,
}

struct BlockParser {
    blocks: Vec<Block>,
    /// The open containers (document, quotes, lists, items), outermost first.
    open: Vec<usize>,
    /// The open leaf block (paragraph, code, table), a child of the last open container.
    leaf: Option<usize>,
    /// The last blank line continued every open container, and none has opened or closed
    /// since: so will the next one. Without this, thousands of blank lines after thousands of
    /// nested items would walk the whole stack each.
    blank_continues_all: bool,
}

impl BlockParser {
    fn add_line(&mut self, mut line: Line, number: usize) {
        let matched = self.continue_containers(&mut line);
        let all_matched = matched == self.open.len();
        if all_matched && self.continue_code(&mut line, number) {
            return;
        }
        let paragraph_open = self.leaf_is(|kind| matches!(kind, Kind::Paragraph(_)));
        let opened =
            self.open_containers(&mut line, matched, all_matched && paragraph_open, number);
        let blank = line.is_blank();
        // A lazy continuation line: a paragraph goes on though its quote's `>` is missing.
        if !opened && !all_matched && !blank && paragraph_open && !interrupts_paragraph(&line) {
            self.add_to_paragraph(&line, number);
            return;
        }
        if !opened {
            self.close_containers_from(matched);
        }
        if blank {
            if self.leaf_is(|kind| matches!(kind, Kind::Paragraph(_) | Kind::Table(..))) {
                self.leaf = None;
            }
            return;
        }
        if self.continue_leaf(&mut line, number) {
            return;
        }
        self.open_leaf(&mut line, number);
    }

    fn leaf_is(&self, test: impl Fn(&Kind) -> bool) -> bool {
        self.leaf.is_some_and(|leaf| test(&self.blocks[leaf].kind))
    }

    /// Consumes the markers of the open containers the line continues; how many it continues
    /// (the document always).
    fn continue_containers(&mut self, line: &mut Line) -> usize {
        let blank = line.is_blank();
        if blank && self.blank_continues_all {
            return self.open.len();
        }
        let mut matched = 1;
        while let Some(&container) = self.open.get(matched) {
            let continues = match self.blocks[container].kind {
                Kind::Quote => line.take_quote_marker(),
                // A list goes on until something other than an item is added to it.
                Kind::List { .. } => true,
                Kind::Item { content_indent } => {
                    if blank {
                        // An item that began with a blank line ends at the next blank one.
                        !self.blocks[container].children.is_empty()
                    } else if line.indent() >= content_indent {
                        line.skip_columns(content_indent);
                        true
                    } else {
                        false
                    }
                }
                _ => false,
            };
            if !continues {
                break;
            }
            matched += 1;
        }
        self.blank_continues_all = blank && matched == self.open.len();
        matched
    }

    /// Adds the line to an open code block that takes it; false if there is none or the line
    /// ends an indented one.
    fn continue_code(&mut self, line: &mut Line, number: usize) -> bool {
        let Some(leaf) = self.leaf else {
            return false;
        };
        match &mut self.blocks[leaf].kind {
            Kind::FencedCode(fence, code) => {
                if is_closing_fence(line, fence) {
                    self.touch(number);
                    self.leaf = None;
                    return true;
                }
                // A last line of spaces without a line ending is not code (as in
                // pulldown-cmark).
                if !line.ended && line.rest().bytes().all(|b| b == b' ') {
                    return true;
                }
                line.skip_columns(fence.indent);
                line.push_code_line(code);
            }
            Kind::IndentedCode(code) => {
                let blank = line.is_blank();
                if !blank && line.indent() < 4 {
                    return false;
                }
                line.skip_columns(4);
                line.push_code_line(code);
                // Blank lines are the block's only if more code follows them.
                if blank {
                    return true;
                }
            }
            _ => return false,
        }
        self.touch(number);
        true
    }

    /// Opens the quotes and list items the line starts with; whether it opened any.
    fn open_containers(
        &mut self,
        line: &mut Line,
        matched: usize,
        continues_paragraph: bool,
        number: usize,
    ) -> bool {
        let mut opened = false;
        while line.indent() < 4 {
            // The containers the line did not continue end where it starts one of its own.
            let keep = if opened { self.open.len() } else { matched };
            if line.next_after_indent() == Some(b'>') {
                self.close_containers_from(keep);
                line.take_quote_marker();
                self.open_container(Kind::Quote, number);
            } else if let Some(marker) = line
                .list_marker(continues_paragraph && !opened)
                .filter(|_| !line.is_thematic_break())
            {
                self.close_containers_from(keep);
                let content_indent = line.take_list_marker(&marker);
                self.open_item(marker, content_indent, number);
            } else {
                break;
            }
            opened = true;
        }
        opened
    }

    fn open_item(&mut self, marker: ListMarker, content_indent: usize, number: usize) {
        let current = *self.open.last().unwrap_or(&0);
        let same_list = matches!(
            self.blocks[current].kind,
            Kind::List { marker: byte, .. } if byte == marker.byte
        );
        if !same_list {
            self.open_container(
                Kind::List {
                    start: marker.start,
                    marker: marker.byte,
                },
                number,
            );
        }
        self.open_container(Kind::Item { content_indent }, number);
    }

    /// Adds a container block to the innermost open one (a list holds only items: anything
    /// else ends it).
    fn open_container(&mut self, kind: Kind, number: usize) {
        self.leaf = None;
        let is_item = matches!(kind, Kind::Item { .. });
        let id = self.add_block(kind, number, is_item);
        self.open.push(id);
        self.blank_continues_all = false;
    }

    fn add_block(&mut self, kind: Kind, number: usize, is_item: bool) -> usize {
        let mut parent = *self.open.last().unwrap_or(&0);
        if !is_item && matches!(self.blocks[parent].kind, Kind::List { .. }) {
            self.open.pop();
            self.blank_continues_all = false;
            parent = *self.open.last().unwrap_or(&0);
        }
        let id = self.blocks.len();
        self.blocks.push(Block::new(kind, number));
        self.blocks[parent].children.push(id);
        id
    }

    /// Closes the open containers from index `keep` on, and the leaf with them.
    fn close_containers_from(&mut self, keep: usize) {
        if keep < self.open.len() {
            self.open.truncate(keep);
            self.blank_continues_all = false;
            self.leaf = None;
        }
    }

    /// Marks the line as content of the open leaf; containers end with their last child
    /// (see `end_containers_with_their_children`).
    fn touch(&mut self, number: usize) {
        if let Some(leaf) = self.leaf {
            self.blocks[leaf].last_line = number;
        }
    }

    /// A container's last line is its last child's if that is later. Children come after
    /// their parent in `blocks`, so one backward pass sees every child before its parent.
    fn end_containers_with_their_children(&mut self) {
        for id in (0..self.blocks.len()).rev() {
            if let Some(&last) = self.blocks[id].children.last() {
                let child_end = self.blocks[last].last_line;
                let block = &mut self.blocks[id];
                block.last_line = block.last_line.max(child_end);
            }
        }
    }

    /// Adds a line to the open paragraph. Its indentation stays: the inline parser skips it,
    /// except inside a code span.
    fn add_to_paragraph(&mut self, line: &Line, number: usize) {
        if let Some(Kind::Paragraph(text)) = self.leaf.map(|leaf| &mut self.blocks[leaf].kind) {
            text.push('\n');
            line.push_rest(text);
        }
        self.touch(number);
    }

    /// Continues the open paragraph or table with the line; false if it starts a new block.
    fn continue_leaf(&mut self, line: &mut Line, number: usize) -> bool {
        let Some(leaf) = self.leaf else {
            return false;
        };
        let replacement = match &mut self.blocks[leaf].kind {
            Kind::Paragraph(text) => {
                let last_line_start = text.rfind('\n').map_or(0, |at| at + 1);
                let header = &text[last_line_start..];
                // As in pulldown-cmark, a table interrupts a paragraph only if its header
                // starts with a pipe.
                let may_be_header = last_line_start == 0 || header.trim_start().starts_with('|');
                if let Some(level) = line.setext_underline() {
                    Some(Kind::Heading(level, text.trim_end().to_string()))
                } else if let Some(table) = table_start(header, line).filter(|_| may_be_header) {
                    if last_line_start == 0 {
                        Some(table)
                    } else {
                        // The paragraph's last line is the table's header.
                        text.truncate(last_line_start - 1);
                        self.open_leaf_block(table, number);
                        return true;
                    }
                } else if interrupts_paragraph(line) {
                    return false;
                } else {
                    text.push('\n');
                    line.push_rest(text);
                    None
                }
            }
            Kind::Table(alignments, rows) => {
                // As in pulldown-cmark, what would interrupt a paragraph ends a table however
                // far it is indented (and the line may then be indented code).
                let mut unindented = line.clone();
                unindented.skip_indent();
                if interrupts_paragraph(&unindented) {
                    return false;
                }
                line.skip_indent();
                rows.push(table_cells(&line.rest(), alignments.len()));
                None
            }
            _ => return false,
        };
        self.touch(number);
        if let Some(kind) = replacement {
            // A heading takes no more lines.
            if matches!(kind, Kind::Heading(..)) {
                self.leaf = None;
            }
            self.blocks[leaf].kind = kind;
        }
        true
    }

    /// Starts the leaf block the line begins.
    fn open_leaf(&mut self, line: &mut Line, number: usize) {
        self.leaf = None;
        let kind = if line.indent() >= 4 {
            line.skip_columns(4);
            let mut code = String::new();
            line.push_code_line(&mut code);
            Kind::IndentedCode(code)
        } else if line.is_thematic_break() {
            Kind::Rule
        } else if let Some((level, text)) = line.atx_heading() {
            Kind::Heading(level, text.to_string())
        } else if let Some(fence) = line.opening_fence() {
            Kind::FencedCode(fence, String::new())
        } else {
            line.skip_indent();
            let mut text = String::new();
            line.push_rest(&mut text);
            Kind::Paragraph(text)
        };
        self.open_leaf_block(kind, number);
    }

    fn open_leaf_block(&mut self, kind: Kind, number: usize) {
        let takes_more_lines = !matches!(kind, Kind::Rule | Kind::Heading(..));
        let id = self.add_block(kind, number, false);
        self.leaf = takes_more_lines.then_some(id);
    }

    fn write_events(&self) -> Vec<Event> {
        let mut events = Vec::new();
        // Depth-first without recursion (containers nest as deep as a message makes them):
        // each entry is a container, how many of its children have been written, and for an
        // item whether its list is tight.
        let mut stack = vec![(0, 0, false)];
        while let Some((id, written, tight)) = stack.pop() {
            let Some(&child) = self.blocks[id].children.get(written) else {
                if let Some(end) = container_end(&self.blocks[id].kind) {
                    events.push(Event::End(end));
                }
                continue;
            };
            stack.push((id, written + 1, tight));
            let in_item = matches!(self.blocks[id].kind, Kind::Item { .. });
            match &self.blocks[child].kind {
                Kind::Quote => {
                    events.push(Event::Start(Tag::BlockQuote));
                    stack.push((child, 0, false));
                }
                Kind::List { start, .. } => {
                    events.push(Event::Start(Tag::List(*start)));
                    stack.push((child, 0, self.is_tight(child)));
                }
                Kind::Item { .. } => {
                    events.push(Event::Start(Tag::Item));
                    stack.push((child, 0, tight));
                }
                Kind::Paragraph(text) => {
                    write_paragraph(&mut events, text, in_item && tight, in_item && written == 0)
                }
                Kind::Heading(level, text) => {
                    events.push(Event::Start(Tag::Heading(*level)));
                    parse_inlines(text, &mut events);
                    events.push(Event::End(TagEnd::Heading(*level)));
                }
                Kind::FencedCode(fence, code) => {
                    write_code(&mut events, unescape(fence.info.trim()), code)
                }
                Kind::IndentedCode(code) => write_code(
                    &mut events,
                    String::new(),
                    without_trailing_blank_lines(code),
                ),
                Kind::Rule => events.push(Event::Rule),
                Kind::Table(alignments, rows) => write_table(&mut events, alignments, rows),
                Kind::Document => {}
            }
        }
        events
    }

    /// Whether `list` is tight: no blank line between its items, nor between the blocks of an
    /// item. Its items' paragraphs are then written without `<p>`.
    fn is_tight(&self, list: usize) -> bool {
        let separated = |blocks: &[usize]| {
            blocks
                .windows(2)
                .any(|pair| self.blocks[pair[0]].last_line + 1 < self.blocks[pair[1]].first_line)
        };
        let items = &self.blocks[list].children;
        !separated(items)
            && !items
                .iter()
                .any(|&item| separated(&self.blocks[item].children))
    }
}

/// The end event of a container block.
fn container_end(kind: &Kind) -> Option<TagEnd> {
    match kind {
        Kind::Quote => Some(TagEnd::BlockQuote),
        Kind::List { start, .. } => Some(TagEnd::List {
            ordered: start.is_some(),
        }),
        Kind::Item { .. } => Some(TagEnd::Item),
        _ => None,
    }
}

fn write_paragraph(events: &mut Vec<Event>, text: &str, in_tight_item: bool, first_in_item: bool) {
    if !in_tight_item {
        events.push(Event::Start(Tag::Paragraph));
    }
    let text = text.trim_end();
    match first_in_item.then(|| task_marker(text)).flatten() {
        Some((done, rest)) => {
            events.push(Event::TaskListMarker(done));
            parse_inlines(rest, events);
        }
        None => parse_inlines(text, events),
    }
    if !in_tight_item {
        events.push(Event::End(TagEnd::Paragraph));
    }
}

/// A task list item's `[ ]` or `[x]`, and the text after it.
fn task_marker(text: &str) -> Option<(bool, &str)> {
    let done = match text.get(..3)? {
        "[ ]" => false,
        "[x]" | "[X]" => true,
        _ => return None,
    };
    let rest = &text[3..];
    (rest.is_empty() || rest.starts_with([' ', '\t', '\n']))
        .then(|| (done, rest.trim_start_matches([' ', '\t', '\n'])))
}

/// An indented block's code: blank lines after it belong to no block.
fn without_trailing_blank_lines(code: &str) -> &str {
    let mut end = 0;
    let mut line_end = 0;
    for line in code.split_inclusive('\n') {
        line_end += line.len();
        if !line.trim().is_empty() {
            end = line_end;
        }
    }
    &code[..end]
}

fn write_code(events: &mut Vec<Event>, info: String, code: &str) {
    events.push(Event::Start(Tag::CodeBlock(info)));
    push_text(events, code);
    events.push(Event::End(TagEnd::CodeBlock));
}

fn write_table(events: &mut Vec<Event>, alignments: &[Alignment], rows: &[Vec<String>]) {
    events.push(Event::Start(Tag::Table(alignments.to_vec())));
    for (index, row) in rows.iter().enumerate() {
        let (start, end) = if index == 0 {
            (Tag::TableHead, TagEnd::TableHead)
        } else {
            (Tag::TableRow, TagEnd::TableRow)
        };
        events.push(Event::Start(start));
        for cell in row {
            events.push(Event::Start(Tag::TableCell));
            parse_inlines(cell, events);
            events.push(Event::End(TagEnd::TableCell));
        }
        events.push(Event::End(end));
    }
    events.push(Event::End(TagEnd::Table));
}

/// Whether the line starts a block that ends a paragraph without a blank line (quotes and list
/// items are checked as containers before).
fn interrupts_paragraph(line: &Line) -> bool {
    line.indent() < 4
        && (line.is_thematic_break()
            || line.atx_heading().is_some()
            || line.opening_fence().is_some())
}

/// A table, when `header` (a paragraph's last line) has cells and `line` is the delimiter row
/// under it with as many.
fn table_start(header: &str, line: &Line) -> Option<Kind> {
    if !header.contains('|') || line.indent() >= 4 {
        return None;
    }
    let rest = line.rest();
    let delimiter_row = rest.trim_start_matches([' ', '\t']);
    // pulldown-cmark takes no tabs in a delimiter row.
    if !delimiter_row.contains('|') || delimiter_row.contains('\t') {
        return None;
    }
    let delimiter_row = delimiter_row.trim_end();
    let cells = split_row(delimiter_row);
    let last = cells.len() - 1;
    let alignments = cells
        .into_iter()
        .enumerate()
        .map(|(index, cell)| {
            let dashes = cell.trim_start_matches(':').trim_end_matches(':');
            // Like pulldown-cmark, a last cell with no pipe after it may be a lone `:`.
            let may_lack_dashes = index == last && !delimiter_row.ends_with('|');
            if cell.is_empty()
                || (dashes.is_empty() && !may_lack_dashes)
                || !dashes.bytes().all(|b| b == b'-')
            {
                return None;
            }
            Some(
                match (cell.starts_with(':'), cell.len() > 1 && cell.ends_with(':')) {
                    (true, true) => Alignment::Center,
                    (true, false) => Alignment::Left,
                    (false, true) => Alignment::Right,
                    (false, false) => Alignment::None,
                },
            )
        })
        .collect::<Option<Vec<_>>>()?;
    let header = split_row(header.trim());
    if header.len() != alignments.len() {
        return None;
    }
    let header = header.into_iter().map(str::to_string).collect();
    Some(Kind::Table(alignments, vec![header]))
}

/// A row's cells, as many as the table has columns (missing ones empty).
fn table_cells(row: &str, columns: usize) -> Vec<String> {
    let mut cells: Vec<String> = split_row(row.trim())
        .into_iter()
        .take(columns)
        .map(str::to_string)
        .collect();
    cells.resize(columns, String::new());
    cells
}

/// A table row's cells, trimmed, split at the `|` that are not escaped; the row's outer pipes
/// are optional. An escaped pipe stays escaped: the inline parser turns `\|` into `|`.
fn split_row(row: &str) -> Vec<&str> {
    let row = row.strip_prefix('|').unwrap_or(row);
    let mut cells = Vec::new();
    let mut cell_start = 0;
    let mut escaped = false;
    for (at, byte) in row.bytes().enumerate() {
        match byte {
            b'|' if !escaped => {
                cells.push(row[cell_start..at].trim());
                cell_start = at + 1;
            }
            _ => {}
        }
        escaped = byte == b'\\' && !escaped;
    }
    let last = row[cell_start..].trim();
    if !last.is_empty() || cell_start == 0 {
        cells.push(last);
    }
    cells
}

fn is_closing_fence(line: &Line, fence: &Fence) -> bool {
    if line.indent() >= 4 {
        return false;
    }
    let rest = line.rest();
    let rest = rest.trim_start_matches([' ', '\t']);
    let len = rest.bytes().take_while(|&b| b == fence.byte).count();
    len >= fence.len && rest[len..].trim_matches([' ', '\t']).is_empty()
}

/// See `Line::break_run_start`.
fn break_run_start(text: &str) -> usize {
    let bytes = text.as_bytes();
    let is_space = |b: &u8| *b == b' ' || *b == b'\t';
    match bytes.iter().rev().find(|b| !is_space(b)) {
        Some(&marker) if b"*-_".contains(&marker) => bytes
            .iter()
            .rposition(|b| !is_space(b) && *b != marker)
            .map_or(0, |at| at + 1),
        _ => bytes.len(),
    }
}

/// A list item's marker: `-`, `+`, `*`, or a number with `.` or `)`.
struct ListMarker {
    byte: u8,
    start: Option<u64>,
    /// The marker's width in bytes.
    len: usize,
}

/// A line, consumed from the left as containers take their markers. Columns count tabs to the
/// next multiple of 4, as CommonMark does; a tab may be consumed in part.
#[derive(Clone)]
struct Line<'a> {
    text: &'a str,
    /// Where the run of one of `*`, `-`, `_` (spaces and tabs between) that ends the line
    /// starts: a thematic break can start only there or later. Found once, so that a line of
    /// nested list markers is not scanned again at each level.
    break_run_start: usize,
    /// Whether a line ending follows (the message's last line may have none).
    ended: bool,
    at: usize,
    column: usize,
    /// The tab at `at` is partly consumed: its remaining columns are spaces.
    in_tab: bool,
}

impl<'a> Line<'a> {
    fn new(text: &'a str, ended: bool) -> Self {
        Self {
            text,
            break_run_start: break_run_start(text),
            ended,
            at: 0,
            column: 0,
            in_tab: false,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        &self.text.as_bytes()[self.at..]
    }

    /// The columns of whitespace ahead.
    fn indent(&self) -> usize {
        let mut column = self.column;
        for &byte in self.bytes() {
            match byte {
                b' ' => column += 1,
                b'\t' => column += 4 - column % 4,
                _ => break,
            }
        }
        column - self.column
    }

    /// Consumes up to `columns` columns of whitespace.
    fn skip_columns(&mut self, columns: usize) {
        let target = self.column.saturating_add(columns);
        while self.column < target {
            match self.bytes().first() {
                Some(b' ') => {
                    self.at += 1;
                    self.column += 1;
                }
                Some(b'\t') => {
                    let tab_stop = self.column + 4 - self.column % 4;
                    if tab_stop <= target {
                        self.at += 1;
                        self.column = tab_stop;
                        self.in_tab = false;
                    } else {
                        self.column = target;
                        self.in_tab = true;
                    }
                }
                _ => break,
            }
        }
    }

    fn skip_indent(&mut self) {
        self.skip_columns(usize::MAX);
    }

    /// Skips `len` bytes of a marker (never whitespace).
    fn skip_bytes(&mut self, len: usize) {
        self.at += len;
        self.column += len;
        self.in_tab = false;
    }

    fn next_after_indent(&self) -> Option<u8> {
        self.bytes()
            .iter()
            .copied()
            .find(|&byte| byte != b' ' && byte != b'\t')
    }

    fn is_blank(&self) -> bool {
        self.next_after_indent().is_none()
    }

    /// The rest of the line, a partly consumed tab's columns as spaces.
    fn rest(&self) -> Cow<'a, str> {
        if self.in_tab {
            let mut rest = String::new();
            self.push_rest(&mut rest);
            Cow::Owned(rest)
        } else {
            Cow::Borrowed(&self.text[self.at..])
        }
    }

    fn push_rest(&self, out: &mut String) {
        if self.in_tab {
            out.extend(std::iter::repeat_n(' ', 4 - self.column % 4));
            out.push_str(&self.text[self.at + 1..]);
        } else {
            out.push_str(&self.text[self.at..]);
        }
    }

    /// The rest of the line as a line of code, with its line ending if it has one.
    fn push_code_line(&self, code: &mut String) {
        self.push_rest(code);
        if self.ended {
            code.push('\n');
        }
    }

    /// The text after up to 3 columns of indentation, or none if the line is indented more.
    fn after_indent(&self) -> Option<&'a str> {
        (self.indent() < 4).then(|| self.text[self.at..].trim_start_matches([' ', '\t']))
    }

    /// `>` and one column of the whitespace after it, if the line has them.
    fn take_quote_marker(&mut self) -> bool {
        if self.indent() >= 4 || self.next_after_indent() != Some(b'>') {
            return false;
        }
        self.skip_indent();
        self.skip_bytes(1);
        self.skip_columns(1);
        true
    }

    /// `***`, `---` or `___`, three or more, spaces and tabs allowed between.
    fn is_thematic_break(&self) -> bool {
        let Some(rest) = self.after_indent() else {
            return false;
        };
        let Some(&byte) = rest.as_bytes().first() else {
            return false;
        };
        self.text.len() - rest.len() >= self.break_run_start
            && rest.bytes().filter(|&b| b == byte).count() >= 3
    }

    /// A setext heading's underline (`===` for level 1, `---` for 2).
    fn setext_underline(&self) -> Option<u8> {
        let rest = self.after_indent()?.trim_end_matches([' ', '\t']);
        let byte = *rest.as_bytes().first()?;
        let level = match byte {
            b'=' => 1,
            b'-' => 2,
            _ => return None,
        };
        rest.bytes().all(|b| b == byte).then_some(level)
    }

    /// `# Title` to `###### Title`: the level and the title, without a closing `#` sequence.
    fn atx_heading(&self) -> Option<(u8, &'a str)> {
        let rest = self.after_indent()?;
        let level = rest.bytes().take_while(|&b| b == b'#').count();
        if !(1..=6).contains(&level) {
            return None;
        }
        let title = &rest[level..];
        if !title.is_empty() && !title.starts_with([' ', '\t']) {
            return None;
        }
        // Trailing tabs stay, as in pulldown-cmark (the browser shows them as spaces anyway).
        let title = title.trim_start_matches([' ', '\t']).trim_end_matches(' ');
        let without_closing = title.trim_end_matches('#');
        let has_closing = without_closing.len() < title.len()
            && (without_closing.is_empty() || without_closing.ends_with(' '));
        let title = if has_closing {
            without_closing.trim_end_matches(' ')
        } else {
            title
        };
        Some((level as u8, title))
    }

    /// A code fence: three or more backticks or tildes, and an info string (without backticks
    /// after a backtick fence).
    fn opening_fence(&self) -> Option<Fence> {
        let rest = self.after_indent()?;
        let byte = *rest.as_bytes().first()?;
        if byte != b'`' && byte != b'~' {
            return None;
        }
        let len = rest.bytes().take_while(|&b| b == byte).count();
        let info = &rest[len..];
        if len < 3 || (byte == b'`' && info.contains('`')) {
            return None;
        }
        Some(Fence {
            info: info.to_string(),
            byte,
            len,
            indent: self.indent(),
        })
    }

    /// The list item marker the line starts with. One that would interrupt a paragraph must
    /// have text after it, and a number must be 1, so that "in 2020. we…" wrapped onto a new
    /// line stays text.
    fn list_marker(&self, interrupting: bool) -> Option<ListMarker> {
        let rest = self.after_indent()?;
        let bytes = rest.as_bytes();
        let marker = match *bytes.first()? {
            byte @ (b'-' | b'+' | b'*') => ListMarker {
                byte,
                start: None,
                len: 1,
            },
            b'0'..=b'9' => {
                let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                let delimiter = *bytes.get(digits)?;
                if digits > 9 || (delimiter != b'.' && delimiter != b')') {
                    return None;
                }
                ListMarker {
                    byte: delimiter,
                    start: rest[..digits].parse().ok(),
                    len: digits + 1,
                }
            }
            _ => return None,
        };
        let after = &rest[marker.len..];
        if !after.is_empty() && !after.starts_with([' ', '\t']) {
            return None;
        }
        if interrupting && (after.trim().is_empty() || marker.start.is_some_and(|n| n != 1)) {
            return None;
        }
        Some(marker)
    }

    /// Consumes a list marker and the spaces after it; the item's content indentation, in
    /// columns from where the marker's indentation started.
    fn take_list_marker(&mut self, marker: &ListMarker) -> usize {
        let start = self.column;
        self.skip_indent();
        self.skip_bytes(marker.len);
        let spaces = self.indent();
        if self.is_blank() {
            // The content starts on the next line, one column past the marker.
            return self.column + 1 - start;
        }
        // Five or more spaces make the content an indented code block, one column in.
        self.skip_columns(if spaces >= 5 { 1 } else { spaces });
        self.column - start
    }
}
