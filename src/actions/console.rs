//! The System console's actions (system admins): each calls the server, then puts the answer in
//! the console's state and says what happened, or why not.

use brisk_model::User;
use leptos::prelude::*;

use crate::actions::session::load_session;
use crate::api::{self, admin, ApiError};
use crate::state::StoreSignal;
use crate::store::console::{
    reset_link, Console, ConsoleSettings, ImportProgress, Outcome, PersonChange, ResetLink,
    PEOPLE_PER_PAGE, ROLES_ADMIN, ROLES_MEMBER,
};

/// The console's state, as a signal the console's page makes.
pub type ConsoleSignal = RwSignal<Console>;

/// Teams listed (one page: a brisk community has a few).
const TEAMS_PER_PAGE: u32 = 200;
/// How often an import job is asked how far it is.
const IMPORT_POLL_MS: u32 = 500;

/// Records the outcome of `result` (`done` on success) and hands the answer on.
fn report<T>(console: ConsoleSignal, result: Result<T, ApiError>, done: String) -> Option<T> {
    let (outcome, answer) = match result {
        Ok(answer) => (Outcome::Done(done), Some(answer)),
        Err(error) => (Outcome::Failed(error.user_message()), None),
    };
    console.update(|c| c.report(outcome));
    answer
}

/// Loads who is signed in (the console may be the first page opened) and, for a system admin,
/// the first page of people, the teams and the settings. The answer says whether they are one.
pub async fn open(store: StoreSignal, console: ConsoleSignal) -> Result<bool, ApiError> {
    load_session(store).await?;
    let is_admin = store.with_untracked(|s| s.me.as_ref().is_some_and(User::is_system_admin));
    if is_admin {
        show_page(console, 0).await;
        if let Ok(teams) = admin::teams_page(0, TEAMS_PER_PAGE).await {
            console.update(|c| c.teams = teams);
        }
        if let Ok(config) = admin::config().await {
            console.update(|c| c.settings = Some(ConsoleSettings::from_config(&config)));
        }
    }
    Ok(is_admin)
}

/// Shows page `page` of the current view.
pub async fn show_page(console: ConsoleSignal, page: u32) {
    let view = console.with_untracked(|c| c.view);
    match admin::users_page(page, PEOPLE_PER_PAGE, view.query()).await {
        Ok(people) => console.update(|c| c.show_page(page, people)),
        Err(error) => console.update(|c| c.report(Outcome::Failed(error.user_message()))),
    }
}

/// Shows everyone, deactivated people included, whose name starts with `term`.
pub async fn search(console: ConsoleSignal, term: String) {
    match admin::search_users(&term, true).await {
        Ok(people) => console.update(|c| c.show_search(term, people)),
        Err(error) => console.update(|c| c.report(Outcome::Failed(error.user_message()))),
    }
}

/// Deactivates `user`: signed out everywhere at once, unable to sign in; their posts stay.
pub async fn deactivate(console: ConsoleSignal, user: User) {
    let result = admin::deactivate_user(&user.id).await;
    let done = format!(
        "{} is deactivated and signed out everywhere.",
        user.username
    );
    if report(console, result, done).is_some() {
        let now = js_sys::Date::now() as i64;
        console.update(|c| c.person_changed(&user.id, &PersonChange::Deactivated(now)));
    }
}

/// Lets `user` sign in again.
pub async fn reactivate(console: ConsoleSignal, user: User) {
    let result = admin::set_user_active(&user.id, true).await;
    let done = format!("{} can sign in again.", user.username);
    if report(console, result, done).is_some() {
        console.update(|c| c.person_changed(&user.id, &PersonChange::Reactivated));
    }
}

/// Makes `user` a system admin, or an ordinary member again.
pub async fn set_system_admin(console: ConsoleSignal, user: User, admin: bool) {
    let roles = if admin { ROLES_ADMIN } else { ROLES_MEMBER };
    let result = admin::update_user_roles(&user.id, roles).await;
    let done = if admin {
        format!("{} is now a system admin.", user.username)
    } else {
        format!("{} is no longer a system admin.", user.username)
    };
    if report(console, result, done).is_some() {
        console.update(|c| c.person_changed(&user.id, &PersonChange::Roles(roles)));
    }
}

