"""A series for residents and coordinators: "every week" in one tap, stopping it, and changing
all coming dates at once.

A standing sign-up ("every week") takes a place on each coming date with room and a waitlist
place where a date is full; each date is an ordinary sign-up, so it gets its own reminders and
can be cancelled alone in /mine. Stopping "every week" gives up every coming date at once.

A coordinator's change of the times or places applies to every coming date, and each person
signed up for any of them hears of it once (one message for the series, not one per date).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import aiosqlite

from bot.clock import SkippedTime
from bot.outbox import planning as plans
from bot.outbox.timing import Rules
from bot.services import cancellations, notices, signups
from bot.services.publishing import Invalid, managed_opportunity, parse_capacity
from bot.services.repeating import moments
from bot.services.roles import Role
from bot.services.signups import SignUpStatus
from bot.store import Database, managing
from bot.store import series as store
from bot.store.series import Date, Offered, SeriesRow, Standing

log = logging.getLogger(__name__)

__all__ = ["Date", "Offered", "SeriesRow", "Standing"]


@dataclass(frozen=True)
class Joined:
    """What "every week" did: the dates with a place, and those on the waitlist."""

    series_id: int
    title: str
    places: list[datetime] = field(default_factory=list)
    waitlisted: list[datetime] = field(default_factory=list)
    already: bool = False  # the resident had "every week" on this series before


async def of_opportunity(db: Database, opportunity_id: int) -> list[SeriesRow]:
    async with db.read() as conn:
        return await store.of_opportunity(opportunity_id, conn=conn)


async def coming_dates(db: Database, series_id: int, now: datetime) -> list[Date]:
    async with db.read() as conn:
        return await store.coming(series_id, now, conn=conn)


async def join(
    db: Database, *, series_id: int, resident_id: int, now: datetime, rules: Rules, language: str
) -> Joined | None:
    """Sign up for every coming date; None when the series has no coming date (or is gone).

    The wish is stored first, then each date in its own short transaction (residents' taps go
    in between); a date held already stays as it is. Tapping again fills what a crash left."""
    async with db.transaction() as conn:
        found = await store.get(series_id, language=language, conn=conn)
        dates = await store.coming(series_id, now, conn=conn) if found else []
        if found is None or not dates:
            return None
        opportunity = await managing.opportunity(found.opportunity_id, conn=conn)
        if opportunity is None or opportunity.status != "open":
            return None
        new = await store.add_standing(series_id, resident_id, now, conn=conn)
    joined = Joined(series_id, found.title, already=not new)
    for one in dates:
        result = await signups.sign_up(
            db, shift_id=one.shift_id, resident_id=resident_id, now=now, rules=rules, waitlist=True
        )
        status = result.existing_status if result.status is SignUpStatus.ALREADY else result.status
        if status == SignUpStatus.CONFIRMED:
            joined.places.append(one.starts_at)
        elif status == SignUpStatus.WAITLISTED:
            joined.waitlisted.append(one.starts_at)
    log.info(
        "resident %s every week on series %s: %s places, %s waitlisted",
        resident_id,
        series_id,
        len(joined.places),
        len(joined.waitlisted),
    )
    return joined


async def leave(
    db: Database, *, series_id: int, resident_id: int, now: datetime, rules: Rules
) -> int:
    """Stop "every week": every coming date of the series is given up; returns how many."""
    async with db.read() as conn:
        signup_ids = await store.active_signups(series_id, resident_id, now, conn=conn)
    given_up = 0
    for signup_id in signup_ids:
        result = await cancellations.cancel(
            db, signup_id=signup_id, resident_id=resident_id, now=now, rules=rules
        )
        given_up += result.status in (
            cancellations.CancelStatus.CANCELLED,
            cancellations.CancelStatus.LEFT_WAITLIST,
        )
    async with db.transaction() as conn:
        await store.remove_standing(series_id, resident_id, conn=conn)
    log.info("resident %s left series %s: %s dates given up", resident_id, series_id, given_up)
    return given_up


async def of_shift(db: Database, shift_id: int) -> int | None:
    """The series a shift is a date of, if any."""
    async with db.read() as conn:
        return await store.of_shift(shift_id, conn=conn)


async def standing_of(db: Database, resident_id: int) -> list[Standing]:
    async with db.read() as conn:
        return await store.standing_of(resident_id, conn=conn)


async def is_standing(db: Database, series_id: int, resident_id: int) -> bool:
    async with db.read() as conn:
        return await store.is_standing(series_id, resident_id, conn=conn)


# -- the coordinator -------------------------------------------------------------------------------
async def managed(db: Database, role: Role, series_id: int, *, action: str) -> SeriesRow:
    async with db.read() as conn:
        found = await store.get(series_id, conn=conn)
        if found is None:
            raise Invalid("missing")
        await managed_opportunity(conn, role, found.opportunity_id, action)
    return found


@dataclass(frozen=True)
class Changed:
    dates: int  # coming dates changed
    told: int  # people told (once each)
    promoted: list[int] = field(default_factory=list)


async def change(
    db: Database,
    role: Role,
    series_id: int,
    *,
    now: datetime,
    rules: Rules,
    zone: ZoneInfo,
    starts: str | None = None,
    ends: str | None = None,
    capacity: int | None = None,
) -> Changed:
    """New times or places for every coming date, in one transaction; each person on any of
    them is told once. Fewer places than are taken on some date is refused (Invalid('fewer'))."""
    if capacity is not None and parse_capacity(str(capacity)) is None:
        raise Invalid("capacity")
    async with db.transaction() as conn:
        found = await store.get(series_id, conn=conn)
        if found is None:
            raise Invalid("missing")
        await managed_opportunity(conn, role, found.opportunity_id, "edit_series")
        new_starts, new_ends = starts or found.starts, ends or found.ends
        new_capacity = capacity or found.capacity
        dates = await store.coming(series_id, now, conn=conn)
        if not dates:
            raise Invalid("closed")
        plan: list[tuple[Date, datetime, datetime]] = []
        for one in dates:
            day = one.starts_at.astimezone(zone).date()
            try:
                starts_at, ends_at = moments(day, new_starts, new_ends, zone)
            except SkippedTime:
                raise Invalid("skipped_hour") from None
            if ends_at <= starts_at:
                raise Invalid("end_before_start")
            if starts_at <= now:
                raise Invalid("past")
            plan.append((one, starts_at, ends_at))
        if new_capacity < found.capacity:
            for one in dates:
                taken = await _taken(conn, one.shift_id)
                if new_capacity < taken:
                    raise Invalid("fewer")
        people = await store.people_on(series_id, now, conn=conn)
        promoted: list[int] = []
        for one, starts_at, ends_at in plan:
            if (starts_at, ends_at) != (one.starts_at, one.ends_at):
                await managing.move_shift(one.shift_id, starts_at, ends_at, conn=conn)
                await plans.shift_moved(conn, one.shift_id, now, rules)
            if new_capacity != one.capacity:
                await managing.set_capacity(one.shift_id, new_capacity, conn=conn)
            if new_capacity > one.capacity:
                promoted += await cancellations.fill_from_waitlist(
                    conn, shift_id=one.shift_id, now=now, rules=rules
                )
        await store.update(
            series_id, starts=new_starts, ends=new_ends, capacity=new_capacity, conn=conn
        )
        moved = (new_starts, new_ends) != (found.starts, found.ends)
        if moved:
            old = f"{found.starts}-{found.ends}"
            await notices.plan_series_changed(conn, series_id, people, old, now)
    told = len(people) if moved else 0
    log.info(
        "user %s changed series %s: %s dates, %s people told",
        role.user_id,
        series_id,
        len(plan),
        told,
    )
    return Changed(len(plan), told, promoted)


async def _taken(conn: aiosqlite.Connection, shift_id: int) -> int:
    """Places taken on a date (confirmed sign-ups)."""
    found = await managing.shift(shift_id, conn=conn)
    return found.confirmed if found is not None else 0


async def offered(db: Database, opportunity_id: int, now: datetime) -> list[Offered]:
    """The series of an opportunity a resident can still join."""
    async with db.read() as conn:
        return await store.offered(opportunity_id, now, conn=conn)


async def one_offered(
    db: Database, series_id: int, now: datetime, *, language: str
) -> Offered | None:
    """One series a resident can still join; its title in their ``language`` where translated."""
    async with db.read() as conn:
        found = await store.get(series_id, conn=conn)
        if found is None:
            return None
        opportunity = await managing.opportunity(found.opportunity_id, conn=conn)
        if opportunity is None or opportunity.status != "open":
            return None
        return next(
            (
                o
                for o in await store.offered(
                    found.opportunity_id, now, language=language, conn=conn
                )
                if o.series.id == series_id
            ),
            None,
        )
