"""New opportunities for the people who like their category: at most one alert a day, bundled.

The coordinator flow calls :func:`opportunity_published` inside the transaction that publishes
an opportunity. Each interested resident gets one outbox row per local day, keyed
``alert:<resident>:<YYYY-MM-DD>``; more opportunities published before it goes out join the same
message, and once today's alert has gone, the next waits for tomorrow morning. Alerts follow a
resident's interests (choosing none stops them); the organisation's own coordinators get none.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.outbox.kinds import ALERT as KIND
from bot.store import alerts as store
from bot.store import outbox

log = logging.getLogger(__name__)

# Opportunities published close together travel in one message: wait this long before sending.
BUNDLE_DELAY = timedelta(minutes=30)
# Alerts are not urgent: they go out in the day, never in the evening or at night.
DAY_STARTS = time(9, 0)
DAY_ENDS = time(20, 0)


async def opportunity_published(
    conn: aiosqlite.Connection,
    opportunity_id: int,
    now: datetime,
    *,
    published_by: int | None = None,
    zone: ZoneInfo,
) -> int:
    """Plan alerts for a newly published (open) opportunity; returns how many people get one.

    Safe to call twice: each resident hears of each opportunity once.
    """
    found = await store.opportunity(opportunity_id, conn=conn)
    if found is None or found.status != "open":
        return 0
    planned = 0
    for resident_id in await store.interested(found.category_id, found.organisation_id, conn=conn):
        if resident_id == published_by:
            continue
        if not await store.remember(resident_id, opportunity_id, now, conn=conn):
            continue
        await _plan(conn, resident_id, opportunity_id, now, zone)
        planned += 1
    log.info("opportunity %s published: %s alerts planned", opportunity_id, planned)
    return planned


def alert_key(resident_id: int, due: datetime, zone: ZoneInfo) -> str:
    return f"alert:{resident_id}:{due.astimezone(zone).date().isoformat()}"


def in_daytime(moment: datetime, zone: ZoneInfo) -> datetime:
    """The moment itself if it falls in the day, else the start of the next day window."""
    local = moment.astimezone(zone)
    if local.time() < DAY_STARTS:
        return _at(local.date(), DAY_STARTS, zone)
    if local.time() >= DAY_ENDS:
        return _at(local.date() + timedelta(days=1), DAY_STARTS, zone)
    return moment


def _at(day: date, moment: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=zone)


async def _plan(
    conn: aiosqlite.Connection,
    resident_id: int,
    opportunity_id: int,
    now: datetime,
    zone: ZoneInfo,
) -> None:
    due = in_daytime(now + BUNDLE_DELAY, zone)
    while True:
        key = alert_key(resident_id, due, zone)
        found = await store.bundle(key, conn=conn)
        if found is None:
            await outbox.enqueue(
                conn,
                key=key,
                kind=KIND,
                recipient_id=resident_id,
                due_at=due,
                now=now,
                payload={"opportunities": [opportunity_id]},
            )
            return
        if found.status == "pending" and found.due_at > now:
            if opportunity_id not in found.opportunity_ids:
                await store.extend_bundle(key, [*found.opportunity_ids, opportunity_id], conn=conn)
            return
        # That day's alert has gone out (or is due, so it may be on its way with what it holds
        # already): the next one waits for the next morning.
        due = _at(due.astimezone(zone).date() + timedelta(days=1), DAY_STARTS, zone)
