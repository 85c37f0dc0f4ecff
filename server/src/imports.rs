//! Imports started from the System console, the way Mattermost runs them: an upload session of
//! type "import" receives the file, then an `import_process` job imports it in the background and
//! reports its progress. The bundled server's import is its Slack importer (the same one as
//! `brisk-server import-slack`, one transaction); Mattermost's own reads its bulk format instead.
//!
//! Sessions and jobs live in memory: a restart forgets them (and the files of unfinished
//! uploads), which costs an admin a new upload but never a half-written import.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use brisk_model::{import_data, job_status, Job, UploadSession, JOB_TYPE_IMPORT_PROCESS};

use crate::ids::{new_id, now_ms};
use crate::slack_import::{self, Summary};
use crate::AppState;

/// Largest import upload by default (`--max-import-size`), in bytes: a Slack export is text and
/// links, and the importer holds the parsed export in memory.
pub const DEFAULT_MAX_IMPORT_SIZE: u64 = 256 * 1024 * 1024;

/// Upload sessions, their files, and import jobs.
pub struct Imports {
    dir: PathBuf,
    /// Largest file an upload session may announce.
    pub max_size: u64,
    books: Mutex<Books>,
    /// Imports run one after another (each is one long write transaction anyway).
    one_at_a_time: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Books {
    uploads: HashMap<String, UploadSession>,
    /// Uploads receiving bytes right now (one request at a time each).
    receiving: HashSet<String>,
    jobs: HashMap<String, Job>,
}

impl Imports {
    /// Uses `<data_dir>/imports`, emptied of what an earlier run left (its sessions are gone).
    pub fn open(data_dir: &Path, max_size: u64) -> std::io::Result<Self> {
        let dir = data_dir.join("imports");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Self {
            dir,
            max_size,
            books: Mutex::default(),
            one_at_a_time: tokio::sync::Mutex::new(()),
        })
    }

    fn books(&self) -> std::sync::MutexGuard<'_, Books> {
        // A panic elsewhere while holding the lock leaves plain maps, still usable.
        self.books
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Where an upload's bytes are kept.
    pub fn file_of(&self, upload_id: &str) -> PathBuf {
        self.dir.join(upload_id)
    }

    /// A new, empty upload session for `user_id`.
    pub fn create_upload(&self, user_id: &str, filename: &str, file_size: i64) -> UploadSession {
        let session = UploadSession {
            id: new_id(),
            upload_type: brisk_model::UPLOAD_TYPE_IMPORT.to_string(),
            create_at: now_ms(),
            user_id: user_id.to_string(),
            channel_id: String::new(),
            filename: filename.to_string(),
            file_size,
            file_offset: 0,
        };
        self.books()
            .uploads
            .insert(session.id.clone(), session.clone());
        session
    }

    pub fn upload(&self, upload_id: &str) -> Option<UploadSession> {
        self.books().uploads.get(upload_id).cloned()
    }

    /// Claims an upload for one request's bytes; None when it is unknown or already receiving.
    pub fn start_receiving(&self, upload_id: &str) -> Option<UploadSession> {
        let mut books = self.books();
        let session = books.uploads.get(upload_id).cloned()?;
        books
            .receiving
            .insert(upload_id.to_string())
            .then_some(session)
    }

    /// Ends a request's claim, with how many bytes the upload now holds.
    pub fn stop_receiving(&self, upload_id: &str, file_offset: i64) {
        let mut books = self.books();
        books.receiving.remove(upload_id);
        if let Some(session) = books.uploads.get_mut(upload_id) {
            session.file_offset = file_offset;
        }
    }

    /// Takes the whole upload `import_file` names out of the sessions, for a job to import.
    pub fn take_whole_upload(&self, import_file: &str) -> Option<UploadSession> {
        let (upload_id, _) = import_file.split_once('_')?;
        let mut books = self.books();
        let session = books.uploads.get(upload_id)?;
        let whole = session.import_file() == import_file
            && session.file_offset == session.file_size
            && !books.receiving.contains(upload_id);
        if !whole {
            return None;
        }
        books.uploads.remove(upload_id)
    }

    /// A new pending import job.
    pub fn create_job(&self, data: BTreeMap<String, String>) -> Job {
        let now = now_ms();
        let job = Job {
            id: new_id(),
            job_type: JOB_TYPE_IMPORT_PROCESS.to_string(),
            create_at: now,
            last_activity_at: now,
            status: job_status::PENDING.to_string(),
            data,
            ..Job::default()
        };
        self.books().jobs.insert(job.id.clone(), job.clone());
        job
    }

    pub fn job(&self, job_id: &str) -> Option<Job> {
        self.books().jobs.get(job_id).cloned()
    }

    fn update_job(&self, job_id: &str, change: impl FnOnce(&mut Job)) {
        if let Some(job) = self.books().jobs.get_mut(job_id) {
            change(job);
            job.last_activity_at = now_ms();
        }
    }
}

/// Runs an import job: waits its turn, imports on the blocking pool (the importer's one
/// transaction holds the database's writer; the async runtime stays free), then records how it
/// ended. The upload's file is removed either way.
pub async fn run(state: AppState, job_id: String, upload: UploadSession, team: String) {
    let imports = state.imports.clone();
    let _turn = imports.one_at_a_time.lock().await;
    imports.update_job(&job_id, |job| {
        job.status = job_status::IN_PROGRESS.to_string();
        job.start_at = now_ms();
    });
    let zip = imports.file_of(&upload.id);
    let outcome = {
        let (db, imports, job_id, zip) = (
            state.db.clone(),
            imports.clone(),
            job_id.clone(),
            zip.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let mut report = |progress: slack_import::Progress| {
                let percent = progress.done * 100 / progress.total.max(1);
                imports.update_job(&job_id, |job| job.progress = percent as i64);
            };
            slack_import::import(&db, &zip, &team, &mut report)
        })
        .await
        .unwrap_or_else(|err| Err(format!("the import stopped unexpectedly: {err}")))
    };
    let _ = tokio::fs::remove_file(&zip).await;
    match outcome {
        Ok(summary) => {
            // The hub routes channel events by its membership cache; the import added members.
            if let Err(err) = state.reload_memberships().await {
                tracing::warn!("after import {job_id}: {}", err.message);
            }
            imports.update_job(&job_id, |job| {
                job.status = job_status::SUCCESS.to_string();
                job.progress = 100;
                job.data.extend(summary_data(&summary));
            });
        }
        Err(message) => imports.update_job(&job_id, |job| {
            job.status = job_status::ERROR.to_string();
            job.data.insert(import_data::ERROR.to_string(), message);
        }),
    }
}

/// A finished import's summary as job data (strings, as Mattermost's job data are).
fn summary_data(summary: &Summary) -> BTreeMap<String, String> {
    let counts = [
        (import_data::CHANNELS, summary.channels_created),
        (import_data::CONVERSATIONS, summary.conversations_created),
        (import_data::PEOPLE, summary.people_created),
        (import_data::PEOPLE_MATCHED, summary.people_matched_by_email),
        (import_data::POSTS, summary.posts),
        (import_data::REPLIES, summary.replies),
        (import_data::THREADS, summary.threads),
        (import_data::REACTIONS, summary.reactions),
        (import_data::ALREADY_IMPORTED, summary.already_imported),
    ];
    let mut data: BTreeMap<String, String> = counts
        .into_iter()
        .map(|(key, count)| (key.to_string(), count.to_string()))
        .collect();
    data.insert(
        import_data::SKIPPED.to_string(),
        summary.skipped_lines().collect::<Vec<_>>().join("\n"),
    );
    data
}
