"""/broadcast: a coordinator writes to an audience of residents, sees a preview, and sends.

A persistent ``ConversationHandler`` named ``broadcast`` in its own handler group (see the wiring):
organisation (when there is a choice) → audience → the category, opportunity or months (steps
shared with /poll: :mod:`conversations.coordinator.audience_choice`) → the message (text, or a
photo with a caption) → a preview with the number of recipients, where a text for the readers
of another language can be added → send (the preview and sending are in
:mod:`conversations.coordinator.broadcast_sending`).
The draft lives in ``user_data``; the role is read again at every step. Another flow's command
or button ends the draft quietly and goes on to that flow.

Sending plans one outbox row per recipient (``bot.broadcasts``); the preview message becomes a
progress message that a repeating job (:data:`JOB_NAME`) updates until nothing is left to go,
then the coordinator gets a summary. Callback actions: ``bg`` organisation, ``ba`` audience kind,
``bc`` category, ``bp`` opportunity, ``bm`` months, ``bs`` send, ``bw`` write again, ``bb`` back,
``bx`` cancel, ``bn`` start (a button for a coordinator menu), ``bl``/``bll`` a text in another
language, ``bv`` back to the preview; ``bo`` is the resident's "no more messages from organisers"
under a broadcast.
"""

from __future__ import annotations

import contextlib
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

from bot.i18n import N_, Translator
from bot.services import audiences
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator import broadcast_draft as drafts
from conversations.coordinator import broadcast_sending as sending
from conversations.coordinator.audience_choice import AudienceChoice
from conversations.coordinator.broadcast_draft import role_or_end, stay
from conversations.coordinator.broadcast_screens import (
    AUDIENCE,
    BUTTONS,
    HEADING,
    back_to,
    cancel_row_button,
    write_screen,
)
from conversations.ui.context import Context
from conversations.ui.navigation import menu_button
from conversations.ui.replying import answer, keyboard, persistent_flow, show, translator

log = logging.getLogger(__name__)

WRITE = "write"
PREVIEW, LANGUAGE, WRITE_LANGUAGE = sending.PREVIEW, sending.LANGUAGE, sending.WRITE_LANGUAGE
TIMEOUT_SECONDS = 30 * 60

_PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


# -- steps -----------------------------------------------------------------------------------------
def broadcast_button(t: Translator) -> tuple[str, str]:
    """The way in for a coordinator menu."""
    return (t._("📣 Message to residents"), actions.BROADCAST.data())


async def start(update: Update, context: Context) -> None:
    """/broadcast or ``bn``: the organisation (if there is a choice) → ORGANISATION or AUDIENCE."""
    await answer(update)
    role = await role_or_end(update, context)
    t = await translator(update, context)
    drafts.forget(context)
    await CHOICE.begin(update, context, role, t, new=update.message is not None)


async def _write_next(update: Update, context: Context, role: Role, t: Translator) -> None:
    """The audience is chosen → WRITE."""
    await _ask_message(update, t)
    raise stay(WRITE)


async def _ask_message(update: Update, t: Translator) -> None:
    text, rows = write_screen(t)
    await show(update, text, keyboard(*rows))


async def on_message(update: Update, context: Context) -> None:
    """The message (text, or a photo with a caption) → PREVIEW with the number of recipients."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    message = update.effective_message
    assert message is not None
    draft = drafts.current(context)
    if message.photo:
        html_text, plain = message.caption_html or "", message.caption or ""
        photo: str | None = message.photo[-1].file_id  # the largest size
    else:
        html_text, plain, photo = message.text_html or "", message.text or "", None
    if await sending.refused_as_too_long(update, t, plain, photo is not None, back_to(t, AUDIENCE)):
        raise stay(WRITE)
    draft.update(text=html_text, photo=photo)
    await sending.show_preview(update, context, role, t, sample=html_text)
    raise stay(PREVIEW)


async def not_a_message(update: Update, context: Context) -> None:
    """A sticker, voice message or file while a message is expected: a pointer; still waiting."""
    await role_or_end(update, context)
    t = await translator(update, context)
    await show(
        update,
        t._("Please send a text, or a photo with a text under it."),
        keyboard([back_to(t, AUDIENCE), cancel_row_button(t)]),
    )
    raise stay(WRITE)


async def on_rewrite(update: Update, context: Context) -> None:
    """Change the message → WRITE."""
    await role_or_end(update, context)
    t = await translator(update, context)
    await answer(update)
    await _ask_message(update, t)
    raise stay(WRITE)


async def on_back(update: Update, context: Context) -> None:
    """One step back: to the organisations or the audiences."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    await answer(update)
    await CHOICE.back(update, context, role, t)


async def cancel(update: Update, context: Context) -> None:
    """/cancel or ✖️: nothing is sent → END."""

    await answer(update)
    drafts.forget(context)
    t = await translator(update, context)
    await show(
        update,
        t._("OK, nothing was sent."),
        keyboard([menu_button(t)]),
        new_message=update.message is not None,
    )
    raise ApplicationHandlerStop(ConversationHandler.END)


async def timed_out(update: Update, context: Context) -> None:
    drafts.forget(context)
    chat = update.effective_chat
    if chat is None:
        return
    t = await translator(update, context)
    await context.bot.send_message(
        chat.id,
        t._("The message was not sent: it was quiet for a while. Type /broadcast to start again."),
    )


# -- wiring ----------------------------------------------------------------------------------------
def build_handler() -> ConversationHandler[Any]:
    return persistent_flow(
        "broadcast",
        entry_points=[
            CommandHandler("broadcast", start, filters.ChatType.PRIVATE),
            actions.BROADCAST.handler(start),  # from a coordinator menu
        ],
        states={
            **CHOICE.states(),
            WRITE: [
                MessageHandler(
                    _PRIVATE_MESSAGE & ((filters.TEXT & ~filters.COMMAND) | filters.PHOTO),
                    on_message,
                ),
                MessageHandler(_PRIVATE_MESSAGE & ~filters.COMMAND, not_a_message),
            ],
            PREVIEW: [
                actions.BROADCAST_SEND.handler(sending.on_send),
                actions.BROADCAST_REWRITE.handler(on_rewrite),
                actions.BROADCAST_LANGUAGES.handler(sending.on_languages),
            ],
            LANGUAGE: [
                actions.BROADCAST_LANGUAGE.handler(sending.on_language),
                actions.BROADCAST_PREVIEW.handler(sending.on_back_to_preview),
            ],
            WRITE_LANGUAGE: [
                MessageHandler(
                    _PRIVATE_MESSAGE & filters.TEXT & ~filters.COMMAND, sending.on_language_text
                ),
                MessageHandler(_PRIVATE_MESSAGE & ~filters.COMMAND, sending.not_a_language_text),
                actions.BROADCAST_PREVIEW.handler(sending.on_back_to_preview),
            ],
        },
        cancel=cancel,
        fallbacks=[
            actions.BROADCAST_STOP.handler(cancel),
            actions.BROADCAST_BACK.handler(on_back),
        ],
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
        forget=drafts.forget,
    )


CHOICE = AudienceChoice(
    flow="broadcast",
    heading=HEADING,
    restart=N_("This button no longer works. Type /broadcast to begin again."),
    buttons=BUTTONS,
    kinds=audiences.KINDS,
    draft=drafts.current,
    forget=drafts.forget,
    chosen=_write_next,
)


async def cancel_stale(update: Update, context: Context) -> None:
    """✖️ on an old draft: nothing was sent; the menu."""
    with contextlib.suppress(ApplicationHandlerStop):
        await cancel(update, context)
