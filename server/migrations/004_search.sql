-- Full-text search over post messages: an FTS5 index whose content is the posts table itself
-- (external content, keyed by posts.seq), kept in step by triggers and filled from what exists.

CREATE VIRTUAL TABLE posts_fts USING fts5(
    message,
    content = 'posts',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER posts_fts_after_insert AFTER INSERT ON posts BEGIN
    INSERT INTO posts_fts (rowid, message) VALUES (new.seq, new.message);
END;

CREATE TRIGGER posts_fts_after_delete AFTER DELETE ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, message) VALUES ('delete', old.seq, old.message);
END;

CREATE TRIGGER posts_fts_after_update AFTER UPDATE OF message ON posts BEGIN
    INSERT INTO posts_fts (posts_fts, rowid, message) VALUES ('delete', old.seq, old.message);
    INSERT INTO posts_fts (rowid, message) VALUES (new.seq, new.message);
END;

INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');
