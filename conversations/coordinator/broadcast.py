"""/broadcast: a coordinator writes to an audience of residents, sees a preview, and sends.

A persistent ``ConversationHandler`` named ``broadcast`` in its own handler group (:data:`GROUP`):
organisation (when there is a choice) → audience → the category, opportunity or months →
the message (text, or a photo with a caption) → a preview with the number of recipients, where
a text for the readers of another language can be added → send (the preview and sending are in
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

from bot.i18n import Translator
from bot.services import audiences, broadcasts
from bot.services.audiences import Audience
from bot.services.broadcasts import NotAllowed
from bot.services.roles import Role
from conversations import actions
from conversations.actions import unpack
from conversations.coordinator import broadcast_draft as drafts
from conversations.coordinator import broadcast_sending as sending
from conversations.coordinator import guard
from conversations.coordinator.broadcast_draft import role_or_end, stay
from conversations.coordinator.broadcast_screens import (
    AUDIENCE,
    ORGANISATION,
    audience_screen,
    back_to,
    cancel_row_button,
    category_pick_screen,
    months_pick_screen,
    opportunity_pick_screen,
    organisation_screen,
    write_screen,
)
from conversations.ui.context import Context
from conversations.ui.navigation import menu_button
from conversations.ui.replying import answer, keyboard, persistent_flow, show, translator

log = logging.getLogger(__name__)

GROUP = -2
PICK, WRITE = "pick", "write"
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
    draft = drafts.current(context)
    organisations = await broadcasts.organisations_for(context.deps.db, role)
    if role.is_admin or len(organisations) > 1:
        text, rows = organisation_screen(t, organisations, role.is_admin)
        await show(update, text, keyboard(*rows), new_message=update.message is not None)
        raise stay(ORGANISATION)
    if not organisations:
        await guard.refuse(update, context, "broadcast", t)
        raise ApplicationHandlerStop(ConversationHandler.END)
    draft["org"] = organisations[0][0]
    draft["many"] = False
    text, rows = audience_screen(t, False)
    await show(update, text, keyboard(*rows), new_message=update.message is not None)
    raise stay(AUDIENCE)


async def on_organisation(update: Update, context: Context) -> None:
    """An organisation chosen → AUDIENCE."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    _, org_id = drafts.callback_args(update)
    if not broadcasts.may_send_for(role, org_id):
        await guard.refuse(update, context, "broadcast organisation", t)
        raise stay(ORGANISATION)
    await answer(update)
    draft = drafts.current(context)
    draft.update(org=org_id, many=True)
    text, rows = audience_screen(t, True)
    await show(update, text, keyboard(*rows))
    raise stay(AUDIENCE)


async def on_audience(update: Update, context: Context) -> None:
    """The kind of audience → PICK (category, opportunity, months) or WRITE (everyone)."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    kind, _ = drafts.callback_args(update)
    draft = drafts.current(context)
    if kind not in audiences.KINDS or "org" not in draft:
        await answer(update, t._("This button no longer works. Type /broadcast to begin again."))
        raise stay(AUDIENCE)
    await answer(update)
    draft.update(kind=kind, value=None)
    if kind == audiences.EVERYONE:
        await _ask_message(update, t)
        raise stay(WRITE)
    await _show_pick(update, context, role, t, kind)
    raise stay(PICK)


async def _show_pick(
    update: Update, context: Context, role: Role, t: Translator, kind: str, note: str = ""
) -> None:
    d = context.deps
    if kind == audiences.CATEGORY:
        text, rows = category_pick_screen(t, await broadcasts.categories(d.db))
    elif kind == audiences.OPPORTUNITY:
        try:
            found = await broadcasts.opportunities(
                d.db, role, drafts.organisation_of(drafts.current(context))
            )
        except NotAllowed:
            await guard.refuse(update, context, "broadcast opportunity", t)
            raise ApplicationHandlerStop(ConversationHandler.END) from None
        text, rows = opportunity_pick_screen(t, found)
    else:
        text, rows = months_pick_screen(t)
    await show(update, f"{note}\n\n{text}" if note else text, keyboard(*rows))


async def on_pick(update: Update, context: Context) -> None:
    """A category, opportunity or number of months (checked against the role) → WRITE."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    cb = unpack(update.callback_query.data if update.callback_query else None)
    kinds = {
        actions.BROADCAST_CATEGORY.code: audiences.CATEGORY,
        actions.BROADCAST_OPPORTUNITY.code: audiences.OPPORTUNITY,
        actions.BROADCAST_MONTHS.code: audiences.VOLUNTEERS,
    }
    draft = drafts.current(context)
    kind = kinds.get(cb.action) if cb else None
    audience = Audience.parse(kind, cb.number(0) if cb else None)
    if audience is None or kind != draft.get("kind"):
        await answer(update, t._("This button no longer works. Type /broadcast to begin again."))
        raise stay(PICK)
    await _take(update, context, role, t, audience)


