-- OpenGraph previews of linked pages, per URL: `data` is the OpenGraph JSON, or '' when the page
-- had none (or could not be read), so it is not fetched again for every post that links to it.

CREATE TABLE link_previews (
    url TEXT PRIMARY KEY,
    fetched_at INTEGER NOT NULL,
    data TEXT NOT NULL
);
