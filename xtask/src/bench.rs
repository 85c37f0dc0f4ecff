//! `cargo xtask bench [size]`: benchmarks that print figures (never timed tests).

use std::fs;
use std::path::{Path, PathBuf};

use crate::build::{self, ServerProfile};
use crate::cmd::{command, run};
use crate::running::{RunningServer, ServedClient};
use crate::setup::{self, Need};
use crate::split;
use crate::{root, target_dir, wasm_crates};

pub fn bench(args: &[String]) -> Result<(), String> {
    let which: Vec<&str> = if args.is_empty() {
        vec![
            "size", "server", "soak", "search", "newcomer", "catchup", "dom", "bridge", "switch",
            "slow4g", "repeat", "crates",
        ]
    } else {
        args.iter().map(String::as_str).collect()
    };
    for name in which {
        match name {
            "size" => size()?,
            "server" => server()?,
            "soak" => soak()?,
            "search" => search()?,
            "newcomer" => newcomer()?,
            "catchup" => catchup()?,
            "dom" => dom()?,
            "bridge" => bridge()?,
            "switch" => switch()?,
            "slow4g" => slow4g()?,
            "repeat" => repeat()?,
            "crates" => crates()?,
            other => {
                return Err(format!(
                "bench: unknown benchmark `{other}` (have: size, server, soak, search, newcomer, catchup, dom, bridge, switch, slow4g, repeat, crates)"
            ))
            }
        }
    }
    Ok(())
}

/// Release bundle sizes as a newcomer's browser downloads them: raw, gzip -9 and brotli -q 11,
/// of the split build; the first load (html, JS, CSS and the main wasm: what the first screen
/// needs), the lazily loaded chunks, and the service worker and manifest (fetched after the
/// first screen) apart.
fn size() -> Result<(), String> {
    setup::setup(Need::Serve)?;
    build::client()?;
    let mut first_load = [0u64; 3];
    let mut chunks = [0u64; 3];
    let mut after_first_screen = [0u64; 3];
    println!("\n| file | raw | gzip | brotli |\n|---|---:|---:|---:|");
    for file in build::compressible_files()? {
        let sizes = [
            file_size(&file)?,
            file_size(&with_suffix(&file, "gz"))?,
            file_size(&with_suffix(&file, "br"))?,
        ];
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let totals = if split::is_lazy_chunk(&name) {
            &mut chunks
        } else if name == "sw.js" || name.ends_with(".webmanifest") {
            &mut after_first_screen
        } else {
            &mut first_load
        };
        for (total, size) in totals.iter_mut().zip(sizes) {
            *total += size;
        }
        println!(
            "| {} | {} | {} | {} |",
            name,
            kb(sizes[0]),
            kb(sizes[1]),
            kb(sizes[2])
        );
    }
    for (label, totals) in [
        ("first load (html, JS, CSS, main wasm)", first_load),
        ("lazy chunks", chunks),
        ("service worker and manifest", after_first_screen),
    ] {
        println!(
            "| **{label}** | {} | {} | {} |",
            kb(totals[0]),
            kb(totals[1]),
            kb(totals[2])
        );
    }
    Ok(())
}

/// The release wasm's bytes by owner: crate, brisk's module, data (tests and figures in
/// wasm_crates.rs).
fn crates() -> Result<(), String> {
    setup::setup(Need::Serve)?;
    setup::twiggy()?;
    build::client()?;
    wasm_crates::print_table(&wasm_crates::named_release_wasm()?)
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
    println!("\nserver: 200 posts/s offered for 10 s per level, delivered to every socket");
    for levels in ["2000", "100,1000,2000"] {
        // The load spreads its sockets over 20 people: 100 tabs each at 2,000 sockets, plus room
        // for the earlier levels' closed connections, which stay resumable.
        run_against_server("load", &["--max-sockets-per-user", "200"], |_| {
            vec![levels.into(), "200".into(), "10".into()]
        })?;
    }
    Ok(())
}

