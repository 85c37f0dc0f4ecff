//! Reading a Slack export: the zip Slack's "Export data" gives a workspace admin. At the top,
//! `users.json`, `channels.json` and, when present, `groups.json` (private channels), `dms.json`
//! and `mpims.json` (direct and group conversations); then one folder per conversation (named after
//! the channel, or the conversation's id for a direct message) holding one JSON array of messages
//! per day (`2024-03-01.json`). Everything is read and parsed before anything is written, so a bad
//! or truncated file stops the import with nothing changed.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

/// Slack writes `null` for some empty fields; they read as empty, like absent ones.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A Slack member (`users.json`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackUser {
    pub id: String,
    /// The handle, like `jane.doe`.
    pub name: String,
    pub deleted: bool,
    pub is_bot: bool,
    pub real_name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub profile: SlackProfile,
}

/// A member's profile.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackProfile {
    /// Absent from exports of workspaces that do not share emails.
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub real_name: String,
    pub title: String,
    /// For a bot member: the `bot_id` its messages carry.
    pub bot_id: Option<String>,
}

/// A conversation: a channel (`channels.json`), a private channel (`groups.json`), a direct
/// message (`dms.json`, no name) or a group conversation (`mpims.json`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackChannel {
    pub id: String,
    pub name: String,
    /// Unix seconds.
    pub created: i64,
    pub is_archived: bool,
    /// The workspace's #general, which everyone is in.
    pub is_general: bool,
    #[serde(deserialize_with = "null_as_default")]
    pub members: Vec<String>,
    #[serde(deserialize_with = "null_as_default")]
    pub topic: SlackText,
    #[serde(deserialize_with = "null_as_default")]
    pub purpose: SlackText,
}

/// A topic or purpose.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackText {
    pub value: String,
}

/// One message of a day file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackMessage {
    /// None for an ordinary message; `bot_message`, `me_message`, `channel_join`, ...
    pub subtype: Option<String>,
    pub user: Option<String>,
    #[serde(deserialize_with = "null_as_default")]
    pub text: String,
    /// `<unix seconds>.<microseconds>`: the message's time and its id within the channel.
    pub ts: String,
    /// A reply's root (the root itself carries its own ts here).
    pub thread_ts: Option<String>,
    pub edited: Option<SlackEdit>,
    #[serde(deserialize_with = "null_as_default")]
    pub reactions: Vec<SlackReaction>,
    #[serde(deserialize_with = "null_as_default")]
    pub files: Vec<SlackFile>,
    /// Legacy attachments, which many bots post instead of text.
    #[serde(deserialize_with = "null_as_default")]
    pub attachments: Vec<SlackAttachment>,
    /// A bot message's name (`username`) and its bot (`bot_id`, `bot_profile.name`).
    pub username: Option<String>,
    pub bot_id: Option<String>,
    pub bot_profile: Option<SlackBotProfile>,
    /// Messages Slack itself hides (such as replies of a deleted thread).
    pub hidden: bool,
}

/// When a message was last edited.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackEdit {
    pub ts: String,
}

/// An emoji and everyone who reacted with it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackReaction {
    pub name: String,
    #[serde(deserialize_with = "null_as_default")]
    pub users: Vec<String>,
}

/// A file shared with a message: the export holds its links, not its bytes.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackFile {
    pub name: Option<String>,
    pub title: Option<String>,
    pub permalink: Option<String>,
    pub url_private: Option<String>,
}

/// A legacy attachment; `fallback` is its plain-text summary.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackAttachment {
    pub fallback: Option<String>,
}

/// A bot's profile as a message carries it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SlackBotProfile {
    pub name: String,
}

/// Which kind of conversation a listing describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConversationKind {
    Public,
    Private,
    Direct,
    Group,
}

