-- Uploaded files. post_id stays '' until a post claims the file; the bytes live on disk under
-- <data-dir>/files/<id>.

CREATE TABLE files (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users(id),
    channel_id        TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    post_id           TEXT NOT NULL DEFAULT '',
    create_at         INTEGER NOT NULL,
    update_at         INTEGER NOT NULL,
    delete_at         INTEGER NOT NULL DEFAULT 0,
    name              TEXT NOT NULL,
    extension         TEXT NOT NULL,
    size              INTEGER NOT NULL,
    mime_type         TEXT NOT NULL,
    width             INTEGER NOT NULL DEFAULT 0,
    height            INTEGER NOT NULL DEFAULT 0,
    has_preview_image INTEGER NOT NULL DEFAULT 0,
    mini_preview      TEXT
);
CREATE INDEX files_by_post ON files(post_id) WHERE post_id != '';
CREATE INDEX files_by_channel ON files(channel_id);
