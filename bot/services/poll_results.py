"""What a coordinator sees of their questions: the list, the results, a chart, a CSV file.

Results count per answer button or score (with the average), list written answers, and say how
many were sent, answered and could not be reached. They never show who gave which answer; a
name only when the question said names are seen. Answers are split by group (volunteers and
residents, or coordinators and staff) when both answered, or when the question went to both.
Who may read a poll: administrators, whoever asked it, and the coordinators of the organisation
it was asked for.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from bot.i18n import N_, Translator
from bot.services import audiences
from bot.services.audiences import Audience
from bot.services.export import Export, Sheet
from bot.services.polls import CHOICE, QUESTIONNAIRE, SCALE, NotAllowed
from bot.services.roles import Role
from bot.store import Database, outbox
from bot.store import poll_answers as answers
from bot.store import polls as store
from bot.store.poll_answers import RESIDENT, STAFF, Given
from bot.store.polls import Poll

log = logging.getLogger(__name__)

GROUPS = (RESIDENT, STAFF)
GROUP_NAMES = {RESIDENT: N_("🙌 Volunteers"), STAFF: N_("🧑‍💼 Staff")}
GROUP_WORDS = {RESIDENT: N_("volunteers"), STAFF: N_("staff")}  # in the CSV file
HEADER = (N_("number"), N_("question"), N_("group"), N_("answer"))
NAMED_HEADER = (N_("first name"), N_("answered at"))
SKIPPED = N_("(skipped)")


def may_read(role: Role, poll: Poll) -> bool:
    if role.is_admin or poll.created_by == role.user_id:
        return True
    return poll.organisation_id is not None and role.manages(poll.organisation_id)


@dataclass(frozen=True)
class Listed:
    poll: Poll
    answered: int


async def mine(db: Database, role: Role) -> list[Listed]:
    """The polls this coordinator may read, newest first, with how many answered each."""
    if not role.is_coordinator:
        raise NotAllowed
    scope = None if role.is_admin else role.organisation_ids
    async with db.read() as conn:
        found = await store.listed(scope, role.user_id, conn=conn)
        counts = await answers.counts_of([p.id for p in found], conn=conn)
    return [Listed(poll, counts.get(poll.id, 0)) for poll in found]


@dataclass
class Question:
    """The answers to one question, per group."""

    step: int
    text: str  # the poll's question, or the questionnaire's (a source text to translate)
    counts: dict[str, list[int]] = field(default_factory=dict)  # per answer button, or score 1-5
    written: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def total(self, group: str | None = None) -> int:
        groups = [group] if group else list(self.counts) + list(self.written)
        return sum(sum(self.counts.get(g, [])) + len(self.written.get(g, [])) for g in groups)

    def column(self, index: int) -> int:
        """How many chose answer ``index`` (all groups)."""
        return sum(counts[index] for counts in self.counts.values())

    def average(self) -> float | None:
        """The average score (a scale question), or None without answers."""
        total = sum(self.column(i) for i in range(5))
        if not total:
            return None
        return sum((i + 1) * self.column(i) for i in range(5)) / total


@dataclass(frozen=True)
class Results:
    poll: Poll
    audience: Audience | None
    audience_name: str | None
    respondents: int
    questions: list[Question]
    groups: list[str]  # the groups shown apart: more than one when split

    @property
    def split(self) -> bool:
        return len(self.groups) > 1


async def _readable(db: Database, role: Role, poll_id: int) -> Poll:
    async with db.read() as conn:
        poll = await store.get(poll_id, conn=conn)
    if poll is None or not role.is_coordinator or not may_read(role, poll):
        log.info("refused poll %s for user %s", poll_id, role.user_id)
        raise NotAllowed
    return poll


async def results(db: Database, role: Role, poll_id: int) -> Results:
    poll = await _readable(db, role, poll_id)
    async with db.snapshot() as conn:
        given = await answers.given(poll.id, conn=conn)
        respondents = await answers.respondents(poll.id, conn=conn)
        audience = Audience.parse(poll.audience_kind, poll.audience_value)
        name = await audiences.describe(conn, audience) if audience else None
    questions = [_question(poll, step, given) for step in range(poll.steps)]
    present = {g.group for g in given if not g.skipped}
    together = poll.audience_kind == audiences.TOGETHER
    groups = [g for g in GROUPS if g in present or together] or [RESIDENT]
    return Results(poll, audience, name, respondents, questions, groups)


def _question(poll: Poll, step: int, given: list[Given]) -> Question:
    text = poll.options[step] if poll.kind == QUESTIONNAIRE else poll.question
    found = Question(step, text)
    width = len(poll.options) if poll.kind == CHOICE else 5
    mine = [g for g in given if g.step == step]
    if not poll.named:  # in no order that could tell who wrote what
        mine.sort(key=lambda g: ((g.text or "").casefold(), g.choice or 0))
    for g in mine:
        if g.skipped:
            found.skipped[g.group] = found.skipped.get(g.group, 0) + 1
        elif g.text is not None:
            found.written.setdefault(g.group, []).append((g.text, g.name))
        elif g.choice is not None:
            index = g.choice - 1 if poll.kind == SCALE else g.choice
            counts = found.counts.setdefault(g.group, [0] * width)
            if 0 <= index < width:
                counts[index] += 1
    return found


async def close(db: Database, role: Role, poll_id: int, now: datetime) -> bool:
    """Close it now: no answers after this; False if it was closed already."""
    poll = await _readable(db, role, poll_id)
    if not poll.is_open(now):
        return False
    async with db.transaction() as conn:
        closed = await store.close(poll.id, now, conn=conn)
        await outbox.delete_pending(conn, store.closing_key(poll.id))
    log.info("poll %s closed by %s", poll.id, role.user_id)
    return closed


def answer_text(t: Translator, poll: Poll, given: Given) -> str:
    if given.skipped:
        return t._(SKIPPED)
    if given.text is not None:
        return given.text
    if poll.kind == CHOICE and given.choice is not None and given.choice < len(poll.options):
        return poll.options[given.choice]
    return str(given.choice)


async def export(db: Database, role: Role, poll_id: int, t: Translator) -> Export:
    """Every answer as a CSV file for Excel (as /export writes them: UTF-8 with a byte order
    mark, semicolons, no formulas); names and times only for a poll with names."""
    poll = await _readable(db, role, poll_id)
    async with db.snapshot() as conn:
        given = await answers.given(poll.id, conn=conn)
    header = [*HEADER, *(NAMED_HEADER if poll.named else ())]
    rows: list[list[str]] = []
    for g in given:
        question = t._(poll.options[g.step]) if poll.kind == QUESTIONNAIRE else poll.question
        row = [str(g.step + 1), question, t._(GROUP_WORDS[g.group]), answer_text(t, poll, g)]
        if poll.named:
            row += [g.name or "", t.local(g.answered_at).strftime("%Y-%m-%d %H:%M")]
        rows.append(row)
    if not poll.named:  # in no order that could tell who answered what
        rows.sort(key=lambda r: (int(r[0]), r[2], r[3].casefold()))
    log.info("user %s exported poll %s (%s answers)", role.user_id, poll.id, len(rows))
    sheet = Sheet(t, header)
    for row in rows:
        sheet.add(row)
    return Export(f"meedoen-question-{poll.id}.csv", sheet.content(), len(rows))
