"""Finding open opportunities by a word a resident types.

A word matches when it stands anywhere in the title, description, category, location or
organisation, whatever the case (also for letters such as é or Ü, which SQLite's LIKE does not
fold). The catalogue of one town is a few hundred opportunities, so the texts are read once per
search and matched in Python; the open ones are those a resident could still sign up for or show
interest in: open, and either an ongoing role or with an open shift that has not started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.browsing import OPEN_OPPORTUNITY
from bot.store.database import fetch_all, to_db

_OPEN = f"""
SELECT o.id, o.title, o.description, o.location, c.name AS category, g.name AS organisation
FROM opportunities o
JOIN categories c ON c.id = o.category_id
JOIN organisations g ON g.id = o.organisation_id
WHERE {OPEN_OPPORTUNITY}
ORDER BY o.title COLLATE NOCASE, o.id
"""


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
    word: str, now: datetime, *, limit: int = 8, conn: aiosqlite.Connection
) -> Matches:
    """At most ``limit`` open opportunities whose texts contain ``word``, and how many matched."""
    needle = normalise(word)
    shown: list[Found] = []
    total = 0
    if not needle:
        return Matches(shown, total)
    rows = await fetch_all(conn, _OPEN, {"now": to_db(now)})
    for row in rows:
        # A NUL between the fields: a word never matches across two of them.
        fields = ("title", "description", "location", "category", "organisation")
        haystack = normalise(" \0 ".join(row[name] for name in fields))
        if needle in haystack:
            total += 1
            if len(shown) < limit:
                shown.append(Found(row["id"], row["title"], row["organisation"]))
    return Matches(shown, total)
