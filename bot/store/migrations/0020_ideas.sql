-- Ideas from residents (issue #12): "💡 I have an idea". A resident writes an idea (text, at
-- most 1000 characters; a photo optional, by its Telegram file id) and picks one of the four
-- project themes ('taking_part', 'own_strength', 'health', 'development'; NULL: not sure; the
-- keys are checked where ideas are stored, so a theme added later needs no new table).
-- Coordinators of the network read them under /ideas, answer in the chat and mark them
-- 'considering', 'planned' or 'not_now' ('new' until one does; 'changed_at'/'changed_by' say when
-- and who last did). 'opportunity_id' is the opportunity made from the idea with /new, set when
-- it is published ('taken_up_at'); an idea that was taken up no longer waits under /ideas.
-- An idea goes with the person (ON DELETE CASCADE), and its answers with it.
CREATE TABLE ideas (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: old buttons and notices name it
    resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    photo TEXT,
    theme TEXT,
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'considering', 'planned', 'not_now')),
    created_at TEXT NOT NULL,
    changed_at TEXT,
    changed_by INTEGER,
    opportunity_id INTEGER REFERENCES opportunities(id) ON DELETE SET NULL,
    taken_up_at TEXT
);
CREATE INDEX ideas_by_resident ON ideas (resident_id);
-- /ideas: the ideas still waiting (new, considering, planned; not taken up), oldest first.
CREATE INDEX ideas_waiting ON ideas (created_at)
    WHERE status IN ('new', 'considering', 'planned') AND opportunity_id IS NULL;

-- What coordinators answered, in the chat; each answer reaches the resident through the outbox.
-- 'answered_by' is the coordinator's Telegram id.
CREATE TABLE idea_answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    answered_by INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX idea_answers_by_idea ON idea_answers (idea_id, id);
