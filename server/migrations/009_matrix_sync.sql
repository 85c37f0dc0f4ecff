-- Where each Matrix bridge is in its room's history: the `since` token of its last /sync whose
-- events were all posted here. After a restart the bridge syncs from it, so what was said in the
-- room meanwhile is relayed, in order, once.
CREATE TABLE bridge_sync_tokens (
    bridge TEXT PRIMARY KEY,
    since TEXT NOT NULL
);

-- Which message on the other network each relayed post is (a Matrix event id), both ways: edits,
-- deletions and replies on one side find what they change on the other.
CREATE TABLE bridge_messages (
    bridge TEXT NOT NULL,
    post_id TEXT NOT NULL,
    remote_id TEXT NOT NULL,
    PRIMARY KEY (bridge, post_id)
);
CREATE UNIQUE INDEX bridge_messages_by_remote ON bridge_messages (bridge, remote_id);
