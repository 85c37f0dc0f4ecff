//! The System console's state (system admins): a page of people under a view (active,
//! deactivated, admins, everyone) or a search, the teams, the server's settings, a Slack import
//! under way, and what the last action said. It lives beside the main store, made when the console opens, so nothing of
//! it weighs on the chat screens.

use std::collections::BTreeMap;

use brisk_model::{import_data, job_status, Job, Team, User};
use serde_json::{json, Value};

/// People shown per page.
pub const PEOPLE_PER_PAGE: u32 = 50;

/// Which people the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PeopleView {
    #[default]
    Active,
    Deactivated,
    Admins,
    Everyone,
}

impl PeopleView {
    pub const ALL: [PeopleView; 4] = [
        Self::Active,
        Self::Deactivated,
        Self::Admins,
        Self::Everyone,
    ];

    /// What the view is called in the console.
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Deactivated => "Deactivated",
            Self::Admins => "System admins",
            Self::Everyone => "Everyone",
        }
    }

    /// The `GET /users` query parameters that select it.
    pub fn query(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Active => &[("active", "true")],
            Self::Deactivated => &[("inactive", "true")],
            Self::Admins => &[("active", "true"), ("role", "system_admin")],
            Self::Everyone => &[],
        }
    }

    /// Whether `user` belongs in it.
    pub fn includes(self, user: &User) -> bool {
        let active = user.delete_at == 0;
        match self {
            Self::Active => active,
            Self::Deactivated => !active,
            Self::Admins => active && user.is_system_admin(),
            Self::Everyone => true,
        }
    }
}

/// Roles of an ordinary member and of a system admin, as Mattermost writes them.
pub const ROLES_MEMBER: &str = "system_user";
pub const ROLES_ADMIN: &str = "system_user system_admin";

/// What an admin did to someone's account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PersonChange {
    /// Deactivated at this time (ms).
    Deactivated(i64),
    Reactivated,
    Roles(&'static str),
}

/// The settings the console edits (Mattermost's `TeamSettings.SiteName`,
/// `ServiceSettings.EnableLinkPreviews`, `RateLimitSettings`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsoleSettings {
    pub site_name: String,
    pub link_previews: bool,
    pub rate_limit: bool,
    pub per_second: u32,
    pub burst: u32,
}

impl ConsoleSettings {
    /// Reads them from a `GET /config` answer (missing fields read as off / 0).
    pub fn from_config(config: &Value) -> Self {
        let number = |value: &Value| {
            value
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0)
        };
        let rate = &config["RateLimitSettings"];
        Self {
            site_name: config["TeamSettings"]["SiteName"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            link_previews: config["ServiceSettings"]["EnableLinkPreviews"]
                .as_bool()
                .unwrap_or(false),
            rate_limit: rate["Enable"].as_bool().unwrap_or(false),
            per_second: number(&rate["PerSec"]),
            burst: number(&rate["MaxBurst"]),
        }
    }

    /// The `PUT /config/patch` body that sets them.
    pub fn to_patch(&self) -> Value {
        json!({
            "TeamSettings": { "SiteName": self.site_name.trim() },
            "ServiceSettings": { "EnableLinkPreviews": self.link_previews },
            "RateLimitSettings": {
                "Enable": self.rate_limit,
                "PerSec": self.per_second,
                "MaxBurst": self.burst,
            },
        })
    }
}

/// A password reset link to hand over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResetLink {
    pub username: String,
    /// None when the server mailed it itself (a real Mattermost server).
    pub link: Option<String>,
}

/// `{origin}/reset_password_complete?token=…`: Mattermost's page for a reset link.
pub fn reset_link(origin: &str, token: &str) -> String {
    format!("{origin}/reset_password_complete?token={token}")
}

/// What the last action said: done, or why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done(String),
    Failed(String),
}

/// How far a Slack import started from the console is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportProgress {
    /// The zip is going up: percent sent.
    Uploading(u8),
    /// The server is importing it: percent of the conversations done.
    Importing(u8),
    Finished(ImportSummary),
    Failed(String),
}

impl ImportProgress {
    /// What an import job's state says.
    pub fn from_job(job: &Job) -> Self {
        match job.status.as_str() {
            job_status::SUCCESS => Self::Finished(ImportSummary::from_data(&job.data)),
            job_status::ERROR => Self::Failed(
                job.data
                    .get(import_data::ERROR)
                    .cloned()
                    .unwrap_or_else(|| "the server gave no reason".to_string()),
            ),
            // Pending (waiting for an earlier import) or in progress.
            _ => Self::Importing(job.progress.clamp(0, 100) as u8),
        }
    }

