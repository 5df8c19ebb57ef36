-- The four themes of the project (issue #12): taking part, own strength, health and personal
-- development. An opportunity carries none, one or more of them; the keys are fixed (their
-- names are translated in the code, bot/services/themes.py). Nothing here is about a person.
CREATE TABLE opportunity_themes (
    opportunity_id INTEGER NOT NULL REFERENCES opportunities(id) ON DELETE CASCADE,
    theme TEXT NOT NULL
        CHECK (theme IN ('taking_part', 'own_strength', 'health', 'development')),
    PRIMARY KEY (opportunity_id, theme)
) WITHOUT ROWID;
-- Browsing by theme: an open opportunity of a theme, found from the theme.
CREATE INDEX opportunity_themes_by_theme ON opportunity_themes (theme, opportunity_id);
