-- Search at scale: `from:` walks one author's posts newest first instead of every post of the
-- searcher's channels; a word in many posts walks all posts newest first (see db/search.rs).
CREATE INDEX posts_by_user_time ON posts(user_id, create_at);
CREATE INDEX posts_by_time ON posts(create_at);
