-- Where each Matrix bridge is in its room's history: the `since` token of its last /sync whose
-- events were all posted here. After a restart the bridge syncs from it, so what was said in the
-- room meanwhile is relayed, in order, once.
CREATE TABLE bridge_sync_tokens (
    bridge TEXT PRIMARY KEY,
    since TEXT NOT NULL
);
