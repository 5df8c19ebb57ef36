"""/broadcast: a coordinator writes to an audience of residents, sees a preview, and sends.

A persistent ``ConversationHandler`` named ``broadcast`` in its own handler group (:data:`GROUP`):
organisation (when there is a choice) → audience → the category, opportunity or months →
the message (text, or a photo with a caption) → a preview with the number of recipients → send.
The draft lives in ``user_data``; the role is read again at every step. Another flow's command
or button ends the draft quietly and goes on to that flow.

Sending plans one outbox row per recipient (``bot.broadcasts``); the preview message becomes a
progress message that a repeating job (:data:`JOB_NAME`) updates until nothing is left to go,
then the coordinator gets a summary. Callback actions: ``bg`` organisation, ``ba`` audience kind,
``bc`` category, ``bp`` opportunity, ``bm`` months, ``bs`` send, ``bw`` write again, ``bb`` back,
``bx`` cancel, ``bn`` start (a button for a coordinator menu); ``bo`` is the resident's
"no more messages from organisers" under a broadcast.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.i18n import Translator
from bot.outbox.messages.outreach import broadcast_text, summary_lines
from bot.services import audiences, broadcasts
from bot.services.audiences import Audience
from bot.services.broadcasts import Draft, NotAllowed
from bot.services.roles import Role
from bot.wiring import delivery
from bot.wiring.app import DEPS_KEY, Deps
from conversations.actions import pack, pattern, unpack
from conversations.coordinator import guard
from conversations.ui.replying import (
    Context,
    answer,
    deps,
    esc,
    keyboard,
    persistent_flow,
    show,
    translator,
    user_id,
)

log = logging.getLogger(__name__)

GROUP = -2
ORGANISATION, AUDIENCE, PICK, WRITE, PREVIEW = "org", "audience", "pick", "write", "preview"
DRAFT = "broadcast"
ALL_ORGANISATIONS = 0
TIMEOUT_SECONDS = 30 * 60
JOB_NAME = "broadcasts"
PROGRESS_SECONDS = 5.0
MAX_BUTTON = 48

Rows = list[list[tuple[str, str]]]
_PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


def _draft(context: Context) -> dict[str, Any]:
    assert context.user_data is not None
    found = context.user_data.setdefault(DRAFT, {})
    assert isinstance(found, dict)
    return found


def _organisation(draft: dict[str, Any]) -> int | None:
    value = draft.get("org")
    return None if not value else int(value)


def _audience(draft: dict[str, Any]) -> Audience | None:
    return Audience.parse(draft.get("kind"), draft.get("value"))


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_BUTTON else text[: MAX_BUTTON - 1] + "…"


def _cancel_button(t: Translator) -> tuple[str, str]:
    return (t._("✖️ Cancel"), pack("bx"))


def _back_button(t: Translator, to: str) -> tuple[str, str]:
    return (t._("⬅️ Back"), pack("bb", to))


def _callback_args(update: Update) -> tuple[str | None, int | None]:
    cb = unpack(update.callback_query.data if update.callback_query else None)
    return (cb.text(0), cb.number(0)) if cb else (None, None)


async def _role(update: Update, context: Context) -> Role:
    """The coordinator's role, read again now; a refusal ends the conversation."""
    role = await guard.coordinator(update, context, "broadcast")
    if role is None:
        _forget(context)
        raise ApplicationHandlerStop(ConversationHandler.END)
    return role


def _forget(context: Context) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


def _stay(state: str) -> ApplicationHandlerStop:
    return ApplicationHandlerStop(state)


# -- screens ---------------------------------------------------------------------------------------
def organisation_screen(
    t: Translator, organisations: list[tuple[int, str]], admin: bool
) -> tuple[str, Rows]:
    text = t._("📣 <b>A message to residents</b>") + "\n\n" + t._("On behalf of whom?")
    rows: Rows = [[(_label(name), pack("bg", org_id))] for org_id, name in organisations]
    if admin:
        rows.append([(t._("🌐 Meedoen (all organisations)"), pack("bg", ALL_ORGANISATIONS))])
    rows.append([_cancel_button(t)])
    return text, rows


