-- Threads a person takes part in (they wrote its root or a reply) and how far they have read each:
-- Mattermost's thread memberships (LastViewed). A participant without a row has read up to their
-- own newest post in the thread. Threads from before this migration count as read, so nobody
-- finds years of old replies unread.
CREATE TABLE thread_reads (
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    root_id        TEXT NOT NULL,
    last_viewed_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, root_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO thread_reads (user_id, root_id, last_viewed_at)
SELECT participant.user_id, participant.root_id,
       (SELECT MAX(r.create_at) FROM posts r WHERE r.root_id != '' AND r.root_id = participant.root_id)
FROM (
    SELECT user_id, root_id FROM posts WHERE root_id != ''
    UNION
    SELECT p.user_id, p.id FROM posts p
    WHERE p.root_id = '' AND EXISTS (SELECT 1 FROM posts r WHERE r.root_id != '' AND r.root_id = p.id)
) AS participant;
