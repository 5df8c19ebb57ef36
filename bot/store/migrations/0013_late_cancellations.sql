-- "I can't come" within 48 hours of the start (issue #10): the sign-up remembers that its
-- volunteer gave up a confirmed place late, so the roster and the figures can count it without
-- names. Set once, by the resident's own cancellation; never by a coordinator or the system.
ALTER TABLE signups ADD COLUMN cancelled_late INTEGER NOT NULL DEFAULT 0 CHECK (cancelled_late IN (0, 1));
CREATE INDEX signups_cancelled_late ON signups (shift_id) WHERE cancelled_late = 1;
