-- The outbox as a queue that stays quick at any size (issue #9): the postman reads due rows
-- through an index in the order it sends them, a broadcast keeps its own tally, and the queries
-- that residents' screens and the postman run have the indexes they need.

-- Planned in bulk (broadcasts, calls for help, alerts): these go after what one person waits for.
-- Only pending rows are read by it, so only those are marked here.
ALTER TABLE outbox ADD COLUMN bulk INTEGER NOT NULL DEFAULT 0;
UPDATE outbox SET bulk = 1 WHERE status = 'pending' AND kind IN ('broadcast', 'call', 'alert');
-- The queue in the postman's order: personal rows, then bulk ones, each oldest first.
CREATE INDEX outbox_queue ON outbox (bulk, due_at, id) WHERE status = 'pending';

-- Where a broadcast's delivery stands, kept up to date by the triggers below as its rows
-- ('broadcast:<id>:<recipient>') are planned, go out, fail or are removed before they went:
-- the progress message and the summary read these, not the rows (old rows can be pruned).
ALTER TABLE broadcasts ADD COLUMN to_go INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN delivered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;

-- The broadcasts that exist already: counted once from their rows.
UPDATE broadcasts SET
    to_go = (SELECT COUNT(*) FROM outbox WHERE key >= 'broadcast:' || broadcasts.id || ':'
        AND key < 'broadcast:' || broadcasts.id || ';' AND status = 'pending'),
    delivered = (SELECT COUNT(*) FROM outbox WHERE key >= 'broadcast:' || broadcasts.id || ':'
        AND key < 'broadcast:' || broadcasts.id || ';' AND status = 'sent'),
    blocked = (SELECT COUNT(*) FROM outbox WHERE key >= 'broadcast:' || broadcasts.id || ':'
        AND key < 'broadcast:' || broadcasts.id || ';' AND status IN ('dropped', 'failed')
        AND note IN ('blocked', 'unreachable')),
    failed = (SELECT COUNT(*) FROM outbox WHERE key >= 'broadcast:' || broadcasts.id || ':'
        AND key < 'broadcast:' || broadcasts.id || ';' AND status = 'failed'
        AND COALESCE(note NOT IN ('blocked', 'unreachable'), 1)),
    skipped = (SELECT COUNT(*) FROM outbox WHERE key >= 'broadcast:' || broadcasts.id || ':'
        AND key < 'broadcast:' || broadcasts.id || ';' AND status = 'dropped'
        AND COALESCE(note NOT IN ('blocked', 'unreachable'), 1));

-- A row's bucket: pending -> to_go; sent -> delivered; dropped or failed because the person
-- blocked the bot -> blocked; other failures -> failed; other drops -> skipped. The broadcast
-- id is the number after 'broadcast:' in the key. (Each trigger is one line: migrations are
-- split on ';' at line ends.)
CREATE TRIGGER outbox_broadcast_planned AFTER INSERT ON outbox WHEN substr(NEW.key, 1, 10) = 'broadcast:' BEGIN UPDATE broadcasts SET to_go = to_go + (NEW.status = 'pending'), delivered = delivered + (NEW.status = 'sent'), blocked = blocked + (NEW.status IN ('dropped', 'failed') AND COALESCE(NEW.note IN ('blocked', 'unreachable'), 0)), failed = failed + (NEW.status = 'failed' AND COALESCE(NEW.note NOT IN ('blocked', 'unreachable'), 1)), skipped = skipped + (NEW.status = 'dropped' AND COALESCE(NEW.note NOT IN ('blocked', 'unreachable'), 1)) WHERE id = CAST(substr(NEW.key, 11) AS INTEGER); END;

CREATE TRIGGER outbox_broadcast_moved AFTER UPDATE OF status, note ON outbox WHEN substr(NEW.key, 1, 10) = 'broadcast:' AND (OLD.status IS NOT NEW.status OR OLD.note IS NOT NEW.note) BEGIN UPDATE broadcasts SET to_go = to_go + (NEW.status = 'pending') - (OLD.status = 'pending'), delivered = delivered + (NEW.status = 'sent') - (OLD.status = 'sent'), blocked = blocked + (NEW.status IN ('dropped', 'failed') AND COALESCE(NEW.note IN ('blocked', 'unreachable'), 0)) - (OLD.status IN ('dropped', 'failed') AND COALESCE(OLD.note IN ('blocked', 'unreachable'), 0)), failed = failed + (NEW.status = 'failed' AND COALESCE(NEW.note NOT IN ('blocked', 'unreachable'), 1)) - (OLD.status = 'failed' AND COALESCE(OLD.note NOT IN ('blocked', 'unreachable'), 1)), skipped = skipped + (NEW.status = 'dropped' AND COALESCE(NEW.note NOT IN ('blocked', 'unreachable'), 1)) - (OLD.status = 'dropped' AND COALESCE(OLD.note NOT IN ('blocked', 'unreachable'), 1)) WHERE id = CAST(substr(NEW.key, 11) AS INTEGER); END;

-- A row removed before it went (the resident erased their data) no longer waits; rows that went
-- out and are pruned later keep counting.
CREATE TRIGGER outbox_broadcast_withdrawn AFTER DELETE ON outbox WHEN OLD.status = 'pending' AND substr(OLD.key, 1, 10) = 'broadcast:' BEGIN UPDATE broadcasts SET to_go = to_go - 1 WHERE id = CAST(substr(OLD.key, 11) AS INTEGER); END;

-- Residents who like a category (calls for help, alerts, broadcast audiences, the category
-- picker, which otherwise builds a temporary index on every visit).
CREATE INDEX interests_by_category ON interests (category_id, resident_id);