/// A conversation with its messages, oldest first.
#[derive(Debug)]
pub struct Conversation {
    pub kind: ConversationKind,
    pub channel: SlackChannel,
    pub messages: Vec<SlackMessage>,
}

/// Everything an export holds.
#[derive(Debug, Default)]
pub struct SlackExport {
    pub users: Vec<SlackUser>,
    pub conversations: Vec<Conversation>,
    /// Folders of day files that no listing names, which are not imported.
    pub unlisted_folders: Vec<String>,
}

/// Reads and parses the export at `path`; the error says which file is at fault.
pub fn read(path: &Path) -> Result<SlackExport, String> {
    let file = File::open(path).map_err(|err| format!("cannot open {}: {err}", path.display()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|err| {
        format!(
            "{} is not a readable zip file (a Slack export is one; is it cut short?): {err}",
            path.display()
        )
    })?;
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|err| format!("the zip's entry {index} cannot be read: {err}"))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        // Reading to the end checks the entry's CRC, so a damaged entry is an error here.
        entry
            .read_to_end(&mut bytes)
            .map_err(|err| format!("{name} in the zip is damaged: {err}"))?;
        files.insert(name, bytes);
    }
    from_files(files)
}

fn parse<T: for<'de> Deserialize<'de>>(name: &str, bytes: &[u8]) -> Result<T, String> {
    serde_json::from_slice(bytes).map_err(|err| format!("{name} is not what Slack writes: {err}"))
}

/// Builds the export from the zip's files (path → bytes).
fn from_files(mut files: HashMap<String, Vec<u8>>) -> Result<SlackExport, String> {
    let users: Vec<SlackUser> = match files.remove("users.json") {
        Some(bytes) => parse("users.json", &bytes)?,
        None => return Err("the zip has no users.json: it is not a Slack export".into()),
    };
    if !files.contains_key("channels.json") {
        return Err("the zip has no channels.json: it is not a Slack export".into());
    }
    // Day files by folder, in date order (their names are dates).
    let mut days: HashMap<String, Vec<(String, Vec<u8>)>> = HashMap::new();
    let mut listings = Vec::new();
    for (name, bytes) in files {
        match name.split_once('/') {
            Some((folder, day)) if day.ends_with(".json") && !day.contains('/') => days
                .entry(folder.to_string())
                .or_default()
                .push((name.clone(), bytes)),
            Some(_) => {}
            None => listings.push((name, bytes)),
        }
    }
    let mut conversations = Vec::new();
    for (listing, kind) in [
        ("channels.json", ConversationKind::Public),
        ("groups.json", ConversationKind::Private),
        ("dms.json", ConversationKind::Direct),
        ("mpims.json", ConversationKind::Group),
    ] {
        let Some((_, bytes)) = listings.iter().find(|(name, _)| name == listing) else {
            continue;
        };
        let channels: Vec<SlackChannel> = parse(listing, bytes)?;
        for channel in channels {
            // Direct messages have no name; their folder is their id.
            let folder = if kind == ConversationKind::Direct {
                &channel.id
            } else {
                &channel.name
            };
            let mut day_files = days.remove(folder).unwrap_or_default();
            day_files.sort_by(|a, b| a.0.cmp(&b.0));
            let mut messages = Vec::new();
            for (name, bytes) in day_files {
                let day: Vec<SlackMessage> = parse(&name, &bytes)?;
                messages.extend(day);
            }
            messages.sort_by_key(|message| ts_key(&message.ts));
            conversations.push(Conversation {
                kind,
                channel,
                messages,
            });
        }
    }
    let mut unlisted_folders: Vec<String> = days.into_keys().collect();
    unlisted_folders.sort();
    Ok(SlackExport {
        users,
        conversations,
        unlisted_folders,
    })
}

/// A ts as (seconds, microseconds), which orders messages as Slack does.
fn ts_key(ts: &str) -> (i64, i64) {
    let (seconds, fraction) = ts.split_once('.').unwrap_or((ts, "0"));
    let micros = format!("{fraction:0<6}");
    (
        seconds.parse().unwrap_or(0),
        micros.get(..6).and_then(|m| m.parse().ok()).unwrap_or(0),
    )
}