def audience_screen(t: Translator, choose_organisation: bool) -> tuple[str, Rows]:
    text = t._("📣 <b>A message to residents</b>") + "\n\n" + t._("Who should get it?")
    rows: Rows = [
        [(t._("👥 Everyone who gets news"), pack("ba", audiences.EVERYONE))],
        [(t._("❤️ People who like a kind of work"), pack("ba", audiences.CATEGORY))],
        [(t._("📋 People signed up for an opportunity"), pack("ba", audiences.OPPORTUNITY))],
        [(t._("🙌 People who volunteered recently"), pack("ba", audiences.VOLUNTEERS))],
    ]
    last = [_back_button(t, ORGANISATION)] if choose_organisation else []
    rows.append([*last, _cancel_button(t)])
    return text, rows


def write_screen(t: Translator) -> tuple[str, Rows]:
    text = t._(
        "✏️ Now write your message and send it to me.\n\n"
        "You can also send a photo with the text under it."
    )
    return text, [[_back_button(t, AUDIENCE), _cancel_button(t)]]


def audience_line(t: Translator, audience: Audience, name: str | None) -> str:
    if audience.kind == audiences.CATEGORY:
        return t._("people who like “{name}”").format(name=esc(name or "?"))
    if audience.kind == audiences.OPPORTUNITY:
        return t._("people signed up for “{name}”").format(name=esc(name or "?"))
    if audience.kind == audiences.VOLUNTEERS:
        return t.ngettext(
            "people who volunteered in the last {n} month",
            "people who volunteered in the last {n} months",
            audience.value or 0,
        ).format(n=audience.value)
    return t._("everyone who gets news")


def preview_screen(
    t: Translator, audience: Audience, preview: broadcasts.Preview
) -> tuple[str, Rows]:
    who = audience_line(t, audience, preview.audience_name)
    if preview.recipients == 0:
        text = t._("Nobody would get this message now ({who}).").format(who=who)
        return text, [[_back_button(t, AUDIENCE), _cancel_button(t)]]
    text = (
        t.ngettext(
            "👆 This is how it looks. It goes to <b>{n} person</b>: {who}.",
            "👆 This is how it looks. It goes to <b>{n} people</b>: {who}.",
            preview.recipients,
        ).format(n=preview.recipients, who=who)
        + "\n\n"
        + t._("Send it now?")
    )
    rows: Rows = [
        [
            (
                t.ngettext(
                    "📣 Send to {n} person", "📣 Send to {n} people", preview.recipients
                ).format(n=preview.recipients),
                pack("bs"),
            )
        ],
        [(t._("✏️ Change the message"), pack("bw"))],
        [_back_button(t, AUDIENCE), _cancel_button(t)],
    ]
    return text, rows


def quiet_note(t: Translator, now: datetime) -> str:
    """A line for a message sent in the quiet hours: when it will really go out."""
    until = broadcasts.quiet_until(now)
    if until is None:
        return ""
    note = t._("It is quiet hours now: the messages go out at {time}.")
    return "\n\n" + note.format(time=t.time(until))


def progress_text(t: Translator, counts: broadcasts.Counts, finished: bool) -> str:
    if finished:
        return "\n".join(
            [t._("📣 <b>Your message has been sent.</b>"), "", *summary_lines(t, counts)]
        )
    return "\n".join(
        [
            t._("📣 <b>Sending your message…</b>"),
            "",
            t._("sent {sent} / to go {to_go}").format(sent=counts.done, to_go=counts.to_go),
        ]
    )


# -- steps -----------------------------------------------------------------------------------------
def broadcast_button(t: Translator) -> tuple[str, str]:
    """The way in for a coordinator menu."""
    return (t._("📣 Message to residents"), pack("bn"))


