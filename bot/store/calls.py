"""Calls for help: shifts that still need people, who could be asked, and who was asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db
from bot.store.outbox import Recipients
from bot.store.signups import CONFIRMED_COUNT
from bot.store.translations import localised


@dataclass(frozen=True)
class Need:
    """A shift with what a call for help says about it."""

    shift_id: int
    opportunity_id: int
    organisation_id: int
    category_id: int
    title: str
    organisation: str
    category: str
    location: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    confirmed: int
    open: bool  # the shift and its opportunity are open

    @property
    def free(self) -> int:
        return max(self.capacity - self.confirmed, 0)

    def can_be_called(self, now: datetime) -> bool:
        return self.open and self.starts_at > now and self.free > 0


def _select(title: str = "o.title") -> str:
    return (
        "SELECT s.id AS shift_id, o.id AS opportunity_id, o.organisation_id, o.category_id,"
        f" {title} AS title, g.name AS organisation, c.name AS category, o.location,"
        f" s.starts_at, s.ends_at, s.capacity, {CONFIRMED_COUNT} AS confirmed,"
        " (s.status = 'open' AND o.status = 'open') AS is_open"
        " FROM shifts s JOIN opportunities o ON o.id = s.opportunity_id"
        " JOIN organisations g ON g.id = o.organisation_id"
        " JOIN categories c ON c.id = o.category_id"
    )


_SELECT = _select()


def _need(row: aiosqlite.Row) -> Need:
    return Need(
        shift_id=row["shift_id"],
        opportunity_id=row["opportunity_id"],
        organisation_id=row["organisation_id"],
        category_id=row["category_id"],
        title=row["title"],
        organisation=row["organisation"],
        category=row["category"],
        location=row["location"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        capacity=row["capacity"],
        confirmed=row["confirmed"],
        open=bool(row["is_open"]),
    )


async def need(
    shift_id: int, *, language: str | None = None, conn: aiosqlite.Connection
) -> Need | None:
    """The shift as a call for help names it; the title in the reader's ``language``, if any."""
    sql = _select(localised("title", "o", "?")) + " WHERE s.id = ?"
    row = await fetch_one(conn, sql, (language, shift_id))
    return _need(row) if row else None


async def needing_help(
    organisation_ids: frozenset[int] | None,
    start: datetime,
    end: datetime,
    *,
    conn: aiosqlite.Connection,
    limit: int = 20,
) -> list[Need]:
    """Open shifts starting between ``start`` and ``end`` with a free place, soonest first."""
    sql = (
        _SELECT + " WHERE s.status = 'open' AND o.status = 'open'"
        " AND s.starts_at > ? AND s.starts_at <= ?"
        f" AND {CONFIRMED_COUNT} < s.capacity"
    )
    args: list[object] = [to_db(start), to_db(end)]
    if organisation_ids is not None:
        sql += f" AND o.organisation_id IN ({','.join('?' for _ in organisation_ids)})"
        args.extend(sorted(organisation_ids))
    sql += " ORDER BY s.starts_at, s.id LIMIT ?"
    args.append(limit)
    return [_need(row) for row in await fetch_all(conn, sql, args)]


def candidates_query(found: Need) -> Recipients:
    """Residents who like the shift's category, get news, have no place on it yet and were not
    asked for it before; the organisation's own coordinators are left out."""
    sql = (
        "SELECT r.id FROM residents r JOIN interests i ON i.resident_id = r.id"
        " WHERE i.category_id = ? AND r.broadcasts_on = 1"
        " AND r.id NOT IN (SELECT recipient_id FROM unreachable)"
        " AND r.id NOT IN (SELECT resident_id FROM signups WHERE shift_id = ?"
        "   AND status IN ('confirmed', 'waitlisted') AND resident_id IS NOT NULL)"
        " AND r.id NOT IN (SELECT resident_id FROM calls WHERE shift_id = ?)"
        " AND r.id NOT IN (SELECT user_id FROM coordinators WHERE organisation_id = ?)"
        " ORDER BY r.id"
    )
    args = (found.category_id, found.shift_id, found.shift_id, found.organisation_id)
    return Recipients(sql, args)


async def count_candidates(found: Need, *, conn: aiosqlite.Connection) -> int:
    query = candidates_query(found)
    row = await fetch_one(conn, f"SELECT COUNT(*) FROM ({query.sql})", query.args)
    return int(row[0]) if row else 0


async def record_all(
    found: Need, now: datetime, called_by: int, *, conn: aiosqlite.Connection
) -> int:
    """Note that every candidate for the shift was asked now, in one statement; how many."""
    query = candidates_query(found)
    cursor = await conn.execute(
        "INSERT INTO calls (shift_id, resident_id, called_at, called_by)"
        f" SELECT ?, q.id, ?, ? FROM ({query.sql}) q WHERE true ON CONFLICT DO NOTHING",
        (found.shift_id, to_db(now), called_by, *query.args),
    )
    return cursor.rowcount


async def was_called(shift_id: int, resident_id: int, *, conn: aiosqlite.Connection) -> bool:
    sql = "SELECT 1 FROM calls WHERE shift_id = ? AND resident_id = ?"
    return await fetch_one(conn, sql, (shift_id, resident_id)) is not None


async def has_place(shift_id: int, resident_id: int, *, conn: aiosqlite.Connection) -> bool:
    sql = (
        "SELECT 1 FROM signups WHERE shift_id = ? AND resident_id = ?"
        " AND status IN ('confirmed', 'waitlisted')"
    )
    return await fetch_one(conn, sql, (shift_id, resident_id)) is not None
