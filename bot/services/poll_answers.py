"""Answering a coordinator's question (a poll): one answer per person and question.

An answer is stored only while the poll is open and only from someone it was sent to, and only
as an answer the poll has (one of its buttons, a score of 1 to 5, or a written answer of at most
:data:`~bot.services.polls.MAX_ANSWER` characters); anything else is an :class:`Outcome` that
changes nothing. The same answer again counts once; another replaces it until the poll closes.
Whether someone answered as staff (a coordinator or administrator) or not is kept with the
answer, so results can be split by group; a name only when the question said names are seen.
"""

from __future__ import annotations

import enum
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.services.polls import CHOICE, MAX_ANSWER, QUESTIONNAIRE, SCALE, SCORES, TEXT
from bot.store import Database, coordinators, residents
from bot.store import poll_answers as answers
from bot.store import polls as store
from bot.store.poll_answers import Answer
from bot.store.polls import Poll

log = logging.getLogger(__name__)

__all__ = ["Answer", "Poll"]


class Outcome(enum.Enum):
    OPEN = "open"  # may answer (a check only)
    SAVED = "saved"  # a first answer
    CHANGED = "changed"
    SAME = "same"  # the same again, or a skip of a question answered before: nothing changed
    CLOSED = "closed"
    MISSING = "missing"  # no such poll
    NOT_SENT = "not_sent"  # not sent to this person
    INVALID = "invalid"  # not one of its answers, or not its kind of question
    EMPTY = "empty"
    TOO_LONG = "too_long"

    @property
    def stored(self) -> bool:
        return self in (Outcome.SAVED, Outcome.CHANGED, Outcome.SAME)


@dataclass(frozen=True)
class Answered:
    outcome: Outcome
    poll: Poll | None = None


async def _open(
    conn: aiosqlite.Connection, poll_id: int, person_id: int, now: datetime
) -> Answered:
    poll = await store.get(poll_id, conn=conn)
    if poll is None:
        return Answered(Outcome.MISSING)
    if not await store.is_recipient(poll_id, person_id, conn=conn):
        return Answered(Outcome.NOT_SENT, poll)
    if not poll.is_open(now):
        return Answered(Outcome.CLOSED, poll)
    return Answered(Outcome.OPEN, poll)


async def check(db: Database, poll_id: int, person_id: int, now: datetime) -> Answered:
    """Whether this person may answer the poll now (OPEN), or why not."""
    async with db.read() as conn:
        return await _open(conn, poll_id, person_id, now)


async def own_answers(db: Database, poll_id: int, person_id: int) -> dict[int, Answer]:
    """The person's answers to a poll, by question."""
    async with db.read() as conn:
        poll = await store.get(poll_id, conn=conn)
        found = {}
        for step in range(poll.steps if poll else 0):
            answer = await answers.own(poll_id, step, person_id, conn=conn)
            if answer is not None:
                found[step] = answer
    return found


@dataclass(frozen=True)
class Person:
    """Who answers: their id, the first name Telegram gives, and the administrators' ids."""

    id: int
    first_name: str
    administrators: frozenset[int]


async def _store(
    conn: aiosqlite.Connection, poll: Poll, person: Person, answer: Answer, now: datetime
) -> Outcome:
    staff = person.id in person.administrators or bool(
        await coordinators.organisations_of(person.id, conn=conn)
    )
    name = None
    if poll.named:
        resident = await residents.get(person.id, conn=conn)
        name = resident.first_name if resident else person.first_name
    before = await answers.own(poll.id, answer.step, person.id, conn=conn)
    group = answers.STAFF if staff else answers.RESIDENT
    saved = await answers.save(
        poll.id, person.id, answer, group=group, name=name, now=now, conn=conn
    )
    if not saved:
        return Outcome.SAME
    return Outcome.SAVED if before is None else Outcome.CHANGED


Decide = Callable[[aiosqlite.Connection, Poll], Awaitable[Answer | Outcome]]


