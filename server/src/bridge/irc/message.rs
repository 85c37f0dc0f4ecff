//! IRC protocol lines (RFC 1459 §2.3.1, with IRCv3 tags skipped): `[@tags] [:source] COMMAND
//! params... [:trailing]`.

/// One parsed line, borrowing from it.
#[derive(Debug, PartialEq, Eq)]
pub struct Message<'a> {
    /// `nick!user@host` or a server name.
    pub source: Option<&'a str>,
    pub command: &'a str,
    pub params: Vec<&'a str>,
}

impl<'a> Message<'a> {
    /// Reads a line without its CR LF; None for a line with no command.
    pub fn parse(line: &'a str) -> Option<Self> {
        let mut rest = line.trim_start_matches(' ');
        if rest.starts_with('@') {
            rest = rest.split_once(' ')?.1.trim_start_matches(' ');
        }
        let source = match rest.strip_prefix(':') {
            Some(prefixed) => {
                let (source, after) = prefixed.split_once(' ')?;
                rest = after.trim_start_matches(' ');
                Some(source)
            }
            None => None,
        };
        let (command, mut rest) = rest.split_once(' ').unwrap_or((rest, ""));
        if command.is_empty() {
            return None;
        }
        let mut params = Vec::new();
        loop {
            rest = rest.trim_start_matches(' ');
            if rest.is_empty() {
                break;
            }
            if let Some(trailing) = rest.strip_prefix(':') {
                params.push(trailing);
                break;
            }
            let (param, after) = rest.split_once(' ').unwrap_or((rest, ""));
            params.push(param);
            rest = after;
        }
        Some(Self {
            source,
            command,
            params,
        })
    }

    /// The nick of a `nick!user@host` source.
    pub fn nick(&self) -> Option<&'a str> {
        self.source
            .map(|source| source.split_once('!').map_or(source, |(nick, _)| nick))
    }

    /// The `n`th parameter, or "".
    pub fn param(&self, n: usize) -> &'a str {
        self.params.get(n).copied().unwrap_or("")
    }
}

/// Whether two nicks or channel names are the same under IRC's rfc1459 case mapping, where
/// `[]\~` are the upper case of `{}|^`.
pub fn same_name(a: &str, b: &str) -> bool {
    let fold = |c: char| match c {
        '[' => '{',
        ']' => '}',
        '\\' => '|',
        '~' => '^',
        other => other.to_ascii_lowercase(),
    };
    a.len() == b.len() && a.chars().map(fold).eq(b.chars().map(fold))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_into_source_command_and_params() {
        let privmsg = Message::parse(":ann!~ann@host PRIVMSG #oxbow :hello there").expect("line");
        assert_eq!(privmsg.nick(), Some("ann"));
        assert_eq!(privmsg.command, "PRIVMSG");
        assert_eq!(privmsg.params, vec!["#oxbow", "hello there"]);
        let ping = Message::parse("PING :irc.test.local").expect("line");
        assert_eq!((ping.source, ping.param(0)), (None, "irc.test.local"));
        let numeric = Message::parse(":srv 433 * brisk :Nickname already in use").expect("line");
        assert_eq!(
            numeric.params,
            vec!["*", "brisk", "Nickname already in use"]
        );
        let tagged = Message::parse("@time=x :srv  366  me #oxbow :End").expect("line");
        assert_eq!((tagged.command, tagged.param(1)), ("366", "#oxbow"));
        assert_eq!(Message::parse(":srv.only").map(|m| m.command), None);
        assert_eq!(Message::parse("").map(|m| m.command), None);
        assert_eq!(
            Message::parse("PRIVMSG #a ::)").map(|m| m.param(1)),
            Some(":)")
        );
    }

    #[test]
    fn names_compare_with_irc_case_mapping() {
        assert!(same_name("#OxBow", "#oxbow"));
        assert!(same_name("nick[a]", "NICK{A}"));
        assert!(!same_name("#oxbow", "#oxbows"));
    }
}
