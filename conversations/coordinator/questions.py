"""/questions: residents' questions waiting for an answer, and the answer, typed.

The list shows the open questions of the coordinator's organisations (administrators: all of
them, general questions too), oldest first, a page at a time, each with ↩️ Reply; an answered
question drops off. Reply (here or under the notice a question brought) shows the whole
question and waits for the answer in the persistent ``questions`` conversation
(:mod:`conversations.asking`, state :data:`ANSWERING`). The answer is stored and its
delivery planned before the coordinator reads "saved"; they hear later whether it arrived
(:mod:`bot.outbox.messages.questions`). The first answer closes a question: whoever replies
after is told who answered and what, and their answer is not sent. Every step checks on the
server that the person may answer the question (:mod:`bot.services.questions`).

Callback actions: ``kqs:<page>`` the list (``kqo`` as a new message, under a notice),
``kqr:<question>`` reply, ``kqrx`` stop replying.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ConversationHandler

from bot.i18n import Translator
from bot.outbox.messages.questions import about_line, quoted
from bot.services import questions
from bot.services.publishing import Invalid
from bot.services.questions import AnsweredAlready, Question
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.guard import (
    Rows,
    coordinator_only,
    needed,
    show_listing,
    step,
    tell,
    text_of,
)
from conversations.resident import ask
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import cancel_button
from conversations.ui.replying import answer, esc, keyboard, show, translator
from conversations.ui.too_long import too_long

ANSWERING = "answering"  # the conversation's state while the answer is typed
KEY = "answering"  # user_data: the id of the question being answered
END = ConversationHandler.END
ANSWER_SHOWN = 300  # characters of another coordinator's answer shown to whoever replies after


def questions_button(t: Translator) -> tuple[str, str]:
    """The way in for the coordinator menu."""
    return (t._("💬 Questions"), actions.QUESTIONS.data(0))


def _asked(t: Translator, question: Question) -> str:
    return t._("asked {date}, {time}").format(
        date=t.short_date(question.asked_at), time=t.time(question.asked_at)
    )


def forget(context: Context) -> None:
    if context.user_data is not None:
        context.user_data.pop(KEY, None)


def _recall(context: Context) -> int | None:
    found = context.user_data.get(KEY) if context.user_data is not None else None
    return found if isinstance(found, int) else None


# -- the list ------------------------------------------------------------------------------------
async def show_list(
    update: Update,
    context: Context,
    role: Role,
    page: int = 0,
    *,
    note: str | None = None,
    new_message: bool = False,
) -> None:
    t = await translator(update, context)
    found = await questions.open_page(context.deps.db, role, page)
    body: list[str] = []
    rows: Rows = []
    for index, question in found.numbered():
        body += [
            "",
            f"{index}. <b>{esc(question.first_name)}</b> · {_asked(t, question)}",
            "   " + about_line(t, question, limit=60),
            f"   “{quoted(question.text, 100)}”",
        ]
        label = t._("↩️ Reply") + f" {index}. {clip(question.first_name, 20)}"
        rows.append([(label, actions.QUESTION_REPLY.data(question.id))])
    await show_listing(
        update,
        t,
        found,
        action=actions.QUESTIONS,
        head=t._("💬 <b>Questions from residents</b> (oldest first)"),
        hint=t._("Tap ↩️ to answer. An answered question goes off this list."),
        empty=t._("No question is waiting for an answer. New questions show here."),
        body=body,
        rows=rows,
        note=note,
        new_message=new_message,
    )


@coordinator_only("questions")
async def questions_command(update: Update, context: Context, role: Role) -> None:
    """/questions (and ``kqs:<page>``; ``kqo`` under a notice): open questions, oldest first."""
    await answer(update)
    query = update.callback_query
    below_notice = query is not None and query.data == actions.OPEN_QUESTIONS.data()
    page = 0
    if query is not None and not below_notice:
        page = needed(update)
    await show_list(update, context, role, page, new_message=query is None or below_notice)


# -- reply ---------------------------------------------------------------------------------------
def _answered_already(t: Translator, question: Question) -> str:
    when = question.answered_at
    lines = [
        t._("This question was answered already, by {name} on {date}, {time}:").format(
            name=esc(question.answered_by_name or "?"),
            date=t.short_date(when) if when else "",
            time=t.time(when) if when else "",
        ),
        f"<blockquote>{quoted(question.answer or '', ANSWER_SHOWN)}</blockquote>",
    ]
    return "\n".join(lines)


GONE = "question_gone"


async def _gone(update: Update, context: Context, role: Role, t: Translator) -> None:
    """The question went: the resident erased their data."""
    await answer(update)
    note = t._("This question no longer exists: the person erased their data.")
    await show_list(update, context, role, note=note, new_message=True)


@step("question_reply")
async def on_reply(update: Update, context: Context, role: Role) -> str | int | None:
    """``kqr:<question>``: the whole question, and the bot waits for the answer → ANSWERING
    (answered already: who answered, and what; gone: said so. Either way nothing changes)."""
    t = await translator(update, context)
    try:
        question = await questions.to_answer(context.deps.db, role, needed(update))
    except AnsweredAlready as exc:  # an answer being typed to another question goes on
        await answer(update)
        await show_list(
            update, context, role, note=_answered_already(t, exc.question), new_message=True
        )
        return None
    except Invalid as exc:
        if exc.reason != GONE:
            raise
        await _gone(update, context, role, t)
        return None
    ask.forget(context)  # a question of their own that was being typed is given up
    if context.user_data is not None:
        context.user_data[KEY] = question.id
    name = esc(question.first_name)
    lines = [
        t._("↩️ <b>Your answer to {name}</b>").format(name=name),
        about_line(t, question),
        f"<blockquote>{esc(question.text)}</blockquote>",
        t._("Type your answer in one message. {name} gets it here from the bot.").format(name=name),
    ]
    await answer(update)
    await show(
        update,
        "\n".join(lines),
        keyboard([cancel_button(t, actions.STOP_REPLY.data())]),
        new_message=True,
    )
    return ANSWERING


@step("question_answer")
async def on_answer(update: Update, context: Context, role: Role) -> int | None:
    """The typed answer: stored and on its way → END (too long or empty: said → ANSWERING)."""
    t = await translator(update, context)
    d = context.deps
    question_id = _recall(context)
    user = update.effective_user
    if question_id is None or user is None:
        forget(context)
        await show_list(update, context, role, new_message=True)
        return END
    try:
        question = await questions.answer(
            d.db, role, question_id, text_of(update), name=user.first_name, now=d.clock.now()
        )
    except AnsweredAlready as exc:
        forget(context)
        note = _answered_already(t, exc.question) + "\n" + t._("Your answer was not sent.")
        await show_list(update, context, role, note=note, new_message=True)
        return END
    except Invalid as exc:
        if exc.reason == GONE:
            forget(context)
            await _gone(update, context, role, t)
            return END
        await tell(update, t, _typed_again(t, exc, text_of(update)))
        return None
    forget(context)
    d.kick()
    note = t._(
        "✅ Your answer to {name} is saved and on its way. You will hear when it has arrived."
    ).format(name=esc(question.first_name))
    await show_list(update, context, role, note=note, new_message=True)
    return END


def _typed_again(t: Translator, exc: Invalid, typed: str) -> str:
    if exc.reason == "too_long":  # the limit, and the answer given back to copy and shorten
        return too_long(t, typed, questions.MAX_ANSWER)
    return t._("Please type your answer, or tap ✖️ to stop.")


async def not_typed(update: Update, context: Context) -> None:
    """A sticker or a photo where the answer is asked for: the same kind pointer → ANSWERING."""
    t = await translator(update, context)
    await show(update, t._("Please type your answer, or tap ✖️ to stop."), new_message=True)
    raise ApplicationHandlerStop(ANSWERING)


@step("question_reply")
async def on_stop(update: Update, context: Context, role: Role) -> int:
    """✖️ or /cancel while answering: nothing is sent; the list → END."""
    forget(context)
    t = await translator(update, context)
    await answer(update)
    await show_list(update, context, role, note=t._("OK, no answer was sent."))
    return END
