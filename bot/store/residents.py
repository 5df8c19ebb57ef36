"""Residents: a row exists only after consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_one, from_db, to_db


@dataclass(frozen=True)
class Resident:
    id: int
    first_name: str
    language: str
    consented_at: datetime


def _resident(row: aiosqlite.Row) -> Resident:
    return Resident(row["id"], row["first_name"], row["language"], from_db(row["consented_at"]))


async def get(resident_id: int, *, conn: aiosqlite.Connection) -> Resident | None:
    sql = "SELECT id, first_name, language, consented_at FROM residents WHERE id = ?"
    row = await fetch_one(conn, sql, (resident_id,))
    return _resident(row) if row else None


async def add(
    resident_id: int, first_name: str, language: str, now: datetime, *, conn: aiosqlite.Connection
) -> Resident:
    """Record consent; a second tap on the consent button changes nothing."""
    await conn.execute(
        "INSERT INTO residents (id, first_name, language, consented_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (id) DO NOTHING",
        (resident_id, first_name, language, to_db(now)),
    )
    found = await get(resident_id, conn=conn)
    assert found is not None
    return found


async def set_language(resident_id: int, language: str, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("UPDATE residents SET language = ? WHERE id = ?", (language, resident_id))


# The on/off choices in /settings (columns of ``residents``, on by default).
PREFERENCES = ("reminders_on", "thanks_on", "broadcasts_on")


async def preferences(resident_id: int, *, conn: aiosqlite.Connection) -> dict[str, bool]:
    """Each on/off choice of one resident; empty when there is no such resident."""
    sql = f"SELECT {', '.join(PREFERENCES)} FROM residents WHERE id = ?"
    row = await fetch_one(conn, sql, (resident_id,))
    return {name: bool(row[name]) for name in PREFERENCES} if row else {}


async def set_preference(
    resident_id: int, name: str, on: bool, *, conn: aiosqlite.Connection
) -> None:
    if name not in PREFERENCES:
        raise ValueError(f"unknown preference {name!r}")
    await conn.execute(f"UPDATE residents SET {name} = ? WHERE id = ?", (int(on), resident_id))


async def set_first_name(resident_id: int, first_name: str, *, conn: aiosqlite.Connection) -> None:
    await conn.execute(
        "UPDATE residents SET first_name = ? WHERE id = ?", (first_name, resident_id)
    )


async def delete(resident_id: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("DELETE FROM residents WHERE id = ?", (resident_id,))
