-- "I am interested" in an ongoing role becomes a lead that coordinators follow up (issue #10):
-- 'new' until a coordinator marks it 'contacted', 'started' (the resident now volunteers in the
-- role) or 'not_now' (with an optional one-line reason, for the coordinators only).
-- The table is made again so that a lead goes with the person (ON DELETE CASCADE; it was SET
-- NULL): a lead without a person is of no use to a coordinator. Those of people who erased
-- their data go now. 'changed_at'/'changed_by' say when and which coordinator last marked it;
-- 'reminded_at' is set once the coordinators were reminded of a lead left new for 7 days (so it
-- never repeats). Interest given before this change does not bring a reminder all at once.
-- A withdrawn lead is deleted; AUTOINCREMENT keeps its id from being given to another lead.
CREATE TABLE leads_being_made (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: old buttons and notices name it
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'contacted', 'started', 'not_now')),
    changed_at TEXT,
    changed_by INTEGER,
    reason TEXT,
    reminded_at TEXT
);
INSERT INTO leads_being_made (id, opportunity_id, resident_id, created_at, reminded_at)
    SELECT id, opportunity_id, resident_id, created_at, created_at FROM role_interests
    WHERE resident_id IS NOT NULL;
DROP TABLE role_interests;
ALTER TABLE leads_being_made RENAME TO role_interests;
CREATE UNIQUE INDEX one_interest_per_role ON role_interests (opportunity_id, resident_id);
CREATE INDEX role_interests_by_resident ON role_interests (resident_id);
-- /leads (open leads, oldest first) and the reminder's look for leads left new.
CREATE INDEX role_interests_open ON role_interests (status, created_at)
    WHERE status IN ('new', 'contacted');
