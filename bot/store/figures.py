"""The figures of a period, counted in SQL: sign-ups per week and category, cancellations,
attendance and hours, active volunteers, and residents who joined.

Each query reads only the period's rows, through an index on the date it filters by
(``signups.created_at``, ``signups.cancelled_at``, ``shifts.starts_at``; INDEXED BY where the
planner, without statistics, would rather read an organisation's whole history), and returns a
few counts per week and category, never the rows themselves. Weeks are handed in as the UTC moments
they start, so SQL needs no time zone: the week of a moment is how many of those starts it has
reached. No names: a sign-up of someone who erased their data has no resident id but still counts.
Who came, who did not and the hours count places (a resident who brought two people counts three
times); different people (active volunteers) are residents and people without a phone (guests).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, to_db


@dataclass(frozen=True)
class SignUpRow:
    """One sign-up with its shift: what the figures are defined over (see services.figures)."""

    resident_id: int | None
    status: str
    created_at: datetime
    cancelled_at: datetime | None
    attendance: str | None
    starts_at: datetime
    ends_at: datetime
    category: str
    cancelled_late: bool = False
    places: int = 1
    guest_id: int | None = None


@dataclass(frozen=True)
class Tally:
    """Counts of one week (0: the first of the period) and one category."""

    week: int
    category: str
    signups: int = 0  # made in that week
    came: int = 0  # these three: on shifts that started in that week
    no_show: int = 0
    seconds: int = 0  # the shifts' lengths, once for everyone who came


_JOIN = (
    " JOIN shifts h ON h.id = s.shift_id"
    " JOIN opportunities o ON o.id = h.opportunity_id"
    " JOIN categories c ON c.id = o.category_id"
)


# A shift's length in seconds (alias h).
LENGTH = "CAST(strftime('%s', h.ends_at) AS INTEGER) - CAST(strftime('%s', h.starts_at) AS INTEGER)"


def in_organisations(
    organisation_ids: frozenset[int] | None, alias: str
) -> tuple[str, dict[str, object]]:
    """``AND <alias>.organisation_id IN (...)`` and its arguments; None: every organisation.
    (The participation figures, ``bot.store.participation``, narrow with it too.)"""
    if organisation_ids is None:
        return "", {}
    names = {f"org{i}": org for i, org in enumerate(sorted(organisation_ids))}
    listed = ",".join(f":{name}" for name in names) or "NULL"
    return f" AND {alias}.organisation_id IN ({listed})", dict(names)


def period_args(weeks: Sequence[datetime], end: datetime) -> dict[str, object]:
    """``:start`` and ``:end`` of the period, ``:w1``... the starts of its later weeks (or
    months: any steps that :func:`bucket` counts)."""
    args: dict[str, object] = {"start": to_db(weeks[0]), "end": to_db(end)}
    args.update({f"w{i}": to_db(moment) for i, moment in enumerate(weeks) if i})
    return args


def bucket(column: str, weeks: int) -> str:
    """The week (or month) ``column`` falls in: how many of the later ones' starts it has
    reached; their starts are the arguments of :func:`period_args`."""
    return " + ".join(f"({column} >= :w{i})" for i in range(1, weeks)) or "0"


async def signups_made(
    organisation_ids: frozenset[int] | None,
    weeks: Sequence[datetime],
    end: datetime,
    *,
    conn: aiosqlite.Connection,
) -> list[Tally]:
    """Sign-ups made in [weeks[0], end) (waitlist places and later cancelled ones included), per
    week and category."""
    scope, args = in_organisations(organisation_ids, "o")
    sql = (
        f"SELECT {bucket('s.created_at', len(weeks))} AS week, c.name, COUNT(*)"
        f" FROM signups s INDEXED BY signups_by_created{_JOIN}"
        f" WHERE s.created_at >= :start AND s.created_at < :end{scope}"
        " GROUP BY week, c.name"
    )
    rows = await fetch_all(conn, sql, {**period_args(weeks, end), **args})
    return [Tally(int(r[0]), r[1], signups=int(r[2])) for r in rows]


async def cancellations(
    organisation_ids: frozenset[int] | None,
    start: datetime,
    end: datetime,
    *,
    conn: aiosqlite.Connection,
) -> int:
    """Sign-ups cancelled in [start, end)."""
    scope, args = in_organisations(organisation_ids, "o")
    sql = (
        "SELECT COUNT(*) FROM signups s INDEXED BY signups_by_cancelled"
        " JOIN shifts h ON h.id = s.shift_id JOIN opportunities o ON o.id = h.opportunity_id"
        f" WHERE s.cancelled_at >= :start AND s.cancelled_at < :end{scope}"
    )
    row = await fetch_one(conn, sql, {"start": to_db(start), "end": to_db(end), **args})
    assert row is not None
    return int(row[0])


async def late_cancellations(
    organisation_ids: frozenset[int] | None,
    start: datetime,
    end: datetime,
    *,
    conn: aiosqlite.Connection,
) -> int:
    """Places given up close to the start (see services.cancellations.LATE_NOTICE), cancelled in
    [start, end)."""
    scope, args = in_organisations(organisation_ids, "o")
    sql = (
        "SELECT COUNT(*) FROM signups s INDEXED BY signups_by_cancelled"
        " JOIN shifts h ON h.id = s.shift_id JOIN opportunities o ON o.id = h.opportunity_id"
        " WHERE s.cancelled_at >= :start AND s.cancelled_at < :end AND s.cancelled_late = 1"
        f"{scope}"
    )
    row = await fetch_one(conn, sql, {"start": to_db(start), "end": to_db(end), **args})
    assert row is not None
    return int(row[0])


async def attendance(
    organisation_ids: frozenset[int] | None,
    weeks: Sequence[datetime],
    end: datetime,
    *,
    conn: aiosqlite.Connection,
) -> list[Tally]:
    """Who came and who did not, and the hours given, on shifts that started in
    [weeks[0], end), per week and category (whatever the sign-up's status)."""
    scope, args = in_organisations(organisation_ids, "o")
    sql = (
        f"SELECT {bucket('h.starts_at', len(weeks))} AS week, c.name,"
        " COALESCE(SUM(CASE WHEN s.attendance = 'came' THEN s.places END), 0),"
        " COALESCE(SUM(CASE WHEN s.attendance = 'no_show' THEN s.places END), 0),"
        f" COALESCE(SUM(CASE WHEN s.attendance = 'came' THEN s.places * ({LENGTH}) END), 0)"
        f" FROM signups s{_JOIN}"
        " WHERE h.starts_at >= :start AND h.starts_at < :end"
        f" AND s.attendance IN ('came', 'no_show'){scope}"
        " GROUP BY week, c.name"
    )
    rows = await fetch_all(conn, sql, {**period_args(weeks, end), **args})
    return [
        Tally(int(r[0]), r[1], came=int(r[2]), no_show=int(r[3]), seconds=int(r[4])) for r in rows
    ]


async def volunteers(
    organisation_ids: frozenset[int] | None,
    start: datetime,
    end: datetime,
    *,
    conn: aiosqlite.Connection,
) -> tuple[int, int]:
    """(active, returning): different people (residents, and guests added by a coordinator)
    with a place on a shift that started in [start, end) who did not stay away (confirmed, or
    marked as come); returning: with a sign-up made before ``start`` (with these
    organisations)."""
    scope, args = in_organisations(organisation_ids, "o")
    earlier_scope, _ = in_organisations(organisation_ids, "eo")

    def earlier(column: str) -> str:
        if organisation_ids is None:  # no need to look at the shift
            return (
                f"SELECT 1 FROM signups e WHERE e.{column} = a.{column} AND e.created_at < :start"
            )
        return (
            "SELECT 1 FROM signups e JOIN shifts eh ON eh.id = e.shift_id"
            " JOIN opportunities eo ON eo.id = eh.opportunity_id"
            f" WHERE e.{column} = a.{column} AND e.created_at < :start{earlier_scope}"
        )

    returning = (
        f"CASE WHEN a.resident_id IS NOT NULL THEN EXISTS ({earlier('resident_id')})"
        f" ELSE EXISTS ({earlier('guest_id')}) END"
    )
    sql = (
        f"SELECT COUNT(*), COALESCE(SUM({returning}), 0) FROM ("
        " SELECT DISTINCT s.resident_id, s.guest_id FROM signups s"
        " JOIN shifts h ON h.id = s.shift_id JOIN opportunities o ON o.id = h.opportunity_id"
        " WHERE h.starts_at >= :start AND h.starts_at < :end"
        " AND (s.resident_id IS NOT NULL OR s.guest_id IS NOT NULL)"
        " AND s.attendance IS NOT 'no_show' AND (s.status = 'confirmed' OR s.attendance = 'came')"
        f"{scope}) a"
    )
    row = await fetch_one(conn, sql, {"start": to_db(start), "end": to_db(end), **args})
    assert row is not None
    return int(row[0]), int(row[1])


@dataclass(frozen=True)
class Ratings:
    """The scores given about one opportunity's shifts: how many, and their sum."""

    opportunity_id: int
    title: str
    count: int
    total: int


async def ratings(
    organisation_ids: frozenset[int] | None,
    start: datetime,
    end: datetime,
    *,
    conn: aiosqlite.Connection,
) -> list[Ratings]:
    """The scores (1-5) given about shifts that started in [start, end), per opportunity."""
    scope, args = in_organisations(organisation_ids, "o")
    sql = (
        "SELECT o.id, o.title, COUNT(s.rating), COALESCE(SUM(s.rating), 0)"
        " FROM signups s JOIN shifts h ON h.id = s.shift_id"
        " JOIN opportunities o ON o.id = h.opportunity_id"
        f" WHERE h.starts_at >= :start AND h.starts_at < :end AND s.rating IS NOT NULL{scope}"
        " GROUP BY o.id, o.title ORDER BY o.title, o.id"
    )
    rows = await fetch_all(conn, sql, {"start": to_db(start), "end": to_db(end), **args})
    return [Ratings(int(r[0]), r[1], int(r[2]), int(r[3])) for r in rows]


async def residents(since: datetime, *, conn: aiosqlite.Connection) -> tuple[int, int]:
    """(residents who consented since then, residents with consent in all)."""
    joined = await fetch_one(
        conn, "SELECT COUNT(*) FROM residents WHERE consented_at >= ?", (to_db(since),)
    )
    total = await fetch_one(conn, "SELECT COUNT(*) FROM residents")
    assert joined is not None and total is not None
    return int(joined[0]), int(total[0])


@dataclass(frozen=True)
class ThemeTally:
    """The period's counts of one theme: an opportunity with two themes counts in both."""

    theme: str  # its key
    signups: int = 0  # made in the period
    seconds: int = 0  # given on shifts that started in the period, once for everyone who came
    came: int = 0


_THEMED = " JOIN opportunity_themes t ON t.opportunity_id = o.id"


async def per_theme(
    organisation_ids: frozenset[int] | None,
    start: datetime,
    end: datetime,
    *,
    conn: aiosqlite.Connection,
) -> list[ThemeTally]:
    """Sign-ups made in [start, end) and the hours given on shifts that started then, per theme
    (the same rules as :func:`signups_made` and :func:`attendance`); themes with neither are
    left out."""
    scope, args = in_organisations(organisation_ids, "o")
    period = {"start": to_db(start), "end": to_db(end), **args}
    made_sql = (
        "SELECT t.theme, COUNT(*) FROM signups s INDEXED BY signups_by_created"
        " JOIN shifts h ON h.id = s.shift_id JOIN opportunities o ON o.id = h.opportunity_id"
        f"{_THEMED} WHERE s.created_at >= :start AND s.created_at < :end{scope}"
        " GROUP BY t.theme"
    )
    given_sql = (
        f"SELECT t.theme, SUM(s.places * ({LENGTH})), SUM(s.places)"
        " FROM signups s JOIN shifts h ON h.id = s.shift_id"
        f" JOIN opportunities o ON o.id = h.opportunity_id{_THEMED}"
        f" WHERE h.starts_at >= :start AND h.starts_at < :end AND s.attendance = 'came'{scope}"
        " GROUP BY t.theme"
    )
    made = {r[0]: int(r[1]) for r in await fetch_all(conn, made_sql, period)}
    given = {r[0]: (int(r[1]), int(r[2])) for r in await fetch_all(conn, given_sql, period)}
    return [
        ThemeTally(key, made.get(key, 0), *given.get(key, (0, 0)))
        for key in sorted(set(made) | set(given))
    ]
