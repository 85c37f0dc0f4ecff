//! `cargo xtask bench [size]`: benchmarks that print figures (never timed tests).

use std::fs;
use std::path::Path;

use crate::build::{self, ServerProfile};
use crate::cmd::{command, run};
use crate::running::{RunningServer, ServedClient};
use crate::setup::{self, Need};
use crate::{root, target_dir};

pub fn bench(args: &[String]) -> Result<(), String> {
    let which: Vec<&str> = if args.is_empty() {
        vec![
            "size", "server", "search", "newcomer", "catchup", "dom", "bridge",
        ]
    } else {
        args.iter().map(String::as_str).collect()
    };
    for name in which {
        match name {
            "size" => size()?,
            "server" => server()?,
            "search" => search()?,
            "newcomer" => newcomer()?,
            "catchup" => catchup()?,
            "dom" => dom()?,
            "bridge" => bridge()?,
            other => {
                return Err(format!(
                "bench: unknown benchmark `{other}` (have: size, server, search, newcomer, catchup, dom, bridge)"
            ))
            }
        }
    }
    Ok(())
}

/// Release bundle sizes as a newcomer's browser downloads them: raw, gzip -9 and brotli -q 11.
fn size() -> Result<(), String> {
    setup::setup(Need::Serve)?;
    build::client()?;
    let mut totals = [0u64; 3];
    println!("\n| file | raw | gzip | brotli |\n|---|---:|---:|---:|");
    for file in build::compressible_files()? {
        let sizes = [
            file_size(&file)?,
            file_size(&with_suffix(&file, "gz"))?,
            file_size(&with_suffix(&file, "br"))?,
        ];
        for (total, size) in totals.iter_mut().zip(sizes) {
            *total += size;
        }
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!(
            "| {} | {} | {} | {} |",
            name,
            kb(sizes[0]),
            kb(sizes[1]),
            kb(sizes[2])
        );
    }
    println!(
        "| **total** | {} | {} | {} |",
        kb(totals[0]),
        kb(totals[1]),
        kb(totals[2])
    );
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}

