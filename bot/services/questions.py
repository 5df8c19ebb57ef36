"""A person to ask: a resident's question, a coordinator's answer, both through the outbox.

A question about an opportunity reaches that organisation's coordinators (the administrators
when it has none); a general question reaches the administrators
(:func:`bot.services.notices.tell_coordinators`). The question is stored, and the notices
planned, in one transaction before the resident hears "sent"; the outbox (kind ``question``)
delivers them, and drops a notice whose question was answered or erased meanwhile.

The first answer closes the question: it is stored and its delivery to the resident planned
(kind ``question_answer``) in one transaction. Another coordinator who replies later is told
who answered (:class:`AnsweredAlready`); a second answer is not sent. Once the postman knows
whether the answer arrived, the one who answered is told (kind ``answer_receipt``, planned by
a trigger on the answer's outbox row). Nobody sees a phone number, username or Telegram id:
coordinators see the resident's first name, the resident sees the organisation's name.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.limits import MAX_ANSWER, MAX_QUESTION
from bot.outbox.kinds import QUESTION, QUESTION_ANSWER
from bot.services import notices
from bot.services.pages import Page, read_page
from bot.services.publishing import Invalid, NotAllowed, scope
from bot.services.roles import Role
from bot.store import Database, outbox, residents
from bot.store import browsing as catalogue_reads
from bot.store import questions as store
from bot.store.questions import Question

log = logging.getLogger(__name__)

__all__ = ["MAX_ANSWER", "MAX_QUESTION", "Question"]

PAGE_SIZE = 5
MAX_WAITING = 5  # questions one resident may have waiting for an answer at once
MAX_NAME = 64  # Telegram's longest first name


class AskStatus(enum.Enum):
    SENT = "sent"
    CLOSED = "closed"  # the opportunity is no longer open
    TOO_MANY = "too_many"  # MAX_WAITING questions wait for an answer already
    NOT_RESIDENT = "not_resident"  # no consent (or erased meanwhile)


@dataclass(frozen=True)
class Asked:
    status: AskStatus
    question_id: int | None = None
    told: int = 0  # how many coordinators (or administrators) will get it


@dataclass(frozen=True)
class Subject:
    """What a question is about: an open opportunity, by title and organisation."""

    opportunity_id: int
    title: str
    organisation: str


class AnsweredAlready(Exception):
    """Someone answered this question before; ``question`` says who and what."""

    def __init__(self, question: Question) -> None:
        super().__init__(question.id)
        self.question = question


def clean(text: str | None, limit: int) -> str:
    """What a person typed, kept as it was (line breaks, emoji, ``<`` and ``&``) but for the
    space around it; raises Invalid('empty'), or Invalid('too_long') with the length."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise Invalid("empty")
    if len(cleaned) > limit:
        raise Invalid("too_long", count=len(cleaned))
    return cleaned


# -- the resident's side -------------------------------------------------------------------------
async def subject(db: Database, opportunity_id: int) -> Subject | None:
    """The open opportunity a question would be about; None when it is gone or closed."""
    async with db.read() as conn:
        found = await catalogue_reads.opportunity(opportunity_id, conn=conn)
    if found is None or not found.is_open:
        return None
    return Subject(found.id, found.title, found.organisation)


async def ask(
    db: Database,
    *,
    resident_id: int,
    opportunity_id: int | None,
    text: str,
    administrators: Iterable[int],
    now: datetime,
) -> Asked:
    """Store the question and plan a notice to each who answers it, in one transaction.
    Raises Invalid('empty' / 'too_long') for text that cannot be a question."""
    cleaned = clean(text, MAX_QUESTION)
    async with db.transaction() as conn:
        if await residents.get(resident_id, conn=conn) is None:
            return Asked(AskStatus.NOT_RESIDENT)
        organisation_id = None
        if opportunity_id:
            found = await catalogue_reads.opportunity(opportunity_id, conn=conn)
            if found is None or not found.is_open:
                return Asked(AskStatus.CLOSED)
            organisation_id = found.organisation_id
        if await store.count_waiting(resident_id, conn=conn) >= MAX_WAITING:
            return Asked(AskStatus.TOO_MANY)
        question_id = await store.add(
            resident_id, opportunity_id or None, organisation_id, cleaned, now, conn=conn
        )
        told = await notices.tell_coordinators(
            conn,
            organisation_id,
            administrators,
            kind=QUESTION,
            about=question_id,
            payload={"question": question_id},
            now=now,
        )
    if not told:
        log.warning("question %s: there is nobody to tell (no administrators)", question_id)
    log.info("resident %s asked question %s (%s told)", resident_id, question_id, told)
    return Asked(AskStatus.SENT, question_id, told)