async def start(update: Update, context: Context) -> None:
    """/broadcast or ``bn``: the organisation (if there is a choice) → ORGANISATION or AUDIENCE."""
    await answer(update)
    role = await _role(update, context)
    t = await translator(update, context)
    _forget(context)
    draft = _draft(context)
    organisations = await broadcasts.organisations_for(deps(context).db, role)
    if role.is_admin or len(organisations) > 1:
        text, rows = organisation_screen(t, organisations, role.is_admin)
        await show(update, text, keyboard(*rows), new_message=update.message is not None)
        raise _stay(ORGANISATION)
    if not organisations:
        await guard.refuse(update, context, "broadcast", t)
        raise ApplicationHandlerStop(ConversationHandler.END)
    draft["org"] = organisations[0][0]
    draft["many"] = False
    text, rows = audience_screen(t, False)
    await show(update, text, keyboard(*rows), new_message=update.message is not None)
    raise _stay(AUDIENCE)


async def on_organisation(update: Update, context: Context) -> None:
    """An organisation chosen → AUDIENCE."""
    role = await _role(update, context)
    t = await translator(update, context)
    _, org_id = _callback_args(update)
    allowed = org_id is not None and (
        (org_id == ALL_ORGANISATIONS and role.is_admin)
        or (org_id != ALL_ORGANISATIONS and role.manages(org_id))
    )
    if not allowed:
        await guard.refuse(update, context, "broadcast organisation", t)
        raise _stay(ORGANISATION)
    await answer(update)
    draft = _draft(context)
    draft.update(org=org_id, many=True)
    text, rows = audience_screen(t, True)
    await show(update, text, keyboard(*rows))
    raise _stay(AUDIENCE)


async def on_audience(update: Update, context: Context) -> None:
    """The kind of audience → PICK (category, opportunity, months) or WRITE (everyone)."""
    role = await _role(update, context)
    t = await translator(update, context)
    kind, _ = _callback_args(update)
    draft = _draft(context)
    if kind not in audiences.KINDS or "org" not in draft:
        await answer(update, t._("This button no longer works. Type /broadcast to begin again."))
        raise _stay(AUDIENCE)
    await answer(update)
    draft.update(kind=kind, value=None)
    if kind == audiences.EVERYONE:
        await _ask_message(update, t)
        raise _stay(WRITE)
    await _show_pick(update, context, role, t, kind)
    raise _stay(PICK)


async def _show_pick(
    update: Update, context: Context, role: Role, t: Translator, kind: str
) -> None:
    d = deps(context)
    rows: Rows
    if kind == audiences.CATEGORY:
        text = t._("Which kind of work? (the number: how many people like it)")
        found = await broadcasts.categories(d.db)
        rows = [[(_label(f"{name} ({n})"), pack("bc", cat_id))] for cat_id, name, n in found]
        if not found:
            text = t._("There are no kinds of work yet.")
    elif kind == audiences.OPPORTUNITY:
        text = t._("Which opportunity? Everyone signed up for it (or on its waitlist) gets it.")
        try:
            found_opps = await broadcasts.opportunities(d.db, role, _organisation(_draft(context)))
        except NotAllowed:
            await guard.refuse(update, context, "broadcast opportunity", t)
            raise ApplicationHandlerStop(ConversationHandler.END) from None
        rows = [[(_label(title), pack("bp", opp_id))] for opp_id, title in found_opps]
        if not found_opps:
            text = t._("There are no open opportunities.")
    else:
        text = t._("Who volunteered in the last …")
        rows = [
            [
                (t.ngettext("{n} month", "{n} months", n).format(n=n), pack("bm", n))
                for n in audiences.MONTHS
            ]
        ]
    rows.append([_back_button(t, AUDIENCE), _cancel_button(t)])
    await show(update, text, keyboard(*rows))


