-- Chat bridges. A channel's `props` is Mattermost's Channel.props: the server keeps the state of
-- the channel's bridges there (`{"bridges": [...]}`), so clients see it through the ordinary API.
ALTER TABLE channels ADD COLUMN props TEXT NOT NULL DEFAULT '{}';

-- How far each bridge has relayed its channel: posts created after `relayed_through` (a post's
-- create_at, strictly increasing within a channel) are the bridge's outbox, kept across restarts
-- and outages and delivered in order.
CREATE TABLE bridge_cursors (
    bridge TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    relayed_through INTEGER NOT NULL
);
