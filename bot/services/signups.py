"""Signing up, the waitlist, cancelling, interest in ongoing roles: the rules.

Every change runs in one ``db.transaction()`` (``BEGIN IMMEDIATE`` behind the database lock), so
the count that guards capacity and the write it allows cannot interleave with another person's:
20 taps for the last 3 places give exactly 3 confirmed sign-ups. The unique index on active
sign-ups is the second guard: nobody holds two for one shift.

Capacity counts places, not sign-ups: a resident who brings 2 people takes 3 places, and a
party is confirmed, waitlisted and moved up whole (never split). When places come free, the
waitlist moves up in order, and a smaller party further down may pass a bigger one that does not
fit yet (the bigger one keeps its place in line): a free place is never left empty while someone
on the waitlist fits in it, which is also what a newcomer would do with it otherwise.

When a sign-up becomes confirmed (new, or promoted from the waitlist) :mod:`bot.outbox.planning`
plans its messages in the same transaction; when it ends, its planned messages go. A promotion
also plans a "promoted" notice due at once; the caller should kick the postman after the commit.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

import aiosqlite

from bot.outbox import planning as plans
from bot.outbox.kinds import LATE_CANCELLATION, PROMOTED, ROLE_INTEREST
from bot.outbox.timing import Rules
from bot.services import notices, poll_answers
from bot.store import Database, conversation_state, outbox, residents
from bot.store import browsing as catalogue_reads
from bot.store import signups as store
from bot.store.signups import MySignUp

log = logging.getLogger(__name__)

__all__ = ["MySignUp"]

# A confirmed place given up this close to the start is a late cancellation: the organisation's
# coordinators hear of it at once, and the roster and the figures count it.
LATE_NOTICE = timedelta(hours=48)


class SignUpStatus(enum.StrEnum):
    CONFIRMED = "confirmed"  # signed up now
    WAITLISTED = "waitlisted"  # put on the waitlist now
    ALREADY = "already"  # held a sign-up or waitlist place for this shift already; nothing changed
    FULL = "full"  # no place free: ask whether they want the waitlist (sign_up(waitlist=True))
    CLOSED = "closed"  # past, started, cancelled, closed or unknown shift


@dataclass(frozen=True)
class SignUpResult:
    status: SignUpStatus
    signup_id: int | None = None
    shift_id: int | None = None
    existing_status: str | None = None  # with ALREADY: 'confirmed' or 'waitlisted'
    waitlist_position: int | None = None  # with WAITLISTED, or ALREADY on the waitlist
    places: int = 1  # the places asked for (the person and who they bring)
    free: int = 0  # with FULL: the places that were still free (too few for the party)


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


class InterestStatus(enum.StrEnum):
    NEW = "new"
    ALREADY = "already"
    CLOSED = "closed"  # not an open ongoing role


@dataclass(frozen=True)
class InterestResult:
    status: InterestStatus
    interest_id: int | None = None
    notified: int = 0  # how many coordinators a message was planned for


@dataclass(frozen=True)
class Erasure:
    cancelled: int
    promoted: list[int]


# -- signing up ----------------------------------------------------------------------------------
async def sign_up(
    db: Database,
    *,
    shift_id: int,
    resident_id: int,
    now: datetime,
    rules: Rules,
    waitlist: bool = False,
    brought: int = 0,
) -> SignUpResult:
    """Take free places on a shift for the resident and the ``brought`` people they bring
    along (0-3), or (``waitlist=True``) a waitlist place for them all when too few are free.

    The resident must have consented (a residents row). A second tap returns ALREADY.
    """
    if not 0 <= brought <= store.MAX_BROUGHT:
        return SignUpResult(SignUpStatus.CLOSED, shift_id=shift_id)
    places = 1 + brought
    async with db.transaction() as conn:
        shift = await catalogue_reads.shift(shift_id, conn=conn)
        if shift is None or not shift.can_be_chosen(now):
            return SignUpResult(SignUpStatus.CLOSED, shift_id=shift_id)
        existing = await store.active_for(shift_id, resident_id, conn=conn)
        if existing is not None:
            return await _already(conn, existing)
        free = await free_places(conn, shift)
        if places <= free:
            status = "confirmed"
        elif waitlist:
            status = "waitlisted"
        else:
            return SignUpResult(
                SignUpStatus.FULL, shift_id=shift_id, places=places, free=max(free, 0)
            )
        try:
            signup_id = await store.add(
                shift_id, resident_id, status, now, places=places, conn=conn
            )
        except sqlite3.IntegrityError:
            # Only the unique index can say no here; the check above makes it rare.
            again = await store.active_for(shift_id, resident_id, conn=conn)
            if again is None:
                raise
            return await _already(conn, again)
        if status == "confirmed":
            await plans.signup_confirmed(conn, signup_id, now, rules)
            log.info(
                "sign-up %s: resident %s confirmed on shift %s (%s places)",
                signup_id,
                resident_id,
                shift_id,
                places,
            )
            return SignUpResult(SignUpStatus.CONFIRMED, signup_id, shift_id, places=places)
        added = await store.get(signup_id, conn=conn)
        assert added is not None
        position = await store.waitlist_position(added, conn=conn)
        log.info(
            "sign-up %s: resident %s waitlisted on shift %s (%s places)",
            signup_id,
            resident_id,
            shift_id,
            places,
        )
        return SignUpResult(
            SignUpStatus.WAITLISTED, signup_id, shift_id, waitlist_position=position, places=places
        )


class Places(Protocol):
    """What counting free places needs of a shift (the browsing and the managing row alike)."""

    @property
    def id(self) -> int: ...

    @property
    def capacity(self) -> int: ...


async def free_places(conn: aiosqlite.Connection, shift: Places) -> int:
    """Places free on the shift (a party takes several): the one count that sign-ups in the
    chat, at the door, from the waitlist and for people without a phone share."""
    return shift.capacity - await store.count_confirmed(shift.id, conn=conn)


async def _has_room(conn: aiosqlite.Connection, shift: catalogue_reads.Shift) -> bool:
    return await free_places(conn, shift) >= 1


async def walk_in(
    conn: aiosqlite.Connection,
    *,
    shift: catalogue_reads.Shift,
    resident_id: int,
    now: datetime,
    rules: Rules,
) -> SignUpResult:
    """A place taken at the door, inside the caller's transaction (which checked that the door
    is open: this works also once the shift has started). Never the waitlist: FULL when no
    place is free; a waitlist place moves up into a free place. ALREADY when signed up."""
    existing = await store.active_for(shift.id, resident_id, conn=conn)
    if existing is not None and existing.status == "confirmed":
        return await _already(conn, existing)
    if not await _has_room(conn, shift):
        return SignUpResult(SignUpStatus.FULL, shift_id=shift.id)
    if existing is not None:
        signup_id = existing.id
        await store.set_status(signup_id, "confirmed", now, conn=conn)
    else:
        signup_id = await store.add(shift.id, resident_id, "confirmed", now, conn=conn)
    await plans.signup_confirmed(conn, signup_id, now, rules)
    log.info("sign-up %s: resident %s walked in on shift %s", signup_id, resident_id, shift.id)
    return SignUpResult(SignUpStatus.CONFIRMED, signup_id, shift.id)


async def _already(conn: aiosqlite.Connection, existing: store.SignUp) -> SignUpResult:
    position = None
    if existing.status == "waitlisted":
        position = await store.waitlist_position(existing, conn=conn)
    return SignUpResult(
        SignUpStatus.ALREADY,
        existing.id,
        existing.shift_id,
        existing_status=existing.status,
        waitlist_position=position,
        places=existing.places,
    )


# -- cancelling and the waitlist -----------------------------------------------------------------
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


async def _cancel_upcoming(
    conn: aiosqlite.Connection, *, resident_id: int, now: datetime, rules: Rules
) -> tuple[int, list[int]]:
    cancelled, promoted = 0, []
    for signup_id in await store.upcoming_active_ids(resident_id, now, conn=conn):
        result = await _cancel(
            conn, signup_id=signup_id, resident_id=resident_id, now=now, rules=rules
        )
        if result.status in (CancelStatus.CANCELLED, CancelStatus.LEFT_WAITLIST):
            cancelled += 1
        promoted.extend(result.promoted)
    return cancelled, promoted


async def cancel_upcoming_for_resident(
    db: Database, *, resident_id: int, now: datetime, rules: Rules
) -> list[int]:
    """Cancel every sign-up and waitlist place of this resident that has not started yet.

    Returns the sign-up ids of the people promoted in their place.
    """
    async with db.transaction() as conn:
        _, promoted = await _cancel_upcoming(conn, resident_id=resident_id, now=now, rules=rules)
    return promoted


async def forget_resident(
    db: Database, *, resident_id: int, now: datetime, rules: Rules
) -> Erasure:
    """/delete: free their upcoming places, drop what was planned for them, erase the person.

    Their sign-ups stay as anonymous counts (``resident_id`` becomes NULL by the schema); the
    comments they wrote after a shift are erased, their scores stay as numbers; so do their
    answers to coordinators' polls (written answers go, a button or a score stays as an
    anonymous count); their leads, interests, "every time", questions with their answers, and
    the calls and alerts they got go with them (the schema deletes them); so do every message
    to them, sent or not, the record that they blocked the bot, and their conversations' state.
    """
    async with db.transaction() as conn:
        cancelled, promoted = await _cancel_upcoming(
            conn, resident_id=resident_id, now=now, rules=rules
        )
        await outbox.forget_recipient(conn, resident_id)
        await store.forget_comments(resident_id, conn=conn)
        await poll_answers.forget_person(conn, resident_id)
        await conversation_state.drop_conversations_of(resident_id, conn=conn)
        await residents.delete(resident_id, conn=conn)
    log.info("resident %s erased (%s sign-ups cancelled)", resident_id, cancelled)
    return Erasure(cancelled, promoted)


# -- ongoing roles -------------------------------------------------------------------------------
async def express_interest(
    db: Database,
    *,
    opportunity_id: int,
    resident_id: int,
    coordinator_ids: Iterable[int],
    now: datetime,
) -> InterestResult:
    """Interest in an ongoing role ("I am interested"): stored once as a lead
    (:mod:`bot.services.leads`); the coordinators are told through the outbox.

    Told are the organisation's own coordinators; the administrators (``coordinator_ids``) only
    when it has none.
    """
    async with db.transaction() as conn:
        opportunity = await catalogue_reads.opportunity(opportunity_id, conn=conn)
        if opportunity is None or not opportunity.ongoing or not opportunity.is_open:
            return InterestResult(InterestStatus.CLOSED)
        interest_id = await store.add_role_interest(opportunity_id, resident_id, now, conn=conn)
        if interest_id is None:
            return InterestResult(InterestStatus.ALREADY)
        notified = await notices.tell_coordinators(
            conn,
            opportunity.organisation_id,
            coordinator_ids,
            kind=ROLE_INTEREST,
            about=interest_id,
            payload={"interest_id": interest_id},
            now=now,
        )
    log.info(
        "resident %s interested in role %s (lead %s)", resident_id, opportunity_id, interest_id
    )
    return InterestResult(InterestStatus.NEW, interest_id, notified)


# -- what a resident has ---------------------------------------------------------------------------
async def upcoming_for_resident(
    db: Database, resident_id: int, now: datetime, *, limit: int
) -> list[store.MySignUp]:
    """Their places and waitlist places that have not started, soonest first."""
    async with db.read() as conn:
        return await store.upcoming_for_resident(resident_id, now, limit=limit, conn=conn)


async def cancellable(
    db: Database, signup_id: int, resident_id: int, now: datetime
) -> store.MySignUp | None:
    """Their own active sign-up for a shift that has not started; None for anything else."""
    async with db.read() as conn:
        item = await store.one_of_resident(signup_id, resident_id, conn=conn)
    if item is None or item.status not in store.ACTIVE or item.starts_at <= now:
        return None
    return item


async def count_for_resident(db: Database, resident_id: int, now: datetime) -> tuple[int, int]:
    """Their sign-ups still to come (what /mine lists) and earlier ones, for /delete."""
    async with db.read() as conn:
        return await store.count_for_resident(resident_id, now, conn=conn)
