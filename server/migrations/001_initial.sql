-- The first schema: users and their sessions, teams, channels, memberships and posts.
-- Column names follow Mattermost's wire names so rows map onto the API types one to one.

CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    create_at           INTEGER NOT NULL,
    update_at           INTEGER NOT NULL,
    delete_at           INTEGER NOT NULL DEFAULT 0,
    username            TEXT NOT NULL UNIQUE,
    email               TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL,
    first_name          TEXT NOT NULL DEFAULT '',
    last_name           TEXT NOT NULL DEFAULT '',
    nickname            TEXT NOT NULL DEFAULT '',
    position            TEXT NOT NULL DEFAULT '',
    roles               TEXT NOT NULL,
    locale              TEXT NOT NULL DEFAULT 'en',
    is_bot              INTEGER NOT NULL DEFAULT 0,
    last_picture_update INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    token            TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token       TEXT NOT NULL,
    create_at        INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE teams (
    id                TEXT PRIMARY KEY,
    create_at         INTEGER NOT NULL,
    update_at         INTEGER NOT NULL,
    delete_at         INTEGER NOT NULL DEFAULT 0,
    name              TEXT NOT NULL UNIQUE,
    display_name      TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    email             TEXT NOT NULL DEFAULT '',
    type              TEXT NOT NULL,
    invite_id         TEXT NOT NULL UNIQUE,
    allow_open_invite INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE team_members (
    team_id      TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scheme_admin INTEGER NOT NULL DEFAULT 0,
    delete_at    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members(user_id);

-- team_id is '' for direct and group channels, as in Mattermost; so no foreign key on it.
CREATE TABLE channels (
    id                   TEXT PRIMARY KEY,
    create_at            INTEGER NOT NULL,
    update_at            INTEGER NOT NULL,
    delete_at            INTEGER NOT NULL DEFAULT 0,
    team_id              TEXT NOT NULL,
    type                 TEXT NOT NULL,
    name                 TEXT NOT NULL,
    display_name         TEXT NOT NULL,
    header               TEXT NOT NULL DEFAULT '',
    purpose              TEXT NOT NULL DEFAULT '',
    last_post_at         INTEGER NOT NULL DEFAULT 0,
    last_root_post_at    INTEGER NOT NULL DEFAULT 0,
    total_msg_count      INTEGER NOT NULL DEFAULT 0,
    total_msg_count_root INTEGER NOT NULL DEFAULT 0,
    creator_id           TEXT NOT NULL DEFAULT '',
    UNIQUE (team_id, name)
);

CREATE TABLE channel_members (
    channel_id         TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    user_id            TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    scheme_admin       INTEGER NOT NULL DEFAULT 0,
    last_viewed_at     INTEGER NOT NULL DEFAULT 0,
    msg_count          INTEGER NOT NULL DEFAULT 0,
    msg_count_root     INTEGER NOT NULL DEFAULT 0,
    mention_count      INTEGER NOT NULL DEFAULT 0,
    mention_count_root INTEGER NOT NULL DEFAULT 0,
    notify_props       TEXT NOT NULL,
    last_update_at     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX channel_members_by_user ON channel_members(user_id);

-- pending_post_id is kept only to de-duplicate a retried create; the API never returns it from
-- a read, as Mattermost does not persist it either. Posts are addressed by an integer rowid too,
-- so an FTS5 index (content=posts) can be added by a later migration.
CREATE TABLE posts (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    create_at       INTEGER NOT NULL,
    update_at       INTEGER NOT NULL,
    edit_at         INTEGER NOT NULL DEFAULT 0,
    delete_at       INTEGER NOT NULL DEFAULT 0,
    is_pinned       INTEGER NOT NULL DEFAULT 0,
    user_id         TEXT NOT NULL REFERENCES users(id),
    channel_id      TEXT NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
    root_id         TEXT NOT NULL DEFAULT '',
    original_id     TEXT NOT NULL DEFAULT '',
    message         TEXT NOT NULL,
    type            TEXT NOT NULL DEFAULT '',
    props           TEXT NOT NULL DEFAULT '{}',
    hashtags        TEXT NOT NULL DEFAULT '',
    file_ids        TEXT NOT NULL DEFAULT '[]',
    pending_post_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX posts_by_channel_time ON posts(channel_id, create_at);
CREATE INDEX posts_by_channel_update ON posts(channel_id, update_at);
CREATE INDEX posts_by_root ON posts(root_id) WHERE root_id != '';
CREATE UNIQUE INDEX posts_by_pending_id ON posts(user_id, pending_post_id) WHERE pending_post_id != '';
