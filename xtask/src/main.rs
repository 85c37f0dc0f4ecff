//! brisk's developer commands: `cargo xtask serve`, `cargo xtask test`, `cargo xtask bench`.
//!
//! Every command first installs what is missing (idempotently, so warm runs cost seconds), then
//! builds and runs. Only std is used so the xtask itself compiles in a moment on a fresh machine.

mod bench;
mod build;
mod cmd;
mod function_order;
mod irc;
mod matrix;
mod running;
mod serve;
mod setup;
mod short_imports;
mod split;
mod table_placeholders;
mod test;
mod unused_classes;
mod wasm_crates;
mod wasm_module;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  serve    set up what is missing, build the client and the server, run with demo data
           --port <n> (8065)  --host <addr> (127.0.0.1)  --data-dir <dir> (./data)  --no-demo
           --irc (also run a local IRC server, ngircd, with the demo's IRC channel bridged to #oxbow)
           --matrix (also run a local Matrix homeserver, Synapse, with that channel bridged to
           #oxbow:localhost, and print how to join it)
           -- <args> (everything after -- goes to brisk-server, e.g. -- --bridges bridges.toml)
  test     everything: native tests, wasm tests in headless Chromium, Playwright e2e journeys
  bench    print figures: `bench size` (release bundle sizes, raw/gzip/brotli), `bench server`
           (posts/s and delivery times), `bench soak` (500 clients for 60 s with hostile traffic:
           memory, p50/p99, exactly-once delivery), `bench newcomer` (invite link to first post: s, clicks),
           `bench catchup` (back online to caught up after 50 and 500 missed posts),
           `bench dom` (a 10,000-post channel: DOM size and frame times while scrolling),
           `bench bridge` (IRC line to post on screen and back, through a local ngircd),
           `bench crates` (the release wasm's bytes by crate and by brisk's module, with twiggy)
  setup    only install the tools (wasm target, trunk, wasm-bindgen, wasm-opt, Chromium, ngircd,
           npm packages, Synapse in .venv-synapse/)
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let result = match command.as_str() {
        "serve" => serve::ServeOptions::parse(&rest).and_then(serve::serve),
        "test" => test::test(&rest),
        "bench" => bench::bench(&rest),
        "setup" => setup::setup(setup::Need::Everything),
        "" | "help" | "--help" | "-h" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Cargo's target directory: CARGO_TARGET_DIR when set (a CI clone may share a warm one).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        })
        .unwrap_or_else(|| root().join("target"))
}

/// The workspace root (the xtask lives one level below it). `cargo run` sets CARGO_MANIFEST_DIR
/// at run time too; it wins over the compile-time value, which is stale when a target directory
/// built in another checkout (a git worktree sharing a copied build cache) is reused.
pub fn root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}
