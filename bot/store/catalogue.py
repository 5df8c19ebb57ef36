"""Organisations, categories, opportunities and shifts: adding and updating them.

Adding is idempotent on the natural keys (organisation name; organisation + title; opportunity +
start time), so importing the same spreadsheet twice adds nothing twice; a corrected one updates
the details through :func:`update_opportunity` and :func:`update_shift`. Reading for the browse
flow lives in ``bot.store.browsing``.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.store.database import fetch_one, to_db


async def _id(conn: aiosqlite.Connection, sql: str, args: tuple[object, ...]) -> int:
    row = await fetch_one(conn, sql, args)
    assert row is not None
    return int(row[0])


async def organisation(name: str, *, conn: aiosqlite.Connection) -> tuple[int, bool]:
    """The organisation's id, and whether it was added now."""
    cursor = await conn.execute(
        "INSERT INTO organisations (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,)
    )
    found = await _id(conn, "SELECT id FROM organisations WHERE name = ?", (name,))
    return found, cursor.rowcount == 1


async def category(name: str, *, conn: aiosqlite.Connection) -> tuple[int, bool]:
    cursor = await conn.execute(
        "INSERT INTO categories (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,)
    )
    found = await _id(conn, "SELECT id FROM categories WHERE name = ?", (name,))
    return found, cursor.rowcount == 1


async def opportunity(
    *,
    organisation_id: int,
    category_id: int,
    title: str,
    description: str,
    location: str,
    kind: str,
    now: datetime,
    conn: aiosqlite.Connection,
) -> tuple[int, bool]:
    """Add an opportunity (``kind`` is 'episodic' or 'ongoing'); an existing one is kept as is."""
    cursor = await conn.execute(
        "INSERT INTO opportunities"
        " (organisation_id, category_id, title, description, location, kind, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (organisation_id, title) DO NOTHING",
        (organisation_id, category_id, title, description, location, kind, to_db(now)),
    )
    found = await _id(
        conn,
        "SELECT id FROM opportunities WHERE organisation_id = ? AND title = ?",
        (organisation_id, title),
    )
    return found, cursor.rowcount == 1


async def shift(
    *,
    opportunity_id: int,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    conn: aiosqlite.Connection,
) -> tuple[int, bool]:
    cursor = await conn.execute(
        "INSERT INTO shifts (opportunity_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (opportunity_id, starts_at) DO NOTHING",
        (opportunity_id, to_db(starts_at), to_db(ends_at), capacity),
    )
    found = await _id(
        conn,
        "SELECT id FROM shifts WHERE opportunity_id = ? AND starts_at = ?",
        (opportunity_id, to_db(starts_at)),
    )
    return found, cursor.rowcount == 1


async def update_opportunity(
    opportunity_id: int,
    *,
    category_id: int,
    description: str,
    location: str,
    conn: aiosqlite.Connection,
) -> bool:
    """Set an opportunity's category, description and location; whether any of them differed."""
    cursor = await conn.execute(
        "UPDATE opportunities SET category_id = ?, description = ?, location = ?"
        " WHERE id = ? AND (category_id != ? OR description != ? OR location != ?)",
        (category_id, description, location, opportunity_id, category_id, description, location),
    )
    return cursor.rowcount == 1


async def update_shift(
    shift_id: int, *, ends_at: datetime, capacity: int, conn: aiosqlite.Connection
) -> None:
    """A shift's end and number of places (its start is what identifies it in a spreadsheet)."""
    await conn.execute(
        "UPDATE shifts SET ends_at = ?, capacity = ? WHERE id = ?",
        (to_db(ends_at), capacity, shift_id),
    )
