-- Questions to volunteers and staff (issue #12, item 3): a coordinator asks a question (answer
-- buttons, a short written answer, a scale of 1 to 5, or the ready-made questionnaire of five
-- written answers) to an audience. Each recipient gets one outbox row, keyed
-- 'poll:<id>:<recipient>', planned a chunk at a time after Send (as broadcasts are); the poll's
-- row keeps the tally of those rows (triggers below), so results stay right after old outbox rows
-- are pruned or a person erased their data.
CREATE TABLE polls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: buttons under old questions name it
    created_by INTEGER NOT NULL,               -- the coordinator's Telegram id
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,  -- who asks
    kind TEXT NOT NULL CHECK (kind IN ('choice', 'text', 'scale', 'questionnaire')),
    question TEXT NOT NULL,                    -- HTML as the coordinator wrote it ('' for the questionnaire)
    options TEXT NOT NULL DEFAULT '[]',        -- JSON: the answer buttons, or the questionnaire's questions
    named INTEGER NOT NULL DEFAULT 0,          -- 1: the recipients were told their name is seen
    audience_kind TEXT NOT NULL,
    audience_value INTEGER,                    -- the category, opportunity or months
    language TEXT NOT NULL DEFAULT 'nl',       -- the coordinator's, for the closing notice
    created_at TEXT NOT NULL,
    closes_at TEXT,                            -- the chosen closing moment (none: until closed)
    closed_at TEXT,                            -- closed by hand
    total INTEGER NOT NULL DEFAULT 0,          -- recipients when it was sent
    queuing INTEGER NOT NULL DEFAULT 1,        -- 1 until every recipient has a row
    queued_up_to INTEGER NOT NULL DEFAULT 0,   -- the last recipient planned so far
    to_go INTEGER NOT NULL DEFAULT 0,
    delivered INTEGER NOT NULL DEFAULT 0,
    unreachable INTEGER NOT NULL DEFAULT 0,    -- blocked the bot, or could not be delivered
    not_sent INTEGER NOT NULL DEFAULT 0        -- dropped before it went (closed first, left)
);
CREATE INDEX polls_queuing ON polls (queuing) WHERE queuing = 1;
CREATE INDEX polls_by_organisation ON polls (organisation_id, id);

-- Who a question was sent to: only they can answer it (a forged tap of anyone else changes
-- nothing). Erased with the person.
CREATE TABLE poll_recipients (
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL,
    PRIMARY KEY (poll_id, person_id)
) WITHOUT ROWID;
CREATE INDEX poll_recipients_by_person ON poll_recipients (person_id);

-- One answer per person and question ('step': 0 for a single question, 0-4 in the
-- questionnaire), changed in place until the poll closes. 'grp' is whether the person was a
-- coordinator or administrator ('staff') or not ('resident') when they answered, so results can
-- be split by group. 'name' only when the question said names are seen. When a person erases
-- their data, an answer given with a button or on the scale stays as an anonymous count
-- (person_id and name emptied); written answers and skips are deleted.
CREATE TABLE poll_answers (
    id INTEGER PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    step INTEGER NOT NULL DEFAULT 0,
    person_id INTEGER,
    grp TEXT NOT NULL DEFAULT 'resident' CHECK (grp IN ('resident', 'staff')),
    choice INTEGER,                            -- the button (0-based) or the score (1-5)
    text TEXT,                                 -- a written answer, as typed
    skipped INTEGER NOT NULL DEFAULT 0,
    name TEXT,
    answered_at TEXT NOT NULL
);
CREATE UNIQUE INDEX one_answer_per_person ON poll_answers (poll_id, step, person_id);
CREATE INDEX poll_answers_by_person ON poll_answers (person_id) WHERE person_id IS NOT NULL;

-- A row's bucket: pending -> to_go; sent -> delivered; failed, or dropped because the person
-- blocked the bot -> unreachable; other drops (closed before it went, the person left) -> not_sent.
-- The poll id is the number after 'poll:' in the key. (Each trigger is one line: migrations are
-- split on ';' at line ends.)
CREATE TRIGGER outbox_poll_planned AFTER INSERT ON outbox WHEN substr(NEW.key, 1, 5) = 'poll:' BEGIN UPDATE polls SET to_go = to_go + (NEW.status = 'pending'), delivered = delivered + (NEW.status = 'sent'), unreachable = unreachable + (NEW.status = 'failed' OR (NEW.status = 'dropped' AND COALESCE(NEW.note IN ('blocked', 'unreachable'), 0))), not_sent = not_sent + (NEW.status = 'dropped' AND COALESCE(NEW.note NOT IN ('blocked', 'unreachable'), 1)) WHERE id = CAST(substr(NEW.key, 6) AS INTEGER); END;

CREATE TRIGGER outbox_poll_moved AFTER UPDATE OF status, note ON outbox WHEN substr(NEW.key, 1, 5) = 'poll:' AND (OLD.status IS NOT NEW.status OR OLD.note IS NOT NEW.note) BEGIN UPDATE polls SET to_go = to_go + (NEW.status = 'pending') - (OLD.status = 'pending'), delivered = delivered + (NEW.status = 'sent') - (OLD.status = 'sent'), unreachable = unreachable + (NEW.status = 'failed' OR (NEW.status = 'dropped' AND COALESCE(NEW.note IN ('blocked', 'unreachable'), 0))) - (OLD.status = 'failed' OR (OLD.status = 'dropped' AND COALESCE(OLD.note IN ('blocked', 'unreachable'), 0))), not_sent = not_sent + (NEW.status = 'dropped' AND COALESCE(NEW.note NOT IN ('blocked', 'unreachable'), 1)) - (OLD.status = 'dropped' AND COALESCE(OLD.note NOT IN ('blocked', 'unreachable'), 1)) WHERE id = CAST(substr(NEW.key, 6) AS INTEGER); END;

-- A row removed before it went (the person erased their data) no longer waits.
CREATE TRIGGER outbox_poll_withdrawn AFTER DELETE ON outbox WHEN OLD.status = 'pending' AND substr(OLD.key, 1, 5) = 'poll:' BEGIN UPDATE polls SET to_go = to_go - 1 WHERE id = CAST(substr(OLD.key, 6) AS INTEGER); END;
