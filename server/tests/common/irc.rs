//! Real IRC for the bridge tests: an ngircd per test on a free loopback port, and a raw IRC
//! client over TCP that plays the person on the IRC side.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use tokio::time::{timeout, Instant};

/// How long a test waits for something the other side should do at once.
pub const WAIT: Duration = Duration::from_secs(15);

/// The ngircd binary: `$NGIRCD`, or Debian's.
fn ngircd_binary() -> PathBuf {
    std::env::var_os("NGIRCD")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/ngircd"))
}

/// A free loopback port (the OS picks one; it is free again once the probe closes).
pub fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("probe port");
    probe.local_addr().expect("probe address").port()
}

/// An ngircd in the foreground, killed when dropped.
pub struct Ngircd {
    pub port: u16,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Ngircd {
    pub async fn start() -> Self {
        Self::start_on(free_port()).await
    }

    /// Starts ngircd on `port` and waits until it accepts connections.
    pub async fn start_on(port: u16) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let conf = dir.path().join("ngircd.conf");
        std::fs::write(&conf, config(port)).expect("write ngircd.conf");
        let child = spawn(&conf);
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            assert!(Instant::now() < deadline, "ngircd did not listen on {port}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Self {
            port,
            child,
            _dir: dir,
        }
    }

    /// SIGKILL, as a crash would: no goodbye to anyone connected.
    pub async fn kill(mut self) -> u16 {
        self.child.kill().await.expect("kill ngircd");
        self.port
    }

    pub fn url(&self, room: &str) -> String {
        format!("irc://127.0.0.1:{}/{room}", self.port)
    }
}

fn spawn(conf: &Path) -> Child {
    Command::new(ngircd_binary())
        .arg("-n")
        .arg("-f")
        .arg(conf)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start ngircd (install Debian's ngircd: cargo xtask setup)")
}

/// A quiet ngircd for one test: loopback only, no PAM, ident or DNS delays, no flood penalty
/// for the test client (the bridge paces itself anyway).
fn config(port: u16) -> String {
    format!(
        "[Global]\n\tName = irc.test.local\n\tInfo = test\n\tListen = 127.0.0.1\n\tPorts = {port}\n\
         \tServerUID = {uid}\n\tServerGID = {gid}\n\
         [Limits]\n\tMaxConnectionsIP = 0\n\tMaxJoins = 0\n\tMaxNickLength = 30\n\tMaxPenaltyTime = 0\n\
         [Options]\n\tPAM = no\n\tIdent = no\n\tDNS = no\n",
        uid = id("-u"),
        gid = id("-g"),
    )
}

/// The current user or group id: ngircd started by root drops to ServerUID.
fn id(flag: &str) -> String {
    std::process::Command::new("id")
        .arg(flag)
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|id| id.trim().to_string())
        .unwrap_or_else(|| "0".into())
}

/// A PRIVMSG as the IRC client saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub nick: String,
    pub text: String,
    /// The whole line as received, without CR LF.
    pub raw: Vec<u8>,
}

/// A person on IRC: registered, in the room.
pub struct IrcClient {
    pub nick: String,
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
    room: String,
}

impl IrcClient {
    /// Connects as `nick`, joins `room`, and returns once in it.
    pub async fn join(port: u16, nick: &str, room: &str) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect to ngircd");
        let (reader, writer) = stream.into_split();
        let mut client = Self {
            nick: nick.to_string(),
            reader: BufReader::new(reader),
            writer,
            room: room.to_string(),
        };
        client
            .send(format!("NICK {nick}\r\nUSER {nick} 0 * :{nick}\r\n").as_bytes())
            .await;
        client.wait_for(|line| line.contains(" 001 ")).await;
        client.send(format!("JOIN {room}\r\n").as_bytes()).await;
        client.wait_for(|line| line.contains(" 366 ")).await;
        client
    }

    pub async fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("write to ngircd");
    }

    /// Says `text` in the room.
    pub async fn say(&mut self, text: &str) {
        let line = format!("PRIVMSG {} :{text}\r\n", self.room);
        self.send(line.as_bytes()).await;
    }

    /// The next line (PINGs answered), without CR LF.
    async fn line(&mut self) -> Vec<u8> {
        loop {
            let mut raw = Vec::new();
            let read = timeout(WAIT, self.reader.read_until(b'\n', &mut raw))
                .await
                .expect("a line from ngircd in time")
                .expect("read from ngircd");
            assert!(read > 0, "ngircd closed the connection");
            while raw.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                raw.pop();
            }
            if let Some(token) = raw.strip_prefix(b"PING ") {
                let pong = [b"PONG ", token, b"\r\n"].concat();
                self.send(&pong).await;
                continue;
            }
            return raw;
        }
    }

    /// Reads lines until one matches; returns it.
    pub async fn wait_for(&mut self, matches: impl Fn(&str) -> bool) -> String {
        loop {
            let line = String::from_utf8_lossy(&self.line().await).into_owned();
            if matches(&line) {
                return line;
            }
        }
    }

    /// The next PRIVMSG to the room.
    pub async fn next_said(&mut self) -> Said {
        loop {
            let raw = self.line().await;
            let line = String::from_utf8_lossy(&raw).into_owned();
            let Some(rest) = line.strip_prefix(':') else {
                continue;
            };
            let Some((source, rest)) = rest.split_once(' ') else {
                continue;
            };
            let Some(text) = rest
                .strip_prefix("PRIVMSG ")
                .and_then(|rest| rest.split_once(" :"))
                .map(|(_, text)| text)
            else {
                continue;
            };
            return Said {
                nick: source.split('!').next().unwrap_or("").to_string(),
                text: text.to_string(),
                raw,
            };
        }
    }
}
