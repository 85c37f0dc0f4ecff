//! Form rules as Mattermost applies them (sign-up, new channel), checked before a request is sent
//! so people read what to fix next to the field instead of a server error.

/// Mattermost's username limits.
pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 22;
/// Mattermost's default `PasswordSettings.MinimumLength`, and its maximum.
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 72;
/// Channel display names and URL names: 2 to 64 characters (the webapp's limits).
pub const CHANNEL_NAME_MIN: usize = 2;
pub const CHANNEL_NAME_MAX: usize = 64;
/// Mattermost's limit on a channel purpose.
pub const CHANNEL_PURPOSE_MAX: usize = 250;
/// Mattermost's limit on a channel header.
pub const CHANNEL_HEADER_MAX: usize = 1024;

/// Usernames the server refuses because they mean something else in a message.
const RESERVED_USERNAMES: &[&str] = &["all", "channel", "here", "matterbot", "system"];

/// What is wrong with an email address, if anything.
pub fn email_problem(email: &str) -> Option<String> {
    let email = email.trim();
    if email.is_empty() {
        return Some("Enter your email address.".into());
    }
    let plausible = email.len() <= 128
        && !email.chars().any(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    (!plausible).then(|| "Enter a valid email address, like name@example.org.".into())
}

/// What is wrong with a username, if anything (Mattermost's rule: 3-22 of a-z 0-9 . - _,
/// starting with a letter).
pub fn username_problem(username: &str) -> Option<String> {
    let username = username.trim();
    if username.is_empty() {
        return Some("Choose a username.".into());
    }
    if RESERVED_USERNAMES.contains(&username.to_lowercase().as_str()) {
        return Some(format!(
            "“{username}” is reserved. Choose another username."
        ));
    }
    let valid = (USERNAME_MIN..=USERNAME_MAX).contains(&username.len())
        && username.starts_with(|c: char| c.is_ascii_lowercase())
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c));
    (!valid).then(|| {
        format!(
            "Usernames start with a lowercase letter and have {USERNAME_MIN} to {USERNAME_MAX} \
             characters: lowercase letters, numbers, “.”, “-” and “_”."
        )
    })
}

/// What is wrong with a new password, if anything.
pub fn password_problem(password: &str) -> Option<String> {
    let length = password.len();
    if length < PASSWORD_MIN {
        Some(format!(
            "Passwords need at least {PASSWORD_MIN} characters."
        ))
    } else if length > PASSWORD_MAX {
        Some(format!(
            "Passwords can have at most {PASSWORD_MAX} characters."
        ))
    } else {
        None
    }
}

/// What is wrong with a channel's display name, if anything.
pub fn channel_display_name_problem(display_name: &str) -> Option<String> {
    let length = display_name.trim().chars().count();
    if length < CHANNEL_NAME_MIN {
        Some(format!(
            "Channel names need at least {CHANNEL_NAME_MIN} characters."
        ))
    } else if length > CHANNEL_NAME_MAX {
        Some(format!(
            "Channel names can have at most {CHANNEL_NAME_MAX} characters."
        ))
    } else {
        None
    }
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

/// What is wrong with a channel URL name, if anything (the webapp's `validateChannelUrl`).
pub fn channel_url_problem(url: &str) -> Option<String> {
    let length = url.chars().count();
    if length < CHANNEL_NAME_MIN {
        return Some(format!("URLs need at least {CHANNEL_NAME_MIN} characters."));
    }
    if length > CHANNEL_NAME_MAX {
        return Some(format!(
            "URLs can have at most {CHANNEL_NAME_MAX} characters."
        ));
    }
    if !url
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Some("URLs can only use lowercase letters, numbers, “-” and “_”.".into());
    }
    let edge = |c: Option<char>| c.is_some_and(|c| c == '-' || c == '_');
    if edge(url.chars().next()) || edge(url.chars().last()) {
        return Some("URLs must start and end with a lowercase letter or number.".into());
    }
    // `{id}__{id}` is how direct message channels are named.
    let looks_direct = url
        .split_once("__")
        .is_some_and(|(a, b)| a.len() == 26 && b.len() == 26);
    looks_direct.then(|| "User IDs are not allowed in channel URLs.".into())
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

    #[test]
    fn sign_up_fields_follow_mattermosts_rules() {
        assert_eq!(email_problem("ann@example.org"), None);
        assert!(email_problem("").unwrap().starts_with("Enter your email"));
        for bad in [
            "ann",
            "ann@",
            "@example.org",
            "ann @example.org",
            "ann@localhost",
        ] {
            assert!(email_problem(bad).is_some(), "{bad}");
        }

        assert_eq!(username_problem("ann.lee-2_b"), None);
        for bad in ["an", "Ann", "2ann", "ann!", "a-very-long-username-indeed"] {
            assert!(username_problem(bad).is_some(), "{bad}");
        }
        assert!(username_problem("here").unwrap().contains("reserved"));

        assert_eq!(password_problem("eight-ch"), None);
        assert!(password_problem("short").unwrap().contains("at least 8"));
        assert!(password_problem(&"x".repeat(73))
            .unwrap()
            .contains("at most 72"));
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
    fn channel_names_and_urls_are_validated() {
        assert_eq!(channel_display_name_problem("ok"), None);
        assert!(channel_display_name_problem(" x ").is_some());
        assert!(channel_display_name_problem(&"x".repeat(65)).is_some());

        assert_eq!(channel_url_problem("release-planning"), None);
        assert!(channel_url_problem("a").unwrap().contains("at least 2"));
        assert!(channel_url_problem("Big").unwrap().contains("lowercase"));
        assert!(channel_url_problem("-dev")
            .unwrap()
            .contains("start and end"));
        let direct = format!("{}__{}", "a".repeat(26), "b".repeat(26));
        assert!(channel_url_problem(&direct).unwrap().contains("User IDs"));
    }
}