async def on_pick(update: Update, context: Context) -> None:
    """A category, opportunity or number of months (checked against the role) → WRITE."""
    role = await _role(update, context)
    t = await translator(update, context)
    cb = unpack(update.callback_query.data if update.callback_query else None)
    kinds = {"bc": audiences.CATEGORY, "bp": audiences.OPPORTUNITY, "bm": audiences.VOLUNTEERS}
    draft = _draft(context)
    kind = kinds.get(cb.action) if cb else None
    audience = Audience.parse(kind, cb.number(0) if cb else None)
    if audience is None or kind != draft.get("kind"):
        await answer(update, t._("This button no longer works. Type /broadcast to begin again."))
        raise _stay(PICK)
    if not await broadcasts.allowed(deps(context).db, role, _organisation(draft), audience):
        await guard.refuse(update, context, "broadcast audience", t)
        raise _stay(PICK)
    await answer(update)
    draft["value"] = audience.value
    await _ask_message(update, t)
    raise _stay(WRITE)


async def _ask_message(update: Update, t: Translator) -> None:
    text, rows = write_screen(t)
    await show(update, text, keyboard(*rows))


async def on_message(update: Update, context: Context) -> None:
    """The message (text, or a photo with a caption) → PREVIEW with the number of recipients."""
    role = await _role(update, context)
    t = await translator(update, context)
    message = update.effective_message
    assert message is not None
    draft = _draft(context)
    if message.photo:
        html_text, plain = message.caption_html or "", message.caption or ""
        photo: str | None = message.photo[-1].file_id  # the largest size
    else:
        html_text, plain, photo = message.text_html or "", message.text or "", None
    limit = broadcasts.too_long(len(plain), photo is not None)
    if limit is not None:
        await show(
            update,
            t._("This message is too long: at most {n} characters, please.").format(n=limit),
            keyboard([_back_button(t, AUDIENCE), _cancel_button(t)]),
        )
        raise _stay(WRITE)
    draft.update(text=html_text, photo=photo)
    await _preview(update, context, role, t)
    raise _stay(PREVIEW)


async def not_a_message(update: Update, context: Context) -> None:
    """A sticker, voice message or file while a message is expected: a pointer; still waiting."""
    await _role(update, context)
    t = await translator(update, context)
    await show(
        update,
        t._("Please send a text, or a photo with a text under it."),
        keyboard([_back_button(t, AUDIENCE), _cancel_button(t)]),
    )
    raise _stay(WRITE)


