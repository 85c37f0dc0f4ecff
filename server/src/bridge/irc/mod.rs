//! The IRC transport: one client connection per bridged channel (plain TCP or TLS), registered
//! under the bridge's nick and joined to the room. It turns relayed posts into paced PRIVMSG lines
//! and the room's PRIVMSGs into `Inbound` messages; everything else about IRC stays in here.

mod flood;
mod message;
mod text;

use std::collections::VecDeque;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{timeout, timeout_at, Instant};

use self::flood::TokenBucket;
use self::message::{same_name, Message};
use super::{tls_connector, Inbound, InboundKind, LinkError, Relayed, Secret};

/// IRC's limit for one line, CR LF included (RFC 1459 §2.3).
const LINE_MAX: usize = 512;
/// What the server puts before a relayed line, at most: `:nick!user@host ` with a user name of
/// up to 10 bytes and a host name of up to 63.
const SOURCE_MAX_EXTRA: usize = ":!@ ".len() + 10 + 63;
/// A received line longer than this (tags included) is garbage: the connection is dropped.
const RECEIVED_LINE_MAX: usize = 16 * 1024;
/// Lines of a burst, and then one line per `FLOOD_REFILL`: slower than public networks allow.
const FLOOD_BURST: u32 = 4;
const FLOOD_REFILL: Duration = Duration::from_millis(500);
const CONNECT_WITHIN: Duration = Duration::from_secs(15);
const REGISTER_WITHIN: Duration = Duration::from_secs(30);
/// After this long without a word from the server the bridge sends PING, and gives the link up
/// when `PONG_WITHIN` passes without an answer: a dead link is found even when TCP does not say.
const PING_AFTER: Duration = Duration::from_secs(60);
const PONG_WITHIN: Duration = Duration::from_secs(30);
/// Messages kept while a backlog is being sent (the oldest go first beyond this).
const HEARD_MAX: usize = 1000;
/// How many suffixed nicks to try when the nick is taken.
const NICK_ATTEMPTS: u32 = 9;

/// Where and as whom to connect, from an `irc://host[:port]/#room` (or `ircs://`) URL.
#[derive(Clone, Debug)]
pub struct IrcEndpoint {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub room: String,
    pub nick: String,
    /// Sent to NickServ (`IDENTIFY nick password`) once registered.
    pub password: Option<Secret>,
}