    /// Whether the import is still going (no second one may start meanwhile).
    pub fn is_running(&self) -> bool {
        matches!(self, Self::Uploading(_) | Self::Importing(_))
    }
}

/// What a finished import brought in and left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub channels: u64,
    pub conversations: u64,
    pub people: u64,
    pub people_matched: u64,
    pub posts: u64,
    pub replies: u64,
    pub threads: u64,
    pub reactions: u64,
    pub already_imported: u64,
    /// "<count> <reason>" per reason.
    pub skipped: Vec<String>,
}

impl ImportSummary {
    /// Reads a finished job's data (counts as strings; a missing one reads 0).
    fn from_data(data: &BTreeMap<String, String>) -> Self {
        let count = |key: &str| {
            data.get(key)
                .and_then(|value| value.parse().ok())
                .unwrap_or(0)
        };
        Self {
            channels: count(import_data::CHANNELS),
            conversations: count(import_data::CONVERSATIONS),
            people: count(import_data::PEOPLE),
            people_matched: count(import_data::PEOPLE_MATCHED),
            posts: count(import_data::POSTS),
            replies: count(import_data::REPLIES),
            threads: count(import_data::THREADS),
            reactions: count(import_data::REACTIONS),
            already_imported: count(import_data::ALREADY_IMPORTED),
            skipped: data
                .get(import_data::SKIPPED)
                .map(|lines| lines.lines().map(str::to_string).collect())
                .unwrap_or_default(),
        }
    }

    /// The summary as the console shows it, a line each.
    pub fn lines(&self) -> Vec<String> {
        vec![
            format!(
                "Channels: {} created, {} direct and group conversations",
                self.channels, self.conversations
            ),
            format!(
                "People: {} accounts created, {} matched to accounts by email",
                self.people, self.people_matched
            ),
            format!(
                "Posts: {} ({} replies in {} threads), {} reactions",
                self.posts, self.replies, self.threads, self.reactions
            ),
            format!(
                "Already imported before, left as they are: {}",
                self.already_imported
            ),
            if self.skipped.is_empty() {
                "Skipped: nothing".to_string()
            } else {
                format!("Skipped: {}", self.skipped.join("; "))
            },
        ]
    }
}

#[derive(Clone, Debug, Default)]
pub struct Console {
    pub view: PeopleView,
    /// The page shown (0-based) when no search is.
    pub page: u32,
    pub people: Vec<User>,
    /// Whether a page follows this one.
    pub more: bool,
    /// The search whose results are shown, if any.
    pub search: Option<String>,
    pub teams: Vec<Team>,
    pub settings: Option<ConsoleSettings>,
    pub outcome: Option<Outcome>,
    pub reset_link: Option<ResetLink>,
    /// The Slack import started here, if any.
    pub import: Option<ImportProgress>,
}

impl Console {
    /// A page of the current view arrived.
    pub fn show_page(&mut self, page: u32, people: Vec<User>) {
        self.page = page;
        self.more = people.len() == PEOPLE_PER_PAGE as usize;
        self.people = people;
        self.search = None;
    }

    /// Search results arrived (they are not paged).
    pub fn show_search(&mut self, term: String, people: Vec<User>) {
        self.people = people;
        self.more = false;
        self.search = Some(term);
    }

    /// Changes the view; its first page is to be loaded.
    pub fn set_view(&mut self, view: PeopleView) {
        self.view = view;
        self.page = 0;
    }

    /// Applies a change the server confirmed to the person's row. A row that no longer belongs in
    /// the view (someone deactivated under "Active") leaves it; search results keep it.
    pub fn person_changed(&mut self, user_id: &str, change: &PersonChange) {
        let Some(index) = self.people.iter().position(|u| u.id == user_id) else {
            return;
        };
        let person = &mut self.people[index];
        match change {
            PersonChange::Deactivated(at) => person.delete_at = *at,
            PersonChange::Reactivated => person.delete_at = 0,
            PersonChange::Roles(roles) => person.roles = (*roles).to_string(),
        }
        if self.search.is_none() && !self.view.includes(&self.people[index]) {
            self.people.remove(index);
        }
    }

    /// A team as the server now has it.
    pub fn team_changed(&mut self, team: Team) {
        match self.teams.iter_mut().find(|t| t.id == team.id) {
            Some(shown) => *shown = team,
            None => self.teams.push(team),
        }
    }

