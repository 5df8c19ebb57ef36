"""Answering a coordinator's question (a poll).

Buttons and scores: ``plv:<poll>:<answer>`` stores the answer at once and draws the question
again with ✅ on it; the same tap again changes nothing, another answer replaces it, until the
question closes. Written answers and the five questions: ``plw:<poll>:<step>`` opens a
persistent ``ConversationHandler`` named ``poll_answer`` in its own handler group
(see the wiring) that takes the next message as the answer (at most
:data:`~bot.services.polls.MAX_ANSWER` characters; a longer one is said, given back and kept for
✂️, the first part, as :mod:`conversations.ui.typed_text` does for every typed text), then the
next of the five questions (``pls``: skip it, or keep the answer given before).
Stop, /cancel, another flow's command or button, or half an hour of quiet ends it; what was
answered is kept. A tap after closing, on a question that was not sent to the person, or with
an answer the question does not have gets a kind answer and changes nothing.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any, NoReturn

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ConversationHandler, MessageHandler, filters

from bot.i18n import N_, Translator
from bot.outbox.letters import Button, tap
from bot.outbox.messages.buttons import menu_button
from bot.outbox.messages.polls import CHANGE_ALL, CHANGE_WRITTEN, asked, poll_message
from bot.services import poll_answers, polls
from bot.services.poll_answers import Outcome, Poll
from conversations import actions
from conversations.actions import unpack
from conversations.ui import typed_text
from conversations.ui.context import Context
from conversations.ui.replying import (
    answer,
    esc,
    letter_keyboard,
    persistent_flow,
    show,
    translator,
    user_id,
)

log = logging.getLogger(__name__)

# Before the coordinators' flows: a line typed as an answer is not a title or a search word.
WRITING = "writing"
TIMEOUT_SECONDS = 30 * 60
KEY = "poll_answer"  # user_data: the poll and the question being answered (and a text kept)
TYPING = typed_text.Typing(
    state=WRITING,
    limit=polls.MAX_ANSWER,
    please_type=N_("Please write your answer as text."),
    not_typed=N_("Please write your answer as text. A sticker or a photo can't be an answer."),
    cut_label=N_("✂️ Send the first part"),
    cut_data=actions.POLL_FIRST_PART.data(),
    stop_label=N_("✖️ Stop"),
    stop_data=actions.POLL_STOP.data(),
)

REFUSALS = {
    Outcome.CLOSED: N_("This question is closed. Thank you!"),
    Outcome.MISSING: N_("This question no longer exists."),
    Outcome.NOT_SENT: N_("This question was not sent to you, so you can't answer it."),
}
NOT_AN_ANSWER = N_("This is not one of the answers to this question.")


def _person(update: Update, context: Context) -> poll_answers.Person:
    user = update.effective_user
    assert user is not None
    return poll_answers.Person(user.id, user.first_name, context.deps.settings.coordinator_ids)


def _args(update: Update) -> tuple[int | None, int | None]:
    cb = unpack(update.callback_query.data if update.callback_query else None)
    return (cb.number(0), cb.number(1)) if cb else (None, None)


async def _refuse(update: Update, t: Translator, outcome: Outcome) -> None:
    """A kind answer for a tap or a message that changes nothing."""
    if outcome in (Outcome.INVALID, Outcome.NOT_SENT, Outcome.MISSING):
        log.info("refused a poll answer (%s) of user %s", outcome.value, user_id(update))
    text = t._(REFUSALS.get(outcome, NOT_AN_ANSWER))
    if update.callback_query is not None:
        await answer(update, text, alert=True)
    else:
        await show(update, text, letter_keyboard([[menu_button(t)]]), new_message=True)


# -- buttons and scores -------------------------------------------------------------------------
async def on_vote(update: Update, context: Context) -> None:
    """``plv:<poll>:<answer>``: the answer is stored (or changed); the question shows ✅ on it."""
    t = await translator(update, context)
    poll_id, value = _args(update)
    if poll_id is None:
        await _refuse(update, t, Outcome.MISSING)
        return
    d = context.deps
    result = await poll_answers.choose(
        d.db, poll_id, _person(update, context), value, d.clock.now()
    )
    poll = result.poll
    if not result.outcome.stored or poll is None:
        await _refuse(update, t, result.outcome)
        return
    if result.outcome is Outcome.SAME:
        await answer(update, t._("You chose this already. You can change it until it closes."))
        return
    if result.outcome is Outcome.SAVED:
        await answer(update, t._("Thank you! Your answer is saved."))
    else:
        await answer(update, t._("Thank you! Your answer is changed."))
    drawn = poll_message(t, asked(poll), poll.id, chosen=value)
    await show(update, drawn.text, letter_keyboard(drawn.buttons))


# -- written answers ---------------------------------------------------------------------------
def _remember(context: Context, poll_id: int, step: int) -> None:
    if context.user_data is not None:
        context.user_data[KEY] = {"poll": poll_id, "step": step}


def _draft(context: Context) -> dict[str, Any]:
    """The question being answered: where an answer that was too long waits for ✂️."""
    assert context.user_data is not None
    found = context.user_data.get(KEY)
    return found if isinstance(found, dict) else {}


def _recall(context: Context) -> tuple[int, int] | None:
    found = context.user_data.get(KEY) if context.user_data is not None else None
    if isinstance(found, list):  # as kept before a text could wait for ✂️
        found = dict(zip(("poll", "step"), found, strict=False))
    if isinstance(found, dict):
        poll_id, step = found.get("poll"), found.get("step")
        if isinstance(poll_id, int) and isinstance(step, int):
            return poll_id, step
    return None


def _forget(context: Context) -> None:
    if context.user_data is not None:
        context.user_data.pop(KEY, None)


async def _prompt(update: Update, context: Context, t: Translator, poll: Poll, step: int) -> None:
    """Question ``step``: what to write, the answer given before, Skip (the five questions)."""
    own = await poll_answers.own_answers(context.deps.db, poll.id, user_id(update))
    before = own.get(step)
    if poll.kind == polls.QUESTIONNAIRE:
        lines = [
            t._("Question {n} of {total}").format(n=step + 1, total=poll.steps),
            "",
            f"<b>{esc(t._(poll.options[step]))}</b>",
        ]
    else:
        lines = [f"<b>{esc(poll.question)}</b>"]
    if before is not None and before.text:
        lines += ["", t._("Your answer now: “{text}”").format(text=esc(before.text))]
    write = t._("✍️ Write your answer in one message (at most {most} characters).")
    lines += ["", write.format(most=polls.MAX_ANSWER)]
    rows: list[list[Button]] = []
    if poll.kind == polls.QUESTIONNAIRE:
        given = before is not None and not before.skipped
        label = t._("⏭ Keep my answer") if given else t._("⏭ Skip")
        rows.append([tap(label, "POLL_SKIP", poll.id, step)])
    rows.append([tap(t._("✖️ Stop"), "POLL_STOP")])
    _remember(context, poll.id, step)
    # Skip and ✂️ replace their own screen; the first question and the next after typing are new.
    await show(update, "\n".join(lines), letter_keyboard(rows), new_message=not _replaces(update))


def _replaces(update: Update) -> bool:
    """Skip and ✂️ replace their screen with the next; the question's ✍️ and typing do not."""
    tapped = unpack(update.callback_query.data) if update.callback_query is not None else None
    return tapped is not None and tapped.action in (
        actions.POLL_SKIP.code,
        actions.POLL_FIRST_PART.code,
    )


