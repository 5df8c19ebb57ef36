"""Recurring shifts: a series and its dates (ordinary shifts with ``series_id``), and the
standing sign-ups of residents who come every week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db
from bot.store.translations import language_of, localised


@dataclass(frozen=True)
class SeriesRow:
    id: int
    opportunity_id: int
    organisation_id: int
    title: str
    every_weeks: int
    first_day: date
    until_day: date
    starts: str  # local HH:MM
    ends: str
    capacity: int


@dataclass(frozen=True)
class Date:
    """One date of a series (a shift)."""

    shift_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    status: str


@dataclass(frozen=True)
class Standing:
    """A resident's "every week" on a series, with what /mine shows of it."""

    series_id: int
    opportunity_id: int
    title: str
    every_weeks: int
    starts: str
    ends: str
    first_starts_at: datetime  # the first date of the series, for the weekday


def _select(language: str | None = None) -> str:
    """The series with its opportunity's title, in ``language`` (an SQL expression) if given."""
    title = localised("title", "o", language) if language else "o.title"
    return (
        f"SELECT r.id, r.opportunity_id, o.organisation_id, {title}, r.every_weeks, r.first_day,"
        " r.until_day, r.starts, r.ends, r.capacity"
        " FROM series r JOIN opportunities o ON o.id = r.opportunity_id"
    )


_SERIES = _select()


def _series(row: aiosqlite.Row) -> SeriesRow:
    return SeriesRow(
        id=row[0],
        opportunity_id=row[1],
        organisation_id=row[2],
        title=row[3],
        every_weeks=row[4],
        first_day=date.fromisoformat(row[5]),
        until_day=date.fromisoformat(row[6]),
        starts=row[7],
        ends=row[8],
        capacity=row[9],
    )


async def add(
    *,
    opportunity_id: int,
    every_weeks: int,
    first_day: date,
    until_day: date,
    starts: str,
    ends: str,
    capacity: int,
    now: datetime,
    conn: aiosqlite.Connection,
) -> tuple[int, bool]:
    """Add a series (known by its opportunity, first day and start); whether it is new."""
    cursor = await conn.execute(
        "INSERT INTO series (opportunity_id, every_weeks, first_day, until_day, starts, ends,"
        " capacity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (opportunity_id, first_day, starts) DO NOTHING",
        (
            opportunity_id,
            every_weeks,
            first_day.isoformat(),
            until_day.isoformat(),
            starts,
            ends,
            capacity,
            to_db(now),
        ),
    )
    row = await fetch_one(
        conn,
        "SELECT id FROM series WHERE opportunity_id = ? AND first_day = ? AND starts = ?",
        (opportunity_id, first_day.isoformat(), starts),
    )
    assert row is not None
    return int(row[0]), cursor.rowcount == 1


async def update(
    series_id: int,
    *,
    starts: str,
    ends: str,
    capacity: int,
    until_day: date | None = None,
    conn: aiosqlite.Connection,
) -> None:
    sets, args = "starts = ?, ends = ?, capacity = ?", [starts, ends, capacity]
    if until_day is not None:
        sets += ", until_day = ?"
        args.append(until_day.isoformat())
    await conn.execute(f"UPDATE series SET {sets} WHERE id = ?", (*args, series_id))


