//! `brisk-server [--host H] [--port P] [--data-dir D] [--static-dir S] [--no-demo] [--bridges F]`,
//! or one of the commands of `brisk_server::commands` (`import-slack`, `export-bulk`).

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use brisk_server::link_previews::LinkPreviews;
use brisk_server::{bridge, commands};
use brisk_server::{run, Config};

const USAGE: &str = "usage: brisk-server [--host 127.0.0.1] [--port 8065 (0 = any free port)] \
                     [--data-dir ./data] [--static-dir ./dist] [--no-demo] \
                     [--demo-on-public-address (the demo's known passwords on a reachable host)] \
                     [--max-file-size 52428800] [--max-import-size 268435456] [--rate-limit 20 (requests/s per session, 0 = off)] \
                     [--no-link-previews] [--link-previews-allow-private (tests only)] \
                     [--max-sockets-per-user 32] [--max-sockets 10000] \
                     [--bridges bridges.toml (channels mirrored with IRC rooms)]";

fn parse_args(args: impl Iterator<Item = String>) -> Result<Config, String> {
    let mut config = Config::default();
    let mut demo_on_public_address = false;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_string(), Some(value.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--host" => config.host = value("--host")?,
            "--port" => {
                config.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port must be a number".to_string())?
            }
            "--data-dir" => config.data_dir = PathBuf::from(value("--data-dir")?),
            "--static-dir" => config.static_dir = Some(PathBuf::from(value("--static-dir")?)),
            "--no-demo" => config.demo = false,
            "--demo-on-public-address" => demo_on_public_address = true,
            "--no-link-previews" => config.link_previews = LinkPreviews::Off,
            "--link-previews-allow-private" => config.link_previews = LinkPreviews::AllowPrivate,
            "--max-file-size" => {
                config.max_file_size = value("--max-file-size")?
                    .parse()
                    .map_err(|_| "--max-file-size must be a number of bytes".to_string())?
            }
            "--max-import-size" => {
                config.max_import_size = value("--max-import-size")?
                    .parse()
                    .map_err(|_| "--max-import-size must be a number of bytes".to_string())?
            }
            "--rate-limit" => {
                config.rate_limit.per_second = value("--rate-limit")?
                    .parse()
                    .map_err(|_| "--rate-limit must be requests per second".to_string())?
            }
            "--max-sockets-per-user" => {
                config.socket_limits.per_user = value("--max-sockets-per-user")?
                    .parse()
                    .map_err(|_| "--max-sockets-per-user must be a number".to_string())?
            }
            "--max-sockets" => {
                config.socket_limits.total = value("--max-sockets")?
                    .parse()
                    .map_err(|_| "--max-sockets must be a number".to_string())?
            }
            "--bridges" => {
                config.bridges = bridge::config::load(&PathBuf::from(value("--bridges")?))?
            }
            "-h" | "--help" => return Err(format!("{USAGE}\n{}", commands::USAGE)),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    if config.demo && !demo_on_public_address && !is_loopback(&config.host) {
        return Err(format!(
            "refusing to start the demo community on {host}: its accounts (admin alice included) \
             have a published password, and {host} can be reached from other machines.\n\
             Start with --no-demo (the first account created becomes the admin), or add \
             --demo-on-public-address if everyone who can reach this address may be an admin.",
            host = config.host
        ));
    }
    Ok(config)
}

/// Whether `host` only accepts connections from this machine.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "brisk_server=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(command) = commands::parse(&args) {
        let outcome = command.and_then(commands::run);
        return match outcome {
            Ok(summary) => {
                println!("{summary}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("brisk-server: {message}");
                ExitCode::FAILURE
            }
        };
    }
    let config = match parse_args(args.into_iter()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("brisk-server: {err}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults_and_flags() {
        let config = parse(&[]).expect("defaults");
        assert_eq!(
            (config.host.as_str(), config.port, config.demo),
            ("127.0.0.1", 8065, true)
        );
        let config = parse(&[
            "--port",
            "0",
            "--host=0.0.0.0",
            "--no-demo",
            "--data-dir",
            "/tmp/x",
        ])
        .expect("flags");
        assert_eq!(
            (config.host.as_str(), config.port, config.demo),
            ("0.0.0.0", 0, false)
        );
        assert_eq!(config.data_dir, PathBuf::from("/tmp/x"));
        let limits = parse(&[
            "--max-file-size",
            "1000",
            "--rate-limit=0",
            "--max-import-size=2000",
        ])
        .expect("limits");
        assert_eq!(limits.max_file_size, 1000);
        assert_eq!(limits.max_import_size, 2000);
        assert_eq!(limits.rate_limit.per_second, 0.0);
        assert!(parse(&["--rate-limit", "fast"]).is_err());
        assert!(parse(&["--port", "x"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
    }

    #[test]
    fn the_demo_with_its_known_passwords_stays_on_this_machine_unless_asked() {
        for host in ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"] {
            assert!(parse(&["--host", host]).is_ok(), "{host}");
        }
        for host in ["0.0.0.0", "::", "192.168.1.10", "chat.example.org"] {
            let refused = parse(&["--host", host]).expect_err(host);
            assert!(refused.contains("--demo-on-public-address"), "{refused}");
            assert!(parse(&["--host", host, "--no-demo"]).is_ok(), "{host}");
            assert!(
                parse(&["--host", host, "--demo-on-public-address"]).is_ok(),
                "{host}"
            );
        }
    }
}
