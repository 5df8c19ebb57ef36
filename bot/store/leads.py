"""Leads: a resident's interest in an ongoing role and what the coordinators made of it.

One row of ``role_interests`` per person and role (0011_leads.sql): ``new``, ``contacted``,
``started`` (the resident volunteers in the role) or ``not_now``. Only roles that are still open
are listed anywhere; a lead goes with the person (ON DELETE CASCADE).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import and_in, fetch_all, fetch_one, from_db, to_db
from bot.store.translations import localised

NEW, CONTACTED, STARTED, NOT_NOW = "new", "contacted", "started", "not_now"
OPEN = (NEW, CONTACTED)  # what /leads shows: a coordinator still has to act


@dataclass(frozen=True)
class Lead:
    id: int
    resident_id: int
    first_name: str
    opportunity_id: int
    title: str
    organisation_id: int
    organisation: str
    status: str
    created_at: datetime
    changed_at: datetime | None
    reason: str | None


def _select(title: str = "o.title") -> str:
    return (
        f"SELECT i.id, i.resident_id, p.first_name, o.id AS opportunity_id, {title} AS title,"
        " o.organisation_id, g.name AS organisation, i.status, i.created_at, i.changed_at,"
        " i.reason FROM role_interests i"
        " JOIN residents p ON p.id = i.resident_id"
        " JOIN opportunities o ON o.id = i.opportunity_id"
        " JOIN organisations g ON g.id = o.organisation_id"
    )


_LEAD = _select()  # as coordinators read it: the original title
# As the resident who is interested reads it: the title in their language.
_OWN_LEAD = _select(localised("title", "o", "p.language"))


def _lead(row: aiosqlite.Row) -> Lead:
    return Lead(
        id=row["id"],
        resident_id=row["resident_id"],
        first_name=row["first_name"],
        opportunity_id=row["opportunity_id"],
        title=row["title"],
        organisation_id=row["organisation_id"],
        organisation=row["organisation"],
        status=row["status"],
        created_at=from_db(row["created_at"]),
        changed_at=from_db(row["changed_at"]) if row["changed_at"] else None,
        reason=row["reason"],
    )


async def get(lead_id: int, *, conn: aiosqlite.Connection) -> Lead | None:
    """The lead, whatever its status, if its role is still open."""
    row = await fetch_one(conn, f"{_LEAD} WHERE i.id = ? AND o.status = 'open'", (lead_id,))
    return _lead(row) if row else None


def _open_where(organisation_ids: Sequence[int] | None) -> tuple[str, list[object]]:
    scope, args = and_in("o.organisation_id", organisation_ids)
    return f" WHERE i.status IN ('new', 'contacted') AND o.status = 'open'{scope}", args


async def count_open(organisation_ids: Sequence[int] | None, *, conn: aiosqlite.Connection) -> int:
    """How many new and contacted leads these organisations have (None: all)."""
    where, args = _open_where(organisation_ids)
    sql = (
        "SELECT COUNT(*) FROM role_interests i JOIN opportunities o ON o.id = i.opportunity_id"
        + where
    )
    row = await fetch_one(conn, sql, args)
    return int(row[0]) if row else 0


async def open_leads(
    organisation_ids: Sequence[int] | None,
    *,
    offset: int,
    limit: int,
    conn: aiosqlite.Connection,
) -> list[Lead]:
    """New and contacted leads of these organisations (None: all), oldest first, a page."""
    where, args = _open_where(organisation_ids)
    sql = f"{_LEAD}{where} ORDER BY i.created_at, i.id LIMIT ? OFFSET ?"
    return [_lead(r) for r in await fetch_all(conn, sql, [*args, limit, offset])]


async def add(
    opportunity_id: int, resident_id: int, now: datetime, *, conn: aiosqlite.Connection
) -> int | None:
    """A new lead (the resident said "I am interested"): its id, or None when they said so
    before."""
    cursor = await conn.execute(
        "INSERT INTO role_interests (opportunity_id, resident_id, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (opportunity_id, resident_id, to_db(now)),
    )
    return cursor.lastrowid if cursor.rowcount == 1 else None


async def set_status(
    lead_id: int,
    status: str,
    *,
    now: datetime,
    by: int,
    reason: str | None,
    conn: aiosqlite.Connection,
) -> bool:
    """Mark a lead that is still open; False when it was not (or had this status already)."""
    cursor = await conn.execute(
        "UPDATE role_interests SET status = ?, changed_at = ?, changed_by = ?, reason = ?"
        " WHERE id = ? AND status IN ('new', 'contacted') AND status <> ?",
        (status, to_db(now), by, reason, lead_id, status),
    )
    return cursor.rowcount == 1


async def of_resident(resident_id: int, *, limit: int, conn: aiosqlite.Connection) -> list[Lead]:
    """The resident's leads in open roles: started roles first, then by when they came in."""
    sql = (
        f"{_OWN_LEAD} WHERE i.resident_id = ? AND o.status = 'open'"
        " ORDER BY i.status <> 'started', i.created_at, i.id LIMIT ?"
    )
    return [_lead(r) for r in await fetch_all(conn, sql, (resident_id, limit))]