async def _preview(update: Update, context: Context, role: Role, t: Translator) -> None:
    draft = _draft(context)
    audience = _audience(draft)
    d = deps(context)
    if audience is None or "text" not in draft:
        await show(update, t._("This button no longer works. Type /broadcast to begin again."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    organisation_id = _organisation(draft)
    try:
        preview = await broadcasts.preview(d.db, role, organisation_id, audience, d.clock.now())
    except NotAllowed:
        await guard.refuse(update, context, "broadcast preview", t)
        _forget(context)
        raise ApplicationHandlerStop(ConversationHandler.END) from None
    chat = update.effective_chat
    assert chat is not None
    sample = broadcast_text(preview.organisation, draft["text"])
    if draft.get("photo"):
        await chat.send_photo(draft["photo"], caption=sample)
    else:
        await chat.send_message(sample)
    text, rows = preview_screen(t, audience, preview)
    await show(update, text, keyboard(*rows), new_message=True)


async def on_send(update: Update, context: Context) -> None:
    """Send: the outbox rows are written, the preview becomes the progress message → END."""
    role = await _role(update, context)
    t = await translator(update, context)
    draft = _draft(context)
    audience = _audience(draft)
    query = update.callback_query
    if audience is None or "text" not in draft or query is None:
        await answer(update, t._("This button no longer works. Type /broadcast to begin again."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    d = deps(context)
    message = query.message if isinstance(query.message, Message) else None
    try:
        broadcast_id, total = await broadcasts.send(
            d.db,
            role,
            Draft(_organisation(draft), audience, draft["text"], draft.get("photo")),
            language=t.locale,
            now=d.clock.now(),
            progress_chat_id=message.chat_id if message else None,
            progress_message_id=message.message_id if message else None,
        )
    except NotAllowed:
        await guard.refuse(update, context, "broadcast send", t)
        _forget(context)
        raise ApplicationHandlerStop(ConversationHandler.END) from None
    _forget(context)
    await answer(update, t._("Sending…"))
    text = t.ngettext(
        "📣 Your message is on its way to {n} person. This message shows how far it is.",
        "📣 Your message is on its way to {n} people. This message shows how far it is.",
        total,
    ).format(n=total)
    await show(update, text + quiet_note(t, d.clock.now()))
    delivery.kick(context.application)
    log.info("user %s sent broadcast %s", user_id(update), broadcast_id)
    raise ApplicationHandlerStop(ConversationHandler.END)


async def on_rewrite(update: Update, context: Context) -> None:
    """Change the message → WRITE."""
    await _role(update, context)
    t = await translator(update, context)
    await answer(update)
    await _ask_message(update, t)
    raise _stay(WRITE)


async def on_back(update: Update, context: Context) -> None:
    """One step back: to the organisations, the audiences or the pick."""
    role = await _role(update, context)
    t = await translator(update, context)
    await answer(update)
    to, _ = _callback_args(update)
    draft = _draft(context)
    if to == ORGANISATION and (role.is_admin or draft.get("many")):
        organisations = await broadcasts.organisations_for(deps(context).db, role)
        text, rows = organisation_screen(t, organisations, role.is_admin)
        await show(update, text, keyboard(*rows))
        raise _stay(ORGANISATION)
    if "org" not in draft:
        await show(update, t._("This button no longer works. Type /broadcast to begin again."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    text, rows = audience_screen(t, bool(role.is_admin or draft.get("many")))
    await show(update, text, keyboard(*rows))
    raise _stay(AUDIENCE)


async def cancel(update: Update, context: Context) -> None:
    """/cancel or ✖️: nothing is sent → END."""
    from conversations.resident.onboarding import back_to_menu

    await answer(update)
    _forget(context)
    t = await translator(update, context)
    await show(
        update,
        t._("OK, nothing was sent."),
        keyboard([back_to_menu(t)]),
        new_message=update.message is not None,
    )
    raise ApplicationHandlerStop(ConversationHandler.END)


async def timed_out(update: Update, context: Context) -> None:
    _forget(context)
    chat = update.effective_chat
    if chat is None:
        return
    t = await translator(update, context)
    await context.bot.send_message(
        chat.id,
        t._("The message was not sent: it was quiet for a while. Type /broadcast to start again."),
    )


# -- residents: no more broadcasts -----------------------------------------------------------------
async def on_stop_receiving(update: Update, context: Context) -> None:
    """🔕 under a broadcast (``bo:0``), or 🔔 to turn them back on (``bo:1``)."""
    _, value = _callback_args(update)
    t = await translator(update, context)
    if value not in (0, 1):
        await answer(update, t._("This button no longer works. Type /start to begin again."))
        return
    on = value == 1
    if not await broadcasts.set_receiving(deps(context).db, user_id(update), on):
        await answer(update, t._("This button no longer works. Type /start to begin again."))
        return
    log.info("resident %s turned broadcasts %s", user_id(update), "on" if on else "off")
    await answer(update, t._("Saved."))
    if on:
        text = t._("🔔 You get news and calls for help from the organisers again.")
        rows: Rows = [[(t._("⚙️ Settings"), pack("set"))]]
    else:
        text = t._(
            "🔕 You will get no more news or calls for help from the organisers. "
            "You can turn them on again in /settings."
        )
        rows = [[(t._("🔔 Turn them on again"), pack("bo", 1))]]
    await show(update, text, keyboard(*rows), new_message=True)


# -- the progress message ------------------------------------------------------------------------
def _progress_lock(context: Context) -> asyncio.Lock:
    """One progress update at a time, so an edit never repeats the text it shows."""
    extra = deps(context).extra
    found = extra.get("broadcast_progress_lock")
    if not isinstance(found, asyncio.Lock):
        found = extra["broadcast_progress_lock"] = asyncio.Lock()
    return found


async def update_progress(context: Context) -> None:
    """The job: each broadcast still sending gets its progress message brought up to date."""
    application = context.application
    d = deps(context)
    finished_any = False
    async with _progress_lock(context):
        for item in await broadcasts.progress(d.db):
            b = item.broadcast
            finished = item.counts.to_go == 0 and await broadcasts.finish(d.db, b, d.clock.now())
            finished_any = finished_any or finished
            shown = f"{item.counts}:{finished}"
            if (
                b.progress_chat_id is None
                or b.progress_message_id is None
                or shown == b.progress_shown
            ):
                continue
            t = d.translator(b.language)
            try:
                await application.bot.edit_message_text(
                    progress_text(t, item.counts, finished),
                    chat_id=b.progress_chat_id,
                    message_id=b.progress_message_id,
                )
            except BadRequest as exc:
                # The coordinator deleted it, say: the summary still comes.
                log.info("progress of broadcast %s not shown: %s", b.id, exc)
            await broadcasts.mark_shown(d.db, b.id, shown)
    if finished_any:
        delivery.kick(application)


def deps_of(application: Application) -> Deps:
    found: Deps = application.bot_data[DEPS_KEY]
    return found


# -- wiring ----------------------------------------------------------------------------------------
def build_handler() -> ConversationHandler[Any]:
    return persistent_flow(
        "broadcast",
        entry_points=[
            CommandHandler("broadcast", start, filters.ChatType.PRIVATE),
            CallbackQueryHandler(start, pattern=pattern("bn")),  # from a coordinator menu
        ],
        states={
            ORGANISATION: [CallbackQueryHandler(on_organisation, pattern=pattern("bg"))],
            AUDIENCE: [CallbackQueryHandler(on_audience, pattern=pattern("ba"))],
            PICK: [CallbackQueryHandler(on_pick, pattern=r"^1:b[cpm](:|$)")],
            WRITE: [
                MessageHandler(
                    _PRIVATE_MESSAGE & ((filters.TEXT & ~filters.COMMAND) | filters.PHOTO),
                    on_message,
                ),
                MessageHandler(_PRIVATE_MESSAGE & ~filters.COMMAND, not_a_message),
            ],
            PREVIEW: [
                CallbackQueryHandler(on_send, pattern=pattern("bs")),
                CallbackQueryHandler(on_rewrite, pattern=pattern("bw")),
            ],
        },
        cancel=cancel,
        fallbacks=[
            CallbackQueryHandler(cancel, pattern=pattern("bx")),
            CallbackQueryHandler(on_back, pattern=pattern("bb")),
        ],
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
        forget=_forget,
    )


def register(application: Application) -> None:
    application.add_handler(build_handler(), GROUP)
    application.add_handler(CallbackQueryHandler(on_stop_receiving, pattern=pattern("bo")))
    # ✖️ on a draft that has ended (a restart, a timeout): the same kind answer.
    application.add_handler(CallbackQueryHandler(cancel_stale, pattern=pattern("bx")))
    assert application.job_queue is not None
    application.job_queue.run_repeating(
        update_progress, interval=PROGRESS_SECONDS, first=PROGRESS_SECONDS, name=JOB_NAME
    )


async def cancel_stale(update: Update, context: Context) -> None:
    """✖️ on an old draft: nothing was sent; the menu."""
    with contextlib.suppress(ApplicationHandlerStop):
        await cancel(update, context)
