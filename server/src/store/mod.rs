//! Database access, a module per resource. Functions take a `&Connection` (a `Transaction` derefs
//! to one), so callers decide the transaction boundary; every write runs inside `Db::write`.

pub mod bridges;
pub mod channel_changes;
pub mod channels;
pub mod direct_channels;
pub mod files;
pub mod link_previews;
pub mod post_changes;
pub mod post_metadata;
pub mod posts;
pub mod reactions;
pub mod search;
pub mod sessions;
pub mod teams;
pub mod unread;
pub mod users;

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
