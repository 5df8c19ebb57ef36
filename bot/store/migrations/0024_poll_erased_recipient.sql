-- A question's recipient who erased their data before it went counts as "not sent" (they
-- left), so the poll's numbers still add up to everyone it was sent to (0021 only took them
-- out of "to go"). Each trigger is one line: migrations are split on ';' at line ends.
DROP TRIGGER outbox_poll_withdrawn;
CREATE TRIGGER outbox_poll_withdrawn AFTER DELETE ON outbox WHEN OLD.status = 'pending' AND substr(OLD.key, 1, 5) = 'poll:' BEGIN UPDATE polls SET to_go = to_go - 1, not_sent = not_sent + 1 WHERE id = CAST(substr(OLD.key, 6) AS INTEGER); END;
