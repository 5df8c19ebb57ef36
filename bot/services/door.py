"""Check-in at the door: a QR code per shift that volunteers scan when they arrive.

The code holds the link ``https://t.me/<bot>?start=chk_<token>``; the token is random
(``secrets``), one per shift, made when a coordinator first asks for it and reused after, so it
cannot be guessed from the shift's number (the shift's own code is what a coordinator prints).
The door is open from :data:`EARLY` before the start until the end of an open shift. Whoever
scans it then:

* signed up for the shift: marked *came* (by the door; a coordinator can still change it), and
  their reminders go;
* anyone else, while a place is free: signed up through :func:`bot.services.signups.walk_in`
  (the same capacity count as any sign-up; the thank-you is planned) and marked *came*;
* anything else (outside the window, full, cancelled, an unknown code, checked in already, or
  marked "did not come" by a coordinator): an outcome to explain, and nothing changes.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot.outbox import planning as plans
from bot.outbox.timing import Rules
from bot.services import path, signups
from bot.services.publishing import Invalid, managed_shift
from bot.services.roles import Role
from bot.store import Database, followups
from bot.store import browsing as catalogue_reads
from bot.store import door as store
from bot.store import signups as signup_store
from bot.store.browsing import Shift
from bot.store.followups import BY_DOOR, CAME, NO_SHOW, outranks

log = logging.getLogger(__name__)

PREFIX = "chk_"
EARLY = timedelta(minutes=30)  # the door opens this long before the start
# secrets.token_urlsafe(12): 16 characters of A-Za-z0-9_-, 96 random bits; short enough for a
# callback argument (the consent button carries it) and for Telegram's 64-character start.
TOKEN_BYTES = 12
DEEP_LINK = re.compile(r"^chk_([A-Za-z0-9_-]{1,60})$")


class Outcome(StrEnum):
    CHECKED_IN = "checked_in"  # signed up before, now marked came
    WALKED_IN = "walked_in"  # signed up now, and marked came
    ALREADY = "already"  # checked in (or marked came) before: nothing changed
    NOTED = "noted"  # a coordinator marked "did not come" already: nothing changed
    OPEN = "open"  # (looking only) the door is open: scanning would check in
    TOO_EARLY = "too_early"
    ENDED = "ended"
    FULL = "full"
    CLOSED = "closed"  # the opportunity takes no new sign-ups
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"  # a forged or mistyped code


CHANGED = frozenset({Outcome.CHECKED_IN, Outcome.WALKED_IN})


@dataclass(frozen=True)
class Visit:
    outcome: Outcome
    shift: Shift | None = None
    signup_id: int | None = None

    @property
    def opens_at(self) -> datetime | None:
        return self.shift.starts_at - EARLY if self.shift else None


@dataclass(frozen=True)
class Code:
    token: str
    shift_id: int
    title: str
    starts_at: datetime
    ends_at: datetime


def link(bot_username: str, token: str) -> str:
    """The deep link a code holds (the start parameter: ``chk_`` and 16 characters)."""
    return f"https://t.me/{bot_username}?start={PREFIX}{token}"


def token_in(start_parameter: str | None) -> str | None:
    """The token of a ``chk_<token>`` start parameter; None when it cannot be one."""
    match = DEEP_LINK.match(start_parameter or "")
    return match.group(1) if match else None


async def code(db: Database, role: Role, shift_id: int, now: datetime) -> Code:
    """The shift's check-in code (made now if it has none) for a coordinator of its organisation;
    not for a cancelled shift or one that has ended."""
    async with db.transaction() as conn:
        shift = await managed_shift(conn, role, shift_id, "check_in_code")
        if shift.status != "open" or shift.ends_at <= now:
            raise Invalid("closed")
        token = await store.token_of(shift_id, conn=conn)
        if token is None:
            token = secrets.token_urlsafe(TOKEN_BYTES)
            await store.add(shift_id, token, now, conn=conn)
            log.info("user %s made the check-in code of shift %s", role.user_id, shift_id)
    return Code(token, shift_id, shift.title, shift.starts_at, shift.ends_at)


def _door(shift: Shift | None, now: datetime) -> Outcome:
    """Whether the door of this shift is open now (OPEN), and if not, why."""
    if shift is None:
        return Outcome.UNKNOWN
    if shift.status != "open" or shift.opportunity.status == "cancelled":
        return Outcome.CANCELLED
    if now < shift.starts_at - EARLY:
        return Outcome.TOO_EARLY
    if now >= shift.ends_at:
        return Outcome.ENDED
    return Outcome.OPEN


async def _shift(conn: aiosqlite.Connection, token: str, language: str | None) -> Shift | None:
    """The shift a code is for, its title in the reader's language; None for a forged code."""
    shift_id = await store.shift_of(token, conn=conn)
    return await catalogue_reads.shift(shift_id, language=language, conn=conn) if shift_id else None


async def look(db: Database, token: str, now: datetime, *, language: str) -> Visit:
    """What scanning would meet now, changing nothing (before a new person's consent)."""
    async with db.read() as conn:
        shift = await _shift(conn, token, language)
    door = _door(shift, now)
    if door is Outcome.OPEN and shift is not None:  # someone new could only walk in
        if not shift.opportunity.is_open:
            door = Outcome.CLOSED
        elif shift.free == 0:
            door = Outcome.FULL
    return Visit(door, shift)


async def check_in(
    db: Database, *, token: str, resident_id: int, now: datetime, rules: Rules, language: str
) -> Visit:
    """A resident scanned the code: checked in, walked in, or why not (nothing changed)."""
    async with db.transaction() as conn:
        shift = await _shift(conn, token, language)
        door = _door(shift, now)
        if door is not Outcome.OPEN or shift is None:
            visit = Visit(door, shift)
        else:
            visit = await _come_in(conn, shift, resident_id, now, rules)
    log.info(
        "check-in by resident %s: %s (shift %s, sign-up %s)",
        resident_id,
        visit.outcome.value,
        visit.shift.id if visit.shift else None,
        visit.signup_id,
    )
    return visit


async def _come_in(
    conn: aiosqlite.Connection, shift: Shift, resident_id: int, now: datetime, rules: Rules
) -> Visit:
    if not shift.opportunity.is_open:  # closed for new sign-ups: only those signed up come in
        existing = await signup_store.active_for(shift.id, resident_id, conn=conn)
        if existing is None or existing.status != "confirmed":
            return Visit(Outcome.CLOSED, shift)
    result = await signups.walk_in(conn, shift=shift, resident_id=resident_id, now=now, rules=rules)
    if result.status is signups.SignUpStatus.FULL:
        return Visit(Outcome.FULL, shift)
    walked_in = result.status is signups.SignUpStatus.CONFIRMED
    assert result.signup_id is not None
    info = await followups.followup(result.signup_id, conn=conn)
    assert info is not None
    if info.attendance == CAME:
        return Visit(Outcome.ALREADY, shift, result.signup_id)
    if info.attendance == NO_SHOW and not outranks(BY_DOOR, info.attendance_by):
        return Visit(Outcome.NOTED, shift, result.signup_id)
    await followups.set_attendance(result.signup_id, CAME, now, by=BY_DOOR, conn=conn)
    await plans.checked_in(conn, result.signup_id)
    await path.attendance_marked(conn, signup_id=result.signup_id, now=now, rules=rules)
    return Visit(Outcome.WALKED_IN if walked_in else Outcome.CHECKED_IN, shift, result.signup_id)
