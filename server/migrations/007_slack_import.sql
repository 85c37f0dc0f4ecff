-- What a Slack import brought in, by Slack's ids: importing the same export again finds each
-- person, channel and message here and leaves it as it is. `kind` is 'user', 'channel' or 'post';
-- a message's Slack id is `<channel id>/<ts>` (a ts is unique only within its channel).
CREATE TABLE slack_ids (
    kind     TEXT NOT NULL,
    slack_id TEXT NOT NULL,
    brisk_id TEXT NOT NULL,
    PRIMARY KEY (kind, slack_id)
);
