"""New-opportunity alerts: who likes a category, what each was told, the day's bundle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db
from bot.store.outbox import Recipients
from bot.store.translations import localised


@dataclass(frozen=True)
class Published:
    id: int
    organisation_id: int
    category_id: int
    status: str


async def opportunity(opportunity_id: int, *, conn: aiosqlite.Connection) -> Published | None:
    sql = "SELECT id, organisation_id, category_id, status FROM opportunities WHERE id = ?"
    row = await fetch_one(conn, sql, (opportunity_id,))
    if row is None:
        return None
    return Published(row["id"], row["organisation_id"], row["category_id"], row["status"])


def not_told(
    category_id: int,
    organisation_id: int,
    opportunity_id: int,
    published_by: int | None,
) -> Recipients:
    """Residents who like the category and have not heard of this opportunity yet; the
    organisation's own coordinators and whoever published it are left out."""
    sql = (
        "SELECT i.resident_id AS id FROM interests i"
        " WHERE i.category_id = ?"
        " AND i.resident_id NOT IN (SELECT user_id FROM coordinators WHERE organisation_id = ?)"
        " AND i.resident_id NOT IN (SELECT recipient_id FROM unreachable)"
        " AND i.resident_id IS NOT ?"
        " AND NOT EXISTS (SELECT 1 FROM alerts a"
        "   WHERE a.resident_id = i.resident_id AND a.opportunity_id = ?)"
        " ORDER BY i.resident_id"
    )
    return Recipients(sql, (category_id, organisation_id, published_by, opportunity_id))


def _day_key(day: str) -> str:
    """The key of a resident's (``q.id``) alert of a day, in SQL: ``alert:<resident>:<day>``."""
    return f"'alert:' || q.id || ':' || {day}"


async def extend_bundles(
    people: Recipients,
    day: str,
    opportunity_id: int,
    now: datetime,
    *,
    conn: aiosqlite.Connection,
) -> int:
    """Add the opportunity to these people's alert of ``day`` where it is pending and not due
    yet (and does not hold it already), in one statement; returns how many."""
    sql = (
        "UPDATE outbox SET payload = '{\"opportunities\": [' || COALESCE("
        "   (SELECT group_concat(value, ', ') FROM json_each(outbox.payload, '$.opportunities'))"
        "   || ', ', '') || ? || ']}'"
        f" WHERE key IN (SELECT {_day_key('?')} FROM ({people.sql}) q)"
        " AND status = 'pending' AND due_at > ?"
        " AND NOT EXISTS (SELECT 1 FROM json_each(outbox.payload, '$.opportunities')"
        "   WHERE value = ?)"
    )
    args = (opportunity_id, day, *people.args, to_db(now), opportunity_id)
    cursor = await conn.execute(sql, args)
    return cursor.rowcount


def not_waiting(people: Recipients, day: str, now: datetime) -> Recipients:
    """Of these people, those whose alert of ``day`` cannot take more: it went out or is due."""
    sql = (
        f"SELECT q.id FROM ({people.sql}) q WHERE NOT EXISTS (SELECT 1 FROM outbox o"
        f"  WHERE o.key = {_day_key('?')} AND o.status = 'pending' AND o.due_at > ?)"
    )
    return Recipients(sql, (*people.args, day, to_db(now)))


async def any_of(people: Recipients, *, conn: aiosqlite.Connection) -> bool:
    return await fetch_one(conn, f"SELECT 1 FROM ({people.sql}) LIMIT 1", people.args) is not None


async def remember(
    people: Recipients, opportunity_id: int, now: datetime, *, conn: aiosqlite.Connection
) -> int:
    """Note that these residents will hear of this opportunity, in one statement; how many."""
    cursor = await conn.execute(
        "INSERT INTO alerts (resident_id, opportunity_id, created_at)"
        f" SELECT q.id, ?, ? FROM ({people.sql}) q WHERE true ON CONFLICT DO NOTHING",
        (opportunity_id, to_db(now), *people.args),
    )
    return cursor.rowcount


@dataclass(frozen=True)
class Offer:
    id: int
    title: str
    organisation: str
    category: str
    next_start: datetime | None


async def open_offers(
    opportunity_ids: list[int],
    now: datetime,
    *,
    language: str | None = None,
    conn: aiosqlite.Connection,
) -> list[Offer]:
    """Of these opportunities, the ones still open, with their next shift (ongoing: none);
    titles in the reader's ``language`` where translated."""
    if not opportunity_ids:
        return []
    marks = ",".join("?" for _ in opportunity_ids)
    sql = (
        f"SELECT o.id, {localised('title', 'o', '?')} AS title, g.name AS organisation,"
        " c.name AS category, o.kind,"
        " (SELECT MIN(s.starts_at) FROM shifts s WHERE s.opportunity_id = o.id"
        "   AND s.status = 'open' AND s.starts_at > ?) AS next_start"
        " FROM opportunities o"
        " JOIN organisations g ON g.id = o.organisation_id"
        " JOIN categories c ON c.id = o.category_id"
        f" WHERE o.id IN ({marks}) AND o.status = 'open'"
        " ORDER BY o.id"
    )
    rows = await fetch_all(conn, sql, (language, to_db(now), *opportunity_ids))
    return [
        Offer(
            row["id"],
            row["title"],
            row["organisation"],
            row["category"],
            from_db(row["next_start"]) if row["next_start"] else None,
        )
        for row in rows
        if row["kind"] == "ongoing" or row["next_start"]
    ]
