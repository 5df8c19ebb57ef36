-- Organisations, the catalogue (opportunities with shifts, or ongoing roles), residents and sign-ups.
-- Times are UTC text, 'YYYY-MM-DDTHH:MM:SSZ', so that they sort as time does.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE opportunities (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    category_id INTEGER NOT NULL REFERENCES categories(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('episodic', 'ongoing')),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
    created_at TEXT NOT NULL,
    UNIQUE (organisation_id, title)
);

CREATE TABLE shifts (
    id INTEGER PRIMARY KEY,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 0),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    CHECK (ends_at > starts_at),
    UNIQUE (opportunity_id, starts_at)
);
CREATE INDEX shifts_by_start ON shifts (starts_at);

-- A resident exists only after consent: the row is the consent.
CREATE TABLE residents (
    id INTEGER PRIMARY KEY,            -- the Telegram user id
    first_name TEXT NOT NULL,
    language TEXT NOT NULL,
    consented_at TEXT NOT NULL
);

-- resident_id becomes NULL when a resident erases their data: the count stays, the person goes.
CREATE TABLE signups (
    id INTEGER PRIMARY KEY,
    shift_id INTEGER NOT NULL REFERENCES shifts(id) ON DELETE CASCADE,
    resident_id INTEGER REFERENCES residents(id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE UNIQUE INDEX one_active_signup_per_shift
    ON signups (shift_id, resident_id)
    WHERE status IN ('confirmed', 'waitlisted') AND resident_id IS NOT NULL;
CREATE INDEX signups_by_shift ON signups (shift_id, status, created_at);
CREATE INDEX signups_by_resident ON signups (resident_id, status);

-- "I am interested" in an ongoing role.
CREATE TABLE role_interests (
    id INTEGER PRIMARY KEY,
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    resident_id INTEGER REFERENCES residents(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX one_interest_per_role
    ON role_interests (opportunity_id, resident_id) WHERE resident_id IS NOT NULL;

-- python-telegram-bot's persistence: conversation states and user_data.
CREATE TABLE ptb_conversations (
    name TEXT NOT NULL,
    key TEXT NOT NULL,                 -- JSON list, e.g. [chat_id, user_id]
    state TEXT NOT NULL,               -- JSON
    PRIMARY KEY (name, key)
);

CREATE TABLE ptb_user_data (
    user_id INTEGER PRIMARY KEY,
    data TEXT NOT NULL                 -- JSON
);
