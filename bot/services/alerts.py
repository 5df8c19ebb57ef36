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

    Safe to call twice: each resident hears of each opportunity once. Everyone is planned for
    together, a few set-based statements a day tried (today's bundle, and tomorrow's for those
    whose alert of today has gone), whatever the number of people.
    """
    found = await store.opportunity(opportunity_id, conn=conn)
    if found is None or found.status != "open":
        return 0
    people = store.not_told(found.category_id, found.organisation_id, opportunity_id, published_by)
    due = in_daytime(now + BUNDLE_DELAY, zone)
    waiting = people
    while await store.any_of(waiting, conn=conn):
        day = due.astimezone(zone).date().isoformat()
        # A bundle of that day that is pending and not due yet takes the opportunity too; who has
        # none gets one; whose bundle went out (or is due, so it may be on its way with what it
        # holds already) waits for the next morning's.
        await store.extend_bundles(waiting, day, opportunity_id, now, conn=conn)
        await outbox.enqueue_bulk(
            conn,
            waiting,
            key_prefix="alert:",
            key_suffix=f":{day}",
            kind=KIND,
            due_at=due,
            now=now,
            payload={"opportunities": [opportunity_id]},
        )
        waiting = store.not_waiting(waiting, day, now)
        due = _at(due.astimezone(zone).date() + timedelta(days=1), DAY_STARTS, zone)
    # Last: remembering them takes them out of ``people``.
    planned = await store.remember(people, opportunity_id, now, conn=conn)
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
