"""A question (a poll) as its recipients read it, and the coordinator's notice when it closes.

The message is rendered at send time in the recipient's language (a coordinator who is not a
resident reads the default language); the flows draw the same message again with ✅ on the
answer given (:func:`poll_message`), and the coordinator's preview draws it before there is a
poll (buttons that do nothing). A poll that closed before its message went is not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.i18n import N_, Translator, esc
from bot.outbox.letters import Button, Desk, Drop, Outgoing, tap
from bot.store import poll_answers
from bot.store import polls as store
from bot.store.outbox import Pending
from bot.store.polls import CHOICE, QUESTIONNAIRE, SCALE, Poll

HEADING = N_("❓ <b>A question from {organisation}</b>")
QUESTIONNAIRE_HEADING = N_("📋 <b>Five questions from {organisation}</b>")
QUESTIONNAIRE_INTRO = N_(
    "The library of the future: we build it together. We would like to know what you think. "
    "There are five questions. Write a few sentences, or skip a question."
)
HOW = {
    CHOICE: N_("Tap your answer."),
    SCALE: N_("Tap a score: 1 is the lowest, 5 the highest."),
}
ANONYMOUS = N_("🙈 Your answer is anonymous: nobody sees who gave which answer.")
NAMED = N_("👤 Your first name is shown with your answer.")
UNTIL = N_("⏳ You can answer until {date}. Until then you can change your answer.")
CHANGEABLE = N_("You can change your answer until the question closes.")
WRITE = N_("✍️ Answer")
CHANGE_WRITTEN = N_("✏️ Change my answer")
START = N_("✍️ Start")
CHANGE_ALL = N_("✏️ Change my answers")
CHOSEN = "✅ "


@dataclass(frozen=True)
class Asked:
    """What a question's message shows (a poll, or a draft before it is sent)."""

    organisation: str | None
    kind: str
    question: str
    options: list[str]
    named: bool
    closes_at: datetime | None


def asked(poll: Poll) -> Asked:
    return Asked(
        poll.organisation, poll.kind, poll.question, poll.options, poll.named, poll.closes_at
    )


def last_day(t: Translator, closes_at: datetime) -> str:
    """The last day a poll can be answered (it closes at the end of that day)."""
    return t.date(closes_at - timedelta(seconds=1))


def poll_text(t: Translator, item: Asked) -> str:
    who = esc(item.organisation or "Meedoen")
    if item.kind == QUESTIONNAIRE:
        lines = [t._(QUESTIONNAIRE_HEADING).format(organisation=who), "", t._(QUESTIONNAIRE_INTRO)]
    else:
        lines = [t._(HEADING).format(organisation=who), "", f"<b>{esc(item.question)}</b>"]
        if item.kind in HOW:
            lines += ["", t._(HOW[item.kind])]
    lines += ["", t._(NAMED) if item.named else t._(ANONYMOUS)]
    if item.closes_at is not None:
        lines.append(t._(UNTIL).format(date=last_day(t, item.closes_at)))
    else:
        lines.append(t._(CHANGEABLE))
    return "\n".join(lines)


def poll_buttons(
    t: Translator, item: Asked, poll_id: int | None, *, chosen: int | None, answered: bool
) -> list[list[Button]]:
    """The answer buttons (✅ on the ``chosen`` one), or the button that opens the writing;
    without a ``poll_id`` (a preview) they do nothing."""

    def button(label: str, action: str, *args: int) -> Button:
        return tap(label, action, *args) if poll_id is not None else tap(label, "NOTHING")

    def mark(value: int) -> str:
        return CHOSEN if value == chosen else ""

    if item.kind == CHOICE:
        return [
            [button(mark(index) + option, "POLL_VOTE", poll_id or 0, index)]
            for index, option in enumerate(item.options)
        ]
    if item.kind == SCALE:
        return [[button(f"{mark(n)}{n}", "POLL_VOTE", poll_id or 0, n) for n in range(1, 6)]]
    if item.kind == QUESTIONNAIRE:
        label = t._(CHANGE_ALL) if answered else t._(START)
    else:
        label = t._(CHANGE_WRITTEN) if answered else t._(WRITE)
    return [[button(label, "POLL_WRITE", poll_id or 0, 0)]]


def poll_message(
    t: Translator,
    item: Asked,
    poll_id: int | None,
    *,
    chosen: int | None = None,
    answered: bool = False,
) -> Outgoing:
    return Outgoing(
        poll_text(t, item), poll_buttons(t, item, poll_id, chosen=chosen, answered=answered)
    )


async def render_poll(desk: Desk, row: Pending) -> Outgoing | Drop:
    """The question, with its answer buttons; not sent once the poll has closed."""
    poll = await store.get(int(row.payload.get("poll", 0)), conn=desk.conn)
    if poll is None:
        return Drop("no poll")
    if not poll.is_open(desk.now):
        return Drop("closed")
    t = await desk.reader_of(row.recipient_id) or desk.reader(None)
    return poll_message(t, asked(poll), poll.id)


CLOSED_NOTICE = N_("🔒 <b>Your question has closed</b>")


async def render_poll_closed(desk: Desk, row: Pending) -> Outgoing | Drop:
    """To the coordinator, on the closing day they chose: how many answered, and the results."""
    poll = await store.get(int(row.payload.get("poll", 0)), conn=desk.conn)
    if poll is None or poll.closed_at is not None:
        return Drop("no poll, or closed by hand")
    t = desk.reader(poll.language)
    answered = await poll_answers.respondents(poll.id, conn=desk.conn)
    what = t._("The five questions") if poll.kind == QUESTIONNAIRE else esc(poll.question)
    lines = [
        t._(CLOSED_NOTICE),
        "",
        f"<i>{what}</i>",
        t.ngettext("{n} person answered.", "{n} people answered.", answered).format(n=answered),
    ]
    return Outgoing("\n".join(lines), [[tap(t._("📊 See the answers"), "POLL_RESULTS", poll.id)]])
