"""Finding open opportunities by a word a resident types.

A word matches when it stands anywhere in the title, description, category, location or
organisation, whatever the case (also for letters such as é or Ü, which SQLite's LIKE does not
fold). The catalogue of one town is a few hundred opportunities, so the texts are read once per
search and matched in Python; the open ones are those a resident could still sign up for or show
interest in: open, and either an ongoing role or with an open shift that has not started.
The reader's language counts too: a word matches the title and description as they read them
(translated, :mod:`bot.store.translations`) as well as the originals, and the titles come in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.browsing import OPEN_OPPORTUNITY
from bot.store.database import fetch_all, to_db
from bot.store.translations import localised

_OPEN = f"""
SELECT o.id, o.title, o.description, o.location, c.name AS category, g.name AS organisation,
    {localised("title", "o", ":language")} AS shown_title,
    {localised("description", "o", ":language")} AS shown_description
FROM opportunities o
JOIN categories c ON c.id = o.category_id
JOIN organisations g ON g.id = o.organisation_id
WHERE {OPEN_OPPORTUNITY}
ORDER BY shown_title COLLATE NOCASE, o.id
"""
# What a word is looked for in, as the reader reads it and as it was written.
_FIELDS = (
    "shown_title",
    "shown_description",
    "title",
    "description",
    "location",
    "category",
    "organisation",
)


@dataclass(frozen=True)
class Found:
    opportunity_id: int
    title: str
    organisation: str


@dataclass(frozen=True)
class Matches:
    shown: list[Found]
    total: int


def normalise(word: str) -> str:
    """The form words are compared in: case folded, inner spaces collapsed."""
    return " ".join(word.casefold().split())


async def open_opportunities_matching(
    word: str,
    now: datetime,
    *,
    limit: int = 8,
    language: str | None = None,
    conn: aiosqlite.Connection,
) -> Matches:
    """At most ``limit`` open opportunities whose texts contain ``word``, and how many matched;
    titles in the reader's ``language`` where translated."""
    needle = normalise(word)
    shown: list[Found] = []
    total = 0
    if not needle:
        return Matches(shown, total)
    rows = await fetch_all(conn, _OPEN, {"now": to_db(now), "language": language})
    for row in rows:
        # A NUL between the fields: a word never matches across two of them.
        haystack = normalise(" \0 ".join(row[name] for name in _FIELDS))
        if needle in haystack:
            total += 1
            if len(shown) < limit:
                shown.append(Found(row["id"], row["shown_title"], row["organisation"]))
    return Matches(shown, total)