fn file_size(path: &Path) -> Result<u64, String> {
    fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

/// Posts per second and post-to-event delivery times against the optimised server on loopback:
/// 2,000 sockets on a fresh server, then 100, 1,000 and 2,000 in sequence on another, where the
/// last level also carries the 1,100 closed but still resumable connections of the first two.
fn server() -> Result<(), String> {
    let binary = build::server(ServerProfile::Optimised)?;
    build_server_example("load")?;
    println!("\nserver: 200 posts/s offered for 10 s per level, delivered to every socket");
    load_fresh_server(&binary, "2000")?;
    load_fresh_server(&binary, "100,1000,2000")
}

/// Builds one of server/examples/ with the optimised server's profile.
fn build_server_example(name: &str) -> Result<(), String> {
    run(command("cargo").args([
        "build",
        "--locked",
        "-p",
        "brisk-server",
        "--profile",
        "server",
        "--example",
        name,
    ]))
}

/// Runs the load generator's `levels` (connections, comma-separated) against a fresh server.
fn load_fresh_server(binary: &Path, levels: &str) -> Result<(), String> {
    let data_dir = std::env::temp_dir().join(format!("brisk-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&data_dir);
    let args = [
        "--port".to_string(),
        "0".into(),
        "--no-demo".into(),
        // The load spreads its sockets over 20 people: 100 tabs each at 2,000 sockets, plus room
        // for the earlier levels' closed connections, which stay resumable.
        "--max-sockets-per-user".into(),
        "200".into(),
        "--data-dir".into(),
        data_dir.display().to_string(),
    ];
    let server = RunningServer::start(binary, &args, false)?;
    let result = run(
        std::process::Command::new(target_dir().join("server/examples/load")).args([
            server.url.as_str(),
            levels,
            "200",
            "10",
        ]),
    );
    drop(server);
    let _ = fs::remove_dir_all(&data_dir);
    result
}

/// Posts in the search benchmark's community.
const SEARCH_POSTS: usize = 1_000_000;

/// p50/p95 of 200 searches of mixed kinds through the HTTP API of the optimised server, over
/// a million posts. The seeded data directory is kept in target/, so only the first run seeds.
fn search() -> Result<(), String> {
    let binary = build::server(ServerProfile::Optimised)?;
    build_server_example("search_load")?;
    let example = target_dir().join("server/examples/search_load");
    let seeded_dir = target_dir().join(format!("bench-search-{SEARCH_POSTS}"));
    let data_dir = seeded_dir.join("data");
    let seeded = seeded_dir.join("seeded");
    if !seeded.exists() {
        let _ = fs::remove_dir_all(&seeded_dir);
        run(std::process::Command::new(&example).args([
            "seed".to_string(),
            data_dir.display().to_string(),
            SEARCH_POSTS.to_string(),
        ]))?;
        fs::write(&seeded, "").map_err(|e| format!("cannot write {}: {e}", seeded.display()))?;
    }
    let args = [
        "--port".to_string(),
        "0".into(),
        "--no-demo".into(),
        // One searcher asks 200 times in a row, far over a person's request rate.
        "--rate-limit".into(),
        "0".into(),
        "--data-dir".into(),
        data_dir.display().to_string(),
    ];
    let server = RunningServer::start(&binary, &args, false)?;
    println!("\nsearch: 200 searches over {SEARCH_POSTS} posts, one at a time");
    run(std::process::Command::new(&example).args(["run", server.url.as_str(), "200"]))
}

/// Seconds and clicks from opening an invite link to a newcomer's first post, in headless
/// Chromium against the optimised server on loopback (a Playwright script in tests/e2e/bench/).
fn newcomer() -> Result<(), String> {
    println!("\nnewcomer: invite link → signed up → first post confirmed");
    playwright_bench("newcomer_link_to_first_post")
}

/// Milliseconds from the browser coming back online to the last of 50 and 500 posts missed
/// meanwhile shown, in headless Chromium against the optimised server on loopback.
fn catchup() -> Result<(), String> {
    println!("\ncatch-up: a reader offline while 50 or 500 posts arrive, back online");
    playwright_bench("catchup_after_missed_posts")
}

/// A 10,000-post channel in headless Chromium: DOM size when opened and while scrolling back
/// through history, and frame times while scrolling (tests/e2e/bench/long_channel.bench.ts).
fn dom() -> Result<(), String> {
    // The channel is seeded from one session, far over a person's request rate.
    playwright_bench_with("long_channel", &["--rate-limit", "0"])
}

/// Milliseconds from a line said on IRC to the post on screen and from Enter in brisk to the line
/// on IRC (median of 20), through a local ngircd; the script starts its own bridged server.
fn bridge() -> Result<(), String> {
    playwright_bench("irc_bridge_round_trip")
}

/// Runs one Playwright script of tests/e2e/bench/ against the optimised server on loopback,
/// serving the release client.
fn playwright_bench(script: &str) -> Result<(), String> {
    playwright_bench_with(script, &[])
}

/// `playwright_bench` with more server options.
fn playwright_bench_with(script: &str, server_options: &[&str]) -> Result<(), String> {
    setup::setup(Need::Everything)?;
    build::client()?;
    let binary = build::server(ServerProfile::Optimised)?;
    let served = ServedClient::start_with(binary, "bench", server_options)?;
    let e2e_dir = root().join("tests/e2e");
    run(command(e2e_dir.join("node_modules/.bin/playwright"))
        .args(["test", "--config", "playwright.bench.config.ts", script])
        .current_dir(&e2e_dir)
        .env("BRISK_URL", &served.server.url)
        .env("BRISK_SERVER_BINARY", &served.binary)
        .env("BRISK_STATIC_DIR", build::dist_dir()))
}
