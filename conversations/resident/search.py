"""Search by word: the bot asks for a word, the resident types it, the bot lists what matches.

A persistent ``ConversationHandler`` named ``search`` with one state, :data:`WAITING_FOR_WORD`,
so a restart between the question and the answer loses nothing. It sits in its own handler
group (see the wiring) before the others: what it takes it stops there (``ApplicationHandlerStop``
with the next state); a command or a button of another flow ends the search quietly and goes on
to that flow in group 0. Other flows offer the way in with
:func:`~conversations.resident.results.search_button`; the matches are shown by
:mod:`conversations.resident.results`.

Someone who has not consented gets the same question, but the flow does not start for them (its
state would be stored with their id): the word they type next is searched all the same, as any
word typed outside a flow is.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from conversations import actions
from conversations.resident.results import search_button, search_words, show_results
from conversations.resident.welcome import main_menu
from conversations.ui.context import Context
from conversations.ui.navigation import menu_button
from conversations.ui.replying import (
    answer,
    keyboard,
    persistent_flow,
    resident_of,
    show,
    translator,
    translator_for,
)

log = logging.getLogger(__name__)

WAITING_FOR_WORD = "waiting_for_word"
TIMEOUT_SECONDS = 10 * 60

_PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


async def ask_for_word(update: Update, context: Context) -> None:
    """/search or 🔤: ask for a word → WAITING_FOR_WORD (not consented: asked, but no state)."""

    await answer(update)
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    await show(
        update,
        t._("🔤 Type a word, for example <i>reading</i>, <i>garden</i> or <i>computer</i>."),
        keyboard([(t._("✖️ Cancel"), actions.STOP_SEARCH.data())]),
        new_message=update.message is not None,
    )
    raise ApplicationHandlerStop(WAITING_FOR_WORD if resident else ConversationHandler.END)


async def on_word(update: Update, context: Context) -> None:
    """The typed words: the matching open opportunities → END (no word: ask again)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    t = await translator(update, context)
    words = search_words(message.text)
    if not words:
        await show(
            update,
            t._("Please type a word of at least two letters."),
            keyboard([(t._("✖️ Cancel"), actions.STOP_SEARCH.data())]),
        )
        raise ApplicationHandlerStop(WAITING_FOR_WORD)
    await show_results(update, context, t, words)
    raise ApplicationHandlerStop(ConversationHandler.END)


async def not_a_word(update: Update, context: Context) -> None:
    """A sticker, photo or voice message while a word is expected: a pointer; still waiting."""
    t = await translator(update, context)
    await show(
        update,
        t._("I can only search for typed words. Type a word, or tap Cancel."),
        keyboard([(t._("✖️ Cancel"), actions.STOP_SEARCH.data())]),
    )
    raise ApplicationHandlerStop(WAITING_FOR_WORD)


async def cancel(update: Update, context: Context) -> None:
    """/cancel or ✖️: the search ends, the menu shows → END."""

    await answer(update)
    t = await translator(update, context)
    text = t._("OK, no search.") + "\n\n" + t._("What would you like to do?")
    await show(update, text, keyboard(*main_menu(t)))
    raise ApplicationHandlerStop(ConversationHandler.END)


async def timed_out(update: Update, context: Context) -> None:
    """Ten quiet minutes: a kind word and a way back in."""
    t = await translator(update, context)
    chat = update.effective_chat
    if chat is None:
        return
    await context.bot.send_message(
        chat.id,
        t._("The search has stopped because it was quiet for a while. You can start again."),
        reply_markup=keyboard([search_button(t)], [menu_button(t)]),
    )


def build_handler() -> ConversationHandler[Any]:
    return persistent_flow(
        "search",
        entry_points=[
            CommandHandler("search", ask_for_word, filters.ChatType.PRIVATE),
            actions.SEARCH.handler(ask_for_word),
            # ✖️ on an old question, after a timeout or restart: the menu all the same.
            actions.STOP_SEARCH.handler(cancel),
        ],
        states={
            WAITING_FOR_WORD: [
                MessageHandler(_PRIVATE_MESSAGE & filters.TEXT & ~filters.COMMAND, on_word),
                MessageHandler(_PRIVATE_MESSAGE & ~filters.TEXT, not_a_word),
            ],
        },
        cancel=cancel,
        fallbacks=[actions.STOP_SEARCH.handler(cancel)],
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
    )
