"""What coordinators read and change about their organisations' opportunities and shifts.

Adding rows goes through :mod:`bot.store.catalogue` (the same functions the importer uses).
``organisation_ids=None`` means every organisation (an administrator).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db
from bot.store.signups import CONFIRMED_COUNT

TEXT_FIELDS = ("title", "description", "location")


@dataclass(frozen=True)
class Named:
    id: int
    name: str


@dataclass(frozen=True)
class OpportunityRow:
    id: int
    organisation_id: int
    organisation: str
    category: str
    title: str
    description: str
    location: str
    kind: str
    status: str


@dataclass(frozen=True)
class ShiftRow:
    id: int
    opportunity_id: int
    organisation_id: int
    title: str
    location: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    status: str
    confirmed: int  # places taken (a party of three takes three)
    waitlisted: int
    people: int  # residents signed up or waiting: who is told of a change


@dataclass(frozen=True)
class Active:
    """A sign-up that still counts: confirmed or on the waitlist, of a resident who exists."""

    signup_id: int
    resident_id: int
    status: str


def _in(column: str, ids: list[int] | None) -> tuple[str, list[object]]:
    if ids is None:
        return "1 = 1", []
    return f"{column} IN ({','.join('?' * len(ids))})", list(ids)


async def organisations(
    organisation_ids: list[int] | None, *, conn: aiosqlite.Connection
) -> list[Named]:
    where, args = _in("id", organisation_ids)
    sql = f"SELECT id, name FROM organisations WHERE {where} ORDER BY name"
    return [Named(r[0], r[1]) for r in await fetch_all(conn, sql, args)]


async def organisation(organisation_id: int, *, conn: aiosqlite.Connection) -> Named | None:
    sql = "SELECT id, name FROM organisations WHERE id = ?"
    row = await fetch_one(conn, sql, (organisation_id,))
    return Named(row[0], row[1]) if row else None


async def categories(*, conn: aiosqlite.Connection) -> list[Named]:
    return [
        Named(r[0], r[1])
        for r in await fetch_all(conn, "SELECT id, name FROM categories ORDER BY name")
    ]


async def category(category_id: int, *, conn: aiosqlite.Connection) -> Named | None:
    row = await fetch_one(conn, "SELECT id, name FROM categories WHERE id = ?", (category_id,))
    return Named(row[0], row[1]) if row else None


async def title_taken(organisation_id: int, title: str, *, conn: aiosqlite.Connection) -> bool:
    sql = "SELECT 1 FROM opportunities WHERE organisation_id = ? AND title = ?"
    return await fetch_one(conn, sql, (organisation_id, title)) is not None


_OPPORTUNITY = (
    "SELECT p.id, p.organisation_id, o.name AS organisation, c.name AS category, p.title,"
    " p.description, p.location, p.kind, p.status FROM opportunities p"
    " JOIN organisations o ON o.id = p.organisation_id"
    " JOIN categories c ON c.id = p.category_id"
)


def _opportunity(row: aiosqlite.Row) -> OpportunityRow:
    return OpportunityRow(*(row[i] for i in range(9)))


async def opportunity(opportunity_id: int, *, conn: aiosqlite.Connection) -> OpportunityRow | None:
    row = await fetch_one(conn, f"{_OPPORTUNITY} WHERE p.id = ?", (opportunity_id,))
    return _opportunity(row) if row else None


async def opportunities(
    organisation_ids: list[int] | None,
    *,
    statuses: tuple[str, ...] = ("open",),
    conn: aiosqlite.Connection,
) -> list[OpportunityRow]:
    """Opportunities of these organisations, newest first."""
    where, args = _in("p.organisation_id", organisation_ids)
    marks = ",".join("?" * len(statuses))
    sql = f"{_OPPORTUNITY} WHERE {where} AND p.status IN ({marks}) ORDER BY p.id DESC"
    return [_opportunity(r) for r in await fetch_all(conn, sql, [*args, *statuses])]


# A sign-up whose resident is told of a change: the same rows active_signups reads.
_ACTIVE = "status IN ('confirmed', 'waitlisted') AND resident_id IS NOT NULL"

_SHIFT = (
    "SELECT s.id, s.opportunity_id, p.organisation_id, p.title, p.location, s.starts_at,"
    f" s.ends_at, s.capacity, s.status, {CONFIRMED_COUNT},"
    " (SELECT COUNT(*) FROM signups g WHERE g.shift_id = s.id AND g.status = 'waitlisted'),"
    f" (SELECT COUNT(DISTINCT a.resident_id) FROM signups a WHERE a.shift_id = s.id AND {_ACTIVE})"
    " FROM shifts s JOIN opportunities p ON p.id = s.opportunity_id"
)


def _shift(row: aiosqlite.Row) -> ShiftRow:
    return ShiftRow(
        id=row[0],
        opportunity_id=row[1],
        organisation_id=row[2],
        title=row[3],
        location=row[4],
        starts_at=from_db(row[5]),
        ends_at=from_db(row[6]),
        capacity=row[7],
        status=row[8],
        confirmed=row[9],
        waitlisted=row[10],
        people=row[11],
    )


async def shift(shift_id: int, *, conn: aiosqlite.Connection) -> ShiftRow | None:
    row = await fetch_one(conn, f"{_SHIFT} WHERE s.id = ?", (shift_id,))
    return _shift(row) if row else None


async def shifts_of(
    opportunity_id: int, *, ending_after: datetime, conn: aiosqlite.Connection
) -> list[ShiftRow]:
    """The open shifts of one opportunity that have not ended yet, in time order."""
    sql = (
        f"{_SHIFT} WHERE s.opportunity_id = ? AND s.status = 'open' AND s.ends_at > ?"
        " ORDER BY s.starts_at"
    )
    return [_shift(r) for r in await fetch_all(conn, sql, (opportunity_id, to_db(ending_after)))]


async def shifts_between(
    organisation_ids: list[int] | None,
    *,
    ending_after: datetime,
    conn: aiosqlite.Connection,
) -> list[ShiftRow]:
    """Open shifts of open opportunities of these organisations, ending after a moment."""
    where, args = _in("p.organisation_id", organisation_ids)
    sql = (
        f"{_SHIFT} WHERE {where} AND s.status = 'open' AND p.status = 'open' AND s.ends_at > ?"
        " ORDER BY s.starts_at, s.id"
    )
    return [_shift(r) for r in await fetch_all(conn, sql, [*args, to_db(ending_after)])]


async def set_text(
    opportunity_id: int, field: str, value: str, *, conn: aiosqlite.Connection
) -> None:
    if field not in TEXT_FIELDS:
        raise ValueError(f"not a text field: {field}")
    sql = f"UPDATE opportunities SET {field} = ? WHERE id = ?"  # field: one of TEXT_FIELDS
    await conn.execute(sql, (value, opportunity_id))


async def set_category(
    opportunity_id: int, category_id: int, *, conn: aiosqlite.Connection
) -> None:
    await conn.execute(
        "UPDATE opportunities SET category_id = ? WHERE id = ?", (category_id, opportunity_id)
    )


async def set_capacity(shift_id: int, capacity: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("UPDATE shifts SET capacity = ? WHERE id = ?", (capacity, shift_id))


async def set_opportunity_status(
    opportunity_id: int, status: str, *, conn: aiosqlite.Connection
) -> None:
    await conn.execute("UPDATE opportunities SET status = ? WHERE id = ?", (status, opportunity_id))


async def move_shift(
    shift_id: int, starts_at: datetime, ends_at: datetime, *, conn: aiosqlite.Connection
) -> None:
    await conn.execute(
        "UPDATE shifts SET starts_at = ?, ends_at = ? WHERE id = ?",
        (to_db(starts_at), to_db(ends_at), shift_id),
    )


async def start_taken(
    opportunity_id: int, starts_at: datetime, *, except_shift: int, conn: aiosqlite.Connection
) -> bool:
    sql = "SELECT 1 FROM shifts WHERE opportunity_id = ? AND starts_at = ? AND id != ?"
    return await fetch_one(conn, sql, (opportunity_id, to_db(starts_at), except_shift)) is not None


async def cancel_shift(shift_id: int, *, conn: aiosqlite.Connection) -> bool:
    cursor = await conn.execute(
        "UPDATE shifts SET status = 'cancelled' WHERE id = ? AND status = 'open'", (shift_id,)
    )
    return cursor.rowcount == 1


async def active_signups(shift_id: int, *, conn: aiosqlite.Connection) -> list[Active]:
    sql = (
        f"SELECT id, resident_id, status FROM signups WHERE shift_id = ? AND {_ACTIVE} ORDER BY id"
    )
    return [Active(r[0], r[1], r[2]) for r in await fetch_all(conn, sql, (shift_id,))]


async def people_on(shift_ids: list[int], *, conn: aiosqlite.Connection) -> int:
    """How many residents are on any of these shifts: each is told once of a change."""
    if not shift_ids:
        return 0
    marks = ",".join("?" * len(shift_ids))
    sql = (
        f"SELECT COUNT(DISTINCT resident_id) FROM signups WHERE shift_id IN ({marks}) AND {_ACTIVE}"
    )
    row = await fetch_one(conn, sql, shift_ids)
    return int(row[0]) if row else 0
