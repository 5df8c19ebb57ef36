"""What posters read: the coming one-off dates of an opportunity, and what is open to print.

"Open" is what residents can find (:data:`bot.store.browsing.OPEN_OPPORTUNITY`), so a poster is
never made for something the QR code would show as gone. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.browsing import OPEN_OPPORTUNITY
from bot.store.database import fetch_all, fetch_one, from_db, to_db

_COMING = "s.status = 'open' AND s.starts_at > :now"


@dataclass(frozen=True)
class Dates:
    """The first coming dates that are not part of a series, and how many there are."""

    first: list[tuple[datetime, datetime]]
    total: int


async def one_off_dates(
    opportunity_id: int, now: datetime, *, limit: int, conn: aiosqlite.Connection
) -> Dates:
    """Coming open shifts outside any series (a series is told by its rhythm), soonest first."""
    where = f"s.opportunity_id = :opp AND s.series_id IS NULL AND {_COMING}"
    args = {"opp": opportunity_id, "now": to_db(now), "limit": limit}
    rows = await fetch_all(
        conn,
        f"SELECT s.starts_at, s.ends_at FROM shifts s WHERE {where}"
        " ORDER BY s.starts_at, s.id LIMIT :limit",
        args,
    )
    total = await fetch_one(conn, f"SELECT COUNT(*) FROM shifts s WHERE {where}", args)
    return Dates([(from_db(r[0]), from_db(r[1])) for r in rows], int(total[0]) if total else 0)


async def open_opportunities(now: datetime, *, conn: aiosqlite.Connection) -> list[int]:
    """The ids of everything residents can find now, oldest first."""
    sql = f"SELECT o.id FROM opportunities o WHERE {OPEN_OPPORTUNITY} ORDER BY o.id"
    return [int(r[0]) for r in await fetch_all(conn, sql, {"now": to_db(now)})]


async def is_open(opportunity_id: int, now: datetime, *, conn: aiosqlite.Connection) -> bool:
    sql = f"SELECT 1 FROM opportunities o WHERE o.id = :opp AND {OPEN_OPPORTUNITY}"
    return await fetch_one(conn, sql, {"opp": opportunity_id, "now": to_db(now)}) is not None
