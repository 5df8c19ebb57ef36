"""New-opportunity alerts: who likes a category, what each was told, the day's bundle."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db


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


async def interested(
    category_id: int, organisation_id: int, *, conn: aiosqlite.Connection
) -> list[int]:
    """Residents who like the category; the organisation's own coordinators are left out."""
    sql = (
        "SELECT i.resident_id FROM interests i"
        " WHERE i.category_id = ?"
        " AND i.resident_id NOT IN (SELECT user_id FROM coordinators WHERE organisation_id = ?)"
        " AND i.resident_id NOT IN (SELECT recipient_id FROM unreachable)"
        " ORDER BY i.resident_id"
    )
    return [row[0] for row in await fetch_all(conn, sql, (category_id, organisation_id))]


async def remember(
    resident_id: int, opportunity_id: int, now: datetime, *, conn: aiosqlite.Connection
) -> bool:
    """Note that this resident will hear of this opportunity; False if they already did."""
    cursor = await conn.execute(
        "INSERT INTO alerts (resident_id, opportunity_id, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (resident_id, opportunity_id, to_db(now)),
    )
    return cursor.rowcount == 1


@dataclass(frozen=True)
class Bundle:
    status: str
    due_at: datetime
    opportunity_ids: list[int]


async def bundle(key: str, *, conn: aiosqlite.Connection) -> Bundle | None:
    """The alert message planned under this key (one a day per person), if any."""
    sql = "SELECT status, due_at, payload FROM outbox WHERE key = ?"
    row = await fetch_one(conn, sql, (key,))
    if row is None:
        return None
    ids = json.loads(row["payload"]).get("opportunities", [])
    return Bundle(row["status"], from_db(row["due_at"]), [int(i) for i in ids])


async def extend_bundle(
    key: str, opportunity_ids: list[int], *, conn: aiosqlite.Connection
) -> bool:
    """Add opportunities to a bundle that has not gone out yet."""
    cursor = await conn.execute(
        "UPDATE outbox SET payload = ? WHERE key = ? AND status = 'pending'",
        (json.dumps({"opportunities": opportunity_ids}), key),
    )
    return cursor.rowcount == 1


@dataclass(frozen=True)
class Offer:
    id: int
    title: str
    organisation: str
    category: str
    next_start: datetime | None


async def open_offers(
    opportunity_ids: list[int], now: datetime, *, conn: aiosqlite.Connection
) -> list[Offer]:
    """Of these opportunities, the ones still open, with their next shift (ongoing: none)."""
    if not opportunity_ids:
        return []
    marks = ",".join("?" for _ in opportunity_ids)
    sql = (
        "SELECT o.id, o.title, g.name AS organisation, c.name AS category, o.kind,"
        " (SELECT MIN(s.starts_at) FROM shifts s WHERE s.opportunity_id = o.id"
        "   AND s.status = 'open' AND s.starts_at > ?) AS next_start"
        " FROM opportunities o"
        " JOIN organisations g ON g.id = o.organisation_id"
        " JOIN categories c ON c.id = o.category_id"
        f" WHERE o.id IN ({marks}) AND o.status = 'open'"
        " ORDER BY o.id"
    )
    rows = await fetch_all(conn, sql, (to_db(now), *opportunity_ids))
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
