//! A bundled server started as a child process, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The line the server prints once it accepts connections.
const READY_PREFIX: &str = "brisk listening on ";

pub struct RunningServer {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:8065`.
    pub url: String,
}

impl RunningServer {
    /// Start `binary` with `args` and wait for its ready line. The server's further output is
    /// forwarded to ours when `echo` is set, else dropped.
    pub fn start(binary: &Path, args: &[String], echo: bool) -> Result<Self, String> {
        let mut child = Command::new(binary)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("server stdout is not piped")?;
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(url) = line.strip_prefix(READY_PREFIX) {
                        break url.trim().to_string();
                    }
                    println!("{line}");
                }
                _ => {
                    let status = child.wait().map_err(|e| e.to_string())?;
                    return Err(format!("the server stopped before it was ready ({status})"));
                }
            }
        };
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if echo {
                    println!("{line}");
                }
            }
        });
        Ok(Self { child, url })
    }

    /// The server's process id (for its memory and CPU figures).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Block until the server exits by itself (Ctrl-C reaches it directly).
    pub fn wait(mut self) -> Result<(), String> {
        let status = self.child.wait().map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("the server exited with {status}"))
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bundled server serving the built client (dist/) on a free port, with the demo community in
/// a fresh data directory that is removed when this is dropped.
pub struct ServedClient {
    pub server: RunningServer,
    pub binary: std::path::PathBuf,
    data_dir: std::path::PathBuf,
}

impl ServedClient {
    /// Starts `binary` with `options` beyond the port, data and static dirs (`--rate-limit 0`,
    /// say); `purpose` names the data directory (e.g. "e2e").
    pub fn start_with(
        binary: std::path::PathBuf,
        purpose: &str,
        options: &[&str],
    ) -> Result<Self, String> {
        let data_dir = std::env::temp_dir().join(format!("brisk-{purpose}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data_dir);
        let args = [
            "--port".to_string(),
            "0".into(),
            "--data-dir".into(),
            data_dir.display().to_string(),
            "--static-dir".into(),
            crate::build::dist_dir().display().to_string(),
        ];
        let args: Vec<String> = args
            .into_iter()
            .chain(options.iter().map(|option| option.to_string()))
            .collect();
        let server = RunningServer::start(&binary, &args, false)?;
        Ok(Self {
            server,
            binary,
            data_dir,
        })
    }
}

impl Drop for ServedClient {
    fn drop(&mut self) {
        // The server field is dropped (killed) after this runs: stop it first so the directory
        // is not in use while removed.
        let _ = self.server.child.kill();
        let _ = self.server.child.wait();
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}
