"""Who a broadcast reaches: residents who consented, did not turn broadcasts off, and can be
reached, narrowed to an audience. One query per kind, all selecting resident ids in order."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, to_db
from bot.store.outbox import Recipients

# Everyone who may get a broadcast at all.
_BASE = (
    "SELECT r.id FROM residents r WHERE r.broadcasts_on = 1"
    " AND r.id NOT IN (SELECT recipient_id FROM unreachable)"
)


# Each audience is a query that stays in the database: a broadcast plans its rows from it in one
# statement (bot.store.broadcasts.plan), and the preview counts it there.
def everyone_query() -> Recipients:
    return Recipients(_BASE + " ORDER BY r.id")


def interested_query(category_id: int) -> Recipients:
    sql = _BASE + " AND r.id IN (SELECT resident_id FROM interests WHERE category_id = ?)"
    return Recipients(sql + " ORDER BY r.id", (category_id,))


def signed_up_query(opportunity_id: int, now: datetime) -> Recipients:
    """Signed up (or on the waitlist) for a shift that has not ended, or interested in the role."""
    sql = _BASE + (
        " AND r.id IN ("
        "  SELECT s.resident_id FROM signups s JOIN shifts h ON h.id = s.shift_id"
        "  WHERE h.opportunity_id = ? AND h.status = 'open' AND h.ends_at > ?"
        "  AND s.status IN ('confirmed', 'waitlisted')"
        "  UNION SELECT resident_id FROM role_interests WHERE opportunity_id = ?)"
    )
    return Recipients(sql + " ORDER BY r.id", (opportunity_id, to_db(now), opportunity_id))


def volunteered_query(organisation_id: int | None, since: datetime, now: datetime) -> Recipients:
    """Came to a shift (or were confirmed for one that has passed) between ``since`` and now."""
    sql = _BASE + (
        " AND r.id IN ("
        "  SELECT s.resident_id FROM signups s"
        "  JOIN shifts h ON h.id = s.shift_id"
        "  JOIN opportunities o ON o.id = h.opportunity_id"
        "  WHERE (? IS NULL OR o.organisation_id = ?)"
        "  AND h.status = 'open' AND h.starts_at >= ? AND h.ends_at <= ?"
        "  AND (s.attendance = 'came' OR (s.status = 'confirmed' AND s.attendance IS NULL)))"
    )
    args = (organisation_id, organisation_id, to_db(since), to_db(now))
    return Recipients(sql + " ORDER BY r.id", args)


def staff_query(administrators: Iterable[int]) -> Recipients:
    """Every coordinator and administrator of the network who can be reached (residents or not:
    they need not have news on)."""
    sql = (
        "SELECT s.id FROM (SELECT user_id AS id FROM coordinators"
        " UNION SELECT value FROM json_each(?)) s"
        " WHERE s.id NOT IN (SELECT recipient_id FROM unreachable)"
    )
    return Recipients(sql + " ORDER BY s.id", (json.dumps(sorted(set(administrators))),))


NOBODY = Recipients("SELECT 0 AS id WHERE 0")  # an audience that could not be read


def either(first: Recipients, second: Recipients) -> Recipients:
    """Everyone in one of two audiences, once."""
    sql = f"SELECT a.id FROM ({first.sql}) a UNION SELECT b.id FROM ({second.sql}) b ORDER BY 1"
    return Recipients(sql, (*first.args, *second.args))


async def count(query: Recipients, *, conn: aiosqlite.Connection) -> int:
    row = await fetch_one(conn, f"SELECT COUNT(*) FROM ({query.sql})", query.args)
    return int(row[0]) if row else 0


async def categories(*, conn: aiosqlite.Connection) -> list[tuple[int, str, int]]:
    """Each category with how many could be reached through it."""
    sql = (
        "SELECT c.id, c.name, COUNT(r.id) FROM categories c"
        " LEFT JOIN interests i ON i.category_id = c.id"
        " LEFT JOIN residents r ON r.id = i.resident_id AND r.broadcasts_on = 1"
        " GROUP BY c.id ORDER BY c.name COLLATE NOCASE, c.id"
    )
    return [(row[0], row[1], row[2]) for row in await fetch_all(conn, sql)]


async def opportunities(
    organisation_id: int | None, *, conn: aiosqlite.Connection, limit: int = 20
) -> list[tuple[int, str]]:
    """The open opportunities of an organisation (None: of all)."""
    sql = (
        "SELECT id, title FROM opportunities WHERE status = 'open'"
        " AND (? IS NULL OR organisation_id = ?) ORDER BY title COLLATE NOCASE, id LIMIT ?"
    )
    return [
        (row[0], row[1])
        for row in await fetch_all(conn, sql, (organisation_id, organisation_id, limit))
    ]


async def opportunity_organisation(
    opportunity_id: int, *, conn: aiosqlite.Connection
) -> int | None:
    sql = "SELECT organisation_id FROM opportunities WHERE id = ? AND status = 'open'"
    row = await fetch_one(conn, sql, (opportunity_id,))
    return int(row[0]) if row else None


async def category_name(category_id: int, *, conn: aiosqlite.Connection) -> str | None:
    row = await fetch_one(conn, "SELECT name FROM categories WHERE id = ?", (category_id,))
    return str(row[0]) if row else None


async def opportunity_title(opportunity_id: int, *, conn: aiosqlite.Connection) -> str | None:
    row = await fetch_one(conn, "SELECT title FROM opportunities WHERE id = ?", (opportunity_id,))
    return str(row[0]) if row else None
