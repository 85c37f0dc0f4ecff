//! Slack members as accounts here: the username and email an imported account gets.

use brisk_model::rules::{self, USERNAME_MAX, USERNAME_MIN};

use super::export_files::SlackUser;

/// A username within `brisk_model::rules` made from a Slack handle (`Jane.Doe` → `jane.doe`,
/// `李` → `user`), unique by a number on the end when `taken` says the plain one is.
pub fn username(handle: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut base: String = handle
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(*c))
        .collect();
    if !base.starts_with(|c: char| c.is_ascii_lowercase()) {
        base.insert_str(0, "user");
    }
    while base.len() < USERNAME_MIN {
        base.push('_');
    }
    base.truncate(USERNAME_MAX);
    let free = |name: &str| rules::username_problem(name).is_none() && !taken(name);
    if free(&base) {
        return base;
    }
    (2..)
        .map(|n: u32| {
            let suffix = n.to_string();
            let mut name = base.clone();
            name.truncate(USERNAME_MAX - suffix.len());
            name + &suffix
        })
        .find(|name| free(name))
        .unwrap_or(base)
}

/// The member's email when the export has a usable one.
pub fn email(user: &SlackUser) -> Option<String> {
    let email = user.profile.email.as_deref()?.trim().to_lowercase();
    rules::email_problem(&email).is_none().then_some(email)
}

/// An address for a member the export gives none: unique, and never deliverable (`.invalid`).
pub fn placeholder_email(user: &SlackUser) -> String {
    format!("{}@slack-import.invalid", user.id.to_lowercase())
}

/// First and last name, from the profile or else split from the full name.
pub fn names(user: &SlackUser) -> (String, String) {
    let profile = &user.profile;
    if !profile.first_name.is_empty() || !profile.last_name.is_empty() {
        return (profile.first_name.clone(), profile.last_name.clone());
    }
    let full = if profile.real_name.is_empty() {
        &user.real_name
    } else {
        &profile.real_name
    };
    match full.trim().split_once(' ') {
        Some((first, last)) => (first.to_string(), last.trim().to_string()),
        None => (full.trim().to_string(), String::new()),
    }
}

/// `text` cut to at most `max` characters (Mattermost's limits on names and positions).
pub fn at_most(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_follow_the_rules_and_stay_unique() {
        let none = |_: &str| false;
        assert_eq!(username("Jane.Doe", none), "jane.doe");
        assert_eq!(username("Mary Ann", none), "mary-ann");
        assert_eq!(username("李", none), "user");
        assert_eq!(username("42", none), "user42");
        assert_eq!(username("al", none), "al_");
        assert_eq!(username("here", none), "here2");
        assert_eq!(username(&"x".repeat(30), none), "x".repeat(22));
        let taken = |name: &str| ["ann", "ann2"].contains(&name);
        assert_eq!(username("ann", taken), "ann3");
        let long_taken = |name: &str| name == "y".repeat(22);
        assert_eq!(
            username(&"y".repeat(30), long_taken),
            format!("{}2", "y".repeat(21))
        );
    }

    #[test]
    fn emails_and_names_come_from_the_profile() {
        let mut user = SlackUser {
            id: "U1AB".into(),
            real_name: "Jane van Doe".into(),
            ..Default::default()
        };
        assert_eq!(email(&user), None);
        assert_eq!(placeholder_email(&user), "u1ab@slack-import.invalid");
        assert_eq!(names(&user), ("Jane".to_string(), "van Doe".to_string()));
        user.profile.email = Some(" Jane@Example.org ".into());
        assert_eq!(email(&user).as_deref(), Some("jane@example.org"));
        user.profile.email = Some("not an email".into());
        assert_eq!(email(&user), None);
        user.profile.first_name = "J".into();
        assert_eq!(names(&user), ("J".to_string(), String::new()));
    }
}
