//! Fuzz-style checks of what the IRC transport reads and writes: any line a server (or anyone in
//! the room) sends is read without a panic, and any post, whatever its markdown, goes out as
//! PRIVMSG lines that fit IRC's 512 bytes and cannot smuggle in a line of their own. Cases come
//! from a seeded generator; failures name the seed that replays them.

use std::time::{Duration, Instant};

use brisk_model::fuzz::Generator;

use super::message::Message;
use super::{render, text, LINE_MAX, SOURCE_MAX_EXTRA};
use crate::bridge::Relayed;

const LINE_FRAGMENTS: &[&str] = &[
    "@time=2026-01-01T00:00:00Z;msgid=x ",
    "@",
    ":",
    ":bob!b@host ",
    "bob",
    "!",
    "@",
    " ",
    "PRIVMSG",
    "NOTICE",
    "PING",
    "001",
    "433",
    "JOIN",
    "#oxbow",
    "#OXBOW",
    "[]\\~",
    " :",
    ":hi",
    "\x01ACTION waves\x01",
    "\x01VERSION\x01",
    "\x01",
    "\x02",
    "\x03",
    "\x0304,12",
    "\x03,",
    "\x04",
    "\x04ff00ff,00ff00",
    "\x0f",
    "\x11",
    "\x16",
    "\x1d",
    "\x1e",
    "\x1f",
    "é",
    "🦀",
    "\u{0}",
    "\r",
];

const MARKDOWN_FRAGMENTS: &[&str] = &[
    "word",
    " ",
    "\n",
    "\r\n",
    "\r",
    "**",
    "_",
    "`",
    "```\n",
    "> ",
    "- ",
    "# ",
    "[a](https://x.y)",
    "![i](https://x.y/a.png)",
    "<b>",
    "&amp;",
    "\\",
    "|a|\n|-|\n",
    "\u{0}",
    "\x01",
    "PRIVMSG #x :",
    "QUIT :bye",
    "é",
    "🦀",
    "\u{2028}",
    "\u{85}",
    "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
];

const PER_INPUT: Duration = Duration::from_millis(200);

#[test]
fn any_received_line_is_read_without_a_panic() {
    let mut generator = Generator::new(0x5eed_0201);
    for case in 0..3000 {
        let mut bytes = generator.text(LINE_FRAGMENTS, 24).into_bytes();
        if case % 5 == 0 {
            // Latin-1 and broken UTF-8, as older clients send.
            bytes.push(0xe9);
            bytes.extend(generator.any_chars(8).bytes().rev());
        }
        let label = generator.case(case);
        let started = Instant::now();
        let line = text::decode(&bytes);
        if let Some(message) = Message::parse(&line) {
            assert!(!message.command.is_empty(), "{label}: {line:?}");
            let _ = (message.nick(), message.param(0), message.param(7));
            let said = message.param(1);
            let plain = text::strip_formatting(text::ctcp_action(said).unwrap_or(said));
            assert!(
                !plain
                    .chars()
                    .any(|c| matches!(c, '\x02' | '\x03' | '\x04' | '\x0f' | '\x1d' | '\x1f')),
                "{label}: formatting left in {plain:?}"
            );
        }
        assert!(started.elapsed() < PER_INPUT, "{label}: {line:?}");
    }
}

#[test]
fn any_post_goes_out_as_lines_within_irc_limits() {
    let mut generator = Generator::new(0x5eed_0202);
    let nick = "brisk";
    for case in 0..1500 {
        let post = Relayed {
            // Usernames are checked when made (model::rules): letters, digits and `.-_`.
            author: generator.text(&["bob", "ann.b", "x_y-z", "0"], 3),
            message: generator.text(MARKDOWN_FRAGMENTS, 60),
            reply_to: (case % 3 == 0).then(|| "ann".to_string()),
            action: case % 4 == 0,
            links: vec![generator.text(MARKDOWN_FRAGMENTS, 3)],
            ..Relayed::default()
        };
        let label = generator.case(case);
        let started = Instant::now();
        for line in render(&post, nick, "#oxbow") {
            assert!(
                line.len() + "\r\n".len() + SOURCE_MAX_EXTRA + nick.len() <= LINE_MAX,
                "{label}: {} bytes: {line:?}",
                line.len()
            );
            assert!(
                !line.contains(['\r', '\n', '\0']),
                "{label}: a line break would start a command of its own: {line:?}"
            );
        }
        assert!(started.elapsed() < PER_INPUT, "{label}: {post:?}");
    }
}