    pub fn report(&mut self, outcome: Outcome) {
        self.outcome = Some(outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(username: &str, roles: &str, delete_at: i64) -> User {
        User {
            id: format!("{username}-id"),
            username: username.into(),
            roles: roles.into(),
            delete_at,
            ..User::default()
        }
    }

    #[test]
    fn a_deactivated_person_leaves_the_active_view_but_stays_in_search_results() {
        let mut console = Console::default();
        console.show_page(
            0,
            vec![
                person("ann", ROLES_MEMBER, 0),
                person("spam", ROLES_MEMBER, 0),
            ],
        );
        assert!(!console.more);
        console.person_changed("spam-id", &PersonChange::Deactivated(5));
        assert_eq!(console.people.len(), 1);
        assert_eq!(console.people[0].username, "ann");

        console.show_search("sp".into(), vec![person("spam", ROLES_MEMBER, 5)]);
        console.person_changed("spam-id", &PersonChange::Reactivated);
        assert_eq!(
            console.people[0].delete_at, 0,
            "kept, and shown active again"
        );
        console.person_changed("nobody", &PersonChange::Reactivated);

        console.set_view(PeopleView::Admins);
        console.show_page(0, vec![person("ann", ROLES_ADMIN, 0)]);
        console.person_changed("ann-id", &PersonChange::Roles(ROLES_MEMBER));
        assert!(console.people.is_empty(), "no longer an admin");
    }

    #[test]
    fn a_full_page_means_another_may_follow_and_each_view_asks_for_its_people() {
        let mut console = Console::default();
        let full: Vec<User> = (0..PEOPLE_PER_PAGE)
            .map(|i| person(&format!("p{i}"), ROLES_MEMBER, 0))
            .collect();
        console.show_page(2, full);
        assert!(console.more);
        assert_eq!(console.page, 2);
        assert!(PeopleView::Deactivated.includes(&person("x", ROLES_MEMBER, 1)));
        assert!(!PeopleView::Admins.includes(&person("x", ROLES_ADMIN, 1)));
        assert_eq!(PeopleView::Deactivated.query(), &[("inactive", "true")]);
        assert!(PeopleView::Everyone.query().is_empty());
    }

    #[test]
    fn settings_read_from_the_config_and_write_back_as_a_patch() {
        let config = json!({
            "TeamSettings": {"SiteName": "Oxbow"},
            "ServiceSettings": {"EnableLinkPreviews": true},
            "RateLimitSettings": {"Enable": true, "PerSec": 20, "MaxBurst": 100},
            "SqlSettings": {"DriverName": "sqlite"},
        });
        let settings = ConsoleSettings::from_config(&config);
        assert_eq!(settings.site_name, "Oxbow");
        assert_eq!((settings.per_second, settings.burst), (20, 100));
        let patch = settings.to_patch();
        assert_eq!(patch["RateLimitSettings"], config["RateLimitSettings"]);
        assert!(
            patch.get("SqlSettings").is_none(),
            "only what the console edits"
        );
        assert_eq!(
            reset_link("https://chat.example.org", "tok"),
            "https://chat.example.org/reset_password_complete?token=tok"
        );
    }

    #[test]
    fn an_import_job_reads_as_progress_then_its_summary_or_its_error() {
        let mut job = Job {
            status: job_status::PENDING.into(),
            ..Job::default()
        };
        assert_eq!(ImportProgress::from_job(&job), ImportProgress::Importing(0));
        job.status = job_status::IN_PROGRESS.into();
        job.progress = 40;
        let running = ImportProgress::from_job(&job);
        assert_eq!(running, ImportProgress::Importing(40));
        assert!(running.is_running());

        job.status = job_status::SUCCESS.into();
        job.data = [
            ("channels", "2"),
            ("posts", "30"),
            ("replies", "4"),
            ("threads", "3"),
            ("reactions", "5"),
            (
                "skipped",
                "2 channel_join messages\n1 folder old/, which no channel listing names",
            ),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
        let ImportProgress::Finished(summary) = ImportProgress::from_job(&job) else {
            panic!("finished");
        };
        assert_eq!(
            (summary.channels, summary.posts, summary.people),
            (2, 30, 0)
        );
        let lines = summary.lines();
        assert_eq!(lines[2], "Posts: 30 (4 replies in 3 threads), 5 reactions");
        assert_eq!(
            lines[4],
            "Skipped: 2 channel_join messages; 1 folder old/, which no channel listing names"
        );
        assert_eq!(ImportSummary::default().lines()[4], "Skipped: nothing");

        job.status = job_status::ERROR.into();
        job.data = [("error".to_string(), "not a zip".to_string())].into();
        let failed = ImportProgress::from_job(&job);
        assert_eq!(failed, ImportProgress::Failed("not a zip".into()));
        assert!(!failed.is_running());
    }
}
