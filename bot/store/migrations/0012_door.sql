-- The door (#10): a check-in code per shift, and whose word counts about attendance.

-- One random code per shift, made when a coordinator first asks for it and reused after: the
-- start parameter of the check-in link, so that it cannot be guessed from the shift's number.
-- Not about a person: nothing here is erased with anyone.
CREATE TABLE checkin_codes (
    shift_id INTEGER PRIMARY KEY REFERENCES shifts(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- Who said whether a volunteer came (signups.attendance): the volunteer after the thank-you,
-- a coordinator in the roster, or the check-in at the door. A coordinator's word wins, then the
-- door's, then the volunteer's; NULL (marked before this column existed) counts as the
-- volunteer's.
ALTER TABLE signups ADD COLUMN attendance_by TEXT
    CHECK (attendance_by IN ('volunteer', 'coordinator', 'door'));
