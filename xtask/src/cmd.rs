//! Running child processes with the tool directories on PATH.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::root;

/// Directories the xtask installs tools into, searched before the inherited PATH.
pub fn tool_dirs() -> Vec<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    vec![
        cargo_home.join("bin"),
        root().join("xtask/tools/node_modules/.bin"),
    ]
}

/// PATH with the tool directories first.
pub fn path_env() -> std::ffi::OsString {
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let dirs = tool_dirs()
        .into_iter()
        .chain(std::env::split_paths(&inherited));
    std::env::join_paths(dirs).unwrap_or(inherited)
}

/// A command with PATH set up, run from the workspace root unless changed.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.env("PATH", path_env()).current_dir(root());
    command
}

/// Run to completion, inheriting stdio; Err names the command when it fails.
pub fn run(command: &mut Command) -> Result<(), String> {
    let description = describe(command);
    println!("xtask: $ {description}");
    let status = command
        .status()
        .map_err(|e| format!("could not start `{description}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{description}` failed ({status})"))
    }
}

/// Run quietly and return trimmed stdout, or None when the program is missing or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether `program` can be found on the tool PATH.
pub fn on_path(program: &str) -> bool {
    std::env::split_paths(&path_env()).any(|dir| dir.join(program).is_file())
}

fn describe(command: &Command) -> String {
    let mut parts = vec![command.get_program().to_string_lossy().into_owned()];
    parts.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}