async def on_typed_pick(update: Update, context: Context) -> None:
    """Typed while the choice waits: a number of months is taken as its button; anything else
    (``0``, ``-3``, ``1e3``, ``twaalf``, a word) gets a short answer and the choice again."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    draft = drafts.current(context)
    kind = draft.get("kind")
    message = update.effective_message
    typed = (message.text or "").strip() if message is not None else ""
    if kind == audiences.VOLUNTEERS:
        months = int(typed) if typed.isdecimal() and len(typed) <= 2 else None
        audience = Audience.parse(kind, months)
        if audience is not None:
            await _take(update, context, role, t, audience)
        note = t._("Please tap a button, or type one of these numbers: {choices}.").format(
            choices=", ".join(str(n) for n in audiences.MONTHS)
        )
    else:
        note = t._("Please tap one of the buttons.")
    if kind not in audiences.KINDS:
        raise stay(PICK)
    await _show_pick(update, context, role, t, str(kind), note)
    raise stay(PICK)


async def _take(
    update: Update, context: Context, role: Role, t: Translator, audience: Audience
) -> None:
    """The audience chosen (checked against the role) → WRITE."""
    draft = drafts.current(context)
    if not await broadcasts.allowed(context.deps.db, role, drafts.organisation_of(draft), audience):
        await guard.refuse(update, context, "broadcast audience", t)
        raise stay(PICK)
    await answer(update)
    draft["value"] = audience.value
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
    """One step back: to the organisations, the audiences or the pick."""
    role = await role_or_end(update, context)
    t = await translator(update, context)
    await answer(update)
    to, _ = drafts.callback_args(update)
    draft = drafts.current(context)
    if to == ORGANISATION and (role.is_admin or draft.get("many")):
        organisations = await broadcasts.organisations_for(context.deps.db, role)
        text, rows = organisation_screen(t, organisations, role.is_admin)
        await show(update, text, keyboard(*rows))
        raise stay(ORGANISATION)
    if "org" not in draft:
        await show(update, t._("This button no longer works. Type /broadcast to begin again."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    text, rows = audience_screen(t, bool(role.is_admin or draft.get("many")))
    await show(update, text, keyboard(*rows))
    raise stay(AUDIENCE)


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
            ORGANISATION: [actions.BROADCAST_ORGANISATION.handler(on_organisation)],
            AUDIENCE: [actions.BROADCAST_AUDIENCE.handler(on_audience)],
            PICK: [
                *(
                    action.handler(on_pick)
                    for action in (
                        actions.BROADCAST_CATEGORY,
                        actions.BROADCAST_OPPORTUNITY,
                        actions.BROADCAST_MONTHS,
                    )
                ),
                MessageHandler(_PRIVATE_MESSAGE & filters.TEXT & ~filters.COMMAND, on_typed_pick),
            ],
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


async def cancel_stale(update: Update, context: Context) -> None:
    """✖️ on an old draft: nothing was sent; the menu."""
    with contextlib.suppress(ApplicationHandlerStop):
        await cancel(update, context)
