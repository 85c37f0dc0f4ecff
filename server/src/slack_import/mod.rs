//! `brisk-server import-slack <export.zip> --team <name>`: a Slack workspace's history brought into
//! a team here. The export is read and checked whole first; then everything is written in ONE
//! transaction through the same store functions the API uses (so the field rules, counters and
//! reply counts hold by construction), and a failure anywhere leaves the database as it was.
//! Each Slack id is recorded with what it became (`db::slack_ids`), so importing the same export
//! again finds everything there and changes nothing, and a later export adds only what is new.

mod export_files;
mod markup;
mod messages;
mod people;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use brisk_model::rules::{self, CHANNEL_HEADER_MAX, CHANNEL_NAME_MAX, CHANNEL_PURPOSE_MAX};
use brisk_model::{channel_type, Channel, PatchChannelRequest, Post, Team, User};
use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::db::channels::{self, NewChannel, TOWN_SQUARE};
use crate::db::direct_channels::{self, GROUP_MAX, GROUP_MIN};
use crate::db::posts::{self, NewPost};
use crate::db::teams::{self, NewTeam, TEAM_INVITE};
use crate::db::users::{self, NewBot, NewUser, ROLES_USER};
use crate::db::{channel_changes, post_changes, reactions, slack_ids, Db};
use crate::error::{ApiError, ApiResult};
use crate::events::Outbox;
use crate::ids::now_ms;
use crate::membership;
use export_files::{Conversation, ConversationKind, SlackExport, SlackMessage, SlackUser};
use markup::Names;
use messages::Author;

/// The account that posts for Slack's bots and integrations, under each one's own name.
pub const BOT_USERNAME: &str = "slackbot";
/// Mattermost's limits on names and positions, in characters.
const PERSON_NAME_MAX: usize = 64;
const POSITION_MAX: usize = 128;
/// Mattermost's error id for a post that already has its 50 different emojis.
const TOO_MANY_REACTIONS: &str = "app.reaction.save.too_many_reactions.app_error";

/// What an import did, printed at its end.
#[derive(Debug, Default, PartialEq)]
pub struct Summary {
    pub channels_created: usize,
    pub channels_archived: usize,
    pub conversations_created: usize,
    pub people_created: usize,
    pub people_matched_by_email: usize,
    pub people_deactivated: usize,
    pub posts: usize,
    pub replies: usize,
    pub threads: usize,
    pub reactions: usize,
    pub edited: usize,
    /// Messages longer than a post may be, cut to the limit.
    pub cut: usize,
    /// Replies whose root is not in the export, posted on their own.
    pub replies_without_root: usize,
    /// People, channels and messages an earlier import brought in, left as they are.
    pub already_imported: usize,
    /// What was left out and why, with how many of each.
    pub skipped: BTreeMap<String, usize>,
}

impl Summary {
    /// What was left out, a line per reason: "<count> <reason>".
    pub fn skipped_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.skipped
            .iter()
            .map(|(reason, count)| format!("{count} {reason}"))
    }

    fn skip(&mut self, reason: impl Into<String>) {
        *self.skipped.entry(reason.into()).or_default() += 1;
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "channels: {} created ({} archived), {} direct and group conversations",
            self.channels_created, self.channels_archived, self.conversations_created
        )?;
        writeln!(
            f,
            "people: {} accounts created ({} deactivated, as in Slack), {} matched to accounts by email",
            self.people_created, self.people_deactivated, self.people_matched_by_email
        )?;
        writeln!(
            f,
            "posts: {} ({} of them replies in {} threads), {} reactions, {} edited",
            self.posts, self.replies, self.threads, self.reactions, self.edited
        )?;
        if self.replies_without_root > 0 {
            writeln!(
                f,
                "replies whose thread is not in the export, posted on their own: {}",
                self.replies_without_root
            )?;
        }
        if self.cut > 0 {
            writeln!(f, "messages cut to the longest post allowed: {}", self.cut)?;
        }
        writeln!(
            f,
            "already imported before, left as they are: {}",
            self.already_imported
        )?;
        if self.skipped.is_empty() {
            writeln!(f, "skipped: nothing")
        } else {
            writeln!(f, "skipped:")?;
            for line in self.skipped_lines() {
                writeln!(f, "  {line}")?;
            }
            Ok(())
        }
    }
}

