"""Signing up and the waitlist place, a place taken at the door, and what a resident has.

Every change runs in one ``db.transaction()`` (``BEGIN IMMEDIATE`` behind the database lock), so
the count that guards capacity and the write it allows cannot interleave with another person's:
20 taps for the last 3 places give exactly 3 confirmed sign-ups. The unique index on active
sign-ups is the second guard: nobody holds two for one shift.

Capacity counts places, not sign-ups: a resident who brings 2 people takes 3 places, and a
party is confirmed and waitlisted whole (never split); :func:`free_places` is the one count.
Giving a place up and the waitlist moving up are :mod:`bot.services.cancellations`.

When a sign-up becomes confirmed :mod:`bot.outbox.planning` plans its messages in the same
transaction.
"""

from __future__ import annotations

import enum
import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import aiosqlite

from bot.outbox import planning as plans
from bot.outbox.timing import Rules
from bot.store import Database
from bot.store import browsing as catalogue_reads
from bot.store import signups as store
from bot.store.signups import MySignUp

log = logging.getLogger(__name__)

__all__ = ["MySignUp"]


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
