-- Where people live, if they want (issue #12 item 5). An administrator sets the neighbourhoods
-- of the area (in the chat, /neighbourhoods, or from a spreadsheet); a resident may pick theirs
-- in /settings or once after a first sign-up, or skip. The figures count reach per
-- neighbourhood from residents.neighbourhood_id.
-- A name is unique whatever its capitals ("Oost" and "oost" are one neighbourhood).
CREATE TABLE neighbourhoods (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);

-- A removed neighbourhood leaves its residents without one (they can choose again).
-- The column is on residents, so /delete erases it with the person.
ALTER TABLE residents ADD COLUMN neighbourhood_id INTEGER
    REFERENCES neighbourhoods(id) ON DELETE SET NULL;
-- When the one-time question after a sign-up was asked (NULL: not yet); a choice or
-- "I'd rather not say" in /settings sets it too, so the question never comes after that.
ALTER TABLE residents ADD COLUMN neighbourhood_asked_at TEXT;
CREATE INDEX residents_by_neighbourhood ON residents (neighbourhood_id)
    WHERE neighbourhood_id IS NOT NULL;
