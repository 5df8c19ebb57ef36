-- A resident asks a person (issue #11): a question about one opportunity goes to its
-- organisation's coordinators, a general one (organisation_id NULL) to the administrators. The
-- answer is kept on the same row; the first answer closes the question. Everything goes with
-- the person (ON DELETE CASCADE). Messages about it go through the outbox, whose payloads
-- carry the question's id, never its text.
CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: buttons and notices name it
    resident_id INTEGER NOT NULL REFERENCES residents(id) ON DELETE CASCADE,
    opportunity_id INTEGER REFERENCES opportunities(id) ON DELETE SET NULL,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    answer TEXT,
    answered_at TEXT,
    answered_by INTEGER,                   -- the coordinator's Telegram id
    answered_by_name TEXT                  -- their first name, for the other coordinators
);
CREATE INDEX questions_by_resident ON questions (resident_id);
-- /questions: the open ones, oldest first.
CREATE INDEX questions_open ON questions (asked_at, id) WHERE answered_at IS NULL;

-- The coordinator who answered hears what became of the answer once the postman knows: when
-- the answer's row ('question_answer:<question>') leaves 'pending' (sent, dropped or failed),
-- a receipt is planned for them ('answer_receipt:<question>'; kinds in bot/outbox/kinds.py).
-- Its payload says whether it went out and why not. (One line: migrations split on ';'.)
CREATE TRIGGER outbox_answer_receipt AFTER UPDATE OF status ON outbox WHEN NEW.kind = 'question_answer' AND OLD.status = 'pending' AND NEW.status <> 'pending' BEGIN INSERT OR IGNORE INTO outbox (key, kind, recipient_id, due_at, payload, created_at) VALUES ('answer_receipt:' || json_extract(NEW.payload, '$.question'), 'answer_receipt', json_extract(NEW.payload, '$.by'), COALESCE(NEW.sent_at, NEW.due_at), json_object('question', json_extract(NEW.payload, '$.question'), 'delivered', NEW.status = 'sent', 'note', NEW.note), COALESCE(NEW.sent_at, NEW.due_at)); END;