async def _answer(
    db: Database, poll_id: int, person: Person, now: datetime, decide: Decide
) -> Answered:
    """Store the answer ``decide`` makes of what came in, if the poll is open to this person
    (``decide`` may refuse it with an outcome instead)."""
    async with db.transaction() as conn:
        found = await _open(conn, poll_id, person.id, now)
        poll = found.poll
        if found.outcome is not Outcome.OPEN or poll is None:
            return found
        decided = await decide(conn, poll)
        if isinstance(decided, Outcome):
            return Answered(decided, poll)
        outcome = await _store(conn, poll, person, decided, now)
    log.info("poll %s: user %s answered %s (%s)", poll_id, person.id, decided.step, outcome.value)
    return Answered(outcome, poll)


async def choose(
    db: Database, poll_id: int, person: Person, value: int | None, now: datetime
) -> Answered:
    """A tapped answer button (0-based) or score (1-5)."""

    async def decide(conn: aiosqlite.Connection, poll: Poll) -> Answer | Outcome:
        if poll.kind == CHOICE:
            fits = value is not None and 0 <= value < len(poll.options)
        else:
            fits = poll.kind == SCALE and value in SCORES
        return Answer(0, choice=value) if fits else Outcome.INVALID

    return await _answer(db, poll_id, person, now, decide)


async def write(
    db: Database, poll_id: int, step: int, person: Person, text: str, now: datetime
) -> Answered:
    """A written answer to question ``step`` (stored as typed; at most :data:`MAX_ANSWER`)."""

    async def decide(conn: aiosqlite.Connection, poll: Poll) -> Answer | Outcome:
        written = text.strip()
        if poll.kind not in (TEXT, QUESTIONNAIRE) or not 0 <= step < poll.steps:
            return Outcome.INVALID
        if not written:
            return Outcome.EMPTY
        return Answer(step, text=written) if len(written) <= MAX_ANSWER else Outcome.TOO_LONG

    return await _answer(db, poll_id, person, now, decide)


async def skip(db: Database, poll_id: int, step: int, person: Person, now: datetime) -> Answered:
    """Skip a question of the questionnaire: noted as skipped, unless it was answered before
    (then the answer stays)."""

    async def decide(conn: aiosqlite.Connection, poll: Poll) -> Answer | Outcome:
        if poll.kind != QUESTIONNAIRE or not 0 <= step < poll.steps:
            return Outcome.INVALID
        if await answers.own(poll.id, step, person.id, conn=conn) is not None:
            return Outcome.SAME
        return Answer(step, skipped=True)

    return await _answer(db, poll_id, person, now, decide)


@dataclass(frozen=True)
class StoredAnswer:
    """One of a person's answers as their /mydata shows it."""

    organisation: str | None
    question: str
    translated: bool  # the question is a catalogue text (the questionnaire's)
    answer: str | None  # what they wrote, or the button they tapped
    score: int | None
    skipped: bool
    answered_at: datetime


def stored(found: answers.OwnAnswer) -> StoredAnswer:
    options = [str(o) for o in json.loads(found.options)]
    questionnaire = found.kind == QUESTIONNAIRE
    question = (
        options[found.step] if questionnaire and found.step < len(options) else found.question
    )
    answer = found.text
    if found.kind == CHOICE and found.choice is not None and found.choice < len(options):
        answer = options[found.choice]
    score = found.choice if found.kind == SCALE else None
    return StoredAnswer(
        found.organisation, question, questionnaire, answer, score, found.skipped, found.answered_at
    )


async def answers_of(conn: aiosqlite.Connection, person_id: int) -> list[StoredAnswer]:
    """Every answer this person gave, for their /mydata (part of its read)."""
    return [stored(found) for found in await answers.of_person(person_id, conn=conn)]


async def forget_person(conn: aiosqlite.Connection, person_id: int) -> None:
    """/delete: not a recipient any more; written answers and skips go, buttons and scores stay
    as anonymous counts (part of the erasure's transaction)."""
    await store.forget_person(person_id, conn=conn)
    await answers.forget_person(person_id, conn=conn)
