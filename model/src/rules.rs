//! Mattermost's rules for the fields people type (usernames, emails, passwords, channel names and
//! texts) and for the shape of ids: one definition for the client's forms, the server's API and
//! the demo community.
//!
//! Where Mattermost's web app is stricter than its server (usernames of 3 to 22 characters that
//! start with a letter, a longer list of reserved names, channel URLs of 2 or more characters that
//! start and end with a letter or digit), these are the web app's rules, and the bundled server
//! holds its API to them too: every account and channel it has could have been made in
//! Mattermost's own forms, and a form never accepts what the server then refuses.

use std::fmt;

/// The length of every id (26 characters of `a-z0-9`), as Mattermost's `IsValidId`.
pub const ID_LEN: usize = 26;

/// The web app's username limits, in characters (`MIN_USERNAME_LENGTH`, `MAX_USERNAME_LENGTH`).
pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 22;
/// Usernames that mean something else in a message or belong to Mattermost's own accounts (the
/// web app's `RESERVED_USERNAMES`; the server's own list lacks `here` and `valet`).
pub const RESERVED_USERNAMES: [&str; 6] =
    ["all", "channel", "here", "matterbot", "system", "valet"];
/// `UserEmailMaxLength`, in bytes.
pub const EMAIL_MAX: usize = 128;
/// A login id is a username or an email, so no account has one longer than the longest email:
/// a longer one is refused before it costs a lookup or a place in the login throttle.
pub const LOGIN_ID_MAX: usize = EMAIL_MAX;
/// The default `PasswordSettings.MinimumLength`, in characters.
pub const PASSWORD_MIN: usize = 8;
/// `PasswordMaximumLength`, in bytes (bcrypt's limit; kept so answers match Mattermost's).
pub const PASSWORD_MAX: usize = 72;
/// Channel display names and URL names: 2 to 64 characters (the web app's `MIN_CHANNELNAME_LENGTH`
/// and the server's `ChannelDisplayNameMaxRunes` / `ChannelNameMaxLength`).
pub const CHANNEL_NAME_MIN: usize = 2;
pub const CHANNEL_NAME_MAX: usize = 64;
/// `ChannelHeaderMaxRunes`.
pub const CHANNEL_HEADER_MAX: usize = 1024;
/// `ChannelPurposeMaxRunes`.
pub const CHANNEL_PURPOSE_MAX: usize = 250;
/// `UserFirstNameMaxRunes`, `UserLastNameMaxRunes` and `UserNicknameMaxRunes`: one limit for the
/// three names of a profile.
pub const PROFILE_NAME_MAX: usize = 64;
/// `UserPositionMaxRunes`.
pub const POSITION_MAX: usize = 128;

/// What is wrong with a field; `Display` says it as the sentence shown next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    EmailMissing,
    EmailInvalid,
    UsernameMissing,
    /// Too short or long, a character outside `a-z0-9.-_`, or not starting with a letter.
    UsernameInvalid,
    UsernameReserved,
    PasswordTooShort,
    PasswordTooLong,
    ChannelNameTooShort,
    ChannelNameTooLong,
    ChannelUrlTooShort,
    ChannelUrlTooLong,
    ChannelUrlCharacters,
    ChannelUrlEdges,
    /// `<id>__<id>` is how direct message channels are named.
    ChannelUrlLooksDirect,
    ChannelHeaderTooLong,
    ChannelPurposeTooLong,
    /// A first name, last name or nickname over `PROFILE_NAME_MAX`.
    ProfileNameTooLong,
    PositionTooLong,
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmailMissing => f.write_str("Enter your email address."),
            Self::EmailInvalid => {
                f.write_str("Enter a valid email address, like name@example.org.")
            }
            Self::UsernameMissing => f.write_str("Choose a username."),
            Self::UsernameInvalid => write!(
                f,
                "Usernames start with a lowercase letter and have {USERNAME_MIN} to \
                 {USERNAME_MAX} characters: lowercase letters, numbers, “.”, “-” and “_”."
            ),
            Self::UsernameReserved => {
                f.write_str("That username is reserved. Choose another username.")
            }
            Self::PasswordTooShort => {
                write!(f, "Passwords need at least {PASSWORD_MIN} characters.")
            }
            Self::PasswordTooLong => {
                write!(f, "Passwords can have at most {PASSWORD_MAX} characters.")
            }
            Self::ChannelNameTooShort => write!(
                f,
                "Channel names need at least {CHANNEL_NAME_MIN} characters."
            ),
            Self::ChannelNameTooLong => write!(
                f,
                "Channel names can have at most {CHANNEL_NAME_MAX} characters."
            ),
            Self::ChannelUrlTooShort => {
                write!(f, "URLs need at least {CHANNEL_NAME_MIN} characters.")
            }
            Self::ChannelUrlTooLong => {
                write!(f, "URLs can have at most {CHANNEL_NAME_MAX} characters.")
            }
            Self::ChannelUrlCharacters => {
                f.write_str("URLs can only use lowercase letters, numbers, “-” and “_”.")
            }
            Self::ChannelUrlEdges => {
                f.write_str("URLs must start and end with a lowercase letter or number.")
            }
            Self::ChannelUrlLooksDirect => f.write_str("User IDs are not allowed in channel URLs."),
            Self::ChannelHeaderTooLong => write!(
                f,
                "Headers can have at most {CHANNEL_HEADER_MAX} characters."
            ),
            Self::ChannelPurposeTooLong => write!(
                f,
                "Purposes can have at most {CHANNEL_PURPOSE_MAX} characters."
            ),
            Self::ProfileNameTooLong => {
                write!(f, "Names can have at most {PROFILE_NAME_MAX} characters.")
            }
            Self::PositionTooLong => {
                write!(f, "Positions can have at most {POSITION_MAX} characters.")
            }
        }
    }
}

