//! The one-off commands beside serving: `import-slack`, `export-bulk` and `reset-link`. Each opens
//! the data directory, does its work and prints a summary; run the first two while the server is
//! stopped (the running server would not see the memberships an import adds until it restarts).
//! `reset-link` may run beside the server: it only adds a row the server reads when the link is
//! used.

use std::path::PathBuf;

use crate::db::{password_resets, users, Db};
use crate::error::ApiError;
use crate::file_store::FileStore;
use crate::{bulk_export, slack_import};

pub const USAGE: &str =
    "       brisk-server import-slack <export.zip> --team <name> [--data-dir ./data]\n       \
                         brisk-server export-bulk <out.jsonl> [--data-dir ./data]\n       \
                         brisk-server reset-link <username> [--data-dir ./data] [--site-url https://chat.example.org]";

/// A command and its arguments.
#[derive(Debug, PartialEq)]
pub enum Command {
    ImportSlack {
        zip: PathBuf,
        team: String,
        data_dir: PathBuf,
    },
    ExportBulk {
        out: PathBuf,
        data_dir: PathBuf,
    },
    ResetLink {
        username: String,
        data_dir: PathBuf,
        site_url: Option<String>,
    },
}

const COMMANDS: [&str; 3] = ["import-slack", "export-bulk", "reset-link"];

/// The command `args` ask for; None when they are the server's own flags.
pub fn parse(args: &[String]) -> Option<Result<Command, String>> {
    let (name, rest) = args.split_first()?;
    if !COMMANDS.contains(&name.as_str()) {
        return None;
    }
    Some(parse_command(name, rest))
}

fn parse_command(name: &str, args: &[String]) -> Result<Command, String> {
    let mut path: Option<PathBuf> = None;
    let mut team: Option<String> = None;
    let mut site_url: Option<String> = None;
    let mut data_dir = PathBuf::from("./data");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or(format!("{flag} needs a value\nusage:\n{USAGE}"))
        };
        match flag {
            "--data-dir" => data_dir = PathBuf::from(value()?),
            "--team" if name == "import-slack" => team = Some(value()?),
            "--site-url" if name == "reset-link" => site_url = Some(value()?),
            other if other.starts_with("--") || path.is_some() => {
                return Err(format!("{name}: unexpected {other}\nusage:\n{USAGE}"))
            }
            _ => path = Some(PathBuf::from(arg)),
        }
    }
    let missing = |what: &str| format!("{name} needs {what}\nusage:\n{USAGE}");
    if name == "reset-link" {
        let username = path.ok_or_else(|| missing("a username"))?;
        return Ok(Command::ResetLink {
            username: username.to_string_lossy().into_owned(),
            data_dir,
            site_url,
        });
    }
    let path = path.ok_or_else(|| missing("a file"))?;
    Ok(match name {
        "import-slack" => Command::ImportSlack {
            zip: path,
            team: team.ok_or_else(|| missing("--team <name>"))?,
            data_dir,
        },
        _ => Command::ExportBulk {
            out: path,
            data_dir,
        },
    })
}

/// Runs a command; the answer is its summary, or what went wrong.
pub fn run(command: Command) -> Result<String, String> {
    let open = |data_dir: &PathBuf| {
        Db::open(data_dir).map_err(|err| format!("cannot open {}: {err}", data_dir.display()))
    };
    match command {
        Command::ImportSlack {
            zip,
            team,
            data_dir,
        } => {
            let mut report = |progress: slack_import::Progress| {
                eprintln!(
                    "{}/{}: {}",
                    progress.done + 1,
                    progress.total,
                    progress.conversation
                );
            };
            let summary = slack_import::import(&open(&data_dir)?, &zip, &team, &mut report)?;
            Ok(format!(
                "Imported {} into team {team}:\n{summary}People who had no account here sign in \
                 once an admin sets a password for them.",
                zip.display()
            ))
        }
        Command::ExportBulk { out, data_dir } => {
            let files = FileStore::open(&data_dir)
                .map_err(|err| format!("cannot open {}: {err}", data_dir.display()))?;
            let summary = bulk_export::export(&open(&data_dir)?, &files, &out)?;
            Ok(format!("Wrote {}:\n{summary}", out.display()))
        }
        Command::ResetLink {
            username,
            data_dir,
            site_url,
        } => reset_link(&open(&data_dir)?, &username, site_url.as_deref()),
    }
}

/// The page (Mattermost's route) where a reset link's person chooses a new password.
pub const RESET_PAGE: &str = "/reset_password_complete";

/// A new one-time reset link for `username`'s active account, with how to use it.
fn reset_link(db: &Db, username: &str, site_url: Option<&str>) -> Result<String, String> {
    let lookup = username.to_string();
    let token = db
        .write_now(|tx| {
            let user = users::get_by_username(tx, &lookup)?
                .filter(|user| user.delete_at == 0)
                .ok_or_else(ApiError::user_not_found)?;
            password_resets::create(tx, &user.id, crate::ids::now_ms())
        })
        .map_err(|_| format!("no active account is called {username}"))?;
    let hours = password_resets::RESET_TOKEN_LIFETIME_MS / 3_600_000;
    let path = format!("{RESET_PAGE}?token={token}");
    Ok(match site_url {
        Some(site) => format!(
            "{}{path}\nGive this link to {username}: it sets a new password once, within {hours} hours.",
            site.trim_end_matches('/')
        ),
        None => format!(
            "{path}\nPut the address people open brisk at in front (or pass --site-url) and give \
             the link to {username}: it sets a new password once, within {hours} hours."
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Option<Result<Command, String>> {
        parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn commands_and_their_arguments() {
        assert_eq!(parsed(&["--port", "0"]), None);
        assert_eq!(
            parsed(&["import-slack", "x.zip", "--team", "acme"]),
            Some(Ok(Command::ImportSlack {
                zip: "x.zip".into(),
                team: "acme".into(),
                data_dir: "./data".into()
            }))
        );
        assert_eq!(
            parsed(&["export-bulk", "--data-dir=/srv/brisk", "out.jsonl"]),
            Some(Ok(Command::ExportBulk {
                out: "out.jsonl".into(),
                data_dir: "/srv/brisk".into()
            }))
        );
        assert_eq!(
            parsed(&["reset-link", "ann", "--site-url=https://chat.example.org"]),
            Some(Ok(Command::ResetLink {
                username: "ann".into(),
                data_dir: "./data".into(),
                site_url: Some("https://chat.example.org".into())
            }))
        );
        for bad in [
            &["import-slack", "x.zip"][..],
            &["import-slack", "--team", "acme"],
            &["export-bulk", "a.jsonl", "b.jsonl"],
            &["export-bulk", "a.jsonl", "--team", "acme"],
            &["export-bulk", "a.jsonl", "--data-dir"],
            &["reset-link"],
            &["reset-link", "ann", "--team", "acme"],
        ] {
            assert!(matches!(parsed(bad), Some(Err(_))), "{bad:?}");
        }
    }
}
