//! Building the release client (trunk, then split.rs) and the bundled server.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::cmd::{command, run};
use crate::split;
use crate::{root, target_dir};

/// Where trunk writes the built client.
pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// Build the client for release into dist/, its wasm split into lazily loaded chunks
/// (split.rs), and precompress it, so the server sends brotli or gzip bytes made once at the
/// highest level instead of compressing on every request.
pub fn client() -> Result<(), String> {
    // trunk runs cargo itself; fetching first with --locked keeps the build on Cargo.lock (and
    // fetches the crates the standard library's build uses).
    run(command("cargo").args(["fetch", "--locked"]))?;
    run(for_size(&mut command("cargo")).args([
        "fetch",
        "--locked",
        "--target",
        "wasm32-unknown-unknown",
    ]))?;
    run(for_size(&mut command("trunk")).args([
        "build",
        "--release",
        "--offline",
        "--locked",
        "--features",
        "split",
    ]))?;
    split::replace_trunk_wasm(&dist_dir())?;
    minify_scripts_and_style()?;
    for file in compressible_files()? {
        let name = file.display().to_string();
        run(command("brotli").args(["--force", "--keep", "--quality=11", &name]))?;
        run(command("gzip").args(["--force", "--keep", "-9", &name]))?;
    }
    Ok(())
}

/// Minifies dist/'s JavaScript (the start script, the service worker, the wasm's glue and chunk
/// loader) and CSS in place with esbuild (xtask/tools): comments, indentation and local names
/// are most of their bytes (first load -5.9 KB brotli, README's Performance). trunk's own
/// minifier is left off: it would also rewrite index.html, whose quoted attribute values the
/// service worker reads to find the files to store (assets/sw.js).
fn minify_scripts_and_style() -> Result<(), String> {
    let dist = dist_dir();
    let files: Vec<PathBuf> = compressible_files()?
        .into_iter()
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("js" | "css")
            )
        })
        .collect();
    run(command("esbuild")
        .args(["--minify", "--allow-overwrite", "--log-level=warning"])
        // wasm-bindgen's glue names the chunk loader once per import it takes from it, all the
        // same module: the repeated key is harmless.
        .arg("--log-override:duplicate-object-key=silent")
        .arg(format!("--outdir={}", dist.display()))
        .args(&files))
}

/// The release client is built with the standard library compiled from source, for size, and
/// without what only a developer reads. A panic stops the wasm at once (a trap, which
/// assets/start.js reports on the page) instead of formatting its message and location: the
/// messages, their source locations and the formatting code behind them were about 5% of the
/// main wasm (462.2 -> 436.5 KB brotli). `{:?}` prints nothing (`-Zfmt-debug=none`): the app
/// shows no `Debug` text (a browser's error is read as text, `api::http::network_error`). And
/// the standard library takes its smaller variants (`optimize_for_size`: sorts, integer
/// formatting). These two took 7.9 KB brotli off the main wasm and 8.7 KB off the lazy chunks
/// (README's Performance). All are unstable options of this rustc (the machine's one toolchain,
/// 1.95); `RUSTC_BOOTSTRAP` lets it take them. The development build (`trunk serve`) and the
/// tests keep the standard library as shipped, panic messages in the console and `Debug` output.
fn for_size(command: &mut Command) -> &mut Command {
    command
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        // Added to .cargo/config.toml's flags for the browser build, not in place of them.
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none",
        )
}

/// The dist/ files a browser downloads (wasm, JS, CSS, HTML), without their compressed twins.
pub fn compressible_files() -> Result<Vec<PathBuf>, String> {
    let dir = dist_dir();
    let entries = fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("wasm" | "js" | "css" | "html" | "webmanifest" | "json")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Cargo profile for the server binary: `dev` shares its build with `cargo test`, `server` is
/// optimised for `serve` and benchmarks.
#[derive(Clone, Copy)]
pub enum ServerProfile {
    Dev,
    Optimised,
}

/// Build the server binary and return its path.
pub fn server(profile: ServerProfile) -> Result<PathBuf, String> {
    let (flag, dir) = match profile {
        ServerProfile::Dev => ("dev", "debug"),
        ServerProfile::Optimised => ("server", "server"),
    };
    run(command("cargo").args(["build", "--locked", "-p", "brisk-server", "--profile", flag]))?;
    Ok(target_dir().join(dir).join("brisk-server"))
}
