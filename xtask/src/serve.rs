//! `cargo xtask serve`: set up, build, run the bundled server with the client and demo data.

use crate::build::{self, ServerProfile};
use crate::irc::{self, LocalIrc};
use crate::running::RunningServer;
use crate::setup::{self, Need};

pub struct ServeOptions {
    port: u16,
    host: String,
    data_dir: String,
    demo: bool,
    /// Start a local IRC server bridged to the demo's IRC channel.
    irc: bool,
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
                other => return Err(format!("serve: unknown option `{other}`")),
            }
        }
        if options.irc && !options.demo {
            return Err(
                "serve: --irc bridges the demo's IRC channel: drop --no-demo, or pass \
                        `-- --bridges <file>` for channels of your own"
                    .into(),
            );
        }
        Ok(options)
    }
}

pub fn serve(options: ServeOptions) -> Result<(), String> {
    setup::setup(if options.irc {
        Need::ServeWithIrc
    } else {
        Need::Serve
    })?;
    build::client()?;
    let binary = build::server(ServerProfile::Optimised)?;
    // Kept alive while the server runs; its files live beside the server's data.
    let local_irc = if options.irc {
        let dir = std::path::Path::new(&options.data_dir).join("ngircd");
        Some(LocalIrc::start(&dir)?)
    } else {
        None
    };
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
    if let Some(local_irc) = &local_irc {
        args.push("--bridges".into());
        args.push(local_irc.bridges_file.display().to_string());
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
    println!("stop with Ctrl-C\n");
    server.wait()
}
