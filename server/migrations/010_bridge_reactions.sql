-- Reactions relayed by a bridge, one row per reaction event on the other network (a Matrix
-- `m.reaction` annotating a relayed message). `outbound` 1: the bridge sent it for the people who
-- reacted with `emoji_name` here; 0: someone over there reacted, shown here as the bridge bot's
-- reaction, which stays while any such row for the post and emoji remains.
CREATE TABLE bridge_reactions (
    bridge TEXT NOT NULL,
    remote_id TEXT NOT NULL,
    post_id TEXT NOT NULL,
    emoji_name TEXT NOT NULL,
    outbound INTEGER NOT NULL,
    PRIMARY KEY (bridge, remote_id)
);
CREATE INDEX bridge_reactions_by_post ON bridge_reactions (bridge, post_id, emoji_name);
