"""The rows the figures are counted from: sign-ups with their shift, and residents' consent.

No names: a sign-up of someone who erased their data has no resident id but still counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db


@dataclass(frozen=True)
class SignUpRow:
    resident_id: int | None
    status: str
    created_at: datetime
    cancelled_at: datetime | None
    attendance: str | None
    starts_at: datetime
    ends_at: datetime
    category: str


async def signups(
    organisation_ids: frozenset[int] | None, *, conn: aiosqlite.Connection
) -> list[SignUpRow]:
    """Every sign-up for the organisations' shifts (None: all organisations), ever."""
    sql = (
        "SELECT s.resident_id, s.status, s.created_at, s.cancelled_at, s.attendance,"
        " h.starts_at, h.ends_at, c.name AS category"
        " FROM signups s JOIN shifts h ON h.id = s.shift_id"
        " JOIN opportunities o ON o.id = h.opportunity_id"
        " JOIN categories c ON c.id = o.category_id"
    )
    args: list[object] = []
    if organisation_ids is not None:
        sql += f" WHERE o.organisation_id IN ({','.join('?' for _ in organisation_ids) or 'NULL'})"
        args.extend(sorted(organisation_ids))
    rows = await fetch_all(conn, sql, args)
    return [
        SignUpRow(
            resident_id=row["resident_id"],
            status=row["status"],
            created_at=from_db(row["created_at"]),
            cancelled_at=from_db(row["cancelled_at"]) if row["cancelled_at"] else None,
            attendance=row["attendance"],
            starts_at=from_db(row["starts_at"]),
            ends_at=from_db(row["ends_at"]),
            category=row["category"],
        )
        for row in rows
    ]


async def residents(since: datetime, *, conn: aiosqlite.Connection) -> tuple[int, int]:
    """(residents who consented since then, residents with consent in all)."""
    sql = "SELECT COUNT(*), COALESCE(SUM(consented_at >= ?), 0) FROM residents"
    row = await fetch_one(conn, sql, (to_db(since),))
    assert row is not None
    return int(row[1]), int(row[0])
