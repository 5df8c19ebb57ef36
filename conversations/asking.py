"""The persistent ``questions`` conversation: a resident types a question to a person
(:mod:`conversations.resident.ask`, state ``asking``), a coordinator types the answer
(:mod:`conversations.coordinator.questions`, state ``answering``).

One conversation for both, so that one person never has two of them waiting for what they
type. It sits in a handler group of its own before the others (see the wiring): what it takes
stops there, so a question is never taken for a search word. /cancel or ✖️ ends it with a word,
another flow's command or button ends it quietly (that flow answers), an hour of quiet ends it
with a note. A restart in between loses nothing: the state and what it needs are persisted.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from conversations import actions
from conversations.coordinator import questions as answering
from conversations.resident import ask
from conversations.ui.context import Context
from conversations.ui.replying import persistent_flow

TIMEOUT_SECONDS = 60 * 60

_PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
_TYPED = _PRIVATE_MESSAGE & filters.TEXT & ~filters.COMMAND
_NOT_TYPED = _PRIVATE_MESSAGE & ~filters.TEXT


def _forget(context: Context) -> None:
    ask.forget(context)
    answering.forget(context)


async def cancel(update: Update, context: Context) -> Any:
    """/cancel: the answer or the question being typed is not sent → END."""
    if context.user_data is not None and answering.KEY in context.user_data:
        return await answering.on_stop(update, context)
    return await ask.cancel(update, context)


async def timed_out(update: Update, context: Context) -> None:
    """An hour of quiet: a resident hears their question was not sent; a coordinator's
    unsent answer is simply dropped (the question stays under /questions)."""
    if context.user_data is not None and answering.KEY in context.user_data:
        answering.forget(context)
        return
    await ask.timed_out(update, context)


async def start_asking(update: Update, context: Context) -> None:
    """💬 or /ask: a question begins; an answer that was being typed is given up."""
    answering.forget(context)
    await ask.start_asking(update, context)


def build_handler() -> ConversationHandler[Any]:
    return persistent_flow(
        "questions",
        entry_points=[
            CommandHandler("ask", start_asking, filters.ChatType.PRIVATE),
            actions.ASK.handler(start_asking),
            # ✖️ on an old prompt, after a timeout or a restart: the same kind answer.
            actions.STOP_ASKING.handler(ask.cancel),
            actions.QUESTION_REPLY.handler(answering.on_reply),
            actions.STOP_REPLY.handler(answering.on_stop),
        ],
        states={
            ask.ASKING: [
                MessageHandler(_TYPED, ask.on_question),
                MessageHandler(_NOT_TYPED, ask.not_typed),
                actions.SEND_FIRST_PART.handler(ask.on_first_part),
            ],
            answering.ANSWERING: [
                MessageHandler(_TYPED, answering.on_answer),
                MessageHandler(_NOT_TYPED, answering.not_typed),
            ],
        },
        cancel=cancel,
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
        forget=_forget,
    )
