//! The bridges file (`brisk-server --bridges bridges.toml`): which channel is mirrored with which
//! room. Every mistake is reported with the file and line it is on, before the server starts.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::irc::IrcEndpoint;
use super::matrix::{Credential, MatrixEndpoint};
use super::{Secret, Transport};
use crate::db::users::validate_username;

/// The account that posts what is said in bridged rooms, unless the file names another.
pub const DEFAULT_BOT_USERNAME: &str = "bridge-bot";
/// The IRC nick of a bridge, unless its table names another.
const DEFAULT_NICK: &str = "brisk";

/// Every bridge of the server.
#[derive(Clone, Debug)]
pub struct BridgesConfig {
    /// Where the configuration came from, for messages.
    pub source: String,
    /// The bot account that authors posts relayed from the other side.
    pub bot_username: String,
    /// The address people open brisk at, for the links the bridge sends (a post's files); by
    /// default the address the server listens on.
    pub site_url: Option<String>,
    pub bridges: Vec<BridgeSpec>,
}

impl Default for BridgesConfig {
    fn default() -> Self {
        Self {
            source: String::new(),
            bot_username: DEFAULT_BOT_USERNAME.into(),
            site_url: None,
            bridges: Vec::new(),
        }
    }
}

/// One `[[bridge]]` table.
#[derive(Clone, Debug)]
pub struct BridgeSpec {
    /// Line of its `channel = ` key, for messages.
    pub line: usize,
    pub team: String,
    pub channel: String,
    pub transport: Transport,
}