/// Whether `s` has the shape of an id Mattermost (or the bundled server) makes.
pub fn is_valid_id(s: &str) -> bool {
    s.len() == ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// What is wrong with an email address, if anything: Mattermost's shape of an address (something,
/// one `@`, something; no spaces or commas, which would make it a list) within its length limit.
pub fn email_problem(email: &str) -> Option<FieldProblem> {
    if email.is_empty() {
        return Some(FieldProblem::EmailMissing);
    }
    let plausible = email.len() <= EMAIL_MAX
        && !email.chars().any(|c| c.is_whitespace() || c == ',')
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@')
        });
    (!plausible).then_some(FieldProblem::EmailInvalid)
}

/// What is wrong with a username, if anything: 3 to 22 of `a-z 0-9 . - _`, starting with a
/// letter, and none of the reserved names.
pub fn username_problem(username: &str) -> Option<FieldProblem> {
    if username.is_empty() {
        return Some(FieldProblem::UsernameMissing);
    }
    let well_formed = (USERNAME_MIN..=USERNAME_MAX).contains(&username.len())
        && username.starts_with(|c: char| c.is_ascii_lowercase())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
    if !well_formed {
        Some(FieldProblem::UsernameInvalid)
    } else if RESERVED_USERNAMES.contains(&username) {
        Some(FieldProblem::UsernameReserved)
    } else {
        None
    }
}

/// What is wrong with a new password, if anything (Mattermost's default policy: length only).
pub fn password_problem(password: &str) -> Option<FieldProblem> {
    if password.chars().count() < PASSWORD_MIN {
        Some(FieldProblem::PasswordTooShort)
    } else if password.len() > PASSWORD_MAX {
        Some(FieldProblem::PasswordTooLong)
    } else {
        None
    }
}

/// What is wrong with a channel's display name, if anything; it is judged, and stored, trimmed.
pub fn channel_display_name_problem(display_name: &str) -> Option<FieldProblem> {
    let length = display_name.trim().chars().count();
    if length < CHANNEL_NAME_MIN {
        Some(FieldProblem::ChannelNameTooShort)
    } else if length > CHANNEL_NAME_MAX {
        Some(FieldProblem::ChannelNameTooLong)
    } else {
        None
    }
}

/// What is wrong with a channel's URL name, if anything: 2 to 64 of `a-z 0-9 - _`, starting and
/// ending with a letter or digit, and not shaped like a direct channel's name.
pub fn channel_url_problem(url: &str) -> Option<FieldProblem> {
    let length = url.chars().count();
    if length < CHANNEL_NAME_MIN {
        return Some(FieldProblem::ChannelUrlTooShort);
    }
    if length > CHANNEL_NAME_MAX {
        return Some(FieldProblem::ChannelUrlTooLong);
    }
    if !url
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Some(FieldProblem::ChannelUrlCharacters);
    }
    let edge = |c: Option<char>| c.is_some_and(|c| c == '-' || c == '_');
    if edge(url.chars().next()) || edge(url.chars().last()) {
        return Some(FieldProblem::ChannelUrlEdges);
    }
    let looks_direct = url
        .split_once("__")
        .is_some_and(|(a, b)| is_valid_id(a) && is_valid_id(b));
    looks_direct.then_some(FieldProblem::ChannelUrlLooksDirect)
}