/// How far an import is: the conversation whose messages are being written, and its place.
#[derive(Debug)]
pub struct Progress<'a> {
    pub conversation: &'a str,
    pub done: usize,
    pub total: usize,
}

/// Imports the Slack export at `zip` into the team `team_name` (created if it does not exist),
/// telling `progress` as it goes. The error is a sentence for the person running the command;
/// nothing is written then.
pub fn import(
    db: &Db,
    zip: &Path,
    team_name: &str,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary, String> {
    let export = export_files::read(zip)?;
    db.write_now(|tx| Importer::new(tx, team_name, now_ms())?.run(&export, progress))
        .map_err(|err| {
            let detail = if err.detailed_error.is_empty() {
                String::new()
            } else {
                format!(" ({})", err.detailed_error)
            };
            format!(
                "import stopped, nothing was changed: {}{detail}",
                err.message
            )
        })
}

/// The import in progress, inside its transaction.
struct Importer<'a> {
    conn: &'a Connection,
    team: Team,
    now: i64,
    summary: Summary,
    /// Slack member id → their account here.
    people: HashMap<String, User>,
    names: Names,
    bot: Option<User>,
    /// Channels that received posts, whose members are then brought up to date with them.
    touched: HashSet<String>,
}

impl<'a> Importer<'a> {
    fn new(conn: &'a Connection, team_name: &str, now: i64) -> ApiResult<Self> {
        let team = match teams::get_by_name(conn, team_name)? {
            Some(team) => team,
            None => membership::create_team_with_default_channels(
                conn,
                &NewTeam {
                    name: team_name,
                    display_name: team_name,
                    description: "",
                    team_type: TEAM_INVITE,
                },
                now,
            )?,
        };
        Ok(Self {
            conn,
            team,
            now,
            summary: Summary::default(),
            people: HashMap::new(),
            names: Names::default(),
            bot: None,
            touched: HashSet::new(),
        })
    }

    fn run(
        mut self,
        export: &SlackExport,
        progress: &mut dyn FnMut(Progress),
    ) -> ApiResult<Summary> {
        for user in &export.users {
            self.person(user)?;
        }
        // Every channel exists (and has its name) before any message is converted, so mentions
        // of channels resolve wherever they are.
        let mut channels: Vec<(&Conversation, Channel)> = Vec::new();
        for conversation in &export.conversations {
            if let Some(channel) = self.channel(conversation)? {
                channels.push((conversation, channel));
            }
        }
        for (done, (conversation, channel)) in channels.iter().enumerate() {
            progress(Progress {
                conversation: &channel.display_name,
                done,
                total: channels.len(),
            });
            self.messages(conversation, channel)?;
        }
        for folder in &export.unlisted_folders {
            self.summary
                .skip(format!("folder {folder}/, which no channel listing names"));
        }
        self.catch_up_members()?;
        Ok(self.summary)
    }

    /// The account a Slack member is here: the one an earlier import made, else the account with
    /// their email, else a new one that cannot sign in until an admin sets its password.
    fn person(&mut self, slack: &SlackUser) -> ApiResult<()> {
        let known = slack_ids::get(self.conn, slack_ids::USER, &slack.id)?;
        let user = match known.and_then(|id| users::get(self.conn, &id).transpose()) {
            Some(user) => {
                self.summary.already_imported += 1;
                user?
            }
            None => {
                let user = self.account_for(slack)?;
                slack_ids::insert(self.conn, slack_ids::USER, &slack.id, &user.id)?;
                user
            }
        };
        teams::add_member(self.conn, &self.team.id, &user.id, false)?;
        if let Some(town_square) = channels::get_by_name(self.conn, &self.team.id, TOWN_SQUARE)? {
            channels::add_member(self.conn, &town_square, &user.id, false, self.now)?;
        }
        self.names
            .users
            .insert(slack.id.clone(), user.username.clone());
        self.people.insert(slack.id.clone(), user);
        Ok(())
    }

