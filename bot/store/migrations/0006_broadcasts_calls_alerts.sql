-- Broadcasts, calls for help and new-opportunity alerts (#4). What is sent lives in the outbox;
-- these tables hold what a coordinator wrote and who was asked, so nobody is asked twice.

-- A message from a coordinator to an audience. One outbox row per recipient, keyed
-- 'broadcast:<id>:<recipient>', so a restart continues it without sending anything twice.
CREATE TABLE broadcasts (
    id INTEGER PRIMARY KEY,
    created_by INTEGER NOT NULL,               -- the coordinator's Telegram id
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,  -- who it is from
    audience_kind TEXT NOT NULL
        CHECK (audience_kind IN ('all', 'category', 'opportunity', 'volunteers')),
    audience_args TEXT NOT NULL DEFAULT '{}',  -- JSON: {"category": 3}, {"months": 6}, ...
    text TEXT NOT NULL,                        -- HTML, as the coordinator wrote it
    photo TEXT,                                -- a Telegram file id
    language TEXT NOT NULL DEFAULT 'nl',       -- the coordinator's, for progress and summary
    status TEXT NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'done')),
    created_at TEXT NOT NULL,
    finished_at TEXT,
    total INTEGER NOT NULL DEFAULT 0,
    progress_chat_id INTEGER,                  -- the message that shows "sent 120 / to go 380"
    progress_message_id INTEGER,
    progress_shown TEXT                        -- what it shows now, so an edit always changes it
);
CREATE INDEX broadcasts_sending ON broadcasts (status);

-- Who was called for help for a shift: never twice for the same shift.
CREATE TABLE calls (
    shift_id INTEGER NOT NULL REFERENCES shifts(id) ON DELETE CASCADE,
    resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    called_at TEXT NOT NULL,
    called_by INTEGER,
    PRIMARY KEY (shift_id, resident_id)
);

-- Which new opportunity a resident was (or will be) told about: each only once.
CREATE TABLE alerts (
    resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (resident_id, opportunity_id)
);

-- The interests screen is offered once after a resident's first sign-up.
ALTER TABLE residents ADD COLUMN interests_offered_at TEXT;
