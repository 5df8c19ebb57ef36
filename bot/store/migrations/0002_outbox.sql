-- The durable outbox: every message that must go out later (reminders, thank-yous, notices,
-- broadcasts) is a row with a due time. The payload holds ids to render from at send time,
-- never names or message text of residents.

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,          -- makes a message unique, e.g. 'reminder:41:24h'
    kind TEXT NOT NULL,                -- which renderer builds the text
    recipient_id INTEGER NOT NULL,     -- Telegram chat id (a private chat: the user id)
    due_at TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    signup_id INTEGER REFERENCES signups(id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sent', 'dropped', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    note TEXT                          -- why it was dropped or failed (no message content)
);
CREATE INDEX outbox_due ON outbox (status, due_at);
CREATE INDEX outbox_by_signup ON outbox (signup_id);
CREATE INDEX outbox_by_recipient ON outbox (recipient_id, status);

-- People Telegram will not let us reach (they blocked the bot): no more sending to them.
CREATE TABLE unreachable (
    recipient_id INTEGER PRIMARY KEY,
    since TEXT NOT NULL
);
