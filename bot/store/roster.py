"""Who is on a shift, and whether they came; the rows of the coordinator's export."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db


@dataclass(frozen=True)
class Person:
    signup_id: int
    resident_id: int | None  # None: a guest, or someone who erased their data
    first_name: str | None
    status: str  # confirmed or waitlisted
    attendance: str | None  # came, no_show or not said
    attendance_by: str | None = None  # who said so (see bot.store.followups)
    places: int = 1  # the person and the people they bring along
    guest_id: int | None = None  # added by a coordinator: someone without Telegram

    @property
    def brought(self) -> int:
        return self.places - 1


@dataclass(frozen=True)
class SignupPlace:
    """Where a sign-up belongs: enough to check who may mark it."""

    signup_id: int
    shift_id: int
    organisation_id: int
    status: str
    starts_at: datetime


@dataclass(frozen=True)
class ExportRow:
    organisation: str
    opportunity: str
    category: str
    starts_at: datetime
    ends_at: datetime
    shift_status: str
    first_name: str | None
    status: str
    attendance: str | None
    signed_up_at: datetime
    rating: int | None = None
    comment: str | None = None
    places: int = 1
    guest: bool = False  # added by a coordinator (someone without Telegram)


@dataclass(frozen=True)
class Feedback:
    """The scores and comments given about one shift, without who gave them."""

    ratings: list[int]
    comments: list[str]


async def people(shift_id: int, *, conn: aiosqlite.Connection) -> list[Person]:
    """Confirmed people, then the waitlist, each in the order they signed up."""
    sql = (
        "SELECT g.id, g.resident_id, COALESCE(r.first_name, u.first_name), g.status,"
        " g.attendance, g.attendance_by, g.places, g.guest_id FROM signups g"
        " LEFT JOIN residents r ON r.id = g.resident_id"
        " LEFT JOIN guests u ON u.id = g.guest_id"
        " WHERE g.shift_id = ? AND g.status IN ('confirmed', 'waitlisted')"
        " ORDER BY CASE g.status WHEN 'confirmed' THEN 0 ELSE 1 END, g.created_at, g.id"
    )
    return [Person(*r) for r in await fetch_all(conn, sql, (shift_id,))]


async def feedback(shift_id: int, *, conn: aiosqlite.Connection) -> Feedback:
    """The shift's scores and comments; the comments in the order of their text, so that their
    order says nothing about who wrote them."""
    sql = (
        "SELECT rating, comment FROM signups WHERE shift_id = ?"
        " AND (rating IS NOT NULL OR comment IS NOT NULL)"
    )
    rows = await fetch_all(conn, sql, (shift_id,))
    return Feedback(
        [int(r[0]) for r in rows if r[0] is not None],
        sorted((str(r[1]) for r in rows if r[1]), key=lambda c: (c.casefold(), c)),
    )


async def cancelled_late(shift_id: int, *, conn: aiosqlite.Connection) -> int:
    """How many volunteers gave up their place on this shift close to its start."""
    sql = "SELECT COUNT(*) FROM signups WHERE shift_id = ? AND cancelled_late = 1"
    row = await fetch_one(conn, sql, (shift_id,))
    return int(row[0]) if row else 0


async def place_of(signup_id: int, *, conn: aiosqlite.Connection) -> SignupPlace | None:
    sql = (
        "SELECT g.id, g.shift_id, p.organisation_id, g.status, s.starts_at FROM signups g"
        " JOIN shifts s ON s.id = g.shift_id JOIN opportunities p ON p.id = s.opportunity_id"
        " WHERE g.id = ?"
    )
    row = await fetch_one(conn, sql, (signup_id,))
    if row is None:
        return None
    return SignupPlace(row[0], row[1], row[2], row[3], from_db(row[4]))


async def set_attendance(
    signup_id: int, attendance: str, now: datetime, by: str, *, conn: aiosqlite.Connection
) -> bool:
    """Record came / no_show and who said so; the same answer by the same person again changes
    nothing (not even the time)."""
    cursor = await conn.execute(
        "UPDATE signups SET attendance = ?, attendance_at = ?, attendance_by = ?"
        " WHERE id = ? AND (attendance IS NOT ? OR attendance_by IS NOT ?)",
        (attendance, to_db(now), by, signup_id, attendance, by),
    )
    return cursor.rowcount == 1


_EXPORT = (
    "SELECT o.name, p.title, c.name, s.starts_at, s.ends_at, s.status,"
    " COALESCE(r.first_name, u.first_name), g.status, g.attendance, g.created_at, g.rating,"
    " g.comment, g.places, g.guest_id IS NOT NULL FROM signups g"
    " JOIN shifts s ON s.id = g.shift_id"
    " JOIN opportunities p ON p.id = s.opportunity_id"
    " JOIN organisations o ON o.id = p.organisation_id"
    " JOIN categories c ON c.id = p.category_id"
    " LEFT JOIN residents r ON r.id = g.resident_id"
    " LEFT JOIN guests u ON u.id = g.guest_id"
)
_EXPORT_ORDER = " ORDER BY s.starts_at, p.title, s.id, g.created_at, g.id"


def _export(row: aiosqlite.Row) -> ExportRow:
    return ExportRow(
        organisation=row[0],
        opportunity=row[1],
        category=row[2],
        starts_at=from_db(row[3]),
        ends_at=from_db(row[4]),
        shift_status=row[5],
        first_name=row[6],
        status=row[7],
        attendance=row[8],
        signed_up_at=from_db(row[9]),
        rating=row[10],
        comment=row[11],
        places=row[12],
        guest=bool(row[13]),
    )


async def export_period(
    organisation_ids: list[int] | None,
    starts_from: datetime,
    starts_before: datetime,
    *,
    conn: aiosqlite.Connection,
    batch: int = 250,
) -> AsyncIterator[list[ExportRow]]:
    """Every sign-up for shifts starting in [from, before) of these organisations, ``batch`` rows
    at a time (only the period's shifts are read, through their index on ``starts_at``)."""
    sql = f"{_EXPORT} WHERE s.starts_at >= ? AND s.starts_at < ?"
    args: list[object] = [to_db(starts_from), to_db(starts_before)]
    if organisation_ids is not None:
        sql += f" AND p.organisation_id IN ({','.join('?' * len(organisation_ids))})"
        args.extend(organisation_ids)
    async with conn.execute(sql + _EXPORT_ORDER, args) as cursor:
        while rows := await cursor.fetchmany(batch):
            yield [_export(r) for r in rows]


async def export_opportunity(opportunity_id: int, *, conn: aiosqlite.Connection) -> list[ExportRow]:
    return [
        _export(r)
        for r in await fetch_all(
            conn, f"{_EXPORT} WHERE p.id = ?{_EXPORT_ORDER}", (opportunity_id,)
        )
    ]
