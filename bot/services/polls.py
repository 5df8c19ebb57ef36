"""Questions to volunteers, residents and staff (polls): asking and delivering.

A coordinator asks a question to an audience (the broadcast audiences, the staff of the network,
or volunteers and staff together): answer buttons (2 to 6), a short written answer, a score of
1 to 5, or the ready-made questionnaire (:data:`QUESTIONNAIRE_QUESTIONS`: five written answers,
each skippable). Sending stores the poll and plans one outbox row per recipient (key
``poll:<id>:<recipient>``, kind ``poll``, bulk), a chunk at a time, as broadcasts are; who it was
sent to is kept in ``poll_recipients``, so only they can answer.

A poll closes by hand, or at the end of the last day the coordinator chose. Answering it:
:mod:`bot.services.poll_answers`; its results: :mod:`bot.services.poll_results`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import aiosqlite

from bot.i18n import N_
from bot.outbox.kinds import POLL as KIND
from bot.outbox.kinds import POLL_CLOSED
from bot.services import audiences, broadcasts, bulk_planning
from bot.services.audiences import Audience
from bot.services.broadcasts import NotAllowed
from bot.services.roles import Role
from bot.store import Database, outbox
from bot.store import audiences as audience_store
from bot.store import polls as store
from bot.store.outbox import Recipients
from bot.store.poll_answers import Answer
from bot.store.polls import CHOICE, QUESTIONNAIRE, SCALE, TEXT, Poll

log = logging.getLogger(__name__)

__all__ = ["CHOICE", "QUESTIONNAIRE", "SCALE", "TEXT", "Answer", "NotAllowed", "Poll"]

KINDS = (CHOICE, TEXT, SCALE, QUESTIONNAIRE)
MAX_QUESTION = 1000  # characters: the question, with its header, in one message
MIN_OPTIONS, MAX_OPTIONS = 2, 6
MAX_OPTION = 40  # characters: an answer is a button
MAX_ANSWER = 500  # characters of a written answer
SCORES = range(1, 6)

# The questions of "the library of the future, you build it together" to professionals and
# volunteers, asked one after the other (stored as these source texts, shown in each reader's
# language).
QUESTIONNAIRE_QUESTIONS = [
    N_("What can you not leave to volunteers? Why not, and what are the objections?"),
    N_("What is especially suited to volunteers, and what does that add?"),
    N_("How do you position your volunteers, inside and outside the organisation?"),
    N_("Which new professional skills will be needed in the future?"),
    N_("What makes an information professional a specialist?"),
]


class Invalid(Exception):
    """What was typed cannot be a question or its answers (``reason``; ``most``: the limit;
    ``typed``: a text that was too long, given back to copy)."""

    def __init__(self, reason: str, most: int | None = None, typed: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.most = most
        self.typed = typed


def check_question(text: str) -> str:
    """The question as it will be asked (surrounding space gone), or :class:`Invalid`."""
    question = text.strip()
    if not question:
        raise Invalid("empty")
    if len(question) > MAX_QUESTION:
        raise Invalid("too_long", MAX_QUESTION, question)
    return question


def parse_options(text: str) -> list[str]:
    """The answer buttons, one a line: 2 to 6, each short, none twice; or :class:`Invalid`."""
    options = [" ".join(line.split()) for line in text.splitlines()]
    options = [option for option in options if option]
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise Invalid("options_count")
    if any(len(option) > MAX_OPTION for option in options):
        raise Invalid("option_too_long", MAX_OPTION)
    if len({option.casefold() for option in options}) != len(options):
        raise Invalid("option_twice")
    return options


@dataclass(frozen=True)
class Draft:
    organisation_id: int | None  # who asks; None: an administrator, for all
    audience: Audience
    kind: str
    question: str  # '' for the questionnaire
    options: list[str]
    named: bool = False
    closes_at: datetime | None = None


async def preview(
    db: Database,
    role: Role,
    organisation_id: int | None,
    audience: Audience,
    now: datetime,
    administrators: Iterable[int],
) -> broadcasts.Preview:
    """How many people the question would reach now, and the names the preview shows."""
    return await broadcasts.preview(
        db,
        role,
        organisation_id,
        audience,
        now,
        kinds=audiences.POLL_KINDS,
        administrators=administrators,
    )


async def send(
    db: Database,
    role: Role,
    draft: Draft,
    *,
    language: str,
    now: datetime,
    administrators: Iterable[int],
) -> tuple[int, int]:
    """Store the poll and count everyone it reaches; returns (id, recipients). Its rows are
    planned right after (:func:`queue_waiting`); a closing day plans the coordinator's notice."""
    if draft.kind not in KINDS:
        raise NotAllowed
    async with db.transaction() as conn:
        org, audience = draft.organisation_id, draft.audience
        if not await audiences.allowed(conn, role, org, audience, audiences.POLL_KINDS):
            raise NotAllowed
        poll_id = await store.add(
            created_by=role.user_id,
            organisation_id=org,
            kind=draft.kind,
            question=draft.question,
            options=QUESTIONNAIRE_QUESTIONS if draft.kind == QUESTIONNAIRE else draft.options,
            named=draft.named,
            audience_kind=audience.kind,
            audience_value=audience.value,
            language=language,
            now=now,
            closes_at=draft.closes_at,
            conn=conn,
        )
        reached = audiences.reached(org, audience, now, administrators)
        people = await audience_store.count(reached, conn=conn)
        await store.set_total(poll_id, people, conn=conn)
        if draft.closes_at is not None:
            await outbox.enqueue(
                conn,
                key=store.closing_key(poll_id),
                kind=POLL_CLOSED,
                recipient_id=role.user_id,
                due_at=draft.closes_at,
                now=now,
                payload={"poll": poll_id},
            )
    log.info("poll %s by %s to %s (%s recipients)", poll_id, role.user_id, audience.kind, people)
    return poll_id, people


async def queue_waiting(
    db: Database, administrators: Iterable[int], *, chunk: int = bulk_planning.CHUNK
) -> int:
    """Plan the rows of every poll still queuing, a chunk at a time (as broadcasts are)."""
    planned = 0
    async with db.read() as conn:
        waiting = await store.queuing(conn=conn)
    for poll in waiting:
        # None cannot happen for what send stored; it would reach nobody (and end, not loop).
        audience = Audience.parse(poll.audience_kind, poll.audience_value)
        reached = audiences.reached(poll.organisation_id, audience, poll.created_at, administrators)
        planned += await bulk_planning.plan(
            db,
            bulk_planning.BulkMessage(
                recipients=reached,
                key_prefix=store.recipient_prefix(poll.id),
                kind=KIND,
                created_at=poll.created_at,
                payload={"poll": poll.id},
                position=partial(store.planned_up_to, poll.id),
                advance=partial(store.queued_up_to, poll.id),
                with_chunk=partial(_add_recipients, poll.id),
            ),
            chunk=chunk,
        )
        log.info("poll %s: every row planned", poll.id)
    return planned


async def _add_recipients(poll_id: int, conn: aiosqlite.Connection, part: Recipients) -> None:
    await store.add_recipients(poll_id, part, conn=conn)
