//! `brisk-server export-bulk <out.jsonl>`: the whole community in Mattermost's bulk import format
//! (<https://docs.mattermost.com/onboard/bulk-loading-data-format.html>), which `mmctl import`
//! reads: a version line, then teams, channels, users (with their team and channel memberships),
//! posts (with their replies and reactions), direct and group channels, and their posts. Files go
//! to a `data/` folder beside the JSONL, where Mattermost looks for attachments when the two are
//! zipped together; the JSONL names each by its path under `data/`.
//!
//! What Mattermost's importer cannot take is left out and counted: system messages ("joined the
//! channel", which Mattermost makes itself) and deleted posts. Passwords cannot move (Mattermost
//! hashes differently): people set a new one there.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use brisk_model::{channel_type, Channel, FileInfo, Post, Reaction, User};
use rusqlite::Connection;
use serde_json::{json, Value};

use crate::db::{channels, inventory, post_metadata, posts, teams, users, Db};
use crate::error::{ApiError, ApiResult};
use crate::file_store::{FileStore, Rendition};

/// The format's version, which must be the first line.
const FORMAT_VERSION: i64 = 1;
/// The folder beside the JSONL that holds attachments, as `mmctl import` expects it in the zip.
pub const ATTACHMENTS_DIR: &str = "data";

/// What an export wrote, printed at its end.
#[derive(Debug, Default, PartialEq)]
pub struct ExportSummary {
    pub teams: usize,
    pub channels: usize,
    pub users: usize,
    pub posts: usize,
    pub replies: usize,
    pub reactions: usize,
    pub direct_channels: usize,
    pub direct_posts: usize,
    pub attachments: usize,
    /// What was left out and why.
    pub left_out: BTreeMap<String, usize>,
}

impl ExportSummary {
    fn leave_out(&mut self, reason: &str) {
        *self.left_out.entry(reason.to_string()).or_default() += 1;
    }
}

impl fmt::Display for ExportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "teams: {}, channels: {}, users: {}",
            self.teams, self.channels, self.users
        )?;
        writeln!(
            f,
            "posts: {} (and {} replies), reactions: {}, files: {}",
            self.posts, self.replies, self.reactions, self.attachments
        )?;
        writeln!(
            f,
            "direct and group channels: {}, their posts: {}",
            self.direct_channels, self.direct_posts
        )?;
        for (reason, count) in &self.left_out {
            writeln!(f, "left out: {count} {reason}")?;
        }
        Ok(())
    }
}

/// Writes the export to `out`, and the files to `data/` beside it.
pub fn export(db: &Db, files: &FileStore, out: &Path) -> Result<ExportSummary, String> {
    let folder = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let attachments = folder.join(ATTACHMENTS_DIR);
    // `./data` is also where brisk keeps its own data by default: never write into that.
    if attachments.join("brisk.db").exists() {
        return Err(format!(
            "{} beside {} is brisk's data directory; write the export into another directory",
            attachments.display(),
            out.display()
        ));
    }
    let file = File::create(out).map_err(|err| format!("cannot write {}: {err}", out.display()))?;
    let mut writer = Exporter {
        out: BufWriter::new(file),
        files,
        attachments,
        summary: ExportSummary::default(),
        usernames: HashMap::new(),
    };
    db.read_now(|conn| writer.run(conn))
        .map_err(|err| format!("export failed: {} {}", err.message, err.detailed_error))?;
    writer
        .out
        .flush()
        .map_err(|err| format!("cannot write {}: {err}", out.display()))?;
    Ok(writer.summary)
}

struct Exporter<'a> {
    out: BufWriter<File>,
    files: &'a FileStore,
    attachments: PathBuf,
    summary: ExportSummary,
    /// User id → username, the key every line refers to people by.
    usernames: HashMap<String, String>,
}

fn io_error(err: std::io::Error) -> ApiError {
    ApiError::internal(format!("write export: {err}"))
}

/// `value` without the keys whose values are empty (the format's `omitempty`).
fn without_empty(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| match v {
                    Value::Null => false,
                    Value::String(s) => !s.is_empty(),
                    Value::Array(a) => !a.is_empty(),
                    Value::Object(o) => !o.is_empty(),
                    _ => true,
                })
                .collect(),
        ),
        other => other,
    }
}

