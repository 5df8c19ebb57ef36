"""Whether a volunteer came, how it went, and the hours given.

Only the sign-up's own resident can answer for it (a forged id is refused), only once the shift
has started, and the same answer twice changes nothing. Hours count the shifts with attendance
'came', by their length: this calendar year (in the organisation's zone) and in total.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.outbox.timing import Rules
from bot.services import path
from bot.store import Database, followups
from bot.store.followups import (
    BY_COORDINATOR,
    BY_DOOR,
    BY_VOLUNTEER,
    CAME,
    NO_SHOW,
    FollowUp,
    PastShift,
    outranks,
)

log = logging.getLogger(__name__)

__all__ = ["BY_COORDINATOR", "BY_DOOR", "CAME", "NO_SHOW", "FollowUp", "PastShift"]

COMMENT_LIMIT = 300


class Answer(enum.StrEnum):
    RECORDED = "recorded"
    SAME = "same"  # the same answer was recorded before: nothing changed
    NOT_YOURS = "not_yours"  # unknown id, or another person's sign-up
    NOT_CONFIRMED = "not_confirmed"  # cancelled, or a waitlist place
    TOO_EARLY = "too_early"  # the shift has not started yet
    NOTED = "noted"  # a coordinator (or the door) said otherwise already: nothing changed


@dataclass(frozen=True)
class Result:
    answer: Answer
    followup: FollowUp | None = None

    @property
    def ok(self) -> bool:
        return self.answer in (Answer.RECORDED, Answer.SAME)


async def followup(db: Database, signup_id: int) -> FollowUp | None:
    async with db.read() as conn:
        return await followups.followup(signup_id, conn=conn)


def _check(info: FollowUp | None, resident_id: int, *, came: bool = False) -> Answer | None:
    """Why this resident may not answer for this sign-up (``came``: about how it went), or None."""
    if info is None or info.resident_id != resident_id:
        return Answer.NOT_YOURS
    if info.status != "confirmed" or (came and info.attendance != CAME):
        return Answer.NOT_CONFIRMED
    return None


async def own(db: Database, signup_id: int, resident_id: int) -> Result:
    """The sign-up, if it is this resident's and confirmed."""
    info = await followup(db, signup_id)
    refused = _check(info, resident_id)
    return Result(refused or Answer.SAME, info)


async def record(
    db: Database, *, signup_id: int, resident_id: int, came: bool, now: datetime, rules: Rules
) -> Result:
    """ "Were you there?" yes or no. The volunteer's answer counts only while no coordinator
    has marked them (and they did not check in at the door): after that, the same answer is
    SAME and another is NOTED, and nothing changes. What the hours given now bring (a milestone,
    an ongoing role) is planned with it (:mod:`bot.services.path`)."""
    value = CAME if came else NO_SHOW
    async with db.transaction() as conn:
        info = await followups.followup(signup_id, conn=conn)
        refused = _check(info, resident_id)
        if refused is not None:
            log.info(
                "attendance for sign-up %s refused for %s: %s", signup_id, resident_id, refused
            )
            return Result(refused, info)
        assert info is not None
        if info.starts_at > now:
            return Result(Answer.TOO_EARLY, info)
        if info.attendance == value:
            return Result(Answer.SAME, info)
        if info.attendance is not None and not outranks(BY_VOLUNTEER, info.attendance_by):
            log.info("attendance for sign-up %s: %s said so already", signup_id, info.attendance_by)
            return Result(Answer.NOTED, info)
        await followups.set_attendance(signup_id, value, now, by=BY_VOLUNTEER, conn=conn)
        await path.attendance_marked(conn, signup_id=signup_id, now=now, rules=rules)
        info = await followups.followup(signup_id, conn=conn)
    log.info("sign-up %s: attendance %s", signup_id, value)
    return Result(Answer.RECORDED, info)


async def rate(db: Database, *, signup_id: int, resident_id: int, rating: int) -> Result:
    """A score from 1 to 5, for a shift the resident said they came to."""
    if not 1 <= rating <= 5:
        return Result(Answer.NOT_YOURS)
    async with db.transaction() as conn:
        info = await followups.followup(signup_id, conn=conn)
        refused = _check(info, resident_id, came=True)
        if refused is not None:
            return Result(refused, info)
        await followups.set_rating(signup_id, rating, conn=conn)
    return Result(Answer.RECORDED, info)


def one_line(text: str) -> str:
    """A comment as one line: whitespace and line breaks become single spaces, at most 300."""
    line = re.sub(r"\s+", " ", text).strip()
    if len(line) > COMMENT_LIMIT:
        line = line[: COMMENT_LIMIT - 1].rstrip() + "…"
    return line


async def comment(db: Database, *, signup_id: int, resident_id: int, text: str) -> Result:
    line = one_line(text)
    async with db.transaction() as conn:
        info = await followups.followup(signup_id, conn=conn)
        refused = _check(info, resident_id, came=True)
        if refused is not None or not line:
            return Result(refused or Answer.SAME, info)
        await followups.set_comment(signup_id, line, conn=conn)
    return Result(Answer.RECORDED, info)


# -- hours given ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hours:
    this_year: float
    total: float


async def hours(db: Database, *, resident_id: int, now: datetime, zone: ZoneInfo) -> Hours:
    """Hours of the shifts the resident came to: this calendar year (local) and in total."""
    async with db.read() as conn:
        shifts = await followups.attended(resident_id, conn=conn)
    year = now.astimezone(zone).year
    total = sum(s.hours for s in shifts)
    this_year = sum(s.hours for s in shifts if s.starts_at.astimezone(zone).year == year)
    return Hours(this_year=this_year, total=total)


async def past_shifts(
    db: Database, *, resident_id: int, now: datetime, limit: int = 5
) -> list[PastShift]:
    """The most recent shifts the resident was signed up for that have ended, newest first."""
    async with db.read() as conn:
        return await followups.past_shifts(resident_id, now, limit=limit, conn=conn)
