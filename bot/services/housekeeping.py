"""Housekeeping: the outbox keeps what is waiting and forgets what went out long ago.

Rows that went out, were dropped or failed stay ``OUTBOX_KEEP_DAYS`` (they show what happened,
and a re-plan must not send again what went out recently); after that they only take room. What
outlives them is elsewhere: a broadcast's tally is on its own row (kept by triggers), the figures
count sign-ups and residents, and who was called or alerted is in ``calls`` and ``alerts``.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from bot.store import Database, outbox

log = logging.getLogger(__name__)


async def prune_outbox(db: Database, now: datetime, keep_days: int, batch: int = 1000) -> int:
    """Remove outbox rows that are done with and were due more than ``keep_days`` ago, ``batch``
    at a time, each in a short transaction of its own so residents never wait long; returns how
    many were removed. The daily job calls this."""
    if keep_days < 1 or batch < 1:
        raise ValueError("keep_days and batch must be at least 1")
    before = now - timedelta(days=keep_days)
    removed = 0
    while True:
        async with db.transaction() as conn:
            gone = await outbox.prune(conn, before, batch)
        removed += gone
        if gone < batch:
            break
        await asyncio.sleep(0)  # let whoever waits for the database go first
    if removed:
        log.info("outbox: %s rows older than %s days removed", removed, keep_days)
    return removed
