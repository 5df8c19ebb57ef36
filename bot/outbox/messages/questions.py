"""A person to ask: the question to the coordinators, the answer to the resident, and the
receipt that tells the one who answered whether it arrived.

Each renders at send time from the question's id, in the recipient's language, and drops a
row whose question went (the resident erased their data) or was answered meanwhile. What
people wrote is escaped; nobody's phone number, username or Telegram id is shown.
"""

from __future__ import annotations

from bot.i18n import N_, Translator, esc
from bot.outbox.letters import Desk, Drop, Outgoing, tap
from bot.outbox.messages.buttons import menu_button
from bot.store import questions
from bot.store.outbox import Pending
from bot.store.questions import Question

QUOTED = 150  # characters of the question repeated under its answer and in a receipt
GENERAL = "Meedoen"  # who answers a general question, as the resident reads it

ABOUT = N_("About: <b>{title}</b> ({organisation})")
GENERAL_QUESTION = N_("A general question, for the administrators.")


def about_line(t: Translator, question: Question, limit: int | None = None) -> str:
    """What the question is about, as coordinators read it (names clipped to ``limit``)."""
    if question.title is None:
        return t._(GENERAL_QUESTION)
    organisation = question.organisation or GENERAL
    return t._(ABOUT).format(
        title=quoted(question.title, limit) if limit else esc(question.title),
        organisation=quoted(organisation, limit) if limit else esc(organisation),
    )


def quoted(text: str, limit: int = QUOTED) -> str:
    """The start of a text, on one line, escaped: to say which question is meant."""
    line = " ".join(text.split())
    return esc(line if len(line) <= limit else line[: limit - 1].rstrip() + "…")


async def _question(desk: Desk, row: Pending) -> Question | None:
    return await questions.get(int(row.payload.get("question", 0)), conn=desk.conn)


async def render_question(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To a coordinator: who asks (first name), about what, the question, and Reply."""
    question = await _question(desk, row)
    if question is None:
        return Drop("question erased")
    if question.answered:
        return Drop("answered already")
    t = await desk.reader_of(row.recipient_id) or desk.reader(None)
    lines = [
        t._("💬 <b>A question from {name}</b>").format(name=esc(question.first_name)),
        about_line(t, question),
        f"<blockquote>{esc(question.text)}</blockquote>",
        t._(
            "Tap ↩️ to answer. {name} gets your answer here from the bot: neither of you "
            "sees the other's phone number or username."
        ).format(name=esc(question.first_name)),
    ]
    buttons = [
        [tap(t._("↩️ Reply"), "QUESTION_REPLY", question.id)],
        [tap(t._("💬 Open questions"), "OPEN_QUESTIONS")],
    ]
    return Outgoing("\n".join(lines), buttons)


async def render_answer(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To the resident: the answer, from the organisation, with their question below it."""
    question = await _question(desk, row)
    if question is None or question.answer is None or question.resident_id != row.recipient_id:
        return Drop("question erased")
    t = await desk.reader_of(row.recipient_id)
    if t is None:
        return Drop("no resident")
    lines = [
        t._("💬 <b>Answer from {organisation}</b>").format(
            organisation=esc(question.organisation or GENERAL)
        ),
        f"<blockquote>{esc(question.answer)}</blockquote>",
        t._("Your question: “{question}”").format(question=quoted(question.text)),
    ]
    about = [question.opportunity_id] if question.opportunity_id else []
    again = tap(t._("💬 Ask again"), "ASK", *about)
    buttons = [[again, menu_button(t)]]
    return Outgoing("\n".join(lines), buttons)


DELIVERED = N_("✅ Your answer to {name} was delivered.")
STOPPED = N_("⚠️ Your answer to {name} could not be delivered: {name} has stopped the bot.")
NOT_DELIVERED = N_("⚠️ Your answer to {name} could not be delivered.")


async def render_receipt(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To the coordinator who answered: whether the answer arrived (planned by a trigger once
    the answer's row was sent, dropped or failed; see 0017_questions.sql)."""
    question = await _question(desk, row)
    if question is None:
        return Drop("question erased")
    t = await desk.reader_of(row.recipient_id) or desk.reader(None)
    if row.payload.get("delivered"):
        said = DELIVERED
    elif row.payload.get("note") in ("blocked", "unreachable"):
        said = STOPPED
    else:
        said = NOT_DELIVERED
    lines = [
        t._(said).format(name=esc(question.first_name)),
        t._("Their question: “{question}”").format(question=quoted(question.text)),
    ]
    return Outgoing("\n".join(lines), [[tap(t._("💬 Open questions"), "OPEN_QUESTIONS")]])