/// What is wrong with a channel header, if anything.
pub fn channel_header_problem(header: &str) -> Option<FieldProblem> {
    (header.chars().count() > CHANNEL_HEADER_MAX).then_some(FieldProblem::ChannelHeaderTooLong)
}

/// What is wrong with a channel purpose, if anything.
pub fn channel_purpose_problem(purpose: &str) -> Option<FieldProblem> {
    (purpose.chars().count() > CHANNEL_PURPOSE_MAX).then_some(FieldProblem::ChannelPurposeTooLong)
}

/// What is wrong with a first name, last name or nickname, if anything.
pub fn profile_name_problem(name: &str) -> Option<FieldProblem> {
    (name.chars().count() > PROFILE_NAME_MAX).then_some(FieldProblem::ProfileNameTooLong)
}

/// What is wrong with a position (job title), if anything.
pub fn position_problem(position: &str) -> Option<FieldProblem> {
    (position.chars().count() > POSITION_MAX).then_some(FieldProblem::PositionTooLong)
}

/// The URL name Mattermost derives from a display name: accents dropped, lowercase, words joined
/// by "-", everything but letters, digits and "_" removed, no "-" at either end.
pub fn channel_url_from_display_name(display_name: &str) -> String {
    let mut url = String::new();
    for c in display_name.trim().chars().flat_map(latinise) {
        if c.is_whitespace() || c == '-' {
            url.push('-');
        } else if c.is_ascii_alphanumeric() || c == '_' {
            url.push(c.to_ascii_lowercase());
        }
    }
    url.trim_matches('-').to_string()
}