impl IrcEndpoint {
    /// Reads the URL; the error says what is wrong with it.
    pub fn parse(url: &str, nick: &str, password: Option<Secret>) -> Result<Self, String> {
        let (tls, rest) = if let Some(rest) = url.strip_prefix("ircs://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("irc://") {
            (false, rest)
        } else {
            return Err(format!("`{url}` is not an irc:// or ircs:// URL"));
        };
        let (authority, room) = rest
            .split_once('/')
            .ok_or_else(|| format!("`{url}` names no room (irc://host/#room)"))?;
        let (host, port) = super::split_authority(url, authority)?;
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '@') {
            return Err(format!("`{url}` has no usable host"));
        }
        let port = super::parse_port(url, port, if tls { 6697 } else { 6667 })?;
        let room = if room.starts_with(['#', '&']) {
            room.to_string()
        } else {
            format!("#{room}")
        };
        let room_ok = room.len() > 1
            && room.len() <= 50
            && !room.contains(|c: char| c.is_whitespace() || c == ',' || c == '\x07');
        if !room_ok {
            return Err(format!("`{url}` has a bad room name `{room}`"));
        }
        let nick_ok = !nick.is_empty()
            && nick.len() <= 30
            && !nick.starts_with(|c: char| c.is_ascii_digit() || c == '-')
            && nick
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_[]\\`^{}|".contains(c));
        if !nick_ok {
            return Err(format!("`{nick}` is not a valid IRC nick"));
        }
        Ok(Self {
            tls,
            host: host.to_string(),
            port,
            room,
            nick: nick.to_string(),
            password,
        })
    }

    /// `host:port` as people write it.
    pub fn server(&self) -> String {
        crate::bridge::host_and_port(&self.host, self.port)
    }

    /// Connects, registers (a taken nick gets a digit) and joins the room.
    pub async fn connect(&self) -> Result<IrcLink, LinkError> {
        let tcp = timeout(
            CONNECT_WITHIN,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| LinkError::new("no answer to connect"))??;
        tcp.set_nodelay(true)?;
        let stream: Box<dyn Stream> = if self.tls {
            let name = rustls::pki_types::ServerName::try_from(self.host.clone())
                .map_err(|_| LinkError::new("the host is not a valid TLS server name"))?;
            Box::new(tls_connector()?.connect(name, tcp).await?)
        } else {
            Box::new(tcp)
        };
        let mut link = IrcLink {
            stream,
            received: Vec::new(),
            unsent: Vec::new(),
            nick: self.nick.clone(),
            room: self.room.clone(),
            flood: TokenBucket::new(FLOOD_BURST, FLOOD_REFILL, Instant::now()),
            heard_at: Instant::now(),
            pinged: false,
            heard: VecDeque::new(),
        };
        timeout(REGISTER_WITHIN, link.register(self.password.as_ref()))
            .await
            .map_err(|_| LinkError::new("no welcome from the server"))??;
        timeout(REGISTER_WITHIN, link.join())
            .await
            .map_err(|_| LinkError::new("no answer to JOIN"))??;
        Ok(link)
    }
}

/// A byte stream, TLS or not.
trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// A registered connection joined to the room.
pub struct IrcLink {
    stream: Box<dyn Stream>,
    /// Bytes read and not yet taken as lines.
    received: Vec<u8>,
    /// Bytes queued and not yet written: a write cut short (the relay stops reading to send a
    /// post) resumes where it stopped, so no line is ever sent half.
    unsent: Vec<u8>,
    /// The nick the server gave us (the wanted one, or with a suffix).
    nick: String,
    room: String,
    flood: TokenBucket,
    heard_at: Instant,
    pinged: bool,
    /// Said in the room while we were sending, for `next` to hand out.
    heard: VecDeque<Inbound>,
}

impl IrcLink {
    /// Sends a post as paced PRIVMSG lines.
    pub async fn send(&mut self, post: &Relayed) -> Result<(), LinkError> {
        for line in render(post, &self.nick, &self.room) {
            self.wait_for_token().await?;
            self.queue(&line);
            self.flush().await?;
        }
        Ok(())
    }

    /// The next message said in the room by someone else; answers PINGs on the way. An error
    /// means the link is gone.
    pub async fn next(&mut self) -> Result<Inbound, LinkError> {
        match self.heard.pop_front() {
            Some(heard) => Ok(heard),
            None => self.hear().await,
        }
    }

    /// Waits for the flood control's next token, reading meanwhile: a long backlog takes minutes
    /// to send, and the server must still get its PONGs (what is said is kept for `next`).
    async fn wait_for_token(&mut self) -> Result<(), LinkError> {
        loop {
            let wait = match self.flood.try_take(Instant::now()) {
                Ok(()) => return Ok(()),
                Err(wait) => wait,
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                heard = self.hear() => {
                    if self.heard.len() >= HEARD_MAX {
                        self.heard.pop_front();
                        tracing::warn!(room = %self.room, "IRC messages arrive faster than the bridge can post: oldest dropped");
                    }
                    self.heard.push_back(heard?);
                }
            }
        }
    }

    /// Reads until someone says something in the room. Cancel-safe: nothing read is lost.
    async fn hear(&mut self) -> Result<Inbound, LinkError> {
        loop {
            let line = self.read_message().await?;
            let Some(message) = Message::parse(&line) else {
                continue;
            };
            match message.command {
                "KICK"
                    if same_name(message.param(0), &self.room)
                        && same_name(message.param(1), &self.nick) =>
                {
                    return Err(LinkError::new(format!(
                        "kicked from {}: {}",
                        self.room,
                        message.param(2)
                    )));
                }
                "NICK"
                    if message
                        .nick()
                        .is_some_and(|nick| same_name(nick, &self.nick)) =>
                {
                    self.nick = message.param(0).to_string();
                }
                "PRIVMSG" => {
                    if let Some(inbound) = self.inbound(&message) {
                        return Ok(inbound);
                    }
                }
                _ => {}
            }
        }
    }

    fn inbound(&self, message: &Message) -> Option<Inbound> {
        let nick = message.nick()?;
        // Our own lines never come back as posts (servers do not echo them; some relay them).
        if !same_name(message.param(0), &self.room) || same_name(nick, &self.nick) {
            return None;
        }
        let said = message.param(1);
        let (said, action) = match text::ctcp_action(said) {
            Some(action) => (action, true),
            // Other CTCP requests (VERSION, PING...) are for clients, not for the channel.
            None if said.starts_with('\x01') => return None,
            None => (said, false),
        };
        let text = text::strip_formatting(said).trim().to_string();
        (!text.is_empty()).then(|| Inbound {
            kind: InboundKind::Said,
            nick: nick.to_string(),
            text,
            action,
            remote_id: None,
            in_reply_to: None,
            resume_from: None,
            file: None,
        })
    }

    async fn register(&mut self, password: Option<&Secret>) -> Result<(), LinkError> {
        let wanted = self.nick.clone();
        self.queue(&format!("NICK {wanted}"));
        self.queue("USER brisk 0 * :brisk bridge");
        let mut attempt = 0;
        loop {
            let line = self.read_message().await?;
            let Some(message) = Message::parse(&line) else {
                continue;
            };
            match message.command {
                "001" => {
                    self.nick = message.param(0).to_string();
                    break;
                }
                // Nick in use, or held after a collision: try the next suffix.
                "433" | "436" | "437" if attempt < NICK_ATTEMPTS => {
                    attempt += 1;
                    self.nick = format!("{wanted}{attempt}");
                    let nick_line = format!("NICK {}", self.nick);
                    self.queue(&nick_line);
                }
                "432" | "433" | "436" | "437" | "464" | "465" => {
                    return Err(LinkError::new(format!(
                        "registration refused ({}): {}",
                        message.command,
                        message.params.last().copied().unwrap_or("")
                    )))
                }
                _ => {}
            }
        }
        if let Some(password) = password {
            self.queue(&format!(
                "PRIVMSG NickServ :IDENTIFY {wanted} {}",
                password.expose()
            ));
        }
        Ok(())
    }

    async fn join(&mut self) -> Result<(), LinkError> {
        let join = format!("JOIN {}", self.room);
        self.queue(&join);
        loop {
            let line = self.read_message().await?;
            let Some(message) = Message::parse(&line) else {
                continue;
            };
            match message.command {
                // End of the member list: joined.
                "366" if same_name(message.param(1), &self.room) => return Ok(()),
                "403" | "405" | "471" | "473" | "474" | "475" | "477" | "489" => {
                    return Err(LinkError::new(format!(
                        "cannot join {}: {}",
                        self.room,
                        message.params.last().copied().unwrap_or("")
                    )))
                }
                _ => {}
            }
        }
    }

    /// The next line that is more than housekeeping: PINGs are answered here, and the server's
    /// ERROR (a K-line, a timeout, a restart) ends the link.
    async fn read_message(&mut self) -> Result<String, LinkError> {
        loop {
            let line = self.read_line().await?;
            match Message::parse(&line) {
                Some(message) if message.command == "PING" => {
                    let pong = format!("PONG :{}", message.param(0));
                    self.queue(&pong);
                }
                Some(message) if message.command == "ERROR" => {
                    return Err(LinkError::new(format!("server: {}", message.param(0))));
                }
                _ => return Ok(line),
            }
        }
    }

    /// Queues one line; CR, LF and NUL in it are dropped, so text can never smuggle a command.
    fn queue(&mut self, line: &str) {
        self.unsent
            .extend(line.bytes().filter(|b| !matches!(b, b'\r' | b'\n' | 0)));
        self.unsent.extend_from_slice(b"\r\n");
    }

    async fn flush(&mut self) -> Result<(), LinkError> {
        while !self.unsent.is_empty() {
            let written = self.stream.write(&self.unsent).await?;
            if written == 0 {
                return Err(LinkError::new("the connection closed while writing"));
            }
            self.unsent.drain(..written);
        }
        self.stream.flush().await?;
        Ok(())
    }

    /// The next non-empty line, with the keepalive: PING after a quiet spell, give up when even
    /// that gets no answer.
    async fn read_line(&mut self) -> Result<String, LinkError> {
        loop {
            if let Some(end) = self.received.iter().position(|&b| b == b'\n') {
                let raw: Vec<u8> = self.received.drain(..=end).collect();
                let line = text::decode(raw.trim_ascii_end());
                if line.is_empty() {
                    continue;
                }
                return Ok(line);
            }
            if self.received.len() > RECEIVED_LINE_MAX {
                return Err(LinkError::new("the server sent a line too long"));
            }
            self.flush().await?;
            let quiet_limit = if self.pinged {
                PING_AFTER + PONG_WITHIN
            } else {
                PING_AFTER
            };
            match timeout_at(
                self.heard_at + quiet_limit,
                self.stream.read_buf(&mut self.received),
            )
            .await
            {
                Ok(Ok(0)) => return Err(LinkError::new("the server closed the connection")),
                Ok(Ok(_)) => {
                    self.heard_at = Instant::now();
                    self.pinged = false;
                }
                Ok(Err(err)) => return Err(err.into()),
                Err(_) if self.pinged => return Err(LinkError::new("no answer to PING")),
                Err(_) => {
                    self.queue("PING :brisk");
                    self.pinged = true;
                }
            }
        }
    }
}

/// The PRIVMSG lines for a post: `<author> text` per line (or a CTCP ACTION for `/me`), the first
/// line saying whom a reply answers, each cut so that the line as the server relays it (with our
/// `:nick!user@host` in front) stays within 512 bytes.
fn render(post: &Relayed, nick: &str, room: &str) -> Vec<String> {
    let plain = text::markdown_to_plain(&post.message);
    let mut lines: Vec<String> = plain.lines().map(str::to_string).collect();
    lines.extend(post.links.iter().cloned());
    if let Some(to) = &post.reply_to {
        match lines.first_mut() {
            Some(first) => *first = format!("re {to}: {first}"),
            None => lines.push(format!("re {to}")),
        }
    }
    let (head, tail) = if post.action {
        (format!("\x01ACTION {} ", post.author), "\x01")
    } else {
        (format!("<{}> ", post.author), "")
    };
    let command = format!("PRIVMSG {room} :");
    let budget = LINE_MAX
        .saturating_sub("\r\n".len() + SOURCE_MAX_EXTRA + nick.len())
        .saturating_sub(command.len() + head.len() + tail.len());
    // IRC ends a line at CR or LF and forbids NUL (RFC 1459 §2.3.1): whatever a post holds (a
    // file's name too), it must not end its PRIVMSG and start a command of its own.
    let lines: Vec<String> = lines
        .iter()
        .flat_map(|line| line.split(['\r', '\n']))
        .map(|line| line.replace('\0', ""))
        .collect();
    lines
        .iter()
        .flat_map(|line| text::split_to_fit(line, budget))
        .map(|piece| format!("{command}{head}{piece}{tail}"))
        .collect()
}

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod tests {
    use super::*;

    fn post(message: &str) -> Relayed {
        Relayed {
            author: "bob".into(),
            message: message.into(),
            ..Default::default()
        }
    }

    #[test]
    fn urls_name_host_port_and_room() {
        let plain = IrcEndpoint::parse("irc://127.0.0.1:6667/#oxbow", "brisk", None).expect("url");
        assert_eq!(
            (plain.tls, plain.server(), plain.room.as_str()),
            (false, "127.0.0.1:6667".to_string(), "#oxbow")
        );
        let tls = IrcEndpoint::parse("ircs://irc.libera.chat/oxbow", "brisk", None).expect("url");
        assert_eq!(
            (tls.tls, tls.port, tls.room.as_str()),
            (true, 6697, "#oxbow")
        );
        let v6 = IrcEndpoint::parse("irc://[::1]/#a", "brisk", None).expect("url");
        assert_eq!(v6.server(), "[::1]:6667");
        for bad in [
            "http://x/#a",
            "irc://x",
            "irc:///#a",
            "irc://x:0/#a",
            "irc://x:port/#a",
            "irc://x/#a b",
            "irc://x/",
        ] {
            assert!(IrcEndpoint::parse(bad, "brisk", None).is_err(), "{bad}");
        }
        assert!(IrcEndpoint::parse("irc://x/#a", "9lives", None).is_err());
        assert!(IrcEndpoint::parse("irc://x/#a", "has space", None).is_err());
    }

    #[test]
    fn posts_render_as_speaker_lines() {
        assert_eq!(
            render(&post("**hi**\nsecond line"), "brisk", "#oxbow"),
            vec![
                "PRIVMSG #oxbow :<bob> hi",
                "PRIVMSG #oxbow :<bob> second line"
            ]
        );
        let reply = Relayed {
            reply_to: Some("alice".into()),
            ..post("agreed")
        };
        assert_eq!(
            render(&reply, "brisk", "#oxbow"),
            vec!["PRIVMSG #oxbow :<bob> re alice: agreed"]
        );
        let action = Relayed {
            action: true,
            ..post("waves")
        };
        assert_eq!(
            render(&action, "brisk", "#oxbow"),
            vec!["PRIVMSG #oxbow :\x01ACTION bob waves\x01"]
        );
        let file = Relayed {
            links: vec!["http://chat/t/pl/p1".into()],
            ..post("")
        };
        assert_eq!(
            render(&file, "brisk", "#oxbow"),
            vec!["PRIVMSG #oxbow :<bob> http://chat/t/pl/p1"]
        );
    }

    #[test]
    fn long_posts_fit_in_relayed_lines() {
        let long = "ünïcödé ".repeat(200);
        let lines = render(&post(&long), "brisk", "#oxbow");
        assert!(lines.len() > 3);
        let worst_source = format!(":brisk!{}@{} ", "u".repeat(10), "h".repeat(63));
        for line in &lines {
            assert!(worst_source.len() + line.len() + 2 <= LINE_MAX, "{line}");
        }
        let said: Vec<&str> = lines
            .iter()
            .map(|line| line.trim_start_matches("PRIVMSG #oxbow :<bob> "))
            .collect();
        assert_eq!(said.join(" "), long.trim_end());
    }

    #[test]
    fn nothing_in_a_post_can_end_its_line_and_start_a_command() {
        let sneaky = Relayed {
            links: vec!["a.png\rQUIT :gone http://chat/f".into()],
            ..post("`hi\rJOIN #elsewhere` and a\0nul")
        };
        let lines = render(&sneaky, "brisk", "#oxbow");
        assert!(
            lines.iter().all(|l| l.starts_with("PRIVMSG #oxbow :<bob> ")
                && !l.contains(['\r', '\n', '\0'])),
            "{lines:?}"
        );
    }
}
