-- What the System console keeps. A one-time password reset link's token is stored only as its
-- SHA-256 (a copy of the database does not hand out working links); it ends when used or expired.
CREATE TABLE password_reset_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    create_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX password_reset_tokens_by_user ON password_reset_tokens (user_id);

-- Settings an admin saved in the console: the row `config` holds them in Mattermost's config
-- shape (`{"TeamSettings": {"SiteName": …}, …}`). Until then the start-up flags' values hold.
CREATE TABLE system_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
