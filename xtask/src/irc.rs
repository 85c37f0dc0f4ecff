//! `cargo xtask serve --irc`: a local IRC server (Debian's ngircd) with the demo's IRC channel
//! bridged to its #oxbow room, so anyone can try the bridge with any IRC client.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::{command, output};
use crate::setup::NGIRCD;

/// The demo channel bridged (by `--matrix` too), and the room it is bridged to.
pub const DEMO_CHANNEL: &str = "demo/irc";
pub const ROOM: &str = "#oxbow";

/// An ngircd on loopback, stopped when dropped.
pub struct LocalIrc {
    child: Child,
    pub port: u16,
}

impl LocalIrc {
    /// Starts ngircd on 6667 (or any free port when 6667 is taken) with its files in `dir`.
    pub fn start(dir: &Path) -> Result<Self, String> {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let port = free_port()?;
        let conf = dir.join("ngircd.conf");
        fs::write(&conf, config(port)).map_err(|e| format!("{}: {e}", conf.display()))?;
        let child = Command::new(NGIRCD)
            .args(["-n", "-f"])
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {NGIRCD}: {e}"))?;
        let mut irc = Self { child, port };
        irc.wait_until_listening()?;
        Ok(irc)
    }

    /// The `[[bridge]]` table for brisk-server.
    pub fn bridge_table(&self) -> String {
        format!(
            "[[bridge]]\nchannel = \"{DEMO_CHANNEL}\"\nirc = \"irc://127.0.0.1:{}/{ROOM}\"\nnick = \"brisk\"\n",
            self.port
        )
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("ngircd stopped at start ({status})"));
            }
            if Instant::now() > deadline {
                return Err(format!("ngircd did not listen on port {}", self.port));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }
}

impl Drop for LocalIrc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// IRC's usual port when it is free, else one the OS picks.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind(("127.0.0.1", 6667))
        .or_else(|_| TcpListener::bind(("127.0.0.1", 0)))
        .map_err(|e| format!("no free port for ngircd: {e}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|e| e.to_string())
}

/// A loopback-only server with no PAM, ident or DNS look-ups (each would delay every login).
fn config(port: u16) -> String {
    let id = |flag: &str| output(command("id").arg(flag)).unwrap_or_else(|| "0".into());
    format!(
        "[Global]\n\tName = irc.brisk.local\n\tInfo = brisk demo IRC\n\tListen = 127.0.0.1\n\
         \tPorts = {port}\n\tServerUID = {}\n\tServerGID = {}\n\
         [Limits]\n\tMaxConnectionsIP = 0\n\tMaxJoins = 0\n\tMaxNickLength = 30\n\
         [Options]\n\tPAM = no\n\tIdent = no\n\tDNS = no\n",
        id("-u"),
        id("-g"),
    )
}
