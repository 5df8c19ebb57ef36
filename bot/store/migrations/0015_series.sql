-- Recurring shifts (issue #10): a weekly or fortnightly series of dates with the same times and
-- places. Each date is an ordinary shift (series_id set), so sign-ups, reminders, rosters and
-- figures work per date as before; a date the coordinator removes is a cancelled shift.
CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    every_weeks INTEGER NOT NULL CHECK (every_weeks IN (1, 2)),
    first_day TEXT NOT NULL,           -- local date, YYYY-MM-DD
    until_day TEXT NOT NULL,           -- local date, YYYY-MM-DD, the last possible date
    starts TEXT NOT NULL,              -- local wall-clock time, HH:MM
    ends TEXT NOT NULL,                -- local wall-clock time, HH:MM
    capacity INTEGER NOT NULL CHECK (capacity >= 1),
    created_at TEXT NOT NULL,
    CHECK (until_day >= first_day),
    UNIQUE (opportunity_id, first_day, starts)
);

ALTER TABLE shifts ADD COLUMN series_id INTEGER REFERENCES series(id) ON DELETE SET NULL;
CREATE INDEX shifts_by_series ON shifts (series_id, starts_at) WHERE series_id IS NOT NULL;

-- "Every week": a place on each coming date of the series (the waitlist where full). The row is
-- the wish; the sign-ups per date are the places. Erased with the resident.
CREATE TABLE standing_signups (
    id INTEGER PRIMARY KEY,
    series_id INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    UNIQUE (series_id, resident_id)
);
CREATE INDEX standing_by_resident ON standing_signups (resident_id);
