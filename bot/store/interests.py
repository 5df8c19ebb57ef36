"""The categories a resident likes, and the one-time offer to choose them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, to_db


@dataclass(frozen=True)
class Choice:
    category_id: int
    name: str
    chosen: bool


async def choices(resident_id: int, *, conn: aiosqlite.Connection) -> list[Choice]:
    """Every category, and whether this resident likes it."""
    sql = (
        "SELECT c.id, c.name, i.resident_id IS NOT NULL AS chosen FROM categories c"
        " LEFT JOIN interests i ON i.category_id = c.id AND i.resident_id = ?"
        " ORDER BY c.name COLLATE NOCASE, c.id"
    )
    return [
        Choice(row[0], row[1], bool(row[2])) for row in await fetch_all(conn, sql, (resident_id,))
    ]


async def category_exists(category_id: int, *, conn: aiosqlite.Connection) -> bool:
    return (
        await fetch_one(conn, "SELECT 1 FROM categories WHERE id = ?", (category_id,)) is not None
    )


async def toggle(resident_id: int, category_id: int, *, conn: aiosqlite.Connection) -> bool:
    """Like it if not liked, else not; returns whether it is liked now."""
    cursor = await conn.execute(
        "DELETE FROM interests WHERE resident_id = ? AND category_id = ?",
        (resident_id, category_id),
    )
    if cursor.rowcount:
        return False
    await conn.execute(
        "INSERT INTO interests (resident_id, category_id) VALUES (?, ?)",
        (resident_id, category_id),
    )
    return True


async def add(resident_id: int, category_id: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute(
        "INSERT INTO interests (resident_id, category_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        (resident_id, category_id),
    )


async def claim_offer(resident_id: int, now: datetime, *, conn: aiosqlite.Connection) -> bool:
    """True once per resident, and only for one who has chosen nothing yet."""
    cursor = await conn.execute(
        "UPDATE residents SET interests_offered_at = ?"
        " WHERE id = ? AND interests_offered_at IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM interests WHERE resident_id = ?)",
        (to_db(now), resident_id, resident_id),
    )
    return cursor.rowcount == 1
