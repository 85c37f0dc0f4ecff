//! SQLite storage: one connection that writes, behind a mutex, and a few read-only ones beside it,
//! used from async handlers through `spawn_blocking` so a slow query never stalls the runtime.
//! SQLite serialises writers anyway, and one writer keeps every transaction simple and correct;
//! in WAL mode readers wait neither for the writer nor for each other, so one slow read (a long
//! search) does not hold every other request.
//!
//! The SQL, a module per resource. Functions take a `&Connection` (a `Transaction` derefs to one),
//! so callers decide the transaction boundary; every write runs inside `Db::write`. This layer
//! returns rows and never calls the network or publishes events.

pub mod bridges;
pub mod channel_changes;
pub mod channels;
pub mod direct_channels;
pub mod files;
pub mod inventory;
pub mod link_previews;
pub mod password_resets;
pub mod post_changes;
pub mod post_metadata;
pub mod posts;
pub mod preferences;
pub mod profile_images;
pub mod reactions;
pub mod search;
pub mod sessions;
pub mod sidebar_categories;
pub mod slack_ids;
pub mod statuses;
pub mod system_settings;
pub mod teams;
pub mod threads;
pub mod unread;
pub mod users;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{ApiError, ApiResult};

/// Whether `err` is a UNIQUE constraint failure (used to map duplicates to Mattermost's 400s).
pub fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _) if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
            || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

/// `?,?,?` for an IN clause of `n` parameters.
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}

/// The numbered migrations, applied in order and recorded in `schema_migrations`.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "initial", include_str!("../migrations/001_initial.sql")),
    (
        2,
        "reactions",
        include_str!("../migrations/002_reactions.sql"),
    ),
    (3, "files", include_str!("../migrations/003_files.sql")),
    (4, "search", include_str!("../migrations/004_search.sql")),
    (
        5,
        "link_previews",
        include_str!("../migrations/005_link_previews.sql"),
    ),
    (6, "bridges", include_str!("../migrations/006_bridges.sql")),
    (
        7,
        "slack_import",
        include_str!("../migrations/007_slack_import.sql"),
    ),
    (
        8,
        "mattermost_apps",
        include_str!("../migrations/008_mattermost_apps.sql"),
    ),
    (
        9,
        "matrix_sync",
        include_str!("../migrations/009_matrix_sync.sql"),
    ),
    (
        10,
        "bridge_reactions",
        include_str!("../migrations/010_bridge_reactions.sql"),
    ),
    (
        12,
        "system_console",
        include_str!("../migrations/012_system_console.sql"),
    ),
    (
        14,
        "search_scale",
        include_str!("../migrations/014_search_scale.sql"),
    ),
    (
        15,
        "thread_reads",
        include_str!("../migrations/015_thread_reads.sql"),
    ),
];

/// Read-only connections beside the writer.
const READERS: usize = 4;

/// A handle to the database, cheap to clone.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    readers: Arc<[Mutex<Connection>]>,
    /// Where the next read starts looking for a free reader, so they are used in turn.
    next_reader: Arc<AtomicUsize>,
}