/// A ts in Unix milliseconds, or None when it is not a Slack time.
pub fn ts_millis(ts: &str) -> Option<i64> {
    let (seconds, fraction) = ts.split_once('.').unwrap_or((ts, ""));
    let seconds: i64 = seconds.parse().ok()?;
    let millis: i64 = format!("{fraction:0<3}").get(..3)?.parse().ok()?;
    Some(seconds * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ts_keeps_slacks_order_and_milliseconds() {
        assert_eq!(ts_millis("1355517523.000005"), Some(1_355_517_523_000));
        assert_eq!(ts_millis("1355517523.123456"), Some(1_355_517_523_123));
        assert_eq!(ts_millis("1355517523"), Some(1_355_517_523_000));
        assert_eq!(ts_millis("soon"), None);
        assert!(ts_key("1355517523.000005") < ts_key("1355517523.000010"));
        assert!(ts_key("1355517523.9") > ts_key("1355517523.000010"));
    }

    #[test]
    fn day_files_join_their_listed_conversation_in_time_order() {
        let files: HashMap<String, Vec<u8>> = [
            ("users.json", r#"[{"id":"U1","name":"ann"}]"#),
            ("channels.json", r#"[{"id":"C1","name":"dev"}]"#),
            ("dms.json", r#"[{"id":"D1","members":["U1","U1"]}]"#),
            (
                "dev/2024-01-02.json",
                r#"[{"type":"message","user":"U1","text":"third","ts":"1704200000.000001"}]"#,
            ),
            (
                "dev/2024-01-01.json",
                r#"[{"user":"U1","text":"second","ts":"1704100000.000002"},
                    {"user":"U1","text":"first","ts":"1704100000.000001"}]"#,
            ),
            (
                "D1/2024-01-01.json",
                r#"[{"user":"U1","text":"note to self","ts":"1704100000.5"}]"#,
            ),
            ("random/2024-01-01.json", "[]"),
        ]
        .into_iter()
        .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
        .collect();
        let export = from_files(files).expect("export");
        assert_eq!(export.users[0].name, "ann");
        let dev = &export.conversations[0];
        assert_eq!(dev.kind, ConversationKind::Public);
        let texts: Vec<&str> = dev.messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["first", "second", "third"]);
        assert_eq!(export.conversations[1].kind, ConversationKind::Direct);
        assert_eq!(export.conversations[1].messages.len(), 1);
        assert_eq!(export.unlisted_folders, ["random"]);
    }

    #[test]
    fn null_fields_read_as_empty() {
        let message: SlackMessage = serde_json::from_str(
            r#"{"user":"U1","ts":"1.0","text":null,"reactions":null,"files":null,"attachments":null}"#,
        )
        .expect("message");
        assert!(message.text.is_empty() && message.reactions.is_empty());
        let channel: SlackChannel =
            serde_json::from_str(r#"{"id":"C1","members":null,"topic":null}"#).expect("channel");
        assert!(channel.members.is_empty() && channel.topic.value.is_empty());
    }

    #[test]
    fn what_is_not_a_slack_export_says_so() {
        let only = |name: &str, text: &str| {
            from_files([(name.to_string(), text.as_bytes().to_vec())].into()).expect_err("accepted")
        };
        assert!(only("readme.txt", "hi").contains("no users.json"));
        assert!(only("users.json", "[]").contains("no channels.json"));
        let broken = from_files(
            [
                ("users.json".to_string(), b"[]".to_vec()),
                ("channels.json".to_string(), b"[{\"id\":".to_vec()),
            ]
            .into(),
        )
        .expect_err("accepted");
        assert!(broken.starts_with("channels.json"), "{broken}");
    }
}