async def waiting(db: Database, resident_id: int) -> int:
    """How many of the resident's questions wait for an answer (at most MAX_WAITING may)."""
    async with db.read() as conn:
        return await store.count_waiting(resident_id, conn=conn)


async def of_resident(db: Database, resident_id: int) -> list[Question]:
    """Every question of the resident with its answer, oldest first (for /mydata)."""
    async with db.read() as conn:
        return await store.of_resident(resident_id, conn=conn)


async def count_for_resident(db: Database, resident_id: int) -> int:
    async with db.read() as conn:
        return await store.count_for_resident(resident_id, conn=conn)


# -- the coordinator's side ----------------------------------------------------------------------
async def open_page(db: Database, role: Role, page: int = 0) -> Page[Question]:
    """The unanswered questions the person answers, oldest first, a page at a time;
    administrators see every organisation's and the general ones."""
    if not role.is_coordinator:
        raise NotAllowed("questions")
    organisations = scope(role)
    return await read_page(
        db,
        page,
        PAGE_SIZE,
        count=lambda conn: store.count_open(organisations, conn=conn),
        fetch=lambda conn, offset, limit: store.open_questions(
            organisations, offset=offset, limit=limit, conn=conn
        ),
    )


def may_answer(role: Role, question: Question) -> bool:
    """An organisation's question: its coordinators and the administrators; a general one:
    the administrators."""
    if question.organisation_id is None:
        return role.is_admin
    return role.manages(question.organisation_id)


async def _answerable(
    conn: aiosqlite.Connection, role: Role, question_id: int, action: str
) -> Question:
    found = await store.get(question_id, conn=conn)
    if found is None:
        raise Invalid("question_gone")
    if not may_answer(role, found):
        log.info("user %s may not %s question %s", role.user_id, action, question_id)
        raise NotAllowed(action)
    return found


async def to_answer(db: Database, role: Role, question_id: int) -> Question:
    """A question the person may answer and nobody has; raises Invalid('question_gone'),
    NotAllowed or AnsweredAlready."""
    async with db.read() as conn:
        found = await _answerable(conn, role, question_id, "question_reply")
    if found.answered:
        raise AnsweredAlready(found)
    return found


async def answer(
    db: Database, role: Role, question_id: int, text: str, *, name: str, now: datetime
) -> Question:
    """Store the first answer and plan its delivery to the resident, in one transaction;
    returns the question as it is now. Raises Invalid ('empty', 'too_long',
    'question_gone'), NotAllowed, or AnsweredAlready (nothing is sent then)."""
    cleaned = clean(text, MAX_ANSWER)
    async with db.transaction() as conn:
        found = await _answerable(conn, role, question_id, "question_answer")
        answered = await store.set_answer(
            question_id, cleaned, by=role.user_id, by_name=name[:MAX_NAME], now=now, conn=conn
        )
        if not answered:
            raise AnsweredAlready(found)
        await outbox.enqueue(
            conn,
            key=f"{QUESTION_ANSWER}:{question_id}",
            kind=QUESTION_ANSWER,
            recipient_id=found.resident_id,
            due_at=now,
            now=now,
            payload={"question": question_id, "by": role.user_id},
        )
        after = await store.get(question_id, conn=conn)
    assert after is not None
    log.info("user %s answered question %s", role.user_id, question_id)
    return after