impl Db {
    /// Opens (creating if needed) `<data_dir>/brisk.db` and brings its schema up to date.
    pub fn open(data_dir: &Path) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        std::fs::create_dir_all(data_dir)?;
        let mut conn = Connection::open(data_dir.join("brisk.db"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        migrate(&mut conn)?;
        let readers = (0..READERS)
            .map(|_| open_reader(&data_dir.join("brisk.db")).map(Mutex::new))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            readers: readers.into(),
            next_reader: Arc::default(),
        })
    }

    /// Runs `f` with a read-only connection on the blocking pool: a free one if there is one,
    /// else it waits for the next in turn.
    pub async fn read<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> ApiResult<T> + Send + 'static,
    {
        let readers = self.readers.clone();
        let first = self.next_reader.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let count = readers.len();
            let free = (0..count).find_map(|i| readers[(first + i) % count].try_lock().ok());
            let guard = match free {
                Some(guard) => guard,
                None => readers[first % count]
                    .lock()
                    .map_err(|_| ApiError::internal("database lock poisoned"))?,
            };
            f(&guard)
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs `f` inside one write transaction, committed only if `f` succeeds.
    pub async fn write<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> ApiResult<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| ApiError::internal("database lock poisoned"))?;
            write_blocking(&mut guard, f)
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs `f` inside a write transaction on the current thread (startup work such as seeding).
    pub fn write_now<T>(&self, f: impl FnOnce(&Transaction) -> ApiResult<T>) -> ApiResult<T> {
        let mut guard = self
            .conn
            .lock()
            .map_err(|_| ApiError::internal("database lock poisoned"))?;
        write_blocking(&mut guard, f)
    }

    /// Runs a read on the current thread (startup work such as filling caches).
    pub fn read_now<T>(&self, f: impl FnOnce(&Connection) -> ApiResult<T>) -> ApiResult<T> {
        let guard = self
            .conn
            .lock()
            .map_err(|_| ApiError::internal("database lock poisoned"))?;
        f(&guard)
    }
}