impl BridgesConfig {
    /// "bridges.toml line 3: message".
    pub fn error_at(&self, line: usize, message: impl std::fmt::Display) -> String {
        format!("{} line {line}: {message}", self.source)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    bot: Option<Spanned<String>>,
    site_url: Option<Spanned<String>>,
    #[serde(default)]
    bridge: Vec<TableShape>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableShape {
    channel: Spanned<String>,
    irc: Option<Spanned<String>>,
    nick: Option<Spanned<String>>,
    password_env: Option<Spanned<String>>,
    matrix: Option<Spanned<String>>,
    room: Option<Spanned<String>>,
    user: Option<Spanned<String>>,
    access_token_env: Option<Spanned<String>>,
}

/// Reads and checks a bridges file.
pub fn load(path: &Path) -> Result<BridgesConfig, String> {
    let source = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|err| format!("{source}: {err}"))?;
    parse(&text, &source, |name| std::env::var(name).ok())
}

/// Checks a bridges file's text; `env` looks up the variables that hold passwords.
pub fn parse(
    text: &str,
    source: &str,
    env: impl Fn(&str) -> Option<String>,
) -> Result<BridgesConfig, String> {
    let file: FileShape = toml::from_str(text).map_err(|err| format!("{source}: {err}"))?;
    let mut config = BridgesConfig {
        source: source.to_string(),
        ..BridgesConfig::default()
    };
    let line_of = |start: usize| {
        let before = &text.as_bytes()[..start.min(text.len())];
        before.iter().filter(|&&byte| byte == b'\n').count() + 1
    };
    let at = |config: &BridgesConfig, start: usize, message: String| {
        config.error_at(line_of(start), message)
    };
    if let Some(bot) = file.bot {
        validate_username(bot.get_ref()).map_err(|_| {
            at(
                &config,
                bot.span().start,
                format!(
                    "`{}` is not a valid username for the bridge bot",
                    bot.get_ref()
                ),
            )
        })?;
        config.bot_username = bot.into_inner();
    }
    if let Some(site_url) = file.site_url {
        let url = site_url.get_ref().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(at(
                &config,
                site_url.span().start,
                format!("site_url `{url}` must start with http:// or https://"),
            ));
        }
        config.site_url = Some(url.to_string());
    }
    if file.bridge.is_empty() {
        return Err(format!(
            "{source}: no [[bridge]] table (one per bridged channel)"
        ));
    }
    for table in file.bridge {
        let start = table.channel.span().start;
        let line = line_of(start);
        let (team, channel) = table
            .channel
            .get_ref()
            .split_once('/')
            .filter(|(team, channel)| !team.is_empty() && !channel.is_empty())
            .ok_or_else(|| {
                config.error_at(
                    line,
                    format!(
                        "channel `{}` must be written team/channel",
                        table.channel.get_ref()
                    ),
                )
            })?;
        let secret_from = |name: &Spanned<String>| {
            env(name.get_ref()).map(Secret).ok_or_else(|| {
                at(
                    &config,
                    name.span().start,
                    format!("the environment variable {} is not set", name.get_ref()),
                )
            })
        };
        let password = table.password_env.as_ref().map(secret_from).transpose()?;
        let transport = match (&table.irc, &table.matrix) {
            (Some(url), None) => {
                if let Some(key) = [&table.room, &table.user, &table.access_token_env]
                    .into_iter()
                    .flatten()
                    .next()
                {
                    return Err(at(
                        &config,
                        key.span().start,
                        "room, user and access_token_env are for Matrix bridges; an IRC bridge names its room in its irc URL".into(),
                    ));
                }
                let nick = table
                    .nick
                    .as_ref()
                    .map_or(DEFAULT_NICK, |nick| nick.get_ref());
                let endpoint =
                    IrcEndpoint::parse(url.get_ref(), nick, password).map_err(|message| {
                        let start = match &table.nick {
                            Some(nick) if message.contains("nick") => nick.span().start,
                            _ => url.span().start,
                        };
                        at(&config, start, message)
                    })?;
                Transport::Irc(endpoint)
            }
            (None, Some(url)) => {
                if let Some(nick) = &table.nick {
                    return Err(at(
                        &config,
                        nick.span().start,
                        "nick is for IRC bridges; a Matrix bridge posts as its user".into(),
                    ));
                }
                let Some(room) = &table.room else {
                    return Err(config.error_at(
                        line,
                        "the Matrix bridge names no room (room = \"#room:server\")",
                    ));
                };
                let access_token = table.access_token_env.as_ref().map(secret_from).transpose()?;
                let credential = match (password, &table.user, access_token) {
                    (Some(password), Some(user), None) => Credential::Password {
                        user: user.get_ref().clone(),
                        password,
                    },
                    (None, _, Some(token)) => Credential::AccessToken(token),
                    _ => {
                        return Err(config.error_at(
                            line,
                            "a Matrix bridge needs user and password_env, or access_token_env",
                        ))
                    }
                };
                let endpoint = MatrixEndpoint::parse(url.get_ref(), room.get_ref(), credential)
                    .map_err(|message| {
                        let start = match (&table.user, message.contains("user id")) {
                            (Some(user), true) => user.span().start,
                            _ if message.contains("room") => room.span().start,
                            _ => url.span().start,
                        };
                        at(&config, start, message)
                    })?;
                Transport::Matrix(endpoint)
            }
            (Some(_), Some(matrix)) => {
                return Err(at(
                    &config,
                    matrix.span().start,
                    "a [[bridge]] table links one room: write a second table for the same channel to bridge it with both IRC and Matrix".into(),
                ))
            }
            (None, None) => {
                return Err(config.error_at(
                    line,
                    "the bridge names no room (irc = \"irc://host/#room\" or matrix = \"https://homeserver\")",
                ))
            }
        };
        config.bridges.push(BridgeSpec {
            line,
            team: team.to_string(),
            channel: channel.to_string(),
            transport,
        });
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<BridgesConfig, String> {
        parse(text, "b.toml", |name| {
            (name == "PW").then(|| "secret".to_string())
        })
    }

    #[test]
    fn a_bridge_table_reads_into_a_spec() {
        let config = parse_text(
            "bot = \"relay\"\n[[bridge]]\nchannel = \"demo/irc\"\nirc = \"irc://127.0.0.1:6667/#oxbow\"\nnick = \"bk\"\npassword_env = \"PW\"\n",
        )
        .expect("valid");
        assert_eq!(config.bot_username, "relay");
        let spec = &config.bridges[0];
        assert_eq!(
            (spec.line, spec.team.as_str(), spec.channel.as_str()),
            (3, "demo", "irc")
        );
        let Transport::Irc(endpoint) = &spec.transport else {
            panic!("an IRC bridge");
        };
        assert_eq!(
            (endpoint.nick.as_str(), endpoint.room.as_str()),
            ("bk", "#oxbow")
        );
        assert_eq!(
            endpoint.password.as_ref().map(Secret::expose),
            Some("secret")
        );
        assert!(
            !format!("{config:?}").contains("secret"),
            "the password stays out of logs"
        );
    }

    #[test]
    fn a_matrix_table_reads_into_a_spec() {
        let config = parse_text(
            "[[bridge]]\nchannel = \"demo/irc\"\nmatrix = \"https://matrix.example.org\"\nroom = \"#oxbow:example.org\"\nuser = \"@brisk:example.org\"\npassword_env = \"PW\"\n",
        )
        .expect("valid");
        let spec = &config.bridges[0];
        assert_eq!(spec.transport.network(), "matrix");
        assert_eq!(spec.transport.room(), "#oxbow:example.org");
        assert_eq!(spec.transport.server(), "matrix.example.org:443");
        let Transport::Matrix(endpoint) = &spec.transport else {
            panic!("a Matrix bridge");
        };
        assert!(matches!(
            &endpoint.credential,
            Credential::Password { user, password } if user == "@brisk:example.org" && password.expose() == "secret"
        ));
        let by_token = parse_text(
            "[[bridge]]\nchannel = \"d/c\"\nmatrix = \"http://127.0.0.1:8008\"\nroom = \"!abc:localhost\"\naccess_token_env = \"PW\"\n",
        )
        .expect("valid");
        assert!(
            !format!("{by_token:?}").contains("secret"),
            "the token stays out of logs"
        );
    }

    #[test]
    fn matrix_mistakes_name_their_line() {
        let table = "[[bridge]]\nchannel = \"d/c\"\nmatrix = \"http://h:8008\"\n";
        let cases = [
            (
                format!("{table}user = \"@b:h\"\npassword_env = \"PW\"\n"),
                "b.toml line 2: the Matrix bridge names no room",
            ),
            (
                format!("{table}room = \"oxbow\"\nuser = \"@b:h\"\npassword_env = \"PW\"\n"),
                "b.toml line 4: `oxbow`",
            ),
            (
                format!("{table}room = \"#o:h\"\nuser = \"brisk\"\npassword_env = \"PW\"\n"),
                "b.toml line 5: `brisk`",
            ),
            (
                format!("{table}room = \"#o:h\"\nuser = \"@b:h\"\n"),
                "b.toml line 2: a Matrix bridge needs",
            ),
            (
                format!("{table}room = \"#o:h\"\naccess_token_env = \"NOPE\"\n"),
                "b.toml line 5: the environment variable NOPE",
            ),
            (
                format!("{table}room = \"#o:h\"\nnick = \"x\"\naccess_token_env = \"PW\"\n"),
                "b.toml line 5: nick is for IRC",
            ),
            (
                format!("{table}irc = \"irc://h/#a\"\n"),
                "b.toml line 3: a [[bridge]] table links one room",
            ),
            (
                "[[bridge]]\nchannel = \"d/c\"\nirc = \"irc://h/#a\"\nroom = \"#o:h\"\n"
                    .to_string(),
                "b.toml line 4: room, user",
            ),
        ];
        for (text, expected) in cases {
            let err = parse_text(&text).expect_err(&text);
            assert!(err.starts_with(expected), "{err}");
        }
    }

    #[test]
    fn mistakes_name_their_line() {
        let cases = [
            (
                "[[bridge]]\nchannel = \"demo\"\nirc = \"irc://h/#a\"\n",
                "b.toml line 2: channel `demo`",
            ),
            (
                "[[bridge]]\nchannel = \"d/c\"\n\nirc = \"http://h/#a\"\n",
                "b.toml line 4: `http://h/#a`",
            ),
            (
                "[[bridge]]\nchannel = \"d/c\"\nirc = \"irc://h/#a\"\nnick = \"1x\"\n",
                "b.toml line 4: `1x`",
            ),
            (
                "[[bridge]]\nchannel = \"d/c\"\nirc = \"irc://h/#a\"\npassword_env = \"NOPE\"\n",
                "b.toml line 4: the environment variable NOPE",
            ),
            (
                "[[bridge]]\nchannel = \"d/c\"\n",
                "b.toml line 2: the bridge names no room",
            ),
            (
                "bot = \"X Y\"\n[[bridge]]\nchannel = \"d/c\"\nirc = \"irc://h/#a\"\n",
                "b.toml line 1: `X Y`",
            ),
            ("", "b.toml: no [[bridge]] table"),
        ];
        for (text, expected) in cases {
            let err = parse_text(text).expect_err(text);
            assert!(err.starts_with(expected), "{err}");
        }
        let unknown =
            parse_text("[[bridge]]\nchannel = \"d/c\"\nirc = \"irc://h/#a\"\nrelay_joins = true\n")
                .expect_err("unknown key");
        assert!(
            unknown.contains("line 4") && unknown.contains("relay_joins"),
            "{unknown}"
        );
        let syntax = parse_text("[[bridge]\n").expect_err("bad toml");
        assert!(
            syntax.starts_with("b.toml: ") && syntax.contains("line 1"),
            "{syntax}"
        );
    }
}
