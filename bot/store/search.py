"""Finding open opportunities by the words a resident types.

A word matches when it stands anywhere in the title, description, category, location or
organisation, whatever the case and whatever the accents (``Café`` finds ``cafe``, ``LEZEN``
finds ``voorlezen``): both sides are folded in Python (:func:`fold`), because SQLite's LIKE folds
neither accents nor letters outside ASCII. The catalogue of one town is a few hundred
opportunities, so the texts are read once per search; the open ones are those a resident could
still sign up for or show interest in: open, and either an ongoing role or with an open shift
that has not started. The reader's language counts too: a word matches the title and
description as they read them (translated, :mod:`bot.store.translations`) as well as the
originals, and the titles come in it.
"""

from __future__ import annotations

import unicodedata
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
    """What the words found: every open opportunity that has all of them (``every``), else
    those that have at least one (most words first); in title order otherwise."""

    found: list[Found]
    every: bool  # True: each one has all the words (also when there is only one word)


def fold(text: str) -> str:
    """The form texts are compared in: accents off, case folded, inner spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", bare).split())


async def open_opportunities_matching(
    words: list[str],
    now: datetime,
    *,
    language: str | None = None,
    conn: aiosqlite.Connection,
) -> Matches:
    """The open opportunities whose texts contain all ``words``, else any of them; titles in
    the reader's ``language`` where translated."""
    needles = [folded for folded in (fold(word) for word in words) if folded]
    if not needles:
        return Matches([], True)
    every: list[Found] = []
    some: list[tuple[int, Found]] = []
    for row in await fetch_all(conn, _OPEN, {"now": to_db(now), "language": language}):
        # A NUL between the fields: a word never matches across two of them.
        haystack = fold(" \0 ".join(row[name] or "" for name in _FIELDS))
        hits = sum(needle in haystack for needle in needles)
        if not hits:
            continue
        found = Found(row["id"], row["shown_title"], row["organisation"])
        if hits == len(needles):
            every.append(found)
        some.append((hits, found))
    if every or not some:
        return Matches(every, True)
    # Stable: among as many words found, the title order stays.
    return Matches([found for _, found in sorted(some, key=lambda pair: -pair[0])], False)
