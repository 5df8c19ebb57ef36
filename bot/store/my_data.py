"""Everything stored about one resident, for /mydata (read only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db
from bot.store.translations import language_of, localised


@dataclass(frozen=True)
class Profile:
    first_name: str
    language: str
    consented_at: datetime
    reminders_on: bool
    thanks_on: bool
    broadcasts_on: bool


@dataclass(frozen=True)
class StoredSignUp:
    title: str
    organisation: str
    starts_at: datetime
    ends_at: datetime
    status: str  # confirmed, waitlisted, cancelled
    attendance: str | None
    places: int
    rating: int | None
    comment: str | None
    signed_up_at: datetime


async def profile(resident_id: int, *, conn: aiosqlite.Connection) -> Profile | None:
    row = await fetch_one(
        conn,
        "SELECT first_name, language, consented_at, reminders_on, thanks_on, broadcasts_on"
        " FROM residents WHERE id = ?",
        (resident_id,),
    )
    if row is None:
        return None
    return Profile(row[0], row[1], from_db(row[2]), bool(row[3]), bool(row[4]), bool(row[5]))


async def signups(resident_id: int, *, conn: aiosqlite.Connection) -> list[StoredSignUp]:
    """Every sign-up of the resident, cancelled ones too, by the shift's start."""
    rows = await fetch_all(
        conn,
        f"SELECT {localised('title', 'p', language_of('g.resident_id'))}, o.name, s.starts_at,"
        " s.ends_at, g.status, g.attendance, g.places,"
        " g.rating, g.comment, g.created_at FROM signups g"
        " JOIN shifts s ON s.id = g.shift_id"
        " JOIN opportunities p ON p.id = s.opportunity_id"
        " JOIN organisations o ON o.id = p.organisation_id"
        " WHERE g.resident_id = ? ORDER BY s.starts_at, g.id",
        (resident_id,),
    )
    return [
        StoredSignUp(
            r[0], r[1], from_db(r[2]), from_db(r[3]), r[4], r[5], r[6], r[7], r[8], from_db(r[9])
        )
        for r in rows
    ]
