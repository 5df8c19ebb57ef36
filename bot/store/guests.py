"""People without a phone (guests): the rows a coordinator adds, and their sign-ups.

A guest belongs to one organisation; a sign-up points to a resident or a guest (see migration
0014). Erasing a guest deletes the row, so their sign-ups stay as anonymous counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db


@dataclass(frozen=True)
class Guest:
    id: int
    organisation_id: int
    first_name: str
    phone: str | None


@dataclass(frozen=True)
class GuestPlace:
    """A guest's sign-up with what the coordinator's screen and the checks need."""

    signup_id: int
    shift_id: int
    organisation_id: int
    status: str
    starts_at: datetime
    guest: Guest | None  # None: erased (or a resident's sign-up)


async def add(
    organisation_id: int,
    first_name: str,
    phone: str | None,
    added_by: int,
    now: datetime,
    *,
    conn: aiosqlite.Connection,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO guests (organisation_id, first_name, phone, added_by, added_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (organisation_id, first_name, phone, added_by, to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def get(guest_id: int, *, conn: aiosqlite.Connection) -> Guest | None:
    sql = "SELECT id, organisation_id, first_name, phone FROM guests WHERE id = ?"
    row = await fetch_one(conn, sql, (guest_id,))
    return Guest(row[0], row[1], row[2], row[3]) if row else None


async def place(signup_id: int, *, conn: aiosqlite.Connection) -> GuestPlace | None:
    """A sign-up of a guest (or one that was a guest's: erased), else None."""
    sql = (
        "SELECT g.id, g.shift_id, p.organisation_id, g.status, s.starts_at, g.guest_id,"
        " u.organisation_id, u.first_name, u.phone FROM signups g"
        " JOIN shifts s ON s.id = g.shift_id JOIN opportunities p ON p.id = s.opportunity_id"
        " LEFT JOIN guests u ON u.id = g.guest_id"
        " WHERE g.id = ? AND g.resident_id IS NULL"
    )
    row = await fetch_one(conn, sql, (signup_id,))
    if row is None:
        return None
    guest = Guest(row[5], row[6], row[7], row[8]) if row[5] is not None else None
    return GuestPlace(row[0], row[1], row[2], row[3], from_db(row[4]), guest)


async def upcoming_active_ids(
    guest_id: int, now: datetime, *, conn: aiosqlite.Connection
) -> list[int]:
    """The guest's confirmed and waitlisted sign-ups for shifts that have not started."""
    sql = (
        "SELECT g.id FROM signups g JOIN shifts s ON s.id = g.shift_id"
        " WHERE g.guest_id = ? AND g.status IN ('confirmed', 'waitlisted') AND s.starts_at > ?"
        " ORDER BY s.starts_at, g.id"
    )
    return [row[0] for row in await fetch_all(conn, sql, (guest_id, to_db(now)))]


async def delete(guest_id: int, *, conn: aiosqlite.Connection) -> None:
    """The name and phone go; the sign-ups stay, without a person (``ON DELETE SET NULL``)."""
    await conn.execute("DELETE FROM guests WHERE id = ?", (guest_id,))
