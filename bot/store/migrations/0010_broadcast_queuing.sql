-- A broadcast's rows are planned in chunks after Send (issue #9): the coordinator hears at once,
-- residents never wait behind one long transaction, and a restart continues where it stopped.
-- 'queuing' is 1 until every recipient has a row; 'queued_up_to' is the last recipient planned.
ALTER TABLE broadcasts ADD COLUMN queuing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN queued_up_to INTEGER NOT NULL DEFAULT 0;
CREATE INDEX broadcasts_queuing ON broadcasts (queuing) WHERE queuing = 1;
