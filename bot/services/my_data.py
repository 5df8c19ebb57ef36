"""/mydata and /delete: everything stored about a resident, gathered in one read for the file
they get, and its erasure.

What a flow stores about a person is listed here; a new table about people belongs here too
(and in the erasure of :func:`forget_resident`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.outbox.timing import Rules
from bot.services import attendance, cancellations, path, poll_answers
from bot.services.attendance import Hours
from bot.services.path import Record
from bot.services.poll_answers import StoredAnswer
from bot.store import Database, conversation_state, outbox, residents
from bot.store import ideas as idea_store
from bot.store import interests as interest_store
from bot.store import leads as lead_store
from bot.store import my_data as store
from bot.store import neighbourhoods as neighbourhood_store
from bot.store import questions as question_store
from bot.store import series as series_store
from bot.store import signups as signup_store
from bot.store.ideas import Answer, Idea
from bot.store.leads import Lead
from bot.store.my_data import Profile, StoredSignUp
from bot.store.questions import Question
from bot.store.series import Standing

__all__ = [
    "Answer",
    "Hours",
    "Idea",
    "Lead",
    "MyData",
    "Profile",
    "Question",
    "Record",
    "Standing",
    "StoredAnswer",
    "StoredSignUp",
]

log = logging.getLogger(__name__)

MAX_LEADS = 100


@dataclass(frozen=True)
class MyData:
    profile: Profile
    signups: list[StoredSignUp]
    hours: Hours
    interests: list[str]  # category names
    leads: list[Lead]
    every_time: list[Standing]
    questions: list[Question]  # with their answers
    ideas: list[Idea]
    idea_answers: list[Answer]  # what coordinators answered to them
    poll_answers: list[StoredAnswer]  # to coordinators' polls
    path: Record  # the ongoing role suggested to them, the milestones of hours they reached
    neighbourhood: str | None = None  # where they live, if they said


@dataclass(frozen=True)
class Erasure:
    cancelled: int
    promoted: list[int]


async def gather(db: Database, resident_id: int, now: datetime, zone: ZoneInfo) -> MyData | None:
    """All of it, or None for someone we store nothing about."""
    async with db.read() as conn:
        found = await store.profile(resident_id, conn=conn)
        if found is None:
            return None
        signups = await store.signups(resident_id, conn=conn)
        liked = [c.name for c in await interest_store.choices(resident_id, conn=conn) if c.chosen]
        leads = await lead_store.of_resident(resident_id, limit=MAX_LEADS, conn=conn)
        every_time = await series_store.standing_of(resident_id, conn=conn)
        asked = await question_store.of_resident(resident_id, conn=conn)
        ideas = await idea_store.of_resident(resident_id, conn=conn)
        answers = await idea_store.answers_to(resident_id, conn=conn)
        poll_answered = await poll_answers.answers_of(conn, resident_id)
        way = await path.record_of(conn, resident_id)
        lives_in = await neighbourhood_store.of_resident(resident_id, conn=conn)
    hours = await attendance.hours(db, resident_id=resident_id, now=now, zone=zone)
    return MyData(
        found,
        signups,
        hours,
        liked,
        leads,
        every_time,
        asked,
        ideas,
        answers,
        poll_answered,
        way,
        neighbourhood=lives_in.name if lives_in else None,
    )


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
        cancelled, promoted = await cancellations.cancel_upcoming_within(
            conn, resident_id=resident_id, now=now, rules=rules
        )
        await outbox.forget_recipient(conn, resident_id)
        await signup_store.forget_comments(resident_id, conn=conn)
        await poll_answers.forget_person(conn, resident_id)
        await conversation_state.drop_conversations_of(resident_id, conn=conn)
        await residents.delete(resident_id, conn=conn)
    log.info("resident %s erased (%s sign-ups cancelled)", resident_id, cancelled)
    return Erasure(cancelled, promoted)