fn write_blocking<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction) -> ApiResult<T>,
) -> ApiResult<T> {
    // IMMEDIATE takes the write lock up front, so a transaction never fails half-way on upgrade.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}

fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at INTEGER NOT NULL
        )",
    )?;
    for &(version, name, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = ?1)",
            [version],
            |row| row.get(0),
        )?;
        if !applied {
            tx.execute_batch(sql)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![version, name, crate::ids::now_ms()],
            )?;
            tracing::info!(version, name, "applied migration");
        }
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_read_does_not_wait_for_a_busy_reader_or_the_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("open");
        let (release_read, held_read) = std::sync::mpsc::channel::<()>();
        let (release_write, held_write) = std::sync::mpsc::channel::<()>();
        let (read_started, reading) = tokio::sync::oneshot::channel::<()>();
        let (write_started, writing) = tokio::sync::oneshot::channel::<()>();
        let reader = db.clone();
        let slow_read = tokio::spawn(async move {
            reader
                .read(move |_| {
                    let _ = read_started.send(());
                    Ok(held_read.recv().ok())
                })
                .await
        });
        let writer = db.clone();
        let slow_write = tokio::spawn(async move {
            writer
                .write(move |tx| {
                    tx.execute("DELETE FROM sessions", [])?;
                    let _ = write_started.send(());
                    Ok(held_write.recv().ok())
                })
                .await
        });
        // Both hold their connection now.
        reading.await.expect("read started");
        writing.await.expect("write started");
        let quick = db.read(|conn| Ok(conn.query_row("SELECT 1", [], |row| row.get::<_, i64>(0))?));
        let answered = tokio::time::timeout(Duration::from_secs(5), quick).await;
        assert_eq!(answered.expect("not held up").expect("read"), 1);
        let refused = db
            .read(|conn| Ok(conn.execute("DELETE FROM sessions", [])?))
            .await;
        assert!(refused.is_err(), "readers cannot write");
        release_read.send(()).expect("release");
        release_write.send(()).expect("release");
        slow_read.await.expect("join").expect("read");
        slow_write.await.expect("join").expect("write");
    }

    #[test]
    fn migrations_apply_once_and_reopen_cleanly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("open");
        let count: i64 = db
            .read_now(|c| {
                Ok(c.query_row("SELECT COUNT(*) FROM schema_migrations", [], |r| r.get(0))?)
            })
            .expect("count");
        assert_eq!(count, MIGRATIONS.len() as i64);
        drop(db);
        let db = Db::open(dir.path()).expect("reopen");
        let fk: i64 = db
            .read_now(|c| Ok(c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?))
            .expect("fk");
        assert_eq!(fk, 1);
    }

    #[test]
    fn failed_write_rolls_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("open");
        let result: ApiResult<()> = db.write_now(|tx| {
            tx.execute("INSERT INTO schema_migrations VALUES (99, 'x', 0)", [])?;
            Err(ApiError::forbidden())
        });
        assert!(result.is_err());
        let count: i64 = db
            .read_now(|c| {
                Ok(c.query_row(
                    "SELECT COUNT(*) FROM schema_migrations WHERE version = 99",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("count");
        assert_eq!(count, 0);
    }

    #[test]
    fn the_search_index_is_backfilled_from_existing_posts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("open");
        // Pretend the search migration never ran, with a post written meanwhile.
        db.write_now(|tx| {
            tx.execute_batch(
                "DROP TABLE posts_fts; DROP TRIGGER posts_fts_after_insert; \
                 DROP TRIGGER posts_fts_after_delete; DROP TRIGGER posts_fts_after_update; \
                 DELETE FROM schema_migrations WHERE version = 4; \
                 INSERT INTO users (id, create_at, update_at, username, email, password_hash, roles) \
                   VALUES ('u', 0, 0, 'u', 'u@x', '', 'system_user'); \
                 INSERT INTO channels (id, create_at, update_at, team_id, type, name, display_name) \
                   VALUES ('c', 0, 0, 't', 'O', 'c', 'c'); \
                 INSERT INTO posts (id, create_at, update_at, user_id, channel_id, message) \
                   VALUES ('p', 0, 0, 'u', 'c', 'an old unindexed message');",
            )?;
            Ok(())
        })
        .expect("rewind");
        drop(db);
        let db = Db::open(dir.path()).expect("reopen");
        let found: String = db
            .read_now(|c| {
                Ok(c.query_row(
                    "SELECT p.id FROM posts p WHERE p.seq IN \
                     (SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'unindexed')",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("search");
        assert_eq!(found, "p");
    }

    #[test]
    fn threads_from_before_thread_reads_count_as_read_by_their_participants() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("open");
        // Pretend the thread-reads migration never ran: ann's thread, bob's reply, and a post
        // without replies.
        db.write_now(|tx| {
            tx.execute_batch(
                "DROP TABLE thread_reads; DELETE FROM schema_migrations WHERE version = 15; \
                 INSERT INTO users (id, create_at, update_at, username, email, password_hash, roles) \
                   VALUES ('ann', 0, 0, 'ann', 'a@x', '', 'system_user'), \
                          ('bob', 0, 0, 'bob', 'b@x', '', 'system_user'), \
                          ('eve', 0, 0, 'eve', 'e@x', '', 'system_user'); \
                 INSERT INTO channels (id, create_at, update_at, team_id, type, name, display_name) \
                   VALUES ('c', 0, 0, 't', 'O', 'c', 'c'); \
                 INSERT INTO posts (id, create_at, update_at, user_id, channel_id, root_id, message) \
                   VALUES ('root', 10, 10, 'ann', 'c', '', 'plan?'), \
                          ('r1', 20, 20, 'bob', 'c', 'root', 'yes'), \
                          ('r2', 30, 30, 'bob', 'c', 'root', 'and more'), \
                          ('alone', 40, 40, 'eve', 'c', '', 'hello');",
            )?;
            Ok(())
        })
        .expect("rewind");
        drop(db);
        let db = Db::open(dir.path()).expect("reopen");
        let reads: Vec<(String, String, i64)> = db
            .read_now(|c| {
                let mut stmt = c.prepare(
                    "SELECT user_id, root_id, last_viewed_at FROM thread_reads ORDER BY user_id",
                )?;
                let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                Ok(rows.collect::<Result<_, _>>()?)
            })
            .expect("reads");
        assert_eq!(
            reads,
            [
                ("ann".to_string(), "root".to_string(), 30),
                ("bob".to_string(), "root".to_string(), 30)
            ]
        );
    }
}
