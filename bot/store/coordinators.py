"""Coordinators of organisations."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, to_db


async def organisations_of(user_id: int, *, conn: aiosqlite.Connection) -> list[int]:
    sql = "SELECT organisation_id FROM coordinators WHERE user_id = ? ORDER BY organisation_id"
    return [row[0] for row in await fetch_all(conn, sql, (user_id,))]


async def add(
    user_id: int,
    organisation_id: int,
    now: datetime,
    added_by: int | None,
    *,
    conn: aiosqlite.Connection,
) -> bool:
    cursor = await conn.execute(
        "INSERT INTO coordinators (user_id, organisation_id, added_at, added_by)"
        " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (user_id, organisation_id, to_db(now), added_by),
    )
    return cursor.rowcount == 1


async def remove(user_id: int, organisation_id: int, *, conn: aiosqlite.Connection) -> bool:
    cursor = await conn.execute(
        "DELETE FROM coordinators WHERE user_id = ? AND organisation_id = ?",
        (user_id, organisation_id),
    )
    return cursor.rowcount == 1


async def of_organisation(organisation_id: int, *, conn: aiosqlite.Connection) -> list[int]:
    """The coordinators of one organisation (not the administrators), by user id."""
    sql = "SELECT user_id FROM coordinators WHERE organisation_id = ? ORDER BY user_id"
    return [row[0] for row in await fetch_all(conn, sql, (organisation_id,))]
