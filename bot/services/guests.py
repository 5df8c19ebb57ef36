"""People without a phone: a coordinator signs them up for a shift from the roster.

A guest has a first name and, for the coordinator's own use, perhaps a phone number; they belong
to the shift's organisation. They take a place like anyone (capacity and waitlist included: when
the shift is full they go on the waitlist) and move up like anyone, but they get no messages:
nothing is planned for them (``plans.signup_confirmed`` plans only for residents), and audiences,
calls for help and alerts are drawn from residents only.

Only the coordinators of the shift's organisation (and administrators) may add, take off or
erase a guest; anyone else's forged button raises :class:`NotAllowed` and changes nothing.
Erasing frees their coming places (the waitlist moves up) and deletes the name and phone; their
sign-ups stay as anonymous counts, as when a resident erases their data.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from bot.outbox.timing import Rules
from bot.services import cancellations, signups
from bot.services.publishing import Invalid, managed_shift, require
from bot.services.residents import MAX_FIRST_NAME
from bot.services.roles import Role
from bot.store import Database
from bot.store import guests as store
from bot.store import series as series_store
from bot.store import signups as signup_rows
from bot.store.guests import Guest, GuestPlace
from bot.store.managing import ShiftRow

log = logging.getLogger(__name__)

__all__ = ["Added", "Erased", "Guest", "GuestPlace", "GuestStatus", "Removed"]

MAX_NAME = MAX_FIRST_NAME  # as long as a first name in Telegram
# A phone number as people write it: digits with spaces, dashes, dots, brackets, a leading +.
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{4,22}[0-9]$")
_PHONE_DIGITS = (6, 15)


class GuestStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"


@dataclass(frozen=True)
class Added:
    status: GuestStatus
    signup_id: int
    guest_id: int
    shift_id: int
    waitlist_position: int | None = None
    dates: int = 1  # with every_date: the coming dates of the series they were put on
    waitlisted_dates: int = 0  # ... of which on the waitlist (full then)


@dataclass(frozen=True)
class Removed:
    shift_id: int
    name: str
    promoted: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Erased:
    shift_id: int
    name: str
    cancelled: int
    promoted: list[int] = field(default_factory=list)


# -- what the coordinator types ------------------------------------------------------------------
def clean_name(text: str) -> str:
    """A first name on one line, at most :data:`MAX_NAME` characters; raises Invalid."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise Invalid("empty")
    if len(cleaned) > MAX_NAME:
        raise Invalid("name_too_long")
    return cleaned


def clean_phone(text: str) -> str:
    """A phone number as typed (spaces tidied); raises Invalid('phone') for anything else."""
    cleaned = " ".join((text or "").split())
    digits = sum(c.isdigit() for c in cleaned)
    if not _PHONE.match(cleaned) or not _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]:
        raise Invalid("phone")
    return cleaned


# -- adding --------------------------------------------------------------------------------------
async def _open_shift(
    conn: aiosqlite.Connection, role: Role, shift_id: int, now: datetime
) -> ShiftRow:
    shift = await managed_shift(conn, role, shift_id, "add_guest")
    if shift.status != "open":
        raise Invalid("closed")
    if shift.starts_at <= now:
        raise Invalid("guest_started")
    return shift


async def shift_for_guest(db: Database, role: Role, shift_id: int, now: datetime) -> ShiftRow:
    """The shift a guest is to be added to, if this person may and it has not started."""
    async with db.read() as conn:
        return await _open_shift(conn, role, shift_id, now)


