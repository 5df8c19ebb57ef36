"""Replying: the reader's language, showing a screen, answering a button, keyboards, escaping."""

from __future__ import annotations

import html
import logging
import re
import warnings
from collections.abc import Callable, Coroutine, Sequence
from functools import wraps
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.i18n import Translator, directed, pick_locale
from bot.i18n import esc as esc  # the flows take it from here
from bot.outbox.letters import Button
from bot.services import residents
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import Callback, unpack
from conversations.ui.context import Context

log = logging.getLogger(__name__)

Row = Sequence[tuple[str, str]]
R = TypeVar("R")


async def resident_of(update: Update, context: Context) -> Resident | None:
    user = update.effective_user
    if user is None:
        return None
    return await residents.get(context.deps.db, user.id)


def translator_for(update: Update, context: Context, resident: Resident | None) -> Translator:
    """The resident's chosen language; before consent the one picked on the welcome (held in
    memory only), else Telegram's, else the default."""
    d = context.deps
    if resident is not None:
        return d.translator(resident.language)
    user = update.effective_user
    chosen = d.chosen_languages.chosen(user.id) if user is not None else None
    if chosen is not None:
        return d.translator(chosen)
    code = user.language_code if user is not None else None
    return d.translator(pick_locale(code, d.settings.default_locale))


async def translator(update: Update, context: Context) -> Translator:
    return translator_for(update, context, await resident_of(update, context))


def letter_keyboard(rows: list[list[Button]]) -> InlineKeyboardMarkup:
    """The buttons of an outbox message (plain data naming an action) as an inline keyboard;
    the one place that builds their callback data (the wiring's sender uses it too)."""
    return InlineKeyboardMarkup([[_letter_button(b) for b in row] for row in rows])


def _letter_button(button: Button) -> InlineKeyboardButton:
    if button.url is not None:
        return InlineKeyboardButton(button.label, url=button.url)
    assert button.action is not None, f"button {button.label!r} has neither action nor url"
    data = actions.named(button.action).data(*button.args)
    return InlineKeyboardButton(button.label, callback_data=data)


def keyboard(*rows: Row) -> InlineKeyboardMarkup:
    """Rows of (label, callback data) buttons."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def show(
    update: Update,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    new_message: bool = False,
) -> Message | None:
    """Replace the screen the button was on, or send a new message when typed or asked to (or
    when the button was under a photo or a file, whose caption is no screen to replace)."""
    query = update.callback_query
    has_text = query is not None and getattr(query.message, "text", None) is not None
    if query is not None and query.message is not None and has_text and not new_message:
        try:
            result = await query.edit_message_text(directed(text), reply_markup=markup)
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return None
            raise
        return result if isinstance(result, Message) else None
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(directed(text), reply_markup=markup)


_TAGS = re.compile(r"<[^>]+>")


async def present(
    update: Update, text: str, markup: InlineKeyboardMarkup, *, new_message: bool = False
) -> None:
    """``show``, but a screen that is already there is left alone (a double tap on a button
    would otherwise ask Telegram to edit a message into itself, which it refuses)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if not new_message and isinstance(message, Message) and message.reply_markup == markup:
        shown = message.text or ""
        if shown in (text, html.unescape(_TAGS.sub("", text))):
            return
    await show(update, text, markup, new_message=new_message)


def tapped(update: Update) -> Callback:
    """The tapped button's data, parsed (no arguments for a typed command or forged data)."""
    query = update.callback_query
    return unpack(query.data if query is not None else None) or Callback("", ())


def callback_number(update: Update, index: int) -> int | None:
    """Argument ``index`` of the tapped button as a whole number (None: missing or forged)."""
    return tapped(update).number(index)


async def answer(update: Update, text: str | None = None, *, alert: bool = False) -> None:
    """Every callback query is answered, even without a notification, or the button spins."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest:
        # Answered already, or too old: nothing useful to tell the person.
        log.debug("callback query %s could not be answered", query.id)


Handler = Callable[[Update, Context], Coroutine[Any, Any, R]]


def private_only(func: Handler[R | None]) -> Handler[R | None]:
    """Meedoen works in private chats; elsewhere it answers once, kindly, and does nothing."""

    @wraps(func)
    async def wrapper(update: Update, context: Context) -> R | None:
        chat = update.effective_chat
        if chat is not None and chat.type != "private":
            return None
        return await func(update, context)

    return wrapper


def user_id(update: Update) -> int:
    user = update.effective_user
    assert user is not None
    return user.id


def persistent_flow(
    name: str,
    *,
    entry_points: Sequence[BaseHandler[Any, Any, Any]],
    states: dict[object, list[BaseHandler[Any, Any, Any]]],
    cancel: Handler[Any],
    timed_out: Handler[Any],
    timeout: float,
    fallbacks: Sequence[BaseHandler[Any, Any, Any]] = (),
    forget: Callable[[Context], None] | None = None,
) -> ConversationHandler[Any]:
    """A flow that waits for typed text, the way every such flow in Meedoen behaves.

    Its state is persisted (a restart resumes it), ``/cancel`` ends it, a quiet ``timeout``
    ends it through ``timed_out``, and another flow's command or button ends it quietly so
    that flow answers. ``forget`` drops what the person had entered so far.
    """

    async def leave(update: Update, context: Context) -> int:
        if forget is not None:
            forget(context)
        return int(ConversationHandler.END)

    with warnings.catch_warnings():
        # per_message=False is meant: one flow per person, and buttons of any message lead in.
        warnings.filterwarnings("ignore", message=".*per_message=False.*")
        return ConversationHandler(
            entry_points=list(entry_points),
            states={**states, ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)]},
            fallbacks=[
                CommandHandler("cancel", cancel),
                *fallbacks,
                MessageHandler(filters.COMMAND, leave),
                CallbackQueryHandler(leave),
            ],
            allow_reentry=True,
            per_chat=True,
            per_user=True,
            conversation_timeout=timeout,
            name=name,
            persistent=True,
        )