/// Sets `user`'s password (they are signed out everywhere); true when it was set.
pub async fn set_password(console: ConsoleSignal, user: User, password: String) -> bool {
    let result = admin::set_user_password(&user.id, &password).await;
    let done = format!(
        "{}'s password is set; they are signed out everywhere.",
        user.username
    );
    report(console, result, done).is_some()
}

/// Asks for a one-time reset link for `user`, to hand over (Mattermost mails it instead).
pub async fn make_reset_link(console: ConsoleSignal, user: User) {
    let result = admin::send_password_reset(&user.email).await;
    let done = format!("A reset link for {} is ready.", user.username);
    if let Some(token) = report(console, result, done) {
        let origin = window().location().origin().unwrap_or_default();
        let link = ResetLink {
            username: user.username.clone(),
            link: token.map(|token| reset_link(&origin, &token)),
        };
        console.update(|c| c.reset_link = Some(link));
    }
}

/// Renames a team and opens or closes it to people with its invite link.
pub async fn save_team(console: ConsoleSignal, team_id: String, display_name: String, open: bool) {
    let patch =
        serde_json::json!({ "display_name": display_name.trim(), "allow_open_invite": open });
    let result = admin::patch_team(&team_id, &patch).await;
    let done = format!("{} is saved.", display_name.trim());
    if let Some(team) = report(console, result, done) {
        console.update(|c| c.team_changed(team));
    }
}

/// Gives a team a new invite link; the old one stops working.
pub async fn new_invite_link(console: ConsoleSignal, team_id: String) {
    let result = admin::regenerate_invite_id(&team_id).await;
    let done = "The team has a new invite link; the old one no longer works.".to_string();
    if let Some(team) = report(console, result, done) {
        console.update(|c| c.team_changed(team));
    }
}

/// Saves the settings; they apply at once.
pub async fn save_settings(console: ConsoleSignal, settings: ConsoleSettings) {
    let result = admin::patch_config(&settings.to_patch()).await;
    if let Some(config) = report(console, result, "Settings saved.".to_string()) {
        console.update(|c| c.settings = Some(ConsoleSettings::from_config(&config)));
    }
}

/// Imports a Slack export into the team named `team`, as Mattermost runs imports: an upload
/// session of type "import", the zip's bytes (with their progress), an `import_process` job, then
/// the job asked after until it has finished; the console shows each step.
pub async fn import_slack(console: ConsoleSignal, file: web_sys::File, team: String) {
    let show = move |progress: ImportProgress| console.update(|c| c.import = Some(progress));
    show(ImportProgress::Uploading(0));
    if let Err(error) = upload_and_import(show, &file, &team).await {
        show(ImportProgress::Failed(error.user_message()));
    }
}

async fn upload_and_import(
    show: impl Fn(ImportProgress) + Copy + 'static,
    file: &web_sys::File,
    team: &str,
) -> Result<(), ApiError> {
    let upload = admin::create_import_upload(&file.name(), file.size() as u64).await?;
    api::upload_data(&upload.id, file, move |sent| {
        show(ImportProgress::Uploading((sent * 100.0).round() as u8))
    })
    .await?;
    let mut job = admin::create_import_job(&upload.import_file(), team).await?;
    loop {
        let progress = ImportProgress::from_job(&job);
        let running = progress.is_running();
        show(progress);
        if !running {
            return Ok(());
        }
        gloo_timers::future::TimeoutFuture::new(IMPORT_POLL_MS).await;
        job = admin::job(&job.id).await?;
    }
}

/// Sets a new password with a reset link's token (no session needed).
pub async fn complete_password_reset(token: &str, password: &str) -> Result<(), ApiError> {
    admin::reset_password(token, password).await.map(drop)
}
