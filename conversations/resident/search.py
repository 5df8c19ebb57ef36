"""Search by word: the bot asks for a word, the resident types it, the bot lists what matches.

A persistent ``ConversationHandler`` named ``search`` with one state, :data:`WAITING_FOR_WORD`,
so a restart between the question and the answer loses nothing. It sits in its own handler
group (:data:`GROUP`) before the others: what it takes it stops there (``ApplicationHandlerStop``
with the next state); a command or a button of another flow ends the search quietly and goes on
to that flow in group 0. Other flows offer the way in with :func:`search_button`.
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

from bot.i18n import Translator
from bot.services import finding
from conversations import actions
from conversations.resident.welcome import main_menu, welcome_screen
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import menu_button
from conversations.ui.replying import (
    answer,
    esc,
    keyboard,
    persistent_flow,
    resident_of,
    show,
    translator,
    translator_for,
    user_id,
)

log = logging.getLogger(__name__)

WAITING_FOR_WORD = "waiting_for_word"
GROUP = -1
TIMEOUT_SECONDS = 10 * 60
MAX_RESULTS = 8
MIN_LETTERS = 2
MAX_WORD = 40  # longer input is cut to this before searching and showing
MAX_LABEL = 48

_PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


def search_button(t: Translator) -> tuple[str, str]:
    """The button into the word search, for any screen that wants to offer it."""
    return (t._("🔤 Search by word"), actions.SEARCH.data())


async def ask_for_word(update: Update, context: Context) -> None:
    """/search or 🔤: ask for a word → WAITING_FOR_WORD (not consented: the welcome instead)."""

    await answer(update)
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    if resident is None:
        text, rows = welcome_screen(t, 0)
        await show(update, text, keyboard(*rows), new_message=update.message is not None)
        raise ApplicationHandlerStop(ConversationHandler.END)
    await show(
        update,
        t._("🔤 Type a word, for example <i>reading</i>, <i>garden</i> or <i>computer</i>."),
        keyboard([(t._("✖️ Cancel"), actions.STOP_SEARCH.data())]),
        new_message=update.message is not None,
    )
    raise ApplicationHandlerStop(WAITING_FOR_WORD)


async def on_word(update: Update, context: Context) -> None:
    """The typed word: the matching open opportunities → END (too short: ask again)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    t = await translator(update, context)
    word = " ".join(message.text.split())[:MAX_WORD]
    if len(finding.normalise(word)) < MIN_LETTERS:
        await show(
            update,
            t._("Please type a word of at least two letters."),
            keyboard([(t._("✖️ Cancel"), actions.STOP_SEARCH.data())]),
        )
        raise ApplicationHandlerStop(WAITING_FOR_WORD)
    d = context.deps
    found = await finding.search(d.db, word, d.clock.now(), limit=MAX_RESULTS, language=t.locale)
    log.info("user %s searched: %s found", user_id(update), found.total)
    text, rows = results_screen(t, word, found)
    await show(update, text, keyboard(*rows))
    raise ApplicationHandlerStop(ConversationHandler.END)


def results_screen(
    t: Translator, word: str, found: finding.Matches
) -> tuple[str, list[list[tuple[str, str]]]]:
    again = [search_button(t)]
    if not found.shown:
        text = t._(
            "I found nothing for “{word}”. Try another word, or look through the categories."
        ).format(word=esc(word))
        return text, [
            again,
            [(t._("🔎 Find something to do"), actions.CATEGORIES.data())],
            [menu_button(t)],
        ]
    lines = [
        t.ngettext(
            "I found {count} opportunity for “{word}”:",
            "I found {count} opportunities for “{word}”:",
            found.total,
        ).format(count=found.total, word=esc(word))
    ]
    if found.total > len(found.shown):
        lines.append(
            t._("Here are the first {shown}. A more precise word gives fewer.").format(
                shown=len(found.shown)
            )
        )
    rows = [
        [(clip(item.title, MAX_LABEL), actions.OPPORTUNITY.data(item.opportunity_id))]
        for item in found.shown
    ]
    return "\n\n".join(lines), [*rows, again, [menu_button(t)]]


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
