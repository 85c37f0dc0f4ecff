-- Search at scale: `from:` walks one author's posts newest first instead of every post of the
-- searcher's channels.
CREATE INDEX posts_by_user_time ON posts(user_id, create_at);