    fn account_for(&mut self, slack: &SlackUser) -> ApiResult<User> {
        let real_email = people::email(slack);
        let email = real_email
            .clone()
            .unwrap_or_else(|| people::placeholder_email(slack));
        if let Some(user) = users::get_by_email(self.conn, &email)? {
            if real_email.is_some() {
                self.summary.people_matched_by_email += 1;
            }
            return Ok(user);
        }
        let conn = self.conn;
        let handle = if slack.name.is_empty() {
            &slack.real_name
        } else {
            &slack.name
        };
        let username = people::username(handle, |name| {
            name == BOT_USERNAME || users::get_by_username(conn, name).map_or(true, |u| u.is_some())
        });
        let (first_name, last_name) = people::names(slack);
        let user = users::insert(
            self.conn,
            &NewUser {
                username: &username,
                email: &email,
                // No password: the account exists for its history and mentions, and its owner
                // signs in once an admin sets a password for it.
                password_hash: "",
                first_name: &people::at_most(&first_name, PERSON_NAME_MAX),
                last_name: &people::at_most(&last_name, PERSON_NAME_MAX),
                position: &people::at_most(&slack.profile.title, POSITION_MAX),
                roles: ROLES_USER,
            },
            self.now,
        )?;
        if slack.is_bot {
            users::mark_bot(self.conn, &user.id)?;
        }
        if slack.deleted {
            users::deactivate(self.conn, &user.id, self.now)?;
            self.summary.people_deactivated += 1;
        }
        self.summary.people_created += 1;
        users::get(self.conn, &user.id)?.ok_or_else(ApiError::user_not_found)
    }

    /// The channel a conversation is here, created on first import; None when it cannot be.
    fn channel(&mut self, conversation: &Conversation) -> ApiResult<Option<Channel>> {
        let slack = &conversation.channel;
        if let Some(id) = slack_ids::get(self.conn, slack_ids::CHANNEL, &slack.id)? {
            if let Some(channel) = channels::get(self.conn, &id)? {
                self.summary.already_imported += 1;
                self.names
                    .channels
                    .insert(slack.id.clone(), channel.name.clone());
                return Ok(Some(channel));
            }
        }
        let channel = match conversation.kind {
            ConversationKind::Public | ConversationKind::Private => {
                self.team_channel(conversation)?
            }
            ConversationKind::Direct | ConversationKind::Group => {
                match self.direct_channel(conversation)? {
                    Some(channel) => channel,
                    None => return Ok(None),
                }
            }
        };
        slack_ids::insert(self.conn, slack_ids::CHANNEL, &slack.id, &channel.id)?;
        self.names
            .channels
            .insert(slack.id.clone(), channel.name.clone());
        Ok(Some(channel))
    }

    fn team_channel(&mut self, conversation: &Conversation) -> ApiResult<Channel> {
        let slack = &conversation.channel;
        let public = conversation.kind == ConversationKind::Public;
        let header = people::at_most(
            &markup::convert(&slack.topic.value, &self.names),
            CHANNEL_HEADER_MAX,
        );
        let purpose = people::at_most(
            &markup::convert(&slack.purpose.value, &self.names),
            CHANNEL_PURPOSE_MAX,
        );
        // Slack's #general is where everyone is, as town-square is here; it takes #general's topic
        // and purpose where it has none of its own.
        if public && slack.is_general {
            if let Some(town_square) = channels::get_by_name(self.conn, &self.team.id, TOWN_SQUARE)?
            {
                let unset = |current: &str, new: &str| {
                    (current.is_empty() && !new.is_empty()).then(|| new.to_string())
                };
                let patch = PatchChannelRequest {
                    display_name: None,
                    header: unset(&town_square.header, &header),
                    purpose: unset(&town_square.purpose, &purpose),
                };
                let patched = channel_changes::patch(self.conn, &town_square, &patch, self.now)?;
                return Ok(patched.channel);
            }
        }
        let name = self.free_channel_name(&slack.name)?;
        let display_name = if rules::channel_display_name_problem(&slack.name).is_none() {
            slack.name.clone()
        } else {
            name.clone()
        };
        let created = channels::insert(
            self.conn,
            &NewChannel {
                team_id: &self.team.id,
                name: &name,
                display_name: &display_name,
                header: &header,
                purpose: &purpose,
                channel_type: if public {
                    channel_type::OPEN
                } else {
                    channel_type::PRIVATE
                },
                creator_id: "",
            },
            slack.created * 1000,
        )?;
        self.summary.channels_created += 1;
        for member in &slack.members {
            if let Some(user) = self.people.get(member) {
                channels::add_member(self.conn, &created, &user.id, false, self.now)?;
            }
        }
        if slack.is_archived {
            self.summary.channels_archived += 1;
            return channel_changes::set_archived(self.conn, &created.id, true, self.now);
        }
        Ok(created)
    }