impl Exporter<'_> {
    fn write(&mut self, line: &Value) -> ApiResult<()> {
        serde_json::to_writer(&mut self.out, line).map_err(ApiError::internal)?;
        self.out.write_all(b"\n").map_err(io_error)
    }

    /// One object: `{"type": kind, kind: body}`.
    fn line(&mut self, kind: &str, body: Value) -> ApiResult<()> {
        self.write(&json!({"type": kind, kind: body}))
    }

    fn run(&mut self, conn: &Connection) -> ApiResult<()> {
        self.write(&json!({"type": "version", "version": FORMAT_VERSION}))?;
        let people = users::get_many(conn, &inventory::user_ids(conn)?)?;
        for user in &people {
            self.usernames
                .insert(user.id.clone(), user.username.clone());
        }
        let mut team_channels: Vec<(String, Channel)> = Vec::new();
        for team_id in inventory::team_ids(conn)? {
            let Some(team) = teams::get(conn, &team_id)? else {
                continue;
            };
            self.line(
                "team",
                without_empty(json!({
                    "name": team.name,
                    "display_name": team.display_name,
                    "type": team.team_type,
                    "description": team.description,
                    "allow_open_invite": team.allow_open_invite,
                })),
            )?;
            self.summary.teams += 1;
            for channel_id in inventory::channel_ids_of_team(conn, &team.id)? {
                if let Some(channel) = channels::get(conn, &channel_id)? {
                    team_channels.push((team.name.clone(), channel));
                }
            }
        }
        for (team, channel) in &team_channels {
            let mut line = json!({
                "team": team,
                "name": channel.name,
                "display_name": channel.display_name,
                "type": channel.channel_type,
                "header": channel.header,
                "purpose": channel.purpose,
            });
            if channel.delete_at > 0 {
                line["deleted_at"] = json!(channel.delete_at);
            }
            self.line("channel", without_empty(line))?;
            self.summary.channels += 1;
        }
        for user in &people {
            let line = self.user_line(conn, user, &team_channels)?;
            self.line("user", line)?;
            self.summary.users += 1;
        }
        for (team, channel) in &team_channels {
            for (root, replies) in self.threads(conn, &channel.id)? {
                let mut line = self.post_line(&root, replies)?;
                line["team"] = json!(team);
                line["channel"] = json!(channel.name);
                self.line("post", line)?;
                self.summary.posts += 1;
            }
        }
        let mut directs: Vec<(Vec<String>, Channel)> = Vec::new();
        for channel_id in inventory::direct_channel_ids(conn)? {
            let Some(channel) = channels::get(conn, &channel_id)? else {
                continue;
            };
            let members = self.direct_members(conn, &channel)?;
            self.line(
                "direct_channel",
                without_empty(json!({"members": members, "header": channel.header})),
            )?;
            self.summary.direct_channels += 1;
            directs.push((members, channel));
        }
        for (members, channel) in &directs {
            for (root, replies) in self.threads(conn, &channel.id)? {
                let mut line = self.post_line(&root, replies)?;
                line["channel_members"] = json!(members);
                self.line("direct_post", line)?;
                self.summary.direct_posts += 1;
            }
        }
        Ok(())
    }

    fn username(&self, user_id: &str) -> String {
        self.usernames.get(user_id).cloned().unwrap_or_default()
    }

    fn user_line(
        &self,
        conn: &Connection,
        user: &User,
        team_channels: &[(String, Channel)],
    ) -> ApiResult<Value> {
        let mut memberships = Vec::new();
        for member in teams::members_for_user(conn, &user.id)? {
            let Some(team) = teams::get(conn, &member.team_id)? else {
                continue;
            };
            let mut channel_roles = Vec::new();
            for (_, channel) in team_channels.iter().filter(|(_, c)| c.team_id == team.id) {
                if let Some(membership) = channels::get_member(conn, &channel.id, &user.id)? {
                    channel_roles.push(json!({"name": channel.name, "roles": membership.roles}));
                }
            }
            memberships.push(without_empty(json!({
                "name": team.name,
                "roles": member.roles,
                "channels": channel_roles,
            })));
        }
        let mut line = without_empty(json!({
            "username": user.username,
            "email": user.email,
            "nickname": user.nickname,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "position": user.position,
            "roles": user.roles,
            "locale": user.locale,
            "teams": memberships,
        }));
        // Mattermost's importer reads `auth_service` even when empty (a password account).
        line["auth_service"] = json!("");
        if user.delete_at > 0 {
            line["delete_at"] = json!(user.delete_at);
        }
        Ok(line)
    }

    /// The members of a direct or group channel by username; a note to oneself names the
    /// person twice, as a direct channel has two sides.
    fn direct_members(&self, conn: &Connection, channel: &Channel) -> ApiResult<Vec<String>> {
        let mut members: Vec<String> = channels::member_ids(conn, &channel.id)?
            .iter()
            .map(|id| self.username(id))
            .collect();
        members.sort();
        if channel.channel_type == channel_type::DIRECT && members.len() == 1 {
            members.push(members[0].clone());
        }
        Ok(members)
    }

    /// A channel's roots, oldest first, each with its replies, with reactions and files attached.
    /// System messages are left out: Mattermost writes its own.
    fn threads(
        &mut self,
        conn: &Connection,
        channel_id: &str,
    ) -> ApiResult<Vec<(Post, Vec<Post>)>> {
        let mut history = posts::channel_history(conn, channel_id)?;
        post_metadata::attach(conn, &mut history)?;
        let mut roots: Vec<(Post, Vec<Post>)> = Vec::new();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        for post in history {
            if post.is_system() {
                self.summary
                    .leave_out("system messages (Mattermost writes its own)");
                continue;
            }
            if post.root_id.is_empty() {
                index_of.insert(post.id.clone(), roots.len());
                roots.push((post, Vec::new()));
            } else if let Some(&index) = index_of.get(&post.root_id) {
                roots[index].1.push(post);
            } else {
                self.summary.leave_out("replies to a system message");
            }
        }
        Ok(roots)
    }

    /// A post line's body (without where it was posted), with its replies nested.
    fn post_line(&mut self, root: &Post, replies: Vec<Post>) -> ApiResult<Value> {
        let mut line = self.post_body(root)?;
        let replies = replies
            .iter()
            .map(|reply| self.post_body(reply))
            .collect::<ApiResult<Vec<_>>>()?;
        self.summary.replies += replies.len();
        line["replies"] = json!(replies);
        Ok(without_empty(line))
    }

    /// What a post and a reply share: author, text, times, reactions, files.
    fn post_body(&mut self, post: &Post) -> ApiResult<Value> {
        let reactions: Vec<Value> = post
            .metadata
            .reactions
            .iter()
            .map(|r: &Reaction| {
                json!({"user": self.username(&r.user_id), "create_at": r.create_at, "emoji_name": r.emoji_name})
            })
            .collect();
        self.summary.reactions += reactions.len();
        let mut attachments = Vec::new();
        for file in &post.metadata.files {
            match self.copy_file(file)? {
                Some(path) => attachments.push(json!({"path": path})),
                None => self
                    .summary
                    .leave_out("files missing from the data directory"),
            }
        }
        let mut body = json!({
            "user": self.username(&post.user_id),
            "type": post.post_type,
            "message": post.message,
            "props": Value::Object(post.props.clone()),
            "create_at": post.create_at,
            "reactions": reactions,
            "attachments": attachments,
        });
        if post.edit_at > 0 {
            body["edit_at"] = json!(post.edit_at);
        }
        if post.is_pinned {
            body["is_pinned"] = json!(true);
        }
        Ok(without_empty(body))
    }

    /// Copies a file beside the export; returns its path under `data/`, or None when its bytes
    /// are gone.
    fn copy_file(&mut self, file: &FileInfo) -> ApiResult<Option<String>> {
        let source = self.files.path(&file.id, Rendition::Original);
        if !source.is_file() {
            return Ok(None);
        }
        // A name as the uploader gave it, made safe as one path segment.
        let name: String = file
            .name
            .chars()
            .map(|c| {
                if c == '/' || c == '\\' || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let name = if name.trim_matches('.').is_empty() {
            file.id.clone()
        } else {
            name
        };
        let relative = format!("files/{}/{name}", file.id);
        let target = self.attachments.join(&relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        std::fs::copy(&source, &target).map_err(io_error)?;
        self.summary.attachments += 1;
        Ok(Some(relative))
    }
}