async def withdraw(lead_id: int, resident_id: int, *, conn: aiosqlite.Connection) -> bool:
    """The resident takes back their interest (not a role they started in): the row goes."""
    cursor = await conn.execute(
        "DELETE FROM role_interests WHERE id = ? AND resident_id = ? AND status <> 'started'",
        (lead_id, resident_id),
    )
    return cursor.rowcount == 1


async def count_for_resident(resident_id: int, *, conn: aiosqlite.Connection) -> int:
    row = await fetch_one(
        conn, "SELECT COUNT(*) FROM role_interests WHERE resident_id = ?", (resident_id,)
    )
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class Waiting:
    lead_id: int
    organisation_id: int


async def left_new(before: datetime, *, conn: aiosqlite.Connection) -> list[Waiting]:
    """Leads still new since before ``before`` whose coordinators were not reminded yet."""
    sql = (
        "SELECT i.id, o.organisation_id FROM role_interests i"
        " JOIN opportunities o ON o.id = i.opportunity_id"
        " WHERE i.status = 'new' AND i.created_at <= ? AND i.reminded_at IS NULL"
        " AND o.status = 'open' ORDER BY o.organisation_id, i.created_at, i.id"
    )
    return [Waiting(r[0], r[1]) for r in await fetch_all(conn, sql, (to_db(before),))]


async def mark_reminded(
    lead_ids: Sequence[int], now: datetime, *, conn: aiosqlite.Connection
) -> None:
    await conn.executemany(
        "UPDATE role_interests SET reminded_at = ? WHERE id = ?",
        [(to_db(now), lead_id) for lead_id in lead_ids],
    )


async def still_new(lead_ids: Sequence[int], *, conn: aiosqlite.Connection) -> list[Lead]:
    """Of these leads, those still new (in open roles), oldest first."""
    if not lead_ids:
        return []
    marks = ",".join("?" * len(lead_ids))
    sql = (
        f"{_LEAD} WHERE i.id IN ({marks}) AND i.status = 'new' AND o.status = 'open'"
        " ORDER BY i.created_at, i.id"
    )
    return [_lead(r) for r in await fetch_all(conn, sql, list(lead_ids))]


async def volunteers_in_roles(
    organisation_ids: Sequence[int] | None, *, conn: aiosqlite.Connection
) -> int:
    """Different people who volunteer in an open ongoing role of these organisations now."""
    scope, args = and_in("o.organisation_id", organisation_ids)
    sql = (
        "SELECT COUNT(DISTINCT i.resident_id) FROM role_interests i"
        " JOIN opportunities o ON o.id = i.opportunity_id"
        f" WHERE i.status = 'started' AND o.status = 'open'{scope}"
    )
    row = await fetch_one(conn, sql, args)
    return int(row[0]) if row else 0
