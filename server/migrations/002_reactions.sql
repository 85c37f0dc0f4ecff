-- Emoji reactions to posts. A post remembers whether it has any, as Mattermost's HasReactions,
-- so pages of posts without reactions cost no extra query.

CREATE TABLE reactions (
    post_id    TEXT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    emoji_name TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    create_at  INTEGER NOT NULL,
    PRIMARY KEY (post_id, user_id, emoji_name)
);

ALTER TABLE posts ADD COLUMN has_reactions INTEGER NOT NULL DEFAULT 0;