/// The ASCII letters an accented Latin letter stands for (Mattermost's `latinise`, for the
/// letters people use in channel names); anything else is kept as it is.
fn latinise(c: char) -> impl Iterator<Item = char> {
    let plain: &str = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => "c",
        'Ď' | 'ď' | 'Đ' | 'đ' | 'Ð' | 'ð' => "d",
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => "e",
        'Ğ' | 'ğ' => "g",
        'Ì'..='Ï' | 'ì'..='ï' | 'Ī' | 'ī' | 'Į' | 'į' | 'İ' | 'ı' => "i",
        'Ł' | 'ł' | 'Ľ' | 'ľ' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ő' | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' => "s",
        'ß' => "ss",
        'Ť' | 'ť' | 'Ţ' | 'ţ' => "t",
        'Ù'..='Ü' | 'ù'..='ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => "u",
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        'Þ' | 'þ' => "th",
        _ => "",
    };
    let keep = plain.is_empty().then_some(c);
    plain.chars().chain(keep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use FieldProblem::*;

    #[test]
    fn ids_are_26_lowercase_letters_and_digits() {
        assert!(is_valid_id("abcdefghijklmnopqrstuvwxyz"));
        assert!(is_valid_id(&"7".repeat(ID_LEN)));
        assert!(!is_valid_id(&"a".repeat(ID_LEN - 1)));
        assert!(!is_valid_id("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        assert!(!is_valid_id("abcdefghijklmnopqrstuvwxy-"));
    }

    #[test]
    fn emails_need_one_at_sign_with_something_either_side() {
        for good in ["ann@example.org", "a@b", "ann+chat@localhost"] {
            assert_eq!(email_problem(good), None, "{good}");
        }
        assert_eq!(email_problem(""), Some(EmailMissing));
        let too_long = format!("{}@example.org", "a".repeat(EMAIL_MAX));
        for bad in [
            "ann",
            "ann@",
            "@example.org",
            "ann @example.org",
            "a@b@c",
            "a@b,c@d",
            &too_long,
        ] {
            assert_eq!(email_problem(bad), Some(EmailInvalid), "{bad}");
        }
    }

    #[test]
    fn usernames_follow_the_web_apps_sign_up_rule() {
        for good in ["ann", "ann.lee-2_b", "a23", &"a".repeat(USERNAME_MAX)] {
            assert_eq!(username_problem(good), None, "{good}");
        }
        assert_eq!(username_problem(""), Some(UsernameMissing));
        for bad in [
            "an",
            "Ann",
            "2ann",
            "_ann",
            "ann!",
            "ann lee",
            &"a".repeat(USERNAME_MAX + 1),
        ] {
            assert_eq!(username_problem(bad), Some(UsernameInvalid), "{bad}");
        }
        // Mentions (@all, @channel, @here) and Mattermost's own accounts.
        for reserved in RESERVED_USERNAMES {
            assert_eq!(
                username_problem(reserved),
                Some(UsernameReserved),
                "{reserved}"
            );
        }
        assert!(UsernameInvalid
            .to_string()
            .contains("start with a lowercase letter"));
    }

    #[test]
    fn passwords_have_8_characters_and_at_most_72_bytes() {
        assert_eq!(password_problem("eight-ch"), None);
        assert_eq!(password_problem("seven-c"), Some(PasswordTooShort));
        // Eight characters, sixteen bytes: long enough.
        assert_eq!(password_problem("éééééééé"), None);
        assert_eq!(password_problem(&"x".repeat(PASSWORD_MAX)), None);
        assert_eq!(
            password_problem(&"x".repeat(PASSWORD_MAX + 1)),
            Some(PasswordTooLong)
        );
        assert_eq!(password_problem(&"é".repeat(37)), Some(PasswordTooLong));
        assert!(PasswordTooShort.to_string().contains("at least 8"));
    }

    #[test]
    fn channel_display_names_are_2_to_64_characters_once_trimmed() {
        assert_eq!(channel_display_name_problem("ok"), None);
        assert_eq!(channel_display_name_problem(&"é".repeat(64)), None);
        assert_eq!(
            channel_display_name_problem(" x "),
            Some(ChannelNameTooShort)
        );
        assert_eq!(
            channel_display_name_problem("   "),
            Some(ChannelNameTooShort)
        );
        assert_eq!(
            channel_display_name_problem(&"x".repeat(65)),
            Some(ChannelNameTooLong)
        );
    }

    #[test]
    fn channel_urls_allow_dashes_and_underscores_inside() {
        for good in ["town-square", "dev_ops-2", "q4", &"a".repeat(64)] {
            assert_eq!(channel_url_problem(good), None, "{good}");
        }
        assert_eq!(channel_url_problem("a"), Some(ChannelUrlTooShort));
        assert_eq!(
            channel_url_problem(&"a".repeat(65)),
            Some(ChannelUrlTooLong)
        );
        for bad in ["Big", "dev ops", "café"] {
            assert_eq!(
                channel_url_problem(bad),
                Some(ChannelUrlCharacters),
                "{bad}"
            );
        }
        for bad in ["-dev", "dev-", "_dev", "dev_"] {
            assert_eq!(channel_url_problem(bad), Some(ChannelUrlEdges), "{bad}");
        }
        let direct = format!("{}__{}", "a".repeat(ID_LEN), "b".repeat(ID_LEN));
        assert_eq!(channel_url_problem(&direct), Some(ChannelUrlLooksDirect));
    }

    #[test]
    fn channel_headers_and_purposes_have_mattermosts_limits() {
        assert_eq!(
            channel_header_problem(&"é".repeat(CHANNEL_HEADER_MAX)),
            None
        );
        assert_eq!(
            channel_header_problem(&"x".repeat(CHANNEL_HEADER_MAX + 1)),
            Some(ChannelHeaderTooLong)
        );
        assert_eq!(channel_purpose_problem(""), None);
        assert_eq!(
            channel_purpose_problem(&"x".repeat(CHANNEL_PURPOSE_MAX + 1)),
            Some(ChannelPurposeTooLong)
        );
    }

    #[test]
    fn the_url_name_is_derived_from_the_display_name_as_mattermost_does() {
        assert_eq!(
            channel_url_from_display_name("Release Planning"),
            "release-planning"
        );
        assert_eq!(channel_url_from_display_name("  Q&A: 2024!  "), "qa-2024");
        assert_eq!(channel_url_from_display_name("Café Crème"), "cafe-creme");
        assert_eq!(channel_url_from_display_name("--dev_ops--"), "dev_ops");
        assert_eq!(channel_url_from_display_name("日本語"), "");
    }

    #[test]
    fn profile_names_and_positions_have_mattermosts_limits() {
        assert_eq!(profile_name_problem(&"é".repeat(PROFILE_NAME_MAX)), None);
        assert_eq!(
            profile_name_problem(&"x".repeat(PROFILE_NAME_MAX + 1)),
            Some(ProfileNameTooLong)
        );
        assert_eq!(position_problem(&"é".repeat(POSITION_MAX)), None);
        assert_eq!(
            position_problem(&"x".repeat(POSITION_MAX + 1)),
            Some(PositionTooLong)
        );
    }
}
