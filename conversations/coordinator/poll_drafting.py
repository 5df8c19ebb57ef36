"""/poll: a coordinator asks volunteers, residents or staff a question.

A persistent ``ConversationHandler`` named ``poll`` in its own handler group (see the wiring): the
kind of answer (buttons, own words, a score of 1 to 5, or the five ready-made questions) → the
question → its answers, one a line (buttons only) → on whose behalf and who gets it (the
broadcast audiences, the staff of the network, or volunteers and staff together: the steps of
:mod:`conversations.coordinator.audience_choice`) → anonymous or with names → the last day (a
calendar, or none) → a preview as recipients will see it, with how many get it → send. The
draft lives in ``user_data``; the role is read again at every step. Sending plans one outbox
row per recipient (:mod:`bot.services.polls`). The results: ``poll_results``.
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.i18n import Translator
from bot.outbox.messages.polls import poll_message
from bot.services import audiences, polls
from bot.services.polls import NotAllowed
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator import guard
from conversations.coordinator import poll_draft as drafts
from conversations.coordinator.audience_choice import AudienceChoice, audience_of, organisation_of
from conversations.coordinator.audience_screens import AUDIENCE, ORGANISATION
from conversations.coordinator.broadcast_progress import quiet_note
from conversations.coordinator.poll_draft import current, forget
from conversations.coordinator.poll_screens import (
    BUTTONS,
    CLOSING,
    HEADING,
    KIND,
    KINDS,
    NAMES,
    OPTIONS,
    QUESTION,
    RESTART,
    Screen,
    closing_screen,
    kind_screen,
    names_screen,
    options_screen,
    preview_screen,
    problem,
    question_screen,
    sent_screen,
)
from conversations.ui.context import Context
from conversations.ui.day_picker import latest_day, tapped_day, tapped_month, typed_day
from conversations.ui.navigation import coordinator_menu_button
from conversations.ui.replying import (
    answer,
    keyboard,
    letter_keyboard,
    persistent_flow,
    show,
    translator,
)

log = logging.getLogger(__name__)

PREVIEW = "preview"
TIMEOUT_SECONDS = 30 * 60

_PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
_TYPED = _PRIVATE & filters.TEXT & ~filters.COMMAND
_NOT_TYPED = _PRIVATE & ~filters.TEXT & ~filters.COMMAND


def _stay(state: str) -> ApplicationHandlerStop:
    return ApplicationHandlerStop(state)


def _end() -> ApplicationHandlerStop:
    return ApplicationHandlerStop(ConversationHandler.END)


async def _show(update: Update, screen: Screen, *, new: bool = False) -> None:
    """A screen: in place of the tapped one, or a new message after typing (or when ``new``)."""
    text, rows = screen
    await show(update, text, keyboard(*rows), new_message=new or update.callback_query is None)


async def _closing(
    update: Update, context: Context, t: Translator, month: str | None = None, note: str = ""
) -> NoReturn:
    """The calendar of the last day (this month, or ``month``) → CLOSING."""
    d = context.deps
    today = d.clock.now().astimezone(d.settings.zone).date()
    screen = closing_screen(t, month or today.strftime("%Y-%m"), today, note)
    await _show(update, screen, new=bool(note))
    raise _stay(CLOSING)


# -- the question ----------------------------------------------------------------------------------
async def start(update: Update, context: Context) -> None:
    """/poll or ``pln``: the kind of answer → KIND."""
    await answer(update)
    await CHOICE.role(update, context)
    t = await translator(update, context)
    forget(context)
    await _show(update, kind_screen(t))
    raise _stay(KIND)


async def on_kind(update: Update, context: Context) -> None:
    """Buttons, own words or a score → QUESTION; the five questions → who gets them."""
    role = await CHOICE.role(update, context)
    t = await translator(update, context)
    kind = KINDS.get(guard.arg(update) or "")
    if kind is None:
        await answer(update, t._(RESTART))
        raise _stay(KIND)
    await answer(update)
    draft = current(context)
    draft.clear()
    draft["poll_kind"] = kind
    if kind == polls.QUESTIONNAIRE:
        draft.update(question="", options=[])
        await CHOICE.begin(update, context, role, t, new=False)
    await _show(update, question_screen(t))
    raise _stay(QUESTION)


async def _again(update: Update, t: Translator, exc: polls.Invalid, screen: Screen) -> None:
    """What was typed cannot be used: why, and the same step again (still waiting)."""
    text, rows = screen
    await _show(update, (f"{problem(t, exc)}\n\n{text}", rows))
    raise ApplicationHandlerStop  # the state stays as it is


async def on_question(update: Update, context: Context) -> None:
    """The question typed → OPTIONS (buttons) or who gets it."""
    role = await CHOICE.role(update, context)
    t = await translator(update, context)
    draft = current(context)
    try:
        draft["question"] = polls.check_question(guard.text_of(update))
    except polls.Invalid as exc:
        await _again(update, t, exc, question_screen(t))
    if draft.get("poll_kind") == polls.CHOICE:
        await _show(update, options_screen(t))
        raise _stay(OPTIONS)
    draft["options"] = []
    await CHOICE.begin(update, context, role, t, new=True)


async def on_options(update: Update, context: Context) -> None:
    """The answers typed, one a line → who gets it."""
    role = await CHOICE.role(update, context)
    t = await translator(update, context)
    try:
        current(context)["options"] = polls.parse_options(guard.text_of(update))
    except polls.Invalid as exc:
        await _again(update, t, exc, options_screen(t))
    await CHOICE.begin(update, context, role, t, new=True)


async def not_text(update: Update, context: Context) -> None:
    """A sticker, photo or file where the question or its answers are typed: still waiting."""
    await CHOICE.role(update, context)
    t = await translator(update, context)
    screen = options_screen(t) if "question" in current(context) else question_screen(t)
    await _again(update, t, polls.Invalid("not_text"), screen)


# -- names, the last day, the preview --------------------------------------------------------------
async def _ask_names(update: Update, context: Context, role: Role, t: Translator) -> None:
    """The audience is chosen → NAMES."""
    await _show(update, names_screen(t))
    raise _stay(NAMES)


async def on_names(update: Update, context: Context) -> None:
    """Anonymous or with names → CLOSING."""
    await CHOICE.role(update, context)
    t = await translator(update, context)
    named = guard.number(update)
    if named not in (0, 1):
        await answer(update, t._(RESTART))
        raise _stay(NAMES)
    await answer(update)
    current(context)["named"] = bool(named)
    await _closing(update, context, t)


async def on_month(update: Update, context: Context) -> None:
    """◀ ▶ in the calendar: another month; still CLOSING."""
    await CHOICE.role(update, context)
    t = await translator(update, context)
    await answer(update)
    await _closing(update, context, t, tapped_month(guard.arg(update)))


async def on_day(update: Update, context: Context) -> None:
    """The last day, tapped or typed (``27-11``) → PREVIEW."""
    role = await CHOICE.role(update, context)
    t = await translator(update, context)
    d = context.deps
    today = d.clock.now().astimezone(d.settings.zone).date()
    if update.callback_query is not None:
        day = tapped_day(guard.arg(update))
    else:
        day = typed_day(guard.text_of(update), today)
    if day is None or not today <= day < latest_day(today):
        await answer(update)
        await _closing(update, context, t, note=t._("Please tap a day, or type it like 27-11."))
    await answer(update)
    current(context)["closes"] = day.isoformat()
    await _preview(update, context, role, t)


async def on_no_closing(update: Update, context: Context) -> None:
    """No last day: the coordinator closes it → PREVIEW."""
    role = await CHOICE.role(update, context)
    t = await translator(update, context)
    await answer(update)
    current(context).pop("closes", None)
    await _preview(update, context, role, t)


async def _preview(update: Update, context: Context, role: Role, t: Translator) -> None:
    """The question as recipients will see it, then how many get it, and Send → PREVIEW."""
    draft = current(context)
    audience = audience_of(draft)
    d = context.deps
    if audience is None or "options" not in draft:
        await show(update, t._(RESTART))
        raise _end()
    try:
        preview = await polls.preview(
            d.db, role, organisation_of(draft), audience, d.clock.now(), d.settings.coordinator_ids
        )
    except NotAllowed:
        await guard.refuse(update, context, "poll preview", t)
        forget(context)
        raise _end() from None
    chat = update.effective_chat
    assert chat is not None
    closes_at = drafts.closes_at(draft, d.settings.zone)
    sample = poll_message(t, drafts.asked(draft, preview.organisation, closes_at), None)
    await chat.send_message(sample.text, reply_markup=letter_keyboard(sample.buttons))
    named = bool(draft.get("named"))
    text, rows = preview_screen(t, audience, preview, named, closes_at)
    await show(update, text, keyboard(*rows), new_message=True)
    raise _stay(PREVIEW)


async def on_send(update: Update, context: Context) -> None:
    """Send: the poll is stored, its messages planned and on their way → END."""
    role = await CHOICE.role(update, context)
    t = await translator(update, context)
    d = context.deps
    question = drafts.question(current(context), d.settings.zone)
    if question is None:
        await answer(update, t._(RESTART))
        raise _end()
    try:
        poll_id, total = await polls.send(
            d.db,
            role,
            question,
            language=t.locale,
            now=d.clock.now(),
            administrators=d.settings.coordinator_ids,
        )
    except NotAllowed:
        await guard.refuse(update, context, "poll send", t)
        forget(context)
        raise _end() from None
    forget(context)
    await answer(update, t._("Sending…"))
    text, rows = sent_screen(t, poll_id, total)
    await show(update, text + quiet_note(t, d.clock.now(), d.rules.quiet), keyboard(*rows))
    # The rows are planned now, a chunk at a time, people's updates in between; then they go.
    await polls.queue_waiting(d.db, d.settings.coordinator_ids)
    d.kick()
    raise _end()


# -- back, cancel, quiet ---------------------------------------------------------------------------
async def on_back(update: Update, context: Context) -> None:
    """One step back: the kind, the question, the organisations, the audiences, names, the day."""
    role = await CHOICE.role(update, context)
    t = await translator(update, context)
    await answer(update)
    to = guard.arg(update)
    draft = current(context)
    if to in (ORGANISATION, AUDIENCE):
        await CHOICE.back(update, context, role, t)
    if to == KIND or not draft.get("poll_kind"):
        await _show(update, kind_screen(t))
        raise _stay(KIND)
    if to == QUESTION:
        await _show(update, question_screen(t))
        raise _stay(QUESTION)
    if to == NAMES and audience_of(draft) is not None:
        await _ask_names(update, context, role, t)
    if to == CLOSING and "named" in draft:
        await _closing(update, context, t)
    await show(update, t._(RESTART))
    raise _end()


async def cancel(update: Update, context: Context) -> None:
    """/cancel or ✖️: nothing is sent → END."""
    await answer(update)
    forget(context)
    t = await translator(update, context)
    await show(
        update,
        t._("OK, nothing was sent."),
        keyboard([coordinator_menu_button(t)]),
        new_message=update.message is not None,
    )
    raise _end()


async def timed_out(update: Update, context: Context) -> None:
    forget(context)
    chat = update.effective_chat
    if chat is None:
        return
    t = await translator(update, context)
    await context.bot.send_message(
        chat.id,
        t._("The question was not sent: it was quiet for a while. Type /poll to start again."),
    )


CHOICE = AudienceChoice(
    flow="poll",
    heading=HEADING,
    restart=RESTART,
    buttons=BUTTONS,
    kinds=audiences.POLL_KINDS,
    draft=current,
    forget=forget,
    chosen=_ask_names,
)


def build_handler() -> ConversationHandler[Any]:
    return persistent_flow(
        "poll",
        entry_points=[
            CommandHandler("poll", start, filters.ChatType.PRIVATE),
            actions.POLL_NEW.handler(start),  # from a coordinator menu
        ],
        states={
            KIND: [actions.POLL_KIND.handler(on_kind)],
            QUESTION: [MessageHandler(_TYPED, on_question), MessageHandler(_NOT_TYPED, not_text)],
            OPTIONS: [MessageHandler(_TYPED, on_options), MessageHandler(_NOT_TYPED, not_text)],
            **CHOICE.states(),
            NAMES: [actions.POLL_NAMES.handler(on_names)],
            CLOSING: [
                actions.PICK_MONTH.handler(on_month),
                actions.PICK_DAY.handler(on_day),
                actions.POLL_NO_CLOSING.handler(on_no_closing),
                MessageHandler(_TYPED, on_day),
            ],
            PREVIEW: [actions.POLL_SEND.handler(on_send)],
        },
        cancel=cancel,
        fallbacks=[
            actions.POLL_CANCEL.handler(cancel),
            actions.POLL_BACK.handler(on_back),
            actions.NOTHING.handler(guard.nothing_here),
        ],
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
        forget=forget,
    )