    /// A channel name from a Slack name, within the rules and not yet used in the team.
    fn free_channel_name(&self, slack_name: &str) -> ApiResult<String> {
        let mut base = rules::channel_url_from_display_name(slack_name);
        base.truncate(CHANNEL_NAME_MAX - 3);
        let base = base.trim_matches(['-', '_']).to_string();
        let base = if rules::channel_url_problem(&base).is_some() {
            "slack-channel".to_string()
        } else {
            base
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while channels::get_by_name(self.conn, &self.team.id, &candidate)?.is_some() {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        Ok(candidate)
    }

    /// A direct (one or two people) or group (3 to 8) conversation.
    fn direct_channel(&mut self, conversation: &Conversation) -> ApiResult<Option<Channel>> {
        let slack = &conversation.channel;
        let mut members: Vec<User> = Vec::new();
        for member in &slack.members {
            let Some(user) = self.people.get(member) else {
                self.summary
                    .skip("direct or group conversation with someone missing from users.json");
                return Ok(None);
            };
            if !members.iter().any(|m| m.id == user.id) {
                members.push(user.clone());
            }
        }
        let kind = match members.len() {
            1 | 2 => channel_type::DIRECT,
            n if (GROUP_MIN..=GROUP_MAX).contains(&n) => channel_type::GROUP,
            _ => {
                self.summary.skip(format!(
                    "group conversation not of {GROUP_MIN} to {GROUP_MAX} people"
                ));
                return Ok(None);
            }
        };
        let creator = members[0].id.clone();
        let (channel, created) = direct_channels::get_or_create(
            self.conn,
            kind,
            &members,
            &creator,
            slack.created * 1000,
        )?;
        if created {
            self.summary.conversations_created += 1;
        }
        Ok(Some(channel))
    }

    /// A conversation's messages, oldest first, as posts of `channel`.
    fn messages(&mut self, conversation: &Conversation, channel: &Channel) -> ApiResult<()> {
        let slack_channel = &conversation.channel.id;
        let mut threads: HashSet<String> = HashSet::new();
        let mut previous_at = i64::MIN;
        for message in &conversation.messages {
            let Some(millis) = export_files::ts_millis(&message.ts) else {
                self.summary.skip("message without a valid time (ts)");
                continue;
            };
            // Slack times are microseconds; posts are milliseconds, strictly increasing within a
            // channel so that paging by time never skips one.
            let create_at = millis.max(previous_at.saturating_add(1));
            previous_at = create_at;
            let key = format!("{slack_channel}/{}", message.ts);
            if slack_ids::get(self.conn, slack_ids::POST, &key)?.is_some() {
                self.summary.already_imported += 1;
                continue;
            }
            let converted = match messages::convert(message, &self.names) {
                Ok(converted) => converted,
                Err(reason) => {
                    self.summary.skip(format!("{reason} messages"));
                    continue;
                }
            };
            let (user_id, props) = self.author(converted.author)?;
            let root_id = self.root_of(slack_channel, message)?;
            let post = posts::create(
                self.conn,
                NewPost {
                    channel_id: channel.id.clone(),
                    user_id,
                    root_id: root_id.clone(),
                    message: converted.message,
                    post_type: converted.post_type.to_string(),
                    props,
                    create_at: Some(create_at),
                    ..Default::default()
                },
                self.now,
                &mut Outbox::default(),
            )?
            .post;
            slack_ids::insert(self.conn, slack_ids::POST, &key, &post.id)?;
            self.touched.insert(channel.id.clone());
            self.summary.posts += 1;
            self.summary.cut += usize::from(converted.cut);
            if !root_id.is_empty() {
                self.summary.replies += 1;
                if threads.insert(root_id) {
                    self.summary.threads += 1;
                }
            }
            let post = self.mark_edited(post, message)?;
            self.react(&post, message)?;
        }
        Ok(())
    }

    /// Who posts for a message's author, with the props that show a bot's own name.
    fn author(&mut self, author: Author) -> ApiResult<(String, Map<String, Value>)> {
        let name = match author {
            Author::Member(id) => match self.people.get(&id) {
                Some(user) => return Ok((user.id.clone(), Map::new())),
                // Someone users.json leaves out still said it: shown under their Slack id.
                None => id,
            },
            Author::Bot(name) => name,
        };
        let bot = match &self.bot {
            Some(bot) => bot.clone(),
            None => {
                let bot = NewBot {
                    username: BOT_USERNAME,
                    first_name: "Slack",
                    last_name: "import",
                    position: "Posts what Slack's bots and integrations said",
                };
                let bot = users::get_or_create_bot(self.conn, &bot, self.now)?.ok_or_else(|| {
                    ApiError::new(
                        axum::http::StatusCode::CONFLICT,
                        "slack_import.bot.username_taken",
                        format!("the username {BOT_USERNAME}, which the import posts bot messages as, belongs to a person"),
                    )
                })?;
                self.bot = Some(bot.clone());
                bot
            }
        };
        // As the chat bridges post: Mattermost shows `override_username` on webhook posts.
        let props = [
            ("from_webhook", "true"),
            ("override_username", name.as_str()),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_string(), Value::String(value.to_string())))
        .collect();
        Ok((bot.id, props))
    }

    /// The post a reply answers ("" for a root). A reply whose root is not here (left out of the
    /// export, or deleted since an earlier import) is posted on its own.
    fn root_of(&mut self, slack_channel: &str, message: &SlackMessage) -> ApiResult<String> {
        let Some(thread_ts) = message.thread_ts.as_deref().filter(|t| *t != message.ts) else {
            return Ok(String::new());
        };
        let root_key = format!("{slack_channel}/{thread_ts}");
        let root = match slack_ids::get(self.conn, slack_ids::POST, &root_key)? {
            Some(id) => posts::get(self.conn, &id)?,
            None => None,
        };
        match root.filter(|root| root.delete_at == 0 && root.root_id.is_empty()) {
            Some(root) => Ok(root.id),
            None => {
                self.summary.replies_without_root += 1;
                Ok(String::new())
            }
        }
    }

    /// Marks a post edited at the time Slack says it was.
    fn mark_edited(&mut self, post: Post, message: &SlackMessage) -> ApiResult<Post> {
        let Some(edited_at) = message
            .edited
            .as_ref()
            .and_then(|edit| export_files::ts_millis(&edit.ts))
        else {
            return Ok(post);
        };
        self.summary.edited += 1;
        post_changes::edit_message(
            self.conn,
            &post,
            &post.message,
            edited_at.max(post.create_at),
        )
    }

    /// A message's reactions, each by whoever reacted.
    fn react(&mut self, post: &Post, message: &SlackMessage) -> ApiResult<()> {
        for reaction in &message.reactions {
            // `thumbsup::skin-tone-2` is the thumbsup with a skin tone; Mattermost names tones apart.
            let emoji = reaction.name.split("::").next().unwrap_or_default();
            if reactions::validate_emoji_name(emoji).is_err() {
                self.summary
                    .skip("reactions with an emoji name Mattermost refuses");
                continue;
            }
            for slack_user in &reaction.users {
                let Some(user) = self.people.get(slack_user) else {
                    self.summary
                        .skip("reactions by someone missing from users.json");
                    continue;
                };
                match reactions::add(self.conn, post, &user.id, emoji, post.create_at) {
                    Ok((_, true)) => self.summary.reactions += 1,
                    Ok((_, false)) => {}
                    Err(err) if err.id == TOO_MANY_REACTIONS => {
                        self.summary
                            .skip("reactions past the 50 emojis a post may have");
                    }
                    Err(err) => return Err(err),
                }
            }
        }
        Ok(())
    }

    /// Imported history arrives read: every member of a channel that received posts has seen
    /// them, with no mention badges for years-old messages.
    fn catch_up_members(&self) -> ApiResult<()> {
        for channel_id in &self.touched {
            for user_id in channels::member_ids(self.conn, channel_id)? {
                channels::mark_viewed(self.conn, &user_id, &[channel_id.as_str()], self.now)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