async def _next(update: Update, context: Context, t: Translator, poll: Poll, step: int) -> NoReturn:
    """The next of the five questions (→ WRITING), or thank you (→ END)."""
    if poll.kind == polls.QUESTIONNAIRE and step + 1 < poll.steps:
        await _prompt(update, context, t, poll, step + 1)
        raise ApplicationHandlerStop(WRITING)
    _forget(context)
    if poll.kind == polls.QUESTIONNAIRE:
        text = t._("✅ Thank you for your answers! You can change them until the questions close.")
        change = t._(CHANGE_ALL)
    else:
        text = t._(
            "✅ Thank you! Your answer is saved. You can change it until the question closes."
        )
        change = t._(CHANGE_WRITTEN)
    rows = [[tap(change, "POLL_WRITE", poll.id, 0)], [menu_button(t)]]
    await show(update, text, letter_keyboard(rows), new_message=not _replaces(update))
    raise ApplicationHandlerStop(ConversationHandler.END)


async def on_write(update: Update, context: Context) -> None:
    """``plw:<poll>:<step>``: what to write for that question → WRITING."""
    t = await translator(update, context)
    poll_id, step = _args(update)
    d = context.deps
    found = await poll_answers.check(d.db, poll_id or 0, user_id(update), d.clock.now())
    poll = found.poll
    if found.outcome is not Outcome.OPEN or poll is None:
        await _refuse(update, t, found.outcome)
        raise ApplicationHandlerStop(ConversationHandler.END)
    if poll.kind not in (polls.TEXT, polls.QUESTIONNAIRE) or step is None or step >= poll.steps:
        await _refuse(update, t, Outcome.INVALID)
        raise ApplicationHandlerStop(ConversationHandler.END)
    await answer(update)
    await _prompt(update, context, t, poll, step)
    raise ApplicationHandlerStop(WRITING)


