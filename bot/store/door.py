"""Check-in codes: one random token per shift, the start parameter of its check-in link."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.store.database import fetch_one, to_db


async def token_of(shift_id: int, *, conn: aiosqlite.Connection) -> str | None:
    row = await fetch_one(conn, "SELECT token FROM checkin_codes WHERE shift_id = ?", (shift_id,))
    return str(row[0]) if row else None


async def add(shift_id: int, token: str, now: datetime, *, conn: aiosqlite.Connection) -> None:
    await conn.execute(
        "INSERT INTO checkin_codes (shift_id, token, created_at) VALUES (?, ?, ?)",
        (shift_id, token, to_db(now)),
    )


async def shift_of(token: str, *, conn: aiosqlite.Connection) -> int | None:
    """The shift whose code this is, or None for a token nobody made."""
    row = await fetch_one(conn, "SELECT shift_id FROM checkin_codes WHERE token = ?", (token,))
    return int(row[0]) if row else None
