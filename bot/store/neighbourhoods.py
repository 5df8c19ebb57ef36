"""The neighbourhoods of the area, and the one a resident chose (``residents.neighbourhood_id``).

Names are unique whatever their capitals (the column is ``COLLATE NOCASE``); lists are in
alphabetical order, as residents look for their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, to_db


@dataclass(frozen=True)
class Neighbourhood:
    id: int
    name: str


_ORDER = " ORDER BY name COLLATE NOCASE, id"


async def count(*, conn: aiosqlite.Connection) -> int:
    row = await fetch_one(conn, "SELECT COUNT(*) FROM neighbourhoods")
    return int(row[0]) if row else 0


async def listed(offset: int, limit: int, *, conn: aiosqlite.Connection) -> list[Neighbourhood]:
    """One page of the list, in alphabetical order."""
    rows = await fetch_all(
        conn, "SELECT id, name FROM neighbourhoods" + _ORDER + " LIMIT ? OFFSET ?", (limit, offset)
    )
    return [Neighbourhood(row[0], row[1]) for row in rows]


async def every(*, conn: aiosqlite.Connection) -> list[Neighbourhood]:
    rows = await fetch_all(conn, "SELECT id, name FROM neighbourhoods" + _ORDER)
    return [Neighbourhood(row[0], row[1]) for row in rows]


async def get(neighbourhood_id: int, *, conn: aiosqlite.Connection) -> Neighbourhood | None:
    row = await fetch_one(
        conn, "SELECT id, name FROM neighbourhoods WHERE id = ?", (neighbourhood_id,)
    )
    return Neighbourhood(row[0], row[1]) if row else None


async def add(name: str, now: datetime, *, conn: aiosqlite.Connection) -> bool:
    """Add one; False when a neighbourhood of that name is there already."""
    cursor = await conn.execute(
        "INSERT INTO neighbourhoods (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        (name, to_db(now)),
    )
    return cursor.rowcount == 1


async def rename(neighbourhood_id: int, name: str, *, conn: aiosqlite.Connection) -> bool:
    """False when there is no such neighbourhood (the caller checked the name is free)."""
    cursor = await conn.execute(
        "UPDATE neighbourhoods SET name = ? WHERE id = ?", (name, neighbourhood_id)
    )
    return cursor.rowcount == 1


async def remove(neighbourhood_id: int, *, conn: aiosqlite.Connection) -> bool:
    """Remove it; its residents are left without one (``ON DELETE SET NULL``)."""
    cursor = await conn.execute("DELETE FROM neighbourhoods WHERE id = ?", (neighbourhood_id,))
    return cursor.rowcount == 1


async def of_resident(resident_id: int, *, conn: aiosqlite.Connection) -> Neighbourhood | None:
    row = await fetch_one(
        conn,
        "SELECT n.id, n.name FROM residents r JOIN neighbourhoods n ON n.id = r.neighbourhood_id"
        " WHERE r.id = ?",
        (resident_id,),
    )
    return Neighbourhood(row[0], row[1]) if row else None


async def choose(
    resident_id: int, neighbourhood_id: int | None, now: datetime, *, conn: aiosqlite.Connection
) -> bool:
    """Set (or with None clear) the resident's neighbourhood; the one-time question counts as
    asked from then on. False when there is no such resident."""
    cursor = await conn.execute(
        "UPDATE residents SET neighbourhood_id = ?,"
        " neighbourhood_asked_at = COALESCE(neighbourhood_asked_at, ?) WHERE id = ?",
        (neighbourhood_id, to_db(now), resident_id),
    )
    return cursor.rowcount == 1


async def claim_question(resident_id: int, now: datetime, *, conn: aiosqlite.Connection) -> bool:
    """True once per resident: one never asked, who has none, while there are neighbourhoods."""
    cursor = await conn.execute(
        "UPDATE residents SET neighbourhood_asked_at = ?"
        " WHERE id = ? AND neighbourhood_asked_at IS NULL AND neighbourhood_id IS NULL"
        " AND EXISTS (SELECT 1 FROM neighbourhoods)",
        (to_db(now), resident_id),
    )
    return cursor.rowcount == 1
