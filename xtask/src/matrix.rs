//! `cargo xtask serve --matrix`: a local Matrix homeserver (Synapse, from the project's
//! virtualenv) with the demo's bridges channel bridged to its #oxbow room, and an account to join
//! it with from any Matrix client. Its files live beside the server's data, so the room and its
//! history outlive restarts.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::cmd::{command, run};
use crate::irc::DEMO_CHANNEL;
use crate::setup::synapse_python;

/// The homeserver's name, as user ids and aliases end.
const SERVER_NAME: &str = "localhost";
/// The room's alias is `#oxbow:localhost`.
const ROOM: &str = "oxbow";
/// The bridge's account (its password reaches brisk-server through `PASSWORD_ENV`).
const BRIDGE_USER: &str = "brisk";
const BRIDGE_PASSWORD: &str = "brisk-bridge-demo";
const PASSWORD_ENV: &str = "BRISK_MATRIX_PASSWORD";
/// The account a person joins the room with.
pub const PERSON_USER: &str = "ann";
pub const PERSON_PASSWORD: &str = "brisk-demo";
/// Synapse creates its database at the first start, which takes a while on a small machine.
const START_WITHIN: Duration = Duration::from_secs(120);

/// A Synapse on loopback, stopped when dropped.
pub struct LocalMatrix {
    child: Child,
    pub port: u16,
}

impl LocalMatrix {
    /// Starts Synapse on 8008 (or any free port when 8008 is taken) with its files in `dir`,
    /// and makes the accounts and the room.
    pub fn start(dir: &Path) -> Result<Self, String> {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let dir = dir
            .canonicalize()
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let port = free_port()?;
        let config = dir.join("homeserver.yaml");
        let yaml = include_str!("../../tests/synapse/homeserver.yaml")
            .replace("@DIR@", &dir.display().to_string())
            .replace("@PORT@", &port.to_string());
        fs::write(&config, yaml).map_err(|e| format!("{}: {e}", config.display()))?;
        let python = synapse_python();
        if !dir.join("signing.key").exists() {
            run(command(&python)
                .args(["-m", "synapse.app.homeserver", "--generate-keys", "-c"])
                .arg(&config))?;
        }
        let log =
            fs::File::create(dir.join("synapse.log")).map_err(|e| format!("synapse.log: {e}"))?;
        let child = command(&python)
            .args(["-m", "synapse.app.homeserver", "-c"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start Synapse ({}): {e}", python.display()))?;
        let mut matrix = Self { child, port };
        matrix.wait_until_answering(&dir)?;
        run(command(&python)
            .arg("-c")
            .arg(include_str!("matrix_demo_room.py"))
            .args([&matrix.url(), ROOM])
            .args([BRIDGE_USER, BRIDGE_PASSWORD, "brisk bridge"])
            .args([PERSON_USER, PERSON_PASSWORD, "Ann (Matrix)"]))?;
        Ok(matrix)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn room_alias(&self) -> String {
        format!("#{ROOM}:{SERVER_NAME}")
    }

    /// The `[[bridge]]` table for brisk-server; the password is in the environment variable
    /// `password_env` names, which `pass_password` sets for the server started next.
    pub fn bridge_table(&self) -> String {
        format!(
            "[[bridge]]\nchannel = \"{DEMO_CHANNEL}\"\nmatrix = \"{}\"\nroom = \"{}\"\n\
             user = \"@{BRIDGE_USER}:{SERVER_NAME}\"\npassword_env = \"{PASSWORD_ENV}\"\n",
            self.url(),
            self.room_alias()
        )
    }

    /// Sets the bridge's password in this process's environment, which the server inherits.
    pub fn pass_password(&self) {
        std::env::set_var(PASSWORD_ENV, BRIDGE_PASSWORD);
    }

    fn wait_until_answering(&mut self, dir: &Path) -> Result<(), String> {
        let deadline = Instant::now() + START_WITHIN;
        while !answers(self.port) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "Synapse stopped at start ({status}); see {}",
                    dir.join("synapse.log").display()
                ));
            }
            if Instant::now() > deadline {
                return Err(format!("Synapse did not answer on port {}", self.port));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Ok(())
    }
}

impl Drop for LocalMatrix {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Matrix's usual client port when it is free, else one the OS picks.
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind(("127.0.0.1", 8008))
        .or_else(|_| TcpListener::bind(("127.0.0.1", 0)))
        .map_err(|e| format!("no free port for Synapse: {e}"))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|e| e.to_string())
}

/// Whether Synapse answers its versions request yet.
fn answers(port: u16) -> bool {
    let Ok(mut tcp) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request = "GET /_matrix/client/versions HTTP/1.0\r\nHost: localhost\r\n\r\n";
    if tcp.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = String::new();
    let _ = tcp.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")
}
