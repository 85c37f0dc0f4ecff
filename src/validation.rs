//! The forms' checks before a request is sent, so people read what to fix next to the field
//! instead of a server error: the model's field rules (`brisk_model::rules`, which the server
//! applies too), as the sentence to show.

use brisk_model::rules;

/// What is wrong with an email address as typed (it is sent trimmed), if anything.
pub fn email_problem(email: &str) -> Option<String> {
    rules::email_problem(email.trim()).map(|problem| problem.to_string())
}

/// What is wrong with a username as typed (it is sent trimmed), if anything.
pub fn username_problem(username: &str) -> Option<String> {
    rules::username_problem(username.trim()).map(|problem| problem.to_string())
}

/// What is wrong with a new password, if anything.
pub fn password_problem(password: &str) -> Option<String> {
    rules::password_problem(password).map(|problem| problem.to_string())
}

/// What is wrong with a channel's display name, if anything.
pub fn channel_display_name_problem(display_name: &str) -> Option<String> {
    rules::channel_display_name_problem(display_name).map(|problem| problem.to_string())
}

/// What is wrong with a channel URL name, if anything.
pub fn channel_url_problem(url: &str) -> Option<String> {
    rules::channel_url_problem(url).map(|problem| problem.to_string())
}
