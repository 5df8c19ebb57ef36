-- The rules the reminders and thank-yous were last planned with (REMINDER_OFFSETS, QUIET_HOURS,
-- THANKS_DELAY, TIMEZONE), so that a start re-plans the upcoming ones only when these changed.
CREATE TABLE plan_rules (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    rules TEXT NOT NULL,
    planned_at TEXT NOT NULL
);