/// 500 clients for 60 s of a person's mixed traffic (posts, reads, searches, typing, reactions,
/// reconnects) beside hostile requests and sockets: memory and CPU before and after, requests
/// with p50/p99, and every post delivered exactly once to every member's tab.
fn soak() -> Result<(), String> {
    // Many people from one address: the per-person rate limit would only measure itself.
    run_against_server("soak", &["--rate-limit", "0"], |server| {
        vec![server.pid().to_string(), "500".into(), "60".into()]
    })
}

/// Builds the optimised server and the example `example` (server/examples/); returns the
/// server's binary and the example's.
fn build_server_with_example(example: &str) -> Result<(PathBuf, PathBuf), String> {
    // One build for both: the example's dev-dependencies change the features of shared crates,
    // so building the server on its own would compile every dependency a second time.
    run(command("cargo").args([
        "build",
        "--locked",
        "-p",
        "brisk-server",
        "--profile",
        "server",
        "--bin",
        "brisk-server",
        "--example",
        example,
    ]))?;
    Ok((
        target_dir().join("server/brisk-server"),
        target_dir().join("server/examples").join(example),
    ))
}

/// Starts the optimised server on loopback on `data_dir` with `server_options`.
fn start_bench_server(
    binary: &Path,
    data_dir: &Path,
    server_options: &[&str],
) -> Result<RunningServer, String> {
    let args: Vec<String> = ["--port", "0", "--no-demo", "--data-dir"]
        .into_iter()
        .map(String::from)
        .chain([data_dir.display().to_string()])
        .chain(server_options.iter().map(|option| option.to_string()))
        .collect();
    RunningServer::start(binary, &args, false)
}

/// Builds the optimised server and the example `example`, starts the server with a fresh data
/// directory and `server_options`, and runs the example with the server's URL and then
/// `example_args(server)`.
fn run_against_server(
    example: &str,
    server_options: &[&str],
    example_args: impl FnOnce(&RunningServer) -> Vec<String>,
) -> Result<(), String> {
    let (binary, example) = build_server_with_example(example)?;
    let data_dir = std::env::temp_dir().join(format!("brisk-bench-{}", std::process::id()));
    let _ = fs::remove_dir_all(&data_dir);
    let server = start_bench_server(&binary, &data_dir, server_options)?;
    let example_args = example_args(&server);
    let result = run(std::process::Command::new(example)
        .arg(server.url.as_str())
        .args(example_args));
    drop(server);
    let _ = fs::remove_dir_all(&data_dir);
    result
}

/// Posts in the search benchmark's community.
const SEARCH_POSTS: usize = 1_000_000;

/// p50/p95 of 200 searches of mixed kinds through the HTTP API of the optimised server, over
/// a million posts. The seeded data directory is kept in target/, so only the first run seeds.
fn search() -> Result<(), String> {
    let (binary, example) = build_server_with_example("search_load")?;
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
    // One searcher asks 200 times in a row, far over a person's request rate.
    let server = start_bench_server(&binary, &data_dir, &["--rate-limit", "0"])?;
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

/// A channel link opened on Lighthouse's Slow-4G profile (150 ms RTT, 1.6 Mbps, CPU 4x) in a
/// fresh browser: seconds to the login form and from signing in to the first message, and the
/// bytes on the wire (tests/e2e/bench/newcomer_on_a_slow_phone.bench.ts).
fn slow4g() -> Result<(), String> {
    println!("\nslow4g: channel link → login form → first message, Slow-4G with a 4x slower CPU");
    playwright_bench("newcomer_on_a_slow_phone")
}

/// A channel read before, visited again on the Slow-4G phone of `slow4g`, with the service worker
/// and with the HTTP cache only: seconds to the first saved message and to up to date
/// (tests/e2e/bench/repeat_visit_on_a_slow_phone.bench.ts).
fn repeat() -> Result<(), String> {
    println!("\nrepeat: a channel read before, visited again on Slow-4G with a 4x slower CPU");
    playwright_bench("repeat_visit_on_a_slow_phone")
}

/// Milliseconds from a click on a channel loaded before to its newest post painted, and the
/// click's own work (p50, p95 of 150 switches between six channels), desktop, unthrottled
/// (tests/e2e/bench/channel_switch.bench.ts).
fn switch() -> Result<(), String> {
    println!("\nswitch: click on a loaded channel → its newest post painted");
    playwright_bench_with("channel_switch", &["--rate-limit", "0"])
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
