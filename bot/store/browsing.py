"""Reads for finding something to do: what is open, with how many free places.

"Open" means: the opportunity's status is open, and it is an ongoing role or has at least one
shift that has not started and is not cancelled. Free places count only confirmed sign-ups.
Nothing here writes; call these inside ``db.read()``. What a resident reads takes their
``language``: titles and descriptions come in it where translated (:mod:`bot.store.translations`);
without one (a coordinator, the import) they are the originals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db
from bot.store.signups import CONFIRMED_COUNT
from bot.store.translations import localised

# A shift that can still be chosen (alias s), and the free places on it.
_UPCOMING = "s.status = 'open' AND s.starts_at > :now"
# An opportunity a resident can still sign up for or show interest in (alias o); also used by
# the word search, so both agree on what is open.
OPEN_OPPORTUNITY = (
    "o.status = 'open' AND (o.kind = 'ongoing' OR EXISTS"
    f" (SELECT 1 FROM shifts s WHERE s.opportunity_id = o.id AND {_UPCOMING}))"
)


@dataclass(frozen=True)
class CategoryRow:
    id: int
    name: str
    open_count: int


@dataclass(frozen=True)
class OpportunityRow:
    """One line of a category's list; ``free`` is None for an ongoing role."""

    id: int
    title: str
    kind: str
    free: int | None
    next_start: datetime | None


@dataclass(frozen=True)
class Opportunity:
    id: int
    title: str
    description: str
    location: str
    kind: str
    status: str
    organisation_id: int
    organisation: str
    category_id: int
    category: str

    @property
    def ongoing(self) -> bool:
        return self.kind == "ongoing"

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class ShiftRow:
    id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    confirmed: int
    mine: str | None  # the reader's own active sign-up status on it, if any

    @property
    def free(self) -> int:
        return max(self.capacity - self.confirmed, 0)


@dataclass(frozen=True)
class Shift:
    """A shift with what a confirmation or a calendar file needs."""

    id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    status: str
    confirmed: int
    opportunity: Opportunity

    @property
    def free(self) -> int:
        return max(self.capacity - self.confirmed, 0)

    def can_be_chosen(self, now: datetime) -> bool:
        return self.status == "open" and self.opportunity.is_open and self.starts_at > now


async def categories(now: datetime, *, conn: aiosqlite.Connection) -> list[CategoryRow]:
    """Categories with at least one open opportunity, by name."""
    sql = (
        "SELECT c.id, c.name, COUNT(o.id) AS n FROM categories c"
        " JOIN opportunities o ON o.category_id = c.id"
        f" WHERE {OPEN_OPPORTUNITY} GROUP BY c.id, c.name ORDER BY c.name, c.id"
    )
    return [
        CategoryRow(r["id"], r["name"], r["n"])
        for r in await fetch_all(conn, sql, {"now": to_db(now)})
    ]


async def category_name(category_id: int, *, conn: aiosqlite.Connection) -> str | None:
    row = await fetch_one(conn, "SELECT name FROM categories WHERE id = ?", (category_id,))
    return str(row["name"]) if row else None


async def organisation_name(organisation_id: int, *, conn: aiosqlite.Connection) -> str | None:
    row = await fetch_one(conn, "SELECT name FROM organisations WHERE id = ?", (organisation_id,))
    return str(row["name"]) if row else None


# What a list of opportunities belongs to: a category (browsing), or an organisation (the link on
# its poster).
_WITHIN = {"category": "o.category_id", "organisation": "o.organisation_id"}


async def count_opportunities(
    key: int, now: datetime, *, within: str = "category", conn: aiosqlite.Connection
) -> int:
    column = _WITHIN[within]
    sql = f"SELECT COUNT(*) FROM opportunities o WHERE {column} = :key AND {OPEN_OPPORTUNITY}"
    return await _count(conn, sql, {"key": key, "now": to_db(now)})


async def _count(conn: aiosqlite.Connection, sql: str, args: dict[str, object]) -> int:
    row = await fetch_one(conn, sql, args)
    return int(row[0]) if row else 0


