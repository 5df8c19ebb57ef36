"""Recurring shifts: the dates of a weekly or fortnightly series, checked and stored.

A series is made once, with all its dates: "every Tuesday 14:00-16:00 from 12 January until
29 June" becomes one shift per Tuesday, each an ordinary shift that knows its series. So
sign-ups, reminders, the roster and the figures work per date as they always did, and a date the
coordinator removes is simply a cancelled shift. The times are wall-clock times in the
organisation's zone: 14:00 stays 14:00 across the change to summer time. A date whose time the
clocks skip (02:30 on the last Sunday of March) is left out.

Used by the import (``bot.catalogue``) and by /new (:mod:`bot.services.publishing`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from bot.clock import SkippedTime, local_to_utc
from bot.store import catalogue
from bot.store import series as store

# How a spreadsheet (and the chat) names the two rhythms.
EVERY_WEEKS = {"weekly": 1, "fortnightly": 2}
MAX_AHEAD = timedelta(days=366)  # a series may run until a year from now, not longer


@dataclass(frozen=True)
class Repeat:
    every_weeks: int  # 1 or 2
    until: date  # the last day a date may fall on (local)


def days(first: date, repeat: Repeat) -> list[date]:
    """The local days of a series, from ``first`` until ``repeat.until`` (both included)."""
    step = timedelta(weeks=repeat.every_weeks)
    found, day = [], first
    while day <= repeat.until:
        found.append(day)
        day += step
    return found


def problem(first: date, repeat: Repeat, today: date) -> str | None:
    """Why this series cannot be: 'until_before_first', 'until_too_far', 'every'; or None."""
    if repeat.every_weeks not in EVERY_WEEKS.values():
        return "every"
    if repeat.until < first:
        return "until_before_first"
    if repeat.until > today + MAX_AHEAD:
        return "until_too_far"
    return None


def moments(day: date, starts: str, ends: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """A date's start and end in UTC; raises SkippedTime when the clocks skip one of them."""

    def at(hhmm: str) -> datetime:
        hour, minute = (int(part) for part in hhmm.split(":"))
        return local_to_utc(datetime.combine(day, time(hour, minute)), zone)

    return at(starts), at(ends)


def dated(
    first: date, repeat: Repeat, starts: str, ends: str, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """Each date's start and end in UTC; a date whose time the clocks skip is left out."""
    found = []
    for day in days(first, repeat):
        with contextlib.suppress(SkippedTime):
            found.append(moments(day, starts, ends, zone))
    return found


@dataclass(frozen=True)
class Made:
    series_id: int
    new: bool
    shift_ids: list[int]  # every date of the series, new or there already
    added: int  # dates added now


async def create_in(
    conn: aiosqlite.Connection,
    *,
    opportunity_id: int,
    first_day: date,
    starts: str,
    ends: str,
    capacity: int,
    repeat: Repeat,
    zone: ZoneInfo,
    now: datetime,
) -> Made:
    """Store a series and its dates in the caller's transaction (idempotent: the same series
    again adds nothing). Dates that already exist as shifts of the opportunity join the series."""
    series_id, new = await store.add(
        opportunity_id=opportunity_id,
        every_weeks=repeat.every_weeks,
        first_day=first_day,
        until_day=repeat.until,
        starts=starts,
        ends=ends,
        capacity=capacity,
        now=now,
        conn=conn,
    )
    shift_ids, added = [], 0
    for starts_at, ends_at in dated(first_day, repeat, starts, ends, zone):
        if starts_at <= now:
            continue
        shift_id, is_new = await catalogue.shift(
            opportunity_id=opportunity_id,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            conn=conn,
        )
        await store.attach(shift_id, series_id, conn=conn)
        shift_ids.append(shift_id)
        added += is_new
    return Made(series_id, new, shift_ids, added)
