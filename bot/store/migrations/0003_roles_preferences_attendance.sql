-- Shared ground for reminders (#3) and coordinators (#4): who may manage what, what a resident
-- wants to receive, what they like, and whether a volunteer came.

-- Coordinators of one organisation (administrators come from the COORDINATOR_IDS setting).
CREATE TABLE coordinators (
    user_id INTEGER NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    added_at TEXT NOT NULL,
    added_by INTEGER,
    PRIMARY KEY (user_id, organisation_id)
);

-- Per-resident choices in /settings; on by default.
ALTER TABLE residents ADD COLUMN reminders_on INTEGER NOT NULL DEFAULT 1;
ALTER TABLE residents ADD COLUMN thanks_on INTEGER NOT NULL DEFAULT 1;
ALTER TABLE residents ADD COLUMN broadcasts_on INTEGER NOT NULL DEFAULT 1;

-- Categories a resident likes: drives calls for help, alerts and broadcast audiences.
CREATE TABLE interests (
    resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (resident_id, category_id)
);

-- Attendance after a shift: said by the volunteer (thank-you message) or by the coordinator.
-- 'came' counts towards hours given; 'no_show' towards the show rate.
ALTER TABLE signups ADD COLUMN attendance TEXT CHECK (attendance IN ('came', 'no_show'));
ALTER TABLE signups ADD COLUMN attendance_at TEXT;
ALTER TABLE signups ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE signups ADD COLUMN comment TEXT;
