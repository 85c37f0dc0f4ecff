//! `cargo xtask serve`: set up, build, run the bundled server with the client and demo data.

use crate::build::{self, ServerProfile};
use crate::running::RunningServer;
use crate::setup::{self, Need};

pub struct ServeOptions {
    port: u16,
    host: String,
    data_dir: String,
    demo: bool,
}

impl ServeOptions {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut options = Self {
            port: 8065,
            host: "127.0.0.1".into(),
            data_dir: "./data".into(),
            demo: true,
        };
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
                other => return Err(format!("serve: unknown option `{other}`")),
            }
        }
        Ok(options)
    }
}

pub fn serve(options: ServeOptions) -> Result<(), String> {
    setup::setup(Need::Serve)?;
    build::client()?;
    let binary = build::server(ServerProfile::Optimised)?;
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
    let server = RunningServer::start(&binary, &args, true)?;
    println!("\nbrisk is running at {}", server.url);
    if options.demo {
        println!("demo logins (password `brisk-demo` for all): alice (admin), bob, carol, dave, erin, frank");
    } else {
        println!("no demo data: the first account created becomes the system admin (see README)");
    }
    println!("stop with Ctrl-C\n");
    server.wait()
}