async def opportunities(
    key: int,
    now: datetime,
    *,
    within: str = "category",
    offset: int,
    limit: int,
    language: str | None = None,
    conn: aiosqlite.Connection,
) -> list[OpportunityRow]:
    """Open opportunities of a category (or an organisation), the soonest first, ongoing roles
    after them."""
    sql = (
        f"SELECT o.id, {localised('title', 'o', ':language')} AS title, o.kind,"
        f" (SELECT MIN(s.starts_at) FROM shifts s WHERE s.opportunity_id = o.id AND {_UPCOMING})"
        "  AS next_start,"
        f" (SELECT COALESCE(SUM(MAX(s.capacity - {CONFIRMED_COUNT}, 0)), 0) FROM shifts s"
        f"  WHERE s.opportunity_id = o.id AND {_UPCOMING}) AS free"
        f" FROM opportunities o WHERE {_WITHIN[within]} = :key AND {OPEN_OPPORTUNITY}"
        " ORDER BY next_start IS NULL, next_start, o.title, o.id LIMIT :limit OFFSET :offset"
    )
    args = {
        "key": key,
        "now": to_db(now),
        "limit": limit,
        "offset": offset,
        "language": language,
    }
    rows = await fetch_all(conn, sql, args)
    return [
        OpportunityRow(
            id=r["id"],
            title=r["title"],
            kind=r["kind"],
            free=None if r["kind"] == "ongoing" else int(r["free"]),
            next_start=from_db(r["next_start"]) if r["next_start"] else None,
        )
        for r in rows
    ]


_OPPORTUNITY_COLUMNS = (
    f"o.id AS o_id, {localised('title', 'o', ':language')} AS title,"
    f" {localised('description', 'o', ':language')} AS description,"
    " o.location, o.kind, o.status AS o_status,"
    " o.organisation_id, g.name AS organisation, o.category_id, c.name AS category"
)
_OPPORTUNITY_JOINS = (
    " JOIN organisations g ON g.id = o.organisation_id JOIN categories c ON c.id = o.category_id"
)


def _opportunity(r: aiosqlite.Row) -> Opportunity:
    return Opportunity(
        id=r["o_id"],
        title=r["title"],
        description=r["description"],
        location=r["location"],
        kind=r["kind"],
        status=r["o_status"],
        organisation_id=r["organisation_id"],
        organisation=r["organisation"],
        category_id=r["category_id"],
        category=r["category"],
    )


async def opportunity(
    opportunity_id: int, *, language: str | None = None, conn: aiosqlite.Connection
) -> Opportunity | None:
    """One opportunity, whatever its status (the caller decides what a closed one shows)."""
    sql = f"SELECT {_OPPORTUNITY_COLUMNS} FROM opportunities o{_OPPORTUNITY_JOINS} WHERE o.id = :id"
    row = await fetch_one(conn, sql, {"id": opportunity_id, "language": language})
    return _opportunity(row) if row else None


async def count_upcoming_shifts(
    opportunity_id: int, now: datetime, *, conn: aiosqlite.Connection
) -> int:
    sql = f"SELECT COUNT(*) FROM shifts s WHERE s.opportunity_id = :opp AND {_UPCOMING}"
    return await _count(conn, sql, {"opp": opportunity_id, "now": to_db(now)})


async def upcoming_shifts(
    opportunity_id: int,
    now: datetime,
    *,
    resident_id: int | None = None,
    offset: int = 0,
    limit: int = 100,
    conn: aiosqlite.Connection,
) -> list[ShiftRow]:
    """Shifts that have not started and are not cancelled, the soonest first."""
    sql = (
        f"SELECT s.id, s.starts_at, s.ends_at, s.capacity, {CONFIRMED_COUNT} AS confirmed,"
        " (SELECT m.status FROM signups m WHERE m.shift_id = s.id AND m.resident_id = :me"
        "   AND m.status IN ('confirmed', 'waitlisted')) AS mine"
        f" FROM shifts s WHERE s.opportunity_id = :opp AND {_UPCOMING}"
        " ORDER BY s.starts_at, s.id LIMIT :limit OFFSET :offset"
    )
    args = {
        "opp": opportunity_id,
        "now": to_db(now),
        "me": resident_id,
        "limit": limit,
        "offset": offset,
    }
    rows = await fetch_all(conn, sql, args)
    return [
        ShiftRow(
            id=r["id"],
            starts_at=from_db(r["starts_at"]),
            ends_at=from_db(r["ends_at"]),
            capacity=r["capacity"],
            confirmed=r["confirmed"],
            mine=r["mine"],
        )
        for r in rows
    ]


async def shift(
    shift_id: int, *, language: str | None = None, conn: aiosqlite.Connection
) -> Shift | None:
    """One shift with its opportunity, whatever their status."""
    sql = (
        "SELECT s.id, s.starts_at, s.ends_at, s.capacity, s.status,"
        f" {CONFIRMED_COUNT} AS confirmed, {_OPPORTUNITY_COLUMNS}"
        f" FROM shifts s JOIN opportunities o ON o.id = s.opportunity_id{_OPPORTUNITY_JOINS}"
        " WHERE s.id = :id"
    )
    row = await fetch_one(conn, sql, {"id": shift_id, "language": language})
    if row is None:
        return None
    return Shift(
        id=row["id"],
        starts_at=from_db(row["starts_at"]),
        ends_at=from_db(row["ends_at"]),
        capacity=row["capacity"],
        status=row["status"],
        confirmed=row["confirmed"],
        opportunity=_opportunity(row),
    )
