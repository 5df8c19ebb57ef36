-- Bringing someone along, and people without a phone (#10).

-- People without Telegram whom a coordinator signs up from the roster: a first name and, for
-- the coordinator's own use, a phone number. They belong to one organisation and get no messages.
-- Erasing one deletes the row: their sign-ups stay as anonymous counts (guest_id becomes NULL).
CREATE TABLE guests (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    first_name TEXT NOT NULL,
    phone TEXT,
    added_by INTEGER NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX guests_by_organisation ON guests (organisation_id, first_name);

-- How many places a sign-up takes: the person, and the people they bring along (at most 3).
-- Capacity counts places: SUM(places) of the confirmed sign-ups.
ALTER TABLE signups ADD COLUMN places INTEGER NOT NULL DEFAULT 1 CHECK (places BETWEEN 1 AND 4);

-- A sign-up is a resident's or a guest's, never both; neither: someone who was erased.
ALTER TABLE signups ADD COLUMN guest_id INTEGER REFERENCES guests(id) ON DELETE SET NULL
    CHECK (guest_id IS NULL OR resident_id IS NULL);
CREATE UNIQUE INDEX one_active_signup_per_guest
    ON signups (shift_id, guest_id)
    WHERE status IN ('confirmed', 'waitlisted') AND guest_id IS NOT NULL;
CREATE INDEX signups_by_guest ON signups (guest_id, status) WHERE guest_id IS NOT NULL;
