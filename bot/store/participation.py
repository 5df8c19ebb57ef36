"""Who took part in a period, counted in SQL: what the participation figures and the quarterly
report are made of (see ``bot.services.participation`` for what each figure means).

The queries read the period's shifts through ``shifts_by_start`` and, per person, their earlier
shifts through ``signups_by_resident`` / ``signups_by_guest``; they return a few rows per person
or per opportunity and month, never the sign-ups themselves. Months come in as the UTC moments
they start, so SQL needs no time zone. A person is a resident (``resident_id``) or someone
without Telegram (``guest_id``); a sign-up of someone who erased their data has neither and
counts only in hours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db
from bot.store.figures import LENGTH, bucket, in_organisations, period_args

Scope = frozenset[int] | None  # organisations; None: all of them
CAME = "s.attendance = 'came'"
PERSON = "(s.resident_id IS NOT NULL OR s.guest_id IS NOT NULL)"
_SHIFT = " JOIN shifts h ON h.id = s.shift_id JOIN opportunities o ON o.id = h.opportunity_id"


def _earlier(who: str, scope: Scope, condition: str) -> str:
    """``EXISTS``: the same person came to a shift (of these organisations) that ``condition``
    says of ``eh`` (the earlier shift); ``who`` is ``resident_id`` or ``guest_id`` of ``a``."""
    org, _ = in_organisations(scope, "eo")
    return (
        "EXISTS (SELECT 1 FROM signups e JOIN shifts eh ON eh.id = e.shift_id"
        " JOIN opportunities eo ON eo.id = eh.opportunity_id"
        f" WHERE e.{who} = a.{who} AND e.attendance = 'came' AND {condition}{org})"
    )


def _either(scope: Scope, condition: str) -> str:
    """:func:`_earlier` for a resident or a guest, whichever ``a`` is."""
    return (
        f"CASE WHEN a.resident_id IS NOT NULL THEN {_earlier('resident_id', scope, condition)}"
        f" ELSE {_earlier('guest_id', scope, condition)} END"
    )


@dataclass(frozen=True)
class Came:
    """One person's (or, with neither id, the erased people's) shifts of one opportunity in one
    month of the period, that they came to."""

    resident_id: int | None
    guest_id: int | None
    opportunity_id: int
    month: int  # 0: the period's first
    seconds: int  # the shifts' lengths, times the places (the person and who they brought)


async def came(
    scope: Scope, months: Sequence[datetime], end: datetime, *, conn: aiosqlite.Connection
) -> list[Came]:
    """Who came to which opportunity's shifts that started in [months[0], end), per month."""
    org, args = in_organisations(scope, "o")
    sql = (
        f"SELECT s.resident_id, s.guest_id, o.id, {bucket('h.starts_at', len(months))} AS month,"
        f" SUM(s.places * ({LENGTH})) FROM signups s{_SHIFT}"
        f" WHERE h.starts_at >= :start AND h.starts_at < :end AND {CAME}{org}"
        " GROUP BY s.resident_id, s.guest_id, o.id, month"
    )
    rows = await fetch_all(conn, sql, {**period_args(months, end), **args})
    return [Came(r[0], r[1], int(r[2]), int(r[3]), int(r[4])) for r in rows]


@dataclass(frozen=True)
class Volunteer:
    """A person who came to a shift in the period."""

    resident_id: int | None
    guest_id: int | None
    first: datetime  # the start of their first shift in the period
    before: bool  # came to a shift (of these organisations) before the period
    returning: bool  # came to a shift in the period within 3 months of an earlier one


async def volunteers(
    scope: Scope, start: datetime, end: datetime, *, conn: aiosqlite.Connection
) -> list[Volunteer]:
    """Everyone who came to a shift that started in [start, end): when first, whether they
    came before the period, and whether they came again within 3 months of an earlier shift
    (calendar months, as SQLite counts them: 31 May less 3 months is 3 March)."""
    org, args = in_organisations(scope, "o")
    three_months = (
        "eh.starts_at < a.starts_at"
        " AND eh.starts_at >= strftime('%Y-%m-%dT%H:%M:%SZ', a.starts_at, '-3 months')"
    )
    sql = (
        f"SELECT a.resident_id, a.guest_id, MIN(a.starts_at), MAX({_either(scope, three_months)}),"
        f" {_either(scope, 'eh.starts_at < :start')}"
        " FROM (SELECT s.resident_id, s.guest_id, h.starts_at FROM signups s"
        f"{_SHIFT} WHERE h.starts_at >= :start AND h.starts_at < :end AND {CAME} AND {PERSON}"
        f"{org}) a GROUP BY a.resident_id, a.guest_id"
    )
    rows = await fetch_all(conn, sql, {"start": to_db(start), "end": to_db(end), **args})
    return [Volunteer(r[0], r[1], from_db(r[2]), bool(r[4]), bool(r[3])) for r in rows]


@dataclass(frozen=True)
class InRole:
    """A resident a coordinator marked *started* in an open ongoing role."""

    resident_id: int
    opportunity_id: int
    started: datetime
    came_before: bool  # came to a shift (of these organisations) before the period


async def in_roles(
    scope: Scope, start: datetime, end: datetime, *, conn: aiosqlite.Connection
) -> list[InRole]:
    """Residents in an open ongoing role of these organisations, started before ``end``: as
    roles stand now, for a role has no end date (a closed role is no longer counted)."""
    org, args = in_organisations(scope, "o")
    sql = (
        f"SELECT a.resident_id, a.opportunity_id, a.changed_at,"
        f" {_earlier('resident_id', scope, 'eh.starts_at < :start')}"
        " FROM (SELECT i.resident_id, i.opportunity_id, COALESCE(i.changed_at, i.created_at)"
        " AS changed_at FROM role_interests i JOIN opportunities o ON o.id = i.opportunity_id"
        f" WHERE i.status = 'started' AND o.status = 'open'{org}) a"
        " WHERE a.changed_at < :end"
    )
    rows = await fetch_all(conn, sql, {"start": to_db(start), "end": to_db(end), **args})
    return [InRole(int(r[0]), int(r[1]), from_db(r[2]), bool(r[3])) for r in rows]


