"""Who comes to a coordinator's shifts, and who came: attendance feeds hours and the show rate."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.outbox.timing import Rules
from bot.services import path
from bot.services.pages import Page, page_of
from bot.services.publishing import Invalid, NotAllowed, managed_shift, require, scope
from bot.services.roles import Role
from bot.store import Database, managing
from bot.store import roster as store
from bot.store.followups import BY_COORDINATOR, BY_DOOR, CAME, NO_SHOW
from bot.store.managing import ShiftRow
from bot.store.roster import Person as Person  # the roster screen names its type from here

log = logging.getLogger(__name__)

__all__ = ["BY_COORDINATOR", "BY_DOOR", "Person"]

PAGE_SIZE = 8
# An average score is shown only over this many scores or more: it never stands for one person.
MIN_RATINGS = 3
# Shifts stay on the roster this long after they end, so attendance can be marked.
KEEP_AFTER_END = timedelta(days=14)


@dataclass(frozen=True)
class Feedback:
    """What the volunteers said after a shift, without names."""

    ratings: int  # how many scores were given
    average: float | None  # None below MIN_RATINGS scores
    comments: list[str]


@dataclass(frozen=True)
class Roster:
    shift: ShiftRow
    confirmed: list[Person]
    waitlist: list[Person]
    started: bool
    ended: bool = False
    feedback: Feedback | None = None  # after the shift, when anything was said
    cancelled_late: int = 0  # places given up close to the start (counted, not named)

    @property
    def filled(self) -> int:
        """The places taken: each confirmed person and the people they bring along."""
        return sum(p.places for p in self.confirmed)


async def shifts(db: Database, role: Role, now: datetime, page: int = 0) -> Page[ShiftRow]:
    """The person's shifts that are coming, or ended in the last two weeks, a page at a time."""
    if not role.is_coordinator:
        raise NotAllowed("roster")
    async with db.read() as conn:
        found = await managing.shifts_between(
            scope(role), ending_after=now - KEEP_AFTER_END, conn=conn
        )
    return page_of(found, page, PAGE_SIZE)


async def roster(db: Database, role: Role, shift_id: int, now: datetime) -> Roster:
    async with db.read() as conn:
        found = await managed_shift(conn, role, shift_id, "roster")
        people = await store.people(shift_id, conn=conn)
        ended = found.ends_at <= now
        said = await store.feedback(shift_id, conn=conn) if ended else None
        late = await store.cancelled_late(shift_id, conn=conn)
    feedback = None
    if said is not None and (said.ratings or said.comments):
        enough = len(said.ratings) >= MIN_RATINGS
        average = sum(said.ratings) / len(said.ratings) if enough else None
        feedback = Feedback(len(said.ratings), average, said.comments)
    return Roster(
        found,
        [p for p in people if p.status == "confirmed"],
        [p for p in people if p.status == "waitlisted"],
        started=found.starts_at <= now,
        ended=ended,
        feedback=feedback,
        cancelled_late=late,
    )


async def mark(
    db: Database, role: Role, signup_id: int, came: bool, now: datetime, *, rules: Rules
) -> tuple[int, bool]:
    """Record whether a confirmed volunteer came (again: changes it). The coordinator's word
    wins over the volunteer's own answer and the check-in at the door. What the hours given now
    bring (a milestone, an ongoing role) is planned with it (:mod:`bot.services.path`).

    Returns the shift's id and whether anything changed (the same answer twice changes nothing).
    """
    attendance = CAME if came else NO_SHOW
    async with db.transaction() as conn:
        place = await store.place_of(signup_id, conn=conn)
        if place is None:
            raise Invalid("missing")
        require(role, place.organisation_id, "mark_attendance")
        if place.status != "confirmed":
            raise Invalid("not_confirmed")
        if place.starts_at > now:
            raise Invalid("not_started")
        changed = await store.set_attendance(signup_id, attendance, now, BY_COORDINATOR, conn=conn)
        if changed:
            await path.attendance_marked(conn, signup_id=signup_id, now=now, rules=rules)
    if changed:
        log.info("user %s marked sign-up %s as %s", role.user_id, signup_id, attendance)
    return place.shift_id, changed
