"""Giving up a place or a waitlist place, and the waitlist moving up: the rules.

Every change runs in one transaction (``BEGIN IMMEDIATE`` behind the database lock), the
caller's or its own, so places that come free and the count that fills them cannot interleave
with another person's sign-up (see :mod:`bot.services.signups`).

A party moves up whole (never split). When places come free, the waitlist moves up in order,
and a smaller party further down may pass a bigger one that does not fit yet (the bigger one
keeps its place in line): a free place is never left empty while someone on the waitlist fits in
it, which is also what a newcomer would do with it otherwise.

When a sign-up ends, its planned messages go (:mod:`bot.outbox.planning`); one promoted from the
waitlist gets its messages planned and a "promoted" notice due at once, in the same
transaction; the caller should kick the postman after the commit.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import aiosqlite

from bot.outbox import planning as plans
from bot.outbox.kinds import LATE_CANCELLATION, PROMOTED
from bot.outbox.timing import Rules
from bot.services import notices
from bot.services.signups import free_places
from bot.store import Database, outbox
from bot.store import browsing as catalogue_reads
from bot.store import signups as store

log = logging.getLogger(__name__)

# A confirmed place given up this close to the start is a late cancellation: the organisation's
# coordinators hear of it at once, and the roster and the figures count it.
LATE_NOTICE = timedelta(hours=48)


class CancelStatus(enum.StrEnum):
    CANCELLED = "cancelled"  # a confirmed place was given up
    LEFT_WAITLIST = "left_waitlist"
    ALREADY = "already"  # cancelled before: nothing changed
    TOO_LATE = "too_late"  # the shift has started; a resident cannot cancel any more
    NOT_FOUND = "not_found"  # unknown id, or not this resident's sign-up


@dataclass(frozen=True)
class CancelResult:
    status: CancelStatus
    signup_id: int
    shift_id: int | None = None
    promoted: list[int] = field(default_factory=list)  # sign-up ids moved up from the waitlist
    told: int = 0  # with a late cancellation: how many coordinators get a message


async def cancel(
    db: Database, *, signup_id: int, resident_id: int | None, now: datetime, rules: Rules
) -> CancelResult:
    """Give up a place or a waitlist place; the first on the waitlist moves up at once.

    ``resident_id`` None means a coordinator or the system does it (no ownership check, and a
    shift that has started may still be cancelled, without promoting anyone).
    """
    async with db.transaction() as conn:
        return await _cancel(
            conn, signup_id=signup_id, resident_id=resident_id, now=now, rules=rules
        )


async def cancel_within(
    conn: aiosqlite.Connection, *, signup_id: int, now: datetime, rules: Rules
) -> CancelResult:
    """:func:`cancel` as a coordinator does it, inside the caller's transaction (which checked
    that they may): the places free up and the waitlist moves up."""
    return await _cancel(conn, signup_id=signup_id, resident_id=None, now=now, rules=rules)


async def _cancel(
    conn: aiosqlite.Connection,
    *,
    signup_id: int,
    resident_id: int | None,
    now: datetime,
    rules: Rules,
) -> CancelResult:
    signup = await store.get(signup_id, conn=conn)
    if signup is None or (resident_id is not None and signup.resident_id != resident_id):
        return CancelResult(CancelStatus.NOT_FOUND, signup_id)
    if not signup.active:
        return CancelResult(CancelStatus.ALREADY, signup_id, signup.shift_id)
    shift = await catalogue_reads.shift(signup.shift_id, conn=conn)
    started = shift is None or shift.starts_at <= now
    if started and resident_id is not None:
        return CancelResult(CancelStatus.TOO_LATE, signup_id, signup.shift_id)
    await store.set_status(signup_id, "cancelled", now, conn=conn)
    await plans.signup_ended(conn, signup_id)
    log.info("sign-up %s (%s) cancelled", signup_id, signup.status)
    if signup.status == "waitlisted":
        return CancelResult(CancelStatus.LEFT_WAITLIST, signup_id, signup.shift_id)
    promoted = (
        []
        if started
        else await fill_from_waitlist(conn, shift_id=signup.shift_id, now=now, rules=rules)
    )
    return CancelResult(CancelStatus.CANCELLED, signup_id, signup.shift_id, promoted)


async def give_up(
    db: Database,
    *,
    signup_id: int,
    resident_id: int,
    now: datetime,
    rules: Rules,
    administrators: Iterable[int],
) -> CancelResult:
    """A resident gives up their place or waitlist place ("I can't come" under a reminder, or
    cancelling in /mine): :func:`cancel`, and when a confirmed place goes within
    :data:`LATE_NOTICE` of the start, the organisation's coordinators are told in the same
    transaction (the administrators only when the organisation has none). The caller kicks the
    postman when someone moved up or was told."""
    async with db.transaction() as conn:
        result = await _cancel(
            conn, signup_id=signup_id, resident_id=resident_id, now=now, rules=rules
        )
        if result.status is not CancelStatus.CANCELLED or result.shift_id is None:
            return result
        shift = await catalogue_reads.shift(result.shift_id, conn=conn)
        if shift is None or shift.starts_at - now > LATE_NOTICE:
            return result
        await store.mark_cancelled_late(signup_id, conn=conn)
        told = await notices.tell_coordinators(
            conn,
            shift.opportunity.organisation_id,
            administrators,
            kind=LATE_CANCELLATION,
            about=signup_id,
            payload={"signup_id": signup_id, "shift_id": shift.id, "promoted": result.promoted},
            now=now,
        )
    log.info(
        "sign-up %s cancelled late on shift %s; %s coordinators told",
        signup_id,
        shift.id,
        told,
    )
    return CancelResult(result.status, signup_id, result.shift_id, result.promoted, told=told)


async def fill_from_waitlist(
    conn: aiosqlite.Connection, *, shift_id: int, now: datetime, rules: Rules
) -> list[int]:
    """Move people up from the waitlist while places are free; each resident is told at once.

    A party moves up only whole; the first in line whose party fits goes first (see the module's
    note). Someone without Telegram (a guest) moves up the same way and is told nothing (the
    coordinator sees it in the roster). Runs inside the caller's transaction (also useful after
    a coordinator raises the capacity). Returns the promoted sign-up ids; the caller kicks the
    postman after the commit.
    """
    shift = await catalogue_reads.shift(shift_id, conn=conn)
    if shift is None or not shift.can_be_chosen(now):
        return []
    promoted: list[int] = []
    free = await free_places(conn, shift)
    while free > 0:
        waiting = await store.first_waitlisted(shift_id, most_places=free, conn=conn)
        if waiting is None:
            break
        await store.set_status(waiting.id, "confirmed", now, conn=conn)
        promoted.append(waiting.id)
        free -= waiting.places
        if waiting.resident_id is None:
            log.info("sign-up %s (a guest) moved up on shift %s", waiting.id, shift_id)
            continue
        await plans.signup_confirmed(conn, waiting.id, now, rules)
        await outbox.enqueue(
            conn,
            key=f"{PROMOTED}:{waiting.id}",
            kind=PROMOTED,
            recipient_id=waiting.resident_id,
            due_at=now,
            now=now,
            payload={"signup_id": waiting.id},
            signup_id=waiting.id,
        )
        log.info("sign-up %s promoted from the waitlist of shift %s", waiting.id, shift_id)
    return promoted


async def cancel_upcoming_within(
    conn: aiosqlite.Connection, *, resident_id: int, now: datetime, rules: Rules
) -> tuple[int, list[int]]:
    """Cancel every sign-up and waitlist place of this resident that has not started yet,
    inside the caller's transaction: how many went, and the sign-up ids promoted instead."""
    cancelled, promoted = 0, []
    for signup_id in await store.upcoming_active_ids(resident_id, now, conn=conn):
        result = await _cancel(
            conn, signup_id=signup_id, resident_id=resident_id, now=now, rules=rules
        )
        if result.status in (CancelStatus.CANCELLED, CancelStatus.LEFT_WAITLIST):
            cancelled += 1
        promoted.extend(result.promoted)
    return cancelled, promoted
