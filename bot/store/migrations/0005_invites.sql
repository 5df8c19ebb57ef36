-- Invites that make whoever opens them a coordinator of one organisation (issue #4).
-- Only a hash of the token is stored: the link itself is shown once, to the administrator.

CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,   -- sha256 hex of the token in the link
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL,       -- the administrator's Telegram id
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_by INTEGER,                   -- who opened it (one use)
    used_at TEXT
);
CREATE INDEX invites_by_organisation ON invites (organisation_id);

-- The first name a coordinator had in Telegram when they accepted, so /coordinators can say
-- who they are (a coordinator need not be a resident).
ALTER TABLE coordinators ADD COLUMN first_name TEXT;
