-- A path to stay (issue #12): what the bot told a volunteer on the way, so each is told once.
-- role_suggestions: after their ROLE_SUGGESTION_AFTER-th shift marked 'came' (3), one ongoing
-- role in the same category was suggested ('planned_at'; the role itself is chosen when the
-- message goes out). 'answer' is what they tapped: 'interested' (a lead was made, as "I am
-- interested" makes one) or 'no_thanks'; NULL while they did neither.
-- hours_milestones: 10, 25, 50 and 100 hours given, each reached once ('reached_at'); the
-- organisation of the shift that crossed it thanks them through the outbox.
-- A mark taken back before its message went out takes the row back too. Both go with the
-- person (ON DELETE CASCADE).
CREATE TABLE role_suggestions (
    resident_id INTEGER PRIMARY KEY REFERENCES residents(id) ON DELETE CASCADE,
    planned_at TEXT NOT NULL,
    answer TEXT CHECK (answer IN ('interested', 'no_thanks')),
    answered_at TEXT
);
CREATE TABLE hours_milestones (
    resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    hours INTEGER NOT NULL CHECK (hours > 0),
    reached_at TEXT NOT NULL,
    PRIMARY KEY (resident_id, hours)
) WITHOUT ROWID;
