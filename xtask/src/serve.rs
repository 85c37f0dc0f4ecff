//! `cargo xtask serve`: set up, build, run the bundled server with the client and demo data.

use std::path::Path;

use crate::build::{self, ServerProfile};
use crate::irc::{self, LocalIrc};
use crate::matrix::{self, LocalMatrix};
use crate::running::RunningServer;
use crate::setup::{self, Need};

pub struct ServeOptions {
    port: u16,
    host: String,
    data_dir: String,
    demo: bool,
    /// Start a local IRC server bridged to the demo's IRC channel.
    irc: bool,
    /// Start a local Matrix homeserver bridged to the same channel.
    matrix: bool,
    /// Everything after `--`, handed to brisk-server as it is.
    server_args: Vec<String>,
}

impl ServeOptions {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Self {
            port: 8065,
            host: "127.0.0.1".into(),
            data_dir: "./data".into(),
            demo: true,
            irc: false,
            matrix: false,
            server_args: Vec::new(),
        };
        let (args, server_args) = match args.iter().position(|arg| arg == "--") {
            Some(split) => (&args[..split], &args[split + 1..]),
            None => (args, &[][..]),
        };
        options.server_args = server_args.to_vec();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{arg} needs a value"))
            };
            match arg.as_str() {
                "--port" => {
                    options.port = value()?
                        .parse()
                        .map_err(|_| "--port needs a number from 0 to 65535".to_string())?
                }
                "--host" => options.host = value()?,
                "--data-dir" => options.data_dir = value()?,
                "--no-demo" => options.demo = false,
                "--irc" => options.irc = true,
                "--matrix" => options.matrix = true,
                other => return Err(format!("serve: unknown option `{other}`")),
            }
        }
        if (options.irc || options.matrix) && !options.demo {
            return Err(
                "serve: --irc and --matrix bridge the demo's irc channel: drop --no-demo, or \
                        pass `-- --bridges <file>` for channels of your own"
                    .into(),
            );
        }
        Ok(options)
    }
}

pub fn serve(options: ServeOptions) -> Result<(), String> {
    setup::setup(if options.irc || options.matrix {
        Need::ServeWithBridges {
            irc: options.irc,
            matrix: options.matrix,
        }
    } else {
        Need::Serve
    })?;
    build::client()?;
    let binary = build::server(ServerProfile::Optimised)?;
    // Kept alive while the server runs; their files live beside the server's data.
    let data_dir = Path::new(&options.data_dir);
    let local_irc = if options.irc {
        Some(LocalIrc::start(&data_dir.join("ngircd"))?)
    } else {
        None
    };
    let local_matrix = if options.matrix {
        Some(LocalMatrix::start(&data_dir.join("synapse"))?)
    } else {
        None
    };
    let tables: Vec<String> = local_irc
        .iter()
        .map(LocalIrc::bridge_table)
        .chain(local_matrix.iter().map(LocalMatrix::bridge_table))
        .collect();
    let bridges_file = data_dir.join("bridges.toml");
    if !tables.is_empty() {
        let text = format!("# Written by `cargo xtask serve`.\n{}", tables.join("\n"));
        std::fs::write(&bridges_file, text)
            .map_err(|e| format!("{}: {e}", bridges_file.display()))?;
    }
    if let Some(local_matrix) = &local_matrix {
        local_matrix.pass_password();
    }
    let mut args = vec![
        "--host".to_string(),
        options.host,
        "--port".into(),
        options.port.to_string(),
        "--data-dir".into(),
        options.data_dir,
        "--static-dir".into(),
        build::dist_dir().display().to_string(),
    ];
    if !options.demo {
        args.push("--no-demo".into());
    }
    if !tables.is_empty() {
        args.push("--bridges".into());
        args.push(bridges_file.display().to_string());
    }
    args.extend(options.server_args);
    let server = RunningServer::start(&binary, &args, true)?;
    println!("\nbrisk is running at {}", server.url);
    if options.demo {
        println!("demo logins (password `brisk-demo` for all): alice (admin), bob, carol, dave, erin, frank");
    } else {
        println!("no demo data: the first account created becomes the system admin (see README)");
    }
    if let Some(local_irc) = &local_irc {
        println!(
            "IRC: the demo's irc channel (/demo/channels/irc) is bridged to {room} on 127.0.0.1:{port}; \
             talk to it with any IRC client, e.g. `irssi -c 127.0.0.1 -p {port}` then `/join {room}`",
            room = irc::ROOM,
            port = local_irc.port
        );
    }
    if let Some(local_matrix) = &local_matrix {
        println!(
            "Matrix: the demo's irc channel is bridged to {room} on the homeserver {url}; \
             join it from any Matrix client (e.g. Element: homeserver {url}, user {user}, \
             password {password}, then join {room})",
            room = local_matrix.room_alias(),
            url = local_matrix.url(),
            user = matrix::PERSON_USER,
            password = matrix::PERSON_PASSWORD,
        );
    }
    println!("stop with Ctrl-C\n");
    server.wait()
}
