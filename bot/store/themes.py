"""The themes of opportunities (``opportunity_themes``): which an opportunity carries, and the
open opportunities of a theme for browsing.

Themes are stored by their fixed key (``taking_part``, ``own_strength``, ``health``,
``development``; the migration checks them). :data:`THEMES` is the one list of them, with their
names and order: here, below the outbox, so that an idea (:mod:`bot.store.ideas`) and the
notices about one name the same themes; :mod:`bot.services.themes` reads and translates them.
Nothing here is about a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.i18n import N_
from bot.store.browsing import OPEN_OPPORTUNITY, OpportunityRow, count_listed, listed
from bot.store.database import fetch_all, to_db


@dataclass(frozen=True)
class Theme:
    """One of the project's themes."""

    key: str  # stored and sent in buttons: never changes
    emoji: str
    name: str  # English; translated where it is shown
    spellings: tuple[str, ...]  # what a spreadsheet may write besides the key (Dutch, English)


THEMES = (
    Theme("taking_part", "🤝", N_("Taking part"), ("meedoen", "taking part")),
    Theme("own_strength", "💪", N_("Own strength"), ("eigen kracht", "own strength")),
    Theme("health", "🩺", N_("Health"), ("gezondheid", "health")),
    Theme(
        "development",
        "🌱",
        N_("Personal development"),
        ("persoonlijke ontwikkeling", "personal development"),
    ),
)

# An open opportunity of the theme ``:key`` (alias o), for the lists of bot.store.browsing.
IN_THEME = (
    "EXISTS (SELECT 1 FROM opportunity_themes t WHERE t.opportunity_id = o.id AND t.theme = :key)"
)


async def of(opportunity_id: int, *, conn: aiosqlite.Connection) -> set[str]:
    """The keys of the themes an opportunity carries."""
    sql = "SELECT theme FROM opportunity_themes WHERE opportunity_id = ?"
    return {r[0] for r in await fetch_all(conn, sql, (opportunity_id,))}


async def replace(opportunity_id: int, keys: Iterable[str], *, conn: aiosqlite.Connection) -> bool:
    """An opportunity carries exactly these themes from now on; whether that changed anything."""
    wanted = set(keys)
    if wanted == await of(opportunity_id, conn=conn):
        return False
    await conn.execute("DELETE FROM opportunity_themes WHERE opportunity_id = ?", (opportunity_id,))
    await conn.executemany(
        "INSERT INTO opportunity_themes (opportunity_id, theme) VALUES (?, ?)",
        [(opportunity_id, key) for key in sorted(wanted)],
    )
    return True


async def open_counts(now: datetime, *, conn: aiosqlite.Connection) -> dict[str, int]:
    """How many open opportunities each theme has (themes without any are left out)."""
    sql = (
        "SELECT t.theme, COUNT(*) FROM opportunity_themes t"
        " JOIN opportunities o ON o.id = t.opportunity_id"
        f" WHERE {OPEN_OPPORTUNITY} GROUP BY t.theme"
    )
    return {r[0]: int(r[1]) for r in await fetch_all(conn, sql, {"now": to_db(now)})}


async def count_open(key: str, now: datetime, *, conn: aiosqlite.Connection) -> int:
    return await count_listed(IN_THEME, key, now, conn=conn)


async def open_opportunities(
    key: str,
    now: datetime,
    *,
    offset: int,
    limit: int,
    language: str | None = None,
    conn: aiosqlite.Connection,
) -> list[OpportunityRow]:
    """Open opportunities of a theme, in the order of a category's list, titles in
    ``language`` where translated."""
    return await listed(
        IN_THEME, key, now, offset=offset, limit=limit, language=language, conn=conn
    )
