-- What Mattermost's own apps keep per user: sidebar categories, preferences and a profile image.

-- One row per category of a user's sidebar on a team. channel_ids is the user's arrangement (a JSON
-- array); channels they belong to but never placed are shown in the "channels" or
-- "direct_messages" category, so joining and leaving need no bookkeeping here.
CREATE TABLE sidebar_categories (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    team_id      TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    display_name TEXT NOT NULL,
    sorting      TEXT NOT NULL DEFAULT '',
    muted        INTEGER NOT NULL DEFAULT 0,
    collapsed    INTEGER NOT NULL DEFAULT 0,
    sort_order   INTEGER NOT NULL,
    channel_ids  TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX sidebar_categories_by_user_team ON sidebar_categories(user_id, team_id, sort_order);

-- Mattermost's free-form per-user settings (display, notifications, tutorial steps...).
CREATE TABLE preferences (
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    name     TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (user_id, category, name)
);

-- An uploaded profile picture, already re-encoded as a small PNG; users without one get a
-- generated default.
CREATE TABLE profile_images (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    png     BLOB NOT NULL
);

-- A status the user chose (away, do not disturb, offline); without one, a user is online while a
-- WebSocket of theirs is connected.
CREATE TABLE user_statuses (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    status  TEXT NOT NULL
);
