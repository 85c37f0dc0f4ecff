//! Installs what the build and the tests need, skipping whatever is already there at the right
//! version. The recipe and its traps are in shared/reference/toolchain.md: trunk's own downloads
//! fail here, Debian's wasm-opt produces broken wasm, and wasm-bindgen-cli must match Cargo.lock.

use std::fs;
use std::path::Path;

use crate::cmd::{command, on_path, output, run};
use crate::root;

const TRUNK_VERSION: &str = "0.21.14";
const TWIGGY_VERSION: &str = "0.8.0";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's IRC server: the real peer of the IRC bridge's tests and of `serve --irc`.
pub const NGIRCD: &str = "/usr/sbin/ngircd";
/// The Matrix homeserver the Matrix bridge's tests, its journey and `serve --matrix` start, from
/// PyPI into a virtualenv at the root of the repository.
const SYNAPSE_VERSION: &str = "1.163.2";
const SYNAPSE_VENV: &str = ".venv-synapse";

/// What a command is about to do, and so which tools it needs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Build the release client and run the server.
    Serve,
    /// Serve's tools plus ngircd for `serve --irc` and Synapse for `serve --matrix`.
    ServeWithBridges { irc: bool, matrix: bool },
    /// Serve's tools plus Chromium, ngircd and the Playwright packages.
    Everything,
}

pub fn setup(need: Need) -> Result<(), String> {
    rustup_add("target", "wasm32-unknown-unknown")?;
    // The standard library's source, which the release client's build compiles with the app
    // (build.rs: `for_size`).
    rustup_add("component", "rust-src")?;
    trunk()?;
    wasm_bindgen()?;
    npm_packages(&root().join("xtask/tools"))?;
    let mut debian = vec![];
    if !on_path("brotli") {
        debian.push("brotli");
    }
    let (irc, matrix) = match need {
        Need::Serve => (false, false),
        Need::ServeWithBridges { irc, matrix } => (irc, matrix),
        Need::Everything => (true, true),
    };
    if irc && !Path::new(NGIRCD).exists() {
        debian.push("ngircd");
    }
    if matrix {
        synapse()?;
    }
    if need == Need::Everything {
        if !Path::new(CHROMIUM).exists() {
            debian.push("chromium");
        }
        if !Path::new(CHROMEDRIVER).exists() {
            debian.push("chromium-driver");
        }
        npm_packages(&root().join("tests/e2e"))?;
    }
    debian_packages(&debian)
}

/// Adds a `target` or `component` (what `rustup <kind> add` takes) unless rustup lists it as
/// installed.
fn rustup_add(kind: &str, name: &str) -> Result<(), String> {
    let installed =
        output(command("rustup").args([kind, "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|line| line == name) {
        return Ok(());
    }
    run(command("rustup").args([kind, "add", name]))
}

fn trunk() -> Result<(), String> {
    let version = output(command("trunk").arg("--version")).unwrap_or_default();
    if version == format!("trunk {TRUNK_VERSION}") {
        return Ok(());
    }
    // trunk 0.22 needs a newer rustc than this machine's; pin the last one that builds.
    run(command("cargo").args(["install", "--locked", &format!("trunk@{TRUNK_VERSION}")]))
}

/// wasm-bindgen-cli must be exactly the version of the `wasm-bindgen` crate in Cargo.lock.
fn wasm_bindgen() -> Result<(), String> {
    let wanted = locked_version("wasm-bindgen")?;
    let version = output(command("wasm-bindgen").arg("--version")).unwrap_or_default();
    if version == format!("wasm-bindgen {wanted}") && on_path("wasm-bindgen-test-runner") {
        return Ok(());
    }
    // Not --locked: its own lockfile pins a webpki-roots that the registry no longer serves.
    run(command("cargo").args(["install", "--force", &format!("wasm-bindgen-cli@{wanted}")]))
}

/// twiggy, which `bench crates` reads the wasm's sizes with.
pub fn twiggy() -> Result<(), String> {
    if on_path("twiggy") {
        return Ok(());
    }
    run(command("cargo").args(["install", "--locked", &format!("twiggy@{TWIGGY_VERSION}")]))
}

/// The version Cargo.lock holds for `package`.
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock = fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let header = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == header {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}

/// `npm ci` in `dir`, skipped when node_modules was installed from this very lockfile.
fn npm_packages(dir: &Path) -> Result<(), String> {
    let lock = fs::read(dir.join("package-lock.json"))
        .map_err(|e| format!("cannot read {}/package-lock.json: {e}", dir.display()))?;
    let stamp = dir.join("node_modules/.installed-from-lock");
    if fs::read(&stamp).is_ok_and(|installed| installed == lock) {
        return Ok(());
    }
    run(command("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))?;
    fs::write(&stamp, lock).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

/// The Python of Synapse's virtualenv.
pub fn synapse_python() -> std::path::PathBuf {
    root().join(SYNAPSE_VENV).join("bin/python")
}

/// matrix-synapse at `SYNAPSE_VERSION` in its own virtualenv (about 80 s the first time).
fn synapse() -> Result<(), String> {
    let venv = root().join(SYNAPSE_VENV);
    let python = synapse_python();
    let installed = output(command(&python).args([
        "-c",
        "import importlib.metadata as m; print(m.version('matrix-synapse'))",
    ]))
    .unwrap_or_default();
    if installed == SYNAPSE_VERSION {
        return Ok(());
    }
    if !python.exists() {
        run(command("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    run(command(&python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        &format!("matrix-synapse=={SYNAPSE_VERSION}"),
    ]))
}

fn debian_packages(packages: &[&str]) -> Result<(), String> {
    if packages.is_empty() {
        return Ok(());
    }
    let as_root = output(command("id").arg("-u")).as_deref() == Some("0");
    let elevate = |program: &str| {
        if as_root {
            command(program)
        } else {
            let mut sudo = command("sudo");
            sudo.arg(program);
            sudo
        }
    };
    run(elevate("apt-get").arg("update"))?;
    run(elevate("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
