//! One Slack message as the post it becomes here, or the reason it is left out.

use brisk_model::POST_MESSAGE_MAX_RUNES;

use super::export_files::SlackMessage;
use super::markup::{self, Names};

/// Who a post is by.
#[derive(Debug, PartialEq)]
pub enum Author {
    /// A Slack member (their id).
    Member(String),
    /// An integration or Slack's own bot, posted by the import's bot account under this name.
    Bot(String),
}

/// What a message becomes.
#[derive(Debug, PartialEq)]
pub struct Converted {
    pub author: Author,
    pub message: String,
    /// "" for a message, "me" for `/me` (as Mattermost's `/me` command posts it).
    pub post_type: &'static str,
    /// True when the text was longer than a post may be and was cut.
    pub cut: bool,
}

/// Subtypes that are someone saying something; every other subtype (joins, leaves, topic and
/// name changes, pins...) is a record of an action, left out and counted.
const SAID: [&str; 5] = [
    "bot_message",
    "me_message",
    "file_share",
    "thread_broadcast",
    "slackbot_response",
];

/// Slack's own bot, which is not in users.json.
const SLACKBOT: &str = "USLACKBOT";

/// The post a message becomes, or why it is left out (its subtype, or "empty").
pub fn convert(message: &SlackMessage, names: &Names) -> Result<Converted, String> {
    let subtype = message.subtype.as_deref();
    if let Some(subtype) = subtype.filter(|s| !SAID.contains(s)) {
        return Err(subtype.to_string());
    }
    if message.hidden {
        return Err("hidden".into());
    }
    let author = match message.user.as_deref() {
        Some(SLACKBOT) => Author::Bot("slackbot".into()),
        Some(user) if subtype != Some("bot_message") => Author::Member(user.to_string()),
        _ => Author::Bot(bot_name(message)),
    };
    let mut text = markup::convert(&message.text, names);
    if text.trim().is_empty() {
        let summaries: Vec<&str> = message
            .attachments
            .iter()
            .filter_map(|a| a.fallback.as_deref())
            .filter(|f| !f.trim().is_empty())
            .collect();
        text = markup::convert(&summaries.join("\n"), names);
    }
    let links: Vec<String> = message
        .files
        .iter()
        .filter_map(|file| {
            let url = file.permalink.as_ref().or(file.url_private.as_ref())?;
            let name = file
                .title
                .as_ref()
                .or(file.name.as_ref())
                .map_or("file", String::as_str);
            Some(format!("[{}]({url})", name.replace(']', "\\]")))
        })
        .collect();
    if !links.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&links.join("\n"));
    }
    if text.trim().is_empty() {
        return Err("empty".into());
    }
    let (text, post_type) = if subtype == Some("me_message") {
        (format!("*{}*", text.trim()), "me")
    } else {
        (text, "")
    };
    let cut = text.chars().count() > POST_MESSAGE_MAX_RUNES;
    let message = if cut {
        text.chars().take(POST_MESSAGE_MAX_RUNES).collect()
    } else {
        text
    };
    Ok(Converted {
        author,
        message,
        post_type,
        cut,
    })
}

/// The name a bot message shows: the name it posted under, else its bot's.
fn bot_name(message: &SlackMessage) -> String {
    message
        .username
        .clone()
        .filter(|name| !name.trim().is_empty())
        .or_else(|| message.bot_profile.as_ref().map(|p| p.name.clone()))
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "bot".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slack_import::export_files::{SlackAttachment, SlackFile};

    fn message(json: &str) -> SlackMessage {
        serde_json::from_str(json).expect("message")
    }

    fn convert_json(json: &str) -> Result<Converted, String> {
        convert(&message(json), &Names::default())
    }

    #[test]
    fn a_member_says_something() {
        let converted = convert_json(r#"{"user":"U1","text":"*hi*","ts":"1.0"}"#).expect("post");
        assert_eq!(converted.author, Author::Member("U1".into()));
        assert_eq!(converted.message, "**hi**");
        assert_eq!(converted.post_type, "");
    }

    #[test]
    fn me_messages_are_posted_as_mattermosts_me_command_posts_them() {
        let converted =
            convert_json(r#"{"subtype":"me_message","user":"U1","text":"waves","ts":"1.0"}"#)
                .expect("post");
        assert_eq!(
            (converted.message.as_str(), converted.post_type),
            ("*waves*", "me")
        );
    }

    #[test]
    fn bot_messages_carry_the_bots_name() {
        let named = convert_json(
            r#"{"subtype":"bot_message","bot_id":"B1","username":"deploybot","text":"done","ts":"1.0"}"#,
        )
        .expect("post");
        assert_eq!(named.author, Author::Bot("deploybot".into()));
        let profiled = convert_json(
            r#"{"subtype":"bot_message","bot_id":"B1","bot_profile":{"name":"CI"},"text":"ok","ts":"1.0"}"#,
        )
        .expect("post");
        assert_eq!(profiled.author, Author::Bot("CI".into()));
        let slackbot = convert_json(r#"{"user":"USLACKBOT","text":"Reminder: lunch","ts":"1.0"}"#)
            .expect("post");
        assert_eq!(slackbot.author, Author::Bot("slackbot".into()));
    }

    #[test]
    fn joins_leaves_and_other_records_are_left_out_by_name() {
        for subtype in [
            "channel_join",
            "channel_leave",
            "channel_topic",
            "pinned_item",
        ] {
            let json = format!(r#"{{"subtype":"{subtype}","user":"U1","text":"x","ts":"1.0"}}"#);
            assert_eq!(convert_json(&json), Err(subtype.to_string()));
        }
        assert_eq!(
            convert_json(r#"{"user":"U1","text":"  ","ts":"1.0"}"#),
            Err("empty".into())
        );
    }

    #[test]
    fn files_are_links_and_attachments_stand_in_for_missing_text() {
        let mut shared =
            message(r#"{"subtype":"file_share","user":"U1","text":"look","ts":"1.0"}"#);
        shared.files = vec![SlackFile {
            title: Some("plan.pdf".into()),
            permalink: Some("https://x.slack.com/files/U1/F1/plan.pdf".into()),
            ..Default::default()
        }];
        assert_eq!(
            convert(&shared, &Names::default()).expect("post").message,
            "look\n\n[plan.pdf](https://x.slack.com/files/U1/F1/plan.pdf)"
        );
        let mut attached =
            message(r#"{"subtype":"bot_message","username":"ci","text":"","ts":"1.0"}"#);
        attached.attachments = vec![SlackAttachment {
            fallback: Some("Build <https://ci.example.org/1|#1> passed".into()),
        }];
        assert_eq!(
            convert(&attached, &Names::default()).expect("post").message,
            "Build [#1](https://ci.example.org/1) passed"
        );
    }

    #[test]
    fn text_longer_than_a_post_is_cut() {
        let long = "x".repeat(POST_MESSAGE_MAX_RUNES + 10);
        let json = format!(r#"{{"user":"U1","text":"{long}","ts":"1.0"}}"#);
        let converted = convert_json(&json).expect("post");
        assert!(converted.cut);
        assert_eq!(converted.message.chars().count(), POST_MESSAGE_MAX_RUNES);
    }
}