async def attach(shift_id: int, series_id: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("UPDATE shifts SET series_id = ? WHERE id = ?", (series_id, shift_id))


async def get(
    series_id: int, *, language: str | None = None, conn: aiosqlite.Connection
) -> SeriesRow | None:
    """A series; its title in the reader's ``language`` where translated."""
    row = await fetch_one(conn, f"{_select('?')} WHERE r.id = ?", (language, series_id))
    return _series(row) if row else None


async def of_opportunity(opportunity_id: int, *, conn: aiosqlite.Connection) -> list[SeriesRow]:
    rows = await fetch_all(
        conn, f"{_SERIES} WHERE r.opportunity_id = ? ORDER BY r.first_day", (opportunity_id,)
    )
    return [_series(r) for r in rows]


async def of_shift(shift_id: int, *, conn: aiosqlite.Connection) -> int | None:
    row = await fetch_one(conn, "SELECT series_id FROM shifts WHERE id = ?", (shift_id,))
    return row[0] if row and row[0] is not None else None


async def coming(
    series_id: int, now: datetime, *, conn: aiosqlite.Connection, only_open: bool = True
) -> list[Date]:
    """The dates of a series that have not started, soonest first."""
    sql = (
        "SELECT id, starts_at, ends_at, capacity, status FROM shifts"
        " WHERE series_id = ? AND starts_at > ?"
    )
    if only_open:
        sql += " AND status = 'open'"
    rows = await fetch_all(conn, sql + " ORDER BY starts_at", (series_id, to_db(now)))
    return [Date(r[0], from_db(r[1]), from_db(r[2]), r[3], r[4]) for r in rows]


async def add_standing(
    series_id: int, resident_id: int, now: datetime, *, conn: aiosqlite.Connection
) -> bool:
    """Record the wish to come every time; False when it was there already."""
    cursor = await conn.execute(
        "INSERT INTO standing_signups (series_id, resident_id, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (series_id, resident_id) DO NOTHING",
        (series_id, resident_id, to_db(now)),
    )
    return cursor.rowcount == 1


async def remove_standing(series_id: int, resident_id: int, *, conn: aiosqlite.Connection) -> bool:
    cursor = await conn.execute(
        "DELETE FROM standing_signups WHERE series_id = ? AND resident_id = ?",
        (series_id, resident_id),
    )
    return cursor.rowcount == 1


async def is_standing(series_id: int, resident_id: int, *, conn: aiosqlite.Connection) -> bool:
    row = await fetch_one(
        conn,
        "SELECT 1 FROM standing_signups WHERE series_id = ? AND resident_id = ?",
        (series_id, resident_id),
    )
    return row is not None


async def standing_of(resident_id: int, *, conn: aiosqlite.Connection) -> list[Standing]:
    rows = await fetch_all(
        conn,
        "SELECT r.id, r.opportunity_id,"
        f" {localised('title', 'o', language_of('w.resident_id'))} AS title,"
        " r.every_weeks, r.starts, r.ends,"
        " (SELECT MIN(starts_at) FROM shifts s WHERE s.series_id = r.id)"
        " FROM standing_signups w JOIN series r ON r.id = w.series_id"
        " JOIN opportunities o ON o.id = r.opportunity_id"
        " WHERE w.resident_id = ? ORDER BY title",
        (resident_id,),
    )
    return [Standing(r[0], r[1], r[2], r[3], r[4], r[5], from_db(r[6])) for r in rows]


async def standing_residents(series_id: int, *, conn: aiosqlite.Connection) -> list[int]:
    rows = await fetch_all(
        conn, "SELECT resident_id FROM standing_signups WHERE series_id = ?", (series_id,)
    )
    return [r[0] for r in rows]


async def active_signups(
    series_id: int, resident_id: int, now: datetime, *, conn: aiosqlite.Connection
) -> list[int]:
    """The resident's sign-ups (or waitlist places) on the series' dates that have not started."""
    rows = await fetch_all(
        conn,
        "SELECT g.id FROM signups g JOIN shifts s ON s.id = g.shift_id"
        " WHERE s.series_id = ? AND g.resident_id = ? AND s.starts_at > ?"
        " AND g.status IN ('confirmed', 'waitlisted') ORDER BY s.starts_at",
        (series_id, resident_id, to_db(now)),
    )
    return [r[0] for r in rows]


async def people_on(series_id: int, now: datetime, *, conn: aiosqlite.Connection) -> list[int]:
    """Everyone with a place or a waitlist place on a coming date, each once."""
    rows = await fetch_all(
        conn,
        "SELECT DISTINCT g.resident_id FROM signups g JOIN shifts s ON s.id = g.shift_id"
        " WHERE s.series_id = ? AND s.starts_at > ? AND g.resident_id IS NOT NULL"
        " AND g.status IN ('confirmed', 'waitlisted')",
        (series_id, to_db(now)),
    )
    return [r[0] for r in rows]


@dataclass(frozen=True)
class Offered:
    """A series as a resident sees it: its coming dates."""

    series: SeriesRow
    dates: int
    first: datetime
    last: datetime


async def offered(
    opportunity_id: int,
    now: datetime,
    *,
    language: str | None = None,
    conn: aiosqlite.Connection,
) -> list[Offered]:
    """The series of an opportunity that have a coming open date, soonest first."""
    # Only this opportunity's series and their dates (shifts_by_series): an opportunity's
    # screen asks this every time it is shown.
    select = _select("?").replace(
        " FROM series r", ", COUNT(s.id), MIN(s.starts_at), MAX(s.starts_at) FROM series r", 1
    )
    rows = await fetch_all(
        conn,
        f"{select} JOIN shifts s ON s.series_id = r.id AND s.starts_at > ? AND s.status = 'open'"
        " WHERE r.opportunity_id = ? GROUP BY r.id ORDER BY MIN(s.starts_at)",
        (language, to_db(now), opportunity_id),
    )
    return [Offered(_series(r), r[10], from_db(r[11]), from_db(r[12])) for r in rows]
