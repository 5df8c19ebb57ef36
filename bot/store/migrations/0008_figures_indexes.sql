-- Figures and exports read only the period they cover: an index on each date they filter by
-- (shifts.starts_at has one since 0001: shifts_by_start). With the shift id in it, counting the
-- sign-ups made or cancelled in a period does not read the sign-ups themselves.
CREATE INDEX IF NOT EXISTS signups_by_created ON signups (created_at, shift_id);
CREATE INDEX IF NOT EXISTS signups_by_cancelled ON signups (cancelled_at, shift_id)
    WHERE cancelled_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS residents_by_consent ON residents (consented_at);