async def every_time(scope: Scope, end: datetime, *, conn: aiosqlite.Connection) -> set[int]:
    """Residents who come to a series of these organisations "every time" (a standing sign-up
    made before ``end`` that still stands)."""
    org, args = in_organisations(scope, "o")
    sql = (
        "SELECT DISTINCT w.resident_id FROM standing_signups w"
        " JOIN series r ON r.id = w.series_id JOIN opportunities o ON o.id = r.opportunity_id"
        f" WHERE w.created_at < :end{org}"
    )
    rows = await fetch_all(conn, sql, {"end": to_db(end), **args})
    return {int(r[0]) for r in rows}


async def organisations_of(
    opportunity_ids: Iterable[int], *, conn: aiosqlite.Connection
) -> dict[int, tuple[int, str]]:
    """Each opportunity's organisation: (id, name)."""
    sql = (
        "SELECT o.id, g.id, g.name FROM opportunities o JOIN organisations g"
        " ON g.id = o.organisation_id WHERE o.id IN (SELECT value FROM json_each(:ids))"
    )
    rows = await fetch_all(conn, sql, {"ids": _json(opportunity_ids)})
    return {int(r[0]): (int(r[1]), r[2]) for r in rows}


async def themes_of(
    opportunity_ids: Iterable[int], *, conn: aiosqlite.Connection
) -> dict[int, list[str]]:
    """Each opportunity's themes (keys)."""
    sql = (
        "SELECT opportunity_id, theme FROM opportunity_themes"
        " WHERE opportunity_id IN (SELECT value FROM json_each(:ids)) ORDER BY theme"
    )
    found: dict[int, list[str]] = {}
    for row in await fetch_all(conn, sql, {"ids": _json(opportunity_ids)}):
        found.setdefault(int(row[0]), []).append(row[1])
    return found


async def neighbourhoods(*, conn: aiosqlite.Connection) -> list[tuple[int, str]]:
    """The area's neighbourhoods (id, name), by name."""
    rows = await fetch_all(conn, "SELECT id, name FROM neighbourhoods ORDER BY name, id")
    return [(int(r[0]), r[1]) for r in rows]


async def homes(resident_ids: Iterable[int], *, conn: aiosqlite.Connection) -> dict[int, int]:
    """The neighbourhood of each of these residents who chose one."""
    sql = (
        "SELECT id, neighbourhood_id FROM residents WHERE neighbourhood_id IS NOT NULL"
        " AND id IN (SELECT value FROM json_each(:ids))"
    )
    rows = await fetch_all(conn, sql, {"ids": _json(resident_ids)})
    return {int(r[0]): int(r[1]) for r in rows}


@dataclass(frozen=True)
class Ideas:
    proposed: int  # shared in the period (by residents who are still there)
    taken_up: int  # became an opportunity (of these organisations) in the period
    per_theme: dict[str | None, int]  # proposed, per theme key (None: not sure)


async def ideas(
    scope: Scope, start: datetime, end: datetime, *, conn: aiosqlite.Connection
) -> Ideas:
    """Ideas from residents shared in [start, end) (they are the whole network's), and those
    taken up as an opportunity of these organisations in it."""
    period = {"start": to_db(start), "end": to_db(end)}
    rows = await fetch_all(
        conn,
        "SELECT theme, COUNT(*) FROM ideas WHERE created_at >= :start AND created_at < :end"
        " GROUP BY theme",
        period,
    )
    per_theme = {r[0]: int(r[1]) for r in rows}
    org, args = in_organisations(scope, "o")
    taken = await fetch_one(
        conn,
        "SELECT COUNT(*) FROM ideas i JOIN opportunities o ON o.id = i.opportunity_id"
        f" WHERE i.taken_up_at >= :start AND i.taken_up_at < :end{org}",
        {**period, **args},
    )
    return Ideas(sum(per_theme.values()), int(taken[0]) if taken else 0, per_theme)


@dataclass(frozen=True)
class Polls:
    asked: int  # questions sent in the period
    reached: int  # messages with a question that arrived
    answers: int  # answers given in the period (one per person and question)


async def polls(
    scope: Scope, start: datetime, end: datetime, *, conn: aiosqlite.Connection
) -> Polls:
    """Questions to volunteers and staff sent in [start, end) by these organisations (all:
    the network's own too), how many reached someone, and the answers given in the period (a
    questionnaire's steps together are one answer; a skipped question is none)."""
    period = {"start": to_db(start), "end": to_db(end)}
    org, args = in_organisations(scope, "p")
    asked = await fetch_one(
        conn,
        "SELECT COUNT(*), COALESCE(SUM(p.delivered), 0) FROM polls p"
        f" WHERE p.created_at >= :start AND p.created_at < :end{org}",
        {**period, **args},
    )
    answers = await fetch_one(
        conn,
        "SELECT COUNT(*) FROM (SELECT 1 FROM poll_answers a JOIN polls p ON p.id = a.poll_id"
        f" WHERE a.answered_at >= :start AND a.answered_at < :end AND a.skipped = 0{org}"
        " GROUP BY a.poll_id, COALESCE(a.person_id, -a.id))",
        {**period, **args},
    )
    assert asked is not None and answers is not None
    return Polls(int(asked[0]), int(asked[1]), int(answers[0]))


def _json(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"
