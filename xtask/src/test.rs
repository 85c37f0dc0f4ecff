//! `cargo xtask test [native] [wasm] [e2e] [-- <playwright args>]`: every layer by default.
//!
//! All selected layers run even when one fails, so a single run reports everything; the exit
//! status is non-zero when any failed.

use crate::build::{self, ServerProfile};
use crate::cmd::{command, run};
use crate::root;
use crate::running::ServedClient;
use crate::setup::{self, Need};

const LAYERS: [&str; 3] = ["native", "wasm", "e2e"];

pub fn test(args: &[String]) -> Result<(), String> {
    let (selected, playwright_args) = match args.iter().position(|a| a == "--") {
        Some(split) => (&args[..split], &args[split + 1..]),
        None => (args, &[][..]),
    };
    if let Some(unknown) = selected.iter().find(|a| !LAYERS.contains(&a.as_str())) {
        return Err(format!(
            "test: unknown layer `{unknown}` (choose from {LAYERS:?})"
        ));
    }
    let wants = |layer: &str| selected.is_empty() || selected.iter().any(|a| a == layer);

    setup::setup(Need::Everything)?;
    let mut results = vec![];
    if wants("native") {
        results.push(("native (cargo test)", native()));
    }
    if wants("wasm") {
        results.push(("wasm (wasm-bindgen-test in Chromium)", wasm()));
    }
    if wants("e2e") {
        results.push((
            "e2e (Playwright against the bundled server)",
            e2e(playwright_args),
        ));
    }

    println!("\nxtask test summary:");
    for (layer, result) in &results {
        match result {
            Ok(()) => println!("  ok      {layer}"),
            Err(e) => println!("  FAILED  {layer}: {e}"),
        }
    }
    if results.iter().all(|(_, r)| r.is_ok()) {
        Ok(())
    } else {
        Err("some tests failed".into())
    }
}

fn native() -> Result<(), String> {
    run(command("cargo").args(["test", "--workspace", "--locked"]))
}

fn wasm() -> Result<(), String> {
    // ChromeDriver leaves each run's Chromium profile (a few MB) in the temp dir: give it a
    // scratch dir of its own and remove it afterwards, so repeated runs don't fill the disk.
    let scratch = std::env::temp_dir().join(format!("brisk-wasm-test-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let result = run(command("cargo")
        .args([
            "test",
            "--locked",
            "-p",
            "brisk",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
        ])
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("TMPDIR", &scratch));
    // Best effort: a leftover scratch dir is only disk space.
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// Build the release client and the server, start the server on a free port with a fresh data
/// directory and the demo community (previewing links to private addresses), and run Playwright
/// against it. Journeys that need a server of their own (restarts) start one from
/// BRISK_SERVER_BINARY. Then hold every request the client made against Mattermost's API
/// definitions (tests/api-contract/), whether or not the journeys passed.
fn e2e(playwright_args: &[String]) -> Result<(), String> {
    build::client()?;
    // Link previews of pages a journey serves itself, on 127.0.0.1.
    let served = ServedClient::start_with(
        build::server(ServerProfile::Dev)?,
        "e2e",
        &["--link-previews-allow-private"],
    )?;
    let e2e_dir = root().join("tests/e2e");
    let request_log = e2e_dir.join("test-results/client-requests");
    // Only this run's requests are checked.
    match std::fs::remove_dir_all(&request_log) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(format!("{}: {e}", request_log.display()))
        }
        _ => {}
    }
    // Written by support/failed_journeys.ts, named again in the summary.
    let failed_journeys = e2e_dir.join("test-results/failed-journeys.txt");
    let _ = std::fs::remove_file(&failed_journeys);
    let journeys = run(command(e2e_dir.join("node_modules/.bin/playwright"))
        .arg("test")
        .args(playwright_args)
        .current_dir(&e2e_dir)
        .env("BRISK_URL", &served.server.url)
        .env("BRISK_SERVER_BINARY", &served.binary)
        .env("BRISK_STATIC_DIR", build::dist_dir())
        .env("BRISK_CLIENT_REQUEST_LOG", &request_log)
        .env("BRISK_FAILED_JOURNEYS", &failed_journeys))
    .map_err(|e| match std::fs::read_to_string(&failed_journeys) {
        Ok(names) if !names.is_empty() => {
            let named: String = names.lines().map(|name| format!("\n    {name}")).collect();
            format!("{e}; these failed:{named}")
        }
        _ => e,
    });
    let contract = run(command("node")
        .arg(root().join("tests/api-contract/check_client_requests.mjs"))
        .arg(&request_log))
    .map_err(|e| format!("the client made requests Mattermost does not define: {e}"));
    let failures: Vec<String> = [journeys, contract]
        .into_iter()
        .filter_map(Result::err)
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}