async def on_text(update: Update, context: Context) -> int:
    """The answer, typed: stored (or too long: said kindly, given back, and another try)."""
    where = _recall(context)
    message = update.effective_message
    if where is None or message is None:
        return ConversationHandler.END  # nothing to answer: the other flows take the text
    t = await translator(update, context)
    await _write(update, context, t, where, message.text or "")


async def on_first_part(update: Update, context: Context) -> None:
    """✂️ under "too long": the part of the kept answer that fits is the answer."""
    t = await translator(update, context)
    first = await typed_text.take_first_part(update, t, TYPING, _draft(context))
    where = _recall(context)
    assert where is not None, "a text is kept only with the question it answers"
    await _write(update, context, t, where, first)


async def _write(
    update: Update, context: Context, t: Translator, where: tuple[int, int], text: str
) -> NoReturn:
    """A written answer: stored, then the next question or thanks; too long, empty or refused:
    said kindly."""
    d = context.deps
    poll_id, step = where
    result = await poll_answers.write(
        d.db, poll_id, step, _person(update, context), text, d.clock.now()
    )
    if result.outcome is Outcome.TOO_LONG:
        said = t._(
            "Thank you! That is {n} characters; at most {most} fit. Please make it a little "
            "shorter and send it again."
        ).format(n=len(text.strip()), most=polls.MAX_ANSWER)
        await typed_text.refuse_too_long(update, t, TYPING, _draft(context), text, said)
    if result.outcome is Outcome.EMPTY:
        await typed_text.please_type(update, t, TYPING)
    if not result.outcome.stored or result.poll is None:
        _forget(context)
        await _refuse(update, t, result.outcome)
        raise ApplicationHandlerStop(ConversationHandler.END)
    await answer(update)  # a ✂️ tap
    await _next(update, context, t, result.poll, step)


async def on_skip(update: Update, context: Context) -> None:
    """``pls:<poll>:<step>``: on to the next question (a skip is noted; an answer stays)."""
    t = await translator(update, context)
    poll_id, step = _args(update)
    d = context.deps
    person = _person(update, context)
    result = await poll_answers.skip(d.db, poll_id or 0, step or 0, person, d.clock.now())
    if not result.outcome.stored or result.poll is None or step is None:
        _forget(context)
        await _refuse(update, t, result.outcome)
        raise ApplicationHandlerStop(ConversationHandler.END)
    await answer(update)
    await _next(update, context, t, result.poll, step)


async def not_text(update: Update, context: Context) -> None:
    """A sticker, photo or voice message where an answer is written: still WRITING."""
    await typed_text.not_typed(update, context, TYPING)


async def stop(update: Update, context: Context) -> None:
    """``plz`` or /cancel: no more writing now; what was answered is kept."""
    _forget(context)
    await answer(update)
    t = await translator(update, context)
    text = t._(
        "OK. What you answered is saved. You can go on later with the button under the question."
    )
    await show(update, text, letter_keyboard([[menu_button(t)]]))
    raise ApplicationHandlerStop(ConversationHandler.END)


async def stop_stale(update: Update, context: Context) -> None:
    """Stop on a screen whose writing has ended already: the same kind answer."""
    with contextlib.suppress(ApplicationHandlerStop):
        await stop(update, context)


async def timed_out(update: Update, context: Context) -> None:
    """Half an hour of quiet: the writing lapses without a word (what was answered is kept)."""
    _forget(context)


def build_handler() -> ConversationHandler[Any]:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return persistent_flow(
        "poll_answer",
        entry_points=[
            actions.POLL_WRITE.handler(on_write),
            actions.POLL_SKIP.handler(on_skip),
        ],
        states={
            WRITING: [
                MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text),
                MessageHandler(private & ~filters.TEXT & ~filters.COMMAND, not_text),
                actions.POLL_FIRST_PART.handler(on_first_part),
            ],
        },
        cancel=stop,
        fallbacks=[actions.POLL_STOP.handler(stop)],
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
        forget=_forget,
    )
