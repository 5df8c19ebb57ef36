-- Content in the reader's language (issue #11): an opportunity's title and description, and a
-- broadcast's text, per language. A reader whose language has none gets the original. Neither
-- holds anything about a person; both go with what they translate.

-- A translation is one row per opportunity and language; a field left NULL falls back to the
-- original (a title may be translated without the description). A row with neither is removed.
CREATE TABLE opportunity_translations (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    title TEXT,
    description TEXT,
    PRIMARY KEY (opportunity_id, language)
);

-- A broadcast's text for the readers of one language (HTML, as the coordinator wrote it); the
-- broadcast's own text goes to everyone else. Written with the broadcast, before it is sent.
CREATE TABLE broadcast_texts (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (broadcast_id, language)
);