async def add(
    db: Database,
    role: Role,
    *,
    shift_id: int,
    first_name: str,
    phone: str | None,
    now: datetime,
    every_date: bool = False,
) -> Added:
    """Store the guest and give them a place, or a waitlist place when the shift is full.

    ``every_date``: the same on each coming date of the shift's series (one guest, one sign-up
    per date), as a resident's "every time" does."""
    name = clean_name(first_name)
    number = clean_phone(phone) if phone else None
    async with db.transaction() as conn:
        shift = await _open_shift(conn, role, shift_id, now)
        guest_id = await store.add(
            shift.organisation_id, name, number, role.user_id, now, conn=conn
        )
        others: list[int] = []
        if every_date:
            series_id = await series_store.of_shift(shift_id, conn=conn)
            if series_id is None:
                raise Invalid("missing")
            dates = await series_store.coming(series_id, now, conn=conn)
            others = [d.shift_id for d in dates if d.shift_id != shift_id]
        signup_id, status = await _place(conn, shift, guest_id, now)
        waitlisted = int(status is GuestStatus.WAITLISTED)
        for other in others:
            found = await _open_shift(conn, role, other, now)
            _, other_status = await _place(conn, found, guest_id, now)
            waitlisted += other_status is GuestStatus.WAITLISTED
        position = None
        if status is GuestStatus.WAITLISTED:
            added = await signup_rows.get(signup_id, conn=conn)
            assert added is not None
            position = await signup_rows.waitlist_position(added, conn=conn)
    log.info(
        "user %s added guest %s to shift %s (sign-up %s, %s)",
        role.user_id,
        guest_id,
        shift_id,
        signup_id,
        status.value,
    )
    return Added(status, signup_id, guest_id, shift_id, position, 1 + len(others), waitlisted)


async def _place(
    conn: aiosqlite.Connection, shift: ShiftRow, guest_id: int, now: datetime
) -> tuple[int, GuestStatus]:
    """A place for the guest on one shift, or a waitlist place when it is full."""
    free = await signups.free_places(conn, shift)
    status = GuestStatus.CONFIRMED if free >= 1 else GuestStatus.WAITLISTED
    signup_id = await signup_rows.add(
        shift.id, None, status.value, now, guest_id=guest_id, conn=conn
    )
    return signup_id, status


# -- one guest's place: seeing, taking off, erasing ----------------------------------------------
async def _managed_place(
    conn: aiosqlite.Connection, role: Role, signup_id: int, action: str
) -> GuestPlace:
    found = await store.place(signup_id, conn=conn)
    if found is None:
        raise Invalid("missing")
    require(role, found.organisation_id, action)
    if found.guest is None:
        raise Invalid("guest_erased")
    return found


async def place(db: Database, role: Role, signup_id: int) -> GuestPlace:
    """A guest's sign-up, if this person may see it (their organisation's)."""
    async with db.read() as conn:
        return await _managed_place(conn, role, signup_id, "guest")


async def remove(db: Database, role: Role, signup_id: int, now: datetime, rules: Rules) -> Removed:
    """Take a guest off a shift that has not started: the places free up, the waitlist moves up
    (the caller kicks the postman for the residents told)."""
    async with db.transaction() as conn:
        found = await _managed_place(conn, role, signup_id, "remove_guest")
        assert found.guest is not None
        if found.status not in signup_rows.ACTIVE:
            raise Invalid("not_confirmed")
        if found.starts_at <= now:
            raise Invalid("guest_started")
        result = await cancellations.cancel_within(conn, signup_id=signup_id, now=now, rules=rules)
    log.info(
        "user %s took guest %s off shift %s (sign-up %s, %s moved up)",
        role.user_id,
        found.guest.id,
        found.shift_id,
        signup_id,
        len(result.promoted),
    )
    return Removed(found.shift_id, found.guest.first_name, result.promoted)


async def erase(db: Database, role: Role, signup_id: int, now: datetime, rules: Rules) -> Erased:
    """Erase the guest of this sign-up: their coming places free up (the waitlist moves up),
    then the name and phone go. What happened stays as an anonymous count."""
    async with db.transaction() as conn:
        found = await _managed_place(conn, role, signup_id, "erase_guest")
        guest = found.guest
        assert guest is not None
        require(role, guest.organisation_id, "erase_guest")
        cancelled, promoted = 0, []
        for upcoming in await store.upcoming_active_ids(guest.id, now, conn=conn):
            result = await cancellations.cancel_within(
                conn, signup_id=upcoming, now=now, rules=rules
            )
            cancelled += 1
            promoted.extend(result.promoted)
        await store.delete(guest.id, conn=conn)
    log.info(
        "user %s erased guest %s (%s sign-ups cancelled, %s moved up)",
        role.user_id,
        guest.id,
        cancelled,
        len(promoted),
    )
    return Erased(found.shift_id, guest.first_name, cancelled, promoted)
