"""Invites to become a coordinator, and the list of coordinators per organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db


@dataclass(frozen=True)
class Invite:
    id: int
    organisation_id: int
    created_by: int
    expires_at: datetime
    used_by: int | None


@dataclass(frozen=True)
class CoordinatorRow:
    user_id: int
    first_name: str | None
    organisation_id: int
    organisation: str


async def add(
    token_hash: str,
    organisation_id: int,
    created_by: int,
    now: datetime,
    expires_at: datetime,
    *,
    conn: aiosqlite.Connection,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO invites (token_hash, organisation_id, created_by, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (token_hash, organisation_id, created_by, to_db(now), to_db(expires_at)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def by_hash(token_hash: str, *, conn: aiosqlite.Connection) -> Invite | None:
    sql = (
        "SELECT id, organisation_id, created_by, expires_at, used_by FROM invites"
        " WHERE token_hash = ?"
    )
    row = await fetch_one(conn, sql, (token_hash,))
    if row is None:
        return None
    return Invite(
        row["id"],
        row["organisation_id"],
        row["created_by"],
        from_db(row["expires_at"]),
        row["used_by"],
    )


async def use(invite_id: int, user_id: int, now: datetime, *, conn: aiosqlite.Connection) -> bool:
    """Mark the invite used; False when someone else was first."""
    cursor = await conn.execute(
        "UPDATE invites SET used_by = ?, used_at = ? WHERE id = ? AND used_by IS NULL",
        (user_id, to_db(now), invite_id),
    )
    return cursor.rowcount == 1


async def set_coordinator_name(
    user_id: int, first_name: str, *, conn: aiosqlite.Connection
) -> None:
    await conn.execute(
        "UPDATE coordinators SET first_name = ? WHERE user_id = ?", (first_name, user_id)
    )


async def coordinators(
    organisation_ids: list[int] | None, *, conn: aiosqlite.Connection
) -> list[CoordinatorRow]:
    """Coordinators with their organisation, by organisation name (all when ids is None)."""
    sql = (
        "SELECT c.user_id, COALESCE(c.first_name, r.first_name) AS first_name,"
        " c.organisation_id, o.name FROM coordinators c"
        " JOIN organisations o ON o.id = c.organisation_id"
        " LEFT JOIN residents r ON r.id = c.user_id"
    )
    args: list[object] = []
    if organisation_ids is not None:
        sql += f" WHERE c.organisation_id IN ({','.join('?' * len(organisation_ids))})"
        args.extend(organisation_ids)
    sql += " ORDER BY o.name, c.added_at, c.user_id"
    rows = await fetch_all(conn, sql, args)
    return [CoordinatorRow(r[0], r[1], r[2], r[3]) for r in rows]


async def all_coordinator_ids(*, conn: aiosqlite.Connection) -> list[int]:
    return [
        row[0]
        for row in await fetch_all(
            conn, "SELECT DISTINCT user_id FROM coordinators ORDER BY user_id"
        )
    ]
