"""A path to stay: an ongoing role suggested after a volunteer's third shift, thank-yous at 10,
25, 50 and 100 hours given, and the next milestone that /mine shows.

Both are planned in the transaction that marks attendance (:func:`attendance_marked`: the
volunteer's own answer, the coordinator's roster, the check-in at the door), through the outbox,
and each is told once (``bot/store/path.py`` remembers it):

* **The suggestion** goes after their ``ROLE_SUGGESTION_AFTER``-th shift marked *came* (3; 0:
  never), to someone who has no role (no open lead, not in an ongoing role) while an open
  ongoing role fits the shifts they came to (same category; same theme once themes exist). The
  message chooses the role when it goes out, and is dropped if they got a role meanwhile or none
  fits any more. "I'm interested" makes a lead exactly as "I am interested" does
  (:func:`bot.services.leads.express_interest`); "No thanks" only notes the answer.
* **A milestone** thanks them, from the organisation of the shift that crossed it, when the
  hours given (as /mine counts them) reach 10, 25, 50 or 100. Several crossed at once (the first
  mark after this was built) bring one message, for the highest.

Both come after the shift's thank-you (and its questions), never in quiet hours. A mark taken
back (came, then did not come) before its message went out takes the message back too.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.outbox.kinds import HOURS_MILESTONE, ROLE_SUGGESTION
from bot.outbox.timing import Rules
from bot.services import leads
from bot.services.leads import InterestResult, InterestStatus
from bot.store import Database, followups, outbox
from bot.store import path as store
from bot.store.followups import FollowUp
from bot.store.path import INTERESTED, NO_THANKS, Milestone, Suggestion

log = logging.getLogger(__name__)

__all__ = ["INTERESTED", "NO_THANKS", "Milestone", "Suggestion"]

MILESTONES = (10, 25, 50, 100)  # hours given
# After the moment of the shift's thank-you (or the answer to it, if later): the thank-you and
# "how did it go?" come first.
MILESTONE_DELAY = timedelta(minutes=10)
SUGGESTION_DELAY = timedelta(hours=1)


def suggestion_key(resident_id: int) -> str:
    return f"{ROLE_SUGGESTION}:{resident_id}"


def milestone_key(resident_id: int, hours: int) -> str:
    return f"{HOURS_MILESTONE}:{resident_id}:{hours}"


def reached(hours_given: float) -> list[int]:
    """The milestones these hours reach (as /mine shows them: to one decimal)."""
    return [m for m in MILESTONES if round(hours_given, 1) >= m]


def next_milestone(hours_given: float) -> int | None:
    """The first milestone not reached yet; None past the last."""
    return next((m for m in MILESTONES if round(hours_given, 1) < m), None)


# -- planning, when attendance is marked ----------------------------------------------------------
async def attendance_marked(
    conn: aiosqlite.Connection, *, signup_id: int, now: datetime, rules: Rules
) -> None:
    """A sign-up's attendance changed (in the caller's transaction): plan a milestone and the
    suggestion when they are reached, take back what is no longer reached and not yet sent."""
    info = await followups.followup(signup_id, conn=conn)
    if info is None or info.resident_id is None:
        return
    given = await followups.attended(info.resident_id, conn=conn)
    thanked = max(now, info.ends_at + rules.thanks_delay)
    due = _outside_quiet_hours(thanked + MILESTONE_DELAY, rules)
    await _milestones(conn, info, sum(s.hours for s in given), now, due)
    due = _outside_quiet_hours(thanked + SUGGESTION_DELAY, rules)
    await _suggestion(conn, info.resident_id, len(given), rules.role_suggestion_after, now, due)


def _outside_quiet_hours(moment: datetime, rules: Rules) -> datetime:
    return moment if rules.quiet is None else rules.quiet.after(moment)


async def _milestones(
    conn: aiosqlite.Connection, info: FollowUp, hours_given: float, now: datetime, due: datetime
) -> None:
    resident_id = info.resident_id
    assert resident_id is not None
    done = {m.hours for m in await store.milestones(resident_id, conn=conn)}
    for hours in sorted(done - set(reached(hours_given))):
        if await outbox.delete_pending(conn, milestone_key(resident_id, hours)):
            await store.remove_milestone(resident_id, hours, conn=conn)
            done.discard(hours)
            log.info("resident %s: milestone %s taken back before it went out", resident_id, hours)
    new = [m for m in reached(hours_given) if m not in done]
    if not new:
        return
    for hours in new:
        await store.add_milestone(resident_id, hours, now, conn=conn)
    highest = max(new)
    await outbox.enqueue(
        conn,
        key=milestone_key(resident_id, highest),
        kind=HOURS_MILESTONE,
        recipient_id=resident_id,
        due_at=due,
        now=now,
        payload={"hours": highest, "signup_id": info.signup_id},
    )
    log.info("resident %s reached %s hours (sign-up %s)", resident_id, highest, info.signup_id)


async def _suggestion(
    conn: aiosqlite.Connection,
    resident_id: int,
    shifts_given: int,
    after: int,
    now: datetime,
    due: datetime,
) -> None:
    enough = after > 0 and shifts_given >= after
    earlier = await store.suggestion(resident_id, conn=conn)
    if earlier is not None:
        taken_back = after > 0 and not enough and earlier.answer is None
        if taken_back and await outbox.delete_pending(conn, suggestion_key(resident_id)):
            await store.remove_suggestion(resident_id, conn=conn)
            log.info("resident %s: role suggestion taken back before it went out", resident_id)
        return
    if not enough or await store.has_role(resident_id, conn=conn):
        return
    if await store.fitting_role(resident_id, conn=conn) is None:
        return
    await store.add_suggestion(resident_id, now, conn=conn)
    await outbox.enqueue(
        conn,
        key=suggestion_key(resident_id),
        kind=ROLE_SUGGESTION,
        recipient_id=resident_id,
        due_at=due,
        now=now,
    )
    log.info("resident %s: an ongoing role suggested after %s shifts", resident_id, shifts_given)


# -- the volunteer's answer -----------------------------------------------------------------------
class Reply(enum.StrEnum):
    INTERESTED = "interested"  # a lead was made (or there was one)
    NO_THANKS = "no_thanks"
    CLOSED = "closed"  # the role is no longer open (or the button was forged)
    NOT_SUGGESTED = "not_suggested"  # nothing was suggested to them: a forged or stale button


@dataclass(frozen=True)
class Answered:
    reply: Reply
    interest: InterestResult | None = None


async def answer(
    db: Database,
    *,
    resident_id: int,
    opportunity_id: int,
    interested: bool,
    coordinator_ids: Iterable[int],
    now: datetime,
) -> Answered:
    """ "I'm interested" (a lead, as for any ongoing role, the coordinators told) or "No thanks"
    (noted, nothing else changes), for someone a role was suggested to."""
    async with db.read() as conn:
        suggested = await store.suggestion(resident_id, conn=conn)
    if suggested is None:
        log.info("role suggestion answer from %s, who had none", resident_id)
        return Answered(Reply.NOT_SUGGESTED)
    if not interested:
        async with db.transaction() as conn:
            await store.answer_suggestion(resident_id, NO_THANKS, now, conn=conn)
        log.info("resident %s: no thanks to the role suggestion", resident_id)
        return Answered(Reply.NO_THANKS)
    result = await leads.express_interest(
        db,
        opportunity_id=opportunity_id,
        resident_id=resident_id,
        coordinator_ids=coordinator_ids,
        now=now,
    )
    if result.status is InterestStatus.CLOSED:
        return Answered(Reply.CLOSED, result)
    async with db.transaction() as conn:
        await store.answer_suggestion(resident_id, INTERESTED, now, conn=conn)
    return Answered(Reply.INTERESTED, result)


# -- what they read about it ----------------------------------------------------------------------
@dataclass(frozen=True)
class Record:
    """What /mydata lists: the suggestion (if any) and the milestones reached."""

    suggestion: Suggestion | None
    milestones: list[Milestone]


async def record_of(conn: aiosqlite.Connection, resident_id: int) -> Record:
    return Record(
        await store.suggestion(resident_id, conn=conn),
        await store.milestones(resident_id, conn=conn),
    )
