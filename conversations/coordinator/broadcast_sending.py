"""The end of /broadcast: the preview, a text for the readers of another language, and Send.

After the message, the preview shows how it looks and how many people get it. "🌐 Add a
language" (optional: Send works without it) → a language (buttons) → its text; each resident
then gets the text in their language, and everyone else the main text. Send stores the
broadcast with all its texts before anyone is told (:func:`bot.services.broadcasts.send`); the
outbox renders each message in its reader's language. The steps before are in
:mod:`conversations.coordinator.broadcast`.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, ConversationHandler

from bot.config import SUPPORTED_LOCALES
from bot.i18n import Translator
from bot.outbox.messages.outreach import broadcast_text
from bot.services import broadcasts
from bot.services.broadcasts import Draft, NotAllowed
from bot.services.roles import Role
from conversations.coordinator import broadcast_draft as drafts
from conversations.coordinator import guard
from conversations.coordinator.audience_choice import audience_of, organisation_of
from conversations.coordinator.broadcast_draft import role_or_end, stay
from conversations.coordinator.broadcast_progress import quiet_note
from conversations.coordinator.broadcast_screens import (
    cancel_row_button,
    language_pick_screen,
    preview_screen,
    to_preview,
    write_language_screen,
)
from conversations.ui.context import Context
from conversations.ui.replying import answer, keyboard, show, translator, user_id
from conversations.ui.too_long import too_long

log = logging.getLogger(__name__)

PREVIEW, LANGUAGE, WRITE_LANGUAGE = "preview", "language", "write_language"


def _gone(t: Translator) -> str:
    return t._("This button no longer works. Type /broadcast to begin again.")


async def show_preview(
    update: Update, context: Context, role: Role, t: Translator, *, sample: str | None
) -> None:
    """``sample`` as residents will see it (when given), then the preview with the number of
    recipients, the languages it has a text for, and Send."""
    draft = drafts.current(context)
    audience = audience_of(draft)
    d = context.deps
    if audience is None or "text" not in draft:
        await show(update, _gone(t))
        raise ApplicationHandlerStop(ConversationHandler.END)
    organisation_id = organisation_of(draft)
    try:
        preview = await broadcasts.preview(d.db, role, organisation_id, audience, d.clock.now())
    except NotAllowed:
        await guard.refuse(update, context, "broadcast preview", t)
        drafts.forget(context)
        raise ApplicationHandlerStop(ConversationHandler.END) from None
    chat = update.effective_chat
    assert chat is not None
    if sample is not None:
        shown = broadcast_text(preview.organisation, sample)
        if draft.get("photo"):
            await chat.send_photo(draft["photo"], caption=shown)
        else:
            await chat.send_message(shown)
    text, rows = preview_screen(t, audience, preview, sorted(drafts.texts_of(draft)))
    await show(update, text, keyboard(*rows), new_message=sample is not None)


async def on_languages(update: Update, context: Context) -> None:
    """🌐 Add a language → LANGUAGE: which one?"""
    await role_or_end(update, context)
    t = await translator(update, context)
    await answer(update)
    text, rows = language_pick_screen(t, set(drafts.texts_of(drafts.current(context))))
    await show(update, text, keyboard(*rows))
    raise stay(LANGUAGE)


async def on_language(update: Update, context: Context) -> None:
    """A language chosen → WRITE_LANGUAGE: its text."""
    await role_or_end(update, context)
    t = await translator(update, context)
    language, _ = drafts.callback_args(update)
    draft = drafts.current(context)
    if language not in SUPPORTED_LOCALES or "text" not in draft:
        await answer(update, _gone(t))
        raise stay(LANGUAGE)
    await answer(update)
    draft["lang"] = language
    text, rows = write_language_screen(t, language, bool(draft.get("photo")))
    await show(update, text, keyboard(*rows))
    raise stay(WRITE_LANGUAGE)


async def on_language_text(update: Update, context: Context) -> None:
    """The text for that language → PREVIEW, with how it looks (too long: the limit; waits)."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    message = update.effective_message
    assert message is not None
    draft = drafts.current(context)
    language = draft.get("lang")
    if language not in SUPPORTED_LOCALES:
        await show(update, _gone(t))
        raise ApplicationHandlerStop(ConversationHandler.END)
    if await refused_as_too_long(update, t, message.text or "", bool(draft.get("photo"))):
        raise stay(WRITE_LANGUAGE)
    html_text = message.text_html or ""
    draft["texts"] = {**drafts.texts_of(draft), str(language): html_text}
    draft.pop("lang", None)
    await show_preview(update, context, role, t, sample=html_text)
    raise stay(PREVIEW)


async def refused_as_too_long(
    update: Update, t: Translator, plain: str, photo: bool, back: tuple[str, str] | None = None
) -> bool:
    """Whether a text (a caption, with a photo) is over Telegram's limit; if so, the coordinator
    is told the limit and gets the text back to copy, with ``back`` (to the preview if not
    given) and Cancel."""
    limit = broadcasts.too_long(len(plain), photo)
    if limit is None:
        return False
    await show(
        update, too_long(t, plain, limit), keyboard([back or to_preview(t), cancel_row_button(t)])
    )
    return True


async def not_a_language_text(update: Update, context: Context) -> None:
    """A photo, sticker or file while the other language's text is expected: still waiting."""
    await role_or_end(update, context)
    t = await translator(update, context)
    await show(
        update,
        t._("Please send the text for this language as a message (the photo stays the same)."),
        keyboard([to_preview(t), cancel_row_button(t)]),
    )
    raise stay(WRITE_LANGUAGE)


async def on_back_to_preview(update: Update, context: Context) -> None:
    """⬅️ Back to the preview (no language added) → PREVIEW."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    await answer(update)
    drafts.current(context).pop("lang", None)
    await show_preview(update, context, role, t, sample=None)
    raise stay(PREVIEW)


async def on_send(update: Update, context: Context) -> None:
    """Send: the broadcast and its texts are stored, the preview becomes the progress message
    → END."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    draft = drafts.current(context)
    audience = audience_of(draft)
    query = update.callback_query
    if audience is None or "text" not in draft or query is None:
        await answer(update, _gone(t))
        raise ApplicationHandlerStop(ConversationHandler.END)
    d = context.deps
    message = query.message if isinstance(query.message, Message) else None
    try:
        broadcast_id, total = await broadcasts.send(
            d.db,
            role,
            Draft(
                organisation_of(draft),
                audience,
                draft["text"],
                draft.get("photo"),
                texts=drafts.texts_of(draft),
            ),
            language=t.locale,
            now=d.clock.now(),
            progress_chat_id=message.chat_id if message else None,
            progress_message_id=message.message_id if message else None,
        )
    except NotAllowed:
        await guard.refuse(update, context, "broadcast send", t)
        drafts.forget(context)
        raise ApplicationHandlerStop(ConversationHandler.END) from None
    drafts.forget(context)
    await answer(update, t._("Sending…"))
    text = t.ngettext(
        "📣 Your message is on its way to {n} person. This message shows how far it is.",
        "📣 Your message is on its way to {n} people. This message shows how far it is.",
        total,
    ).format(n=total)
    await show(update, text + quiet_note(t, d.clock.now(), d.rules.quiet))
    log.info("user %s sent broadcast %s", user_id(update), broadcast_id)
    # The rows are planned now, a chunk at a time, people's updates in between; then they go.
    await broadcasts.queue_waiting(d.db)
    d.kick()
    raise ApplicationHandlerStop(ConversationHandler.END)
