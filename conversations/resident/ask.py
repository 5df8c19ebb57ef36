"""Asking a person: "💬 Ask a question" in the menu (or /ask) for a general question, or under
an opportunity for its organisation. The resident types the question in one message; it is
stored, and the coordinators' notices planned, before the resident reads "Sent". The answer
comes later, here in the chat, through the outbox (:mod:`bot.outbox.messages.questions`).

These are the resident's steps of the persistent ``questions`` conversation
(:mod:`conversations.asking`), in state :data:`ASKING`: a restart while the bot waits for the
question loses nothing. A sticker or a photo gets "please type"; a question over the limit is
kept (``user_data``) while the bot says the limit and asks for a shorter one, or sends the part
that fits with one tap (✂️). Cancel, /cancel, another flow's button or an hour of quiet ends it.

Callback actions: ``ask[:<opportunity>]`` ask, ``askx`` cancel, ``askc`` send the first part.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ConversationHandler

from bot.i18n import N_, Translator
from bot.services import questions
from bot.services.publishing import Invalid
from bot.services.questions import Asked, AskStatus, Subject
from conversations import actions
from conversations.actions import unpack
from conversations.resident.welcome import ask_button, main_menu, welcome_screen
from conversations.ui import typed_text
from conversations.ui.context import Context
from conversations.ui.navigation import menu_button
from conversations.ui.replying import (
    answer,
    esc,
    keyboard,
    resident_of,
    show,
    translator,
    translator_for,
    user_id,
)

ASKING = "asking"  # the conversation's state while the question is typed
KEY = "asking"  # user_data: {"opportunity": id or 0, and a question that was too long}
END = ConversationHandler.END
TYPING = typed_text.Typing(
    state=ASKING,
    limit=questions.MAX_QUESTION,
    please_type=N_("Please type your question."),
    not_typed=N_("Please type your question in words, or tap ✖️ to stop."),
    cut_label=N_("✂️ Send the first part"),
    cut_data=actions.SEND_FIRST_PART.data(),
    stop_label=N_("✖️ Cancel"),
    stop_data=actions.STOP_ASKING.data(),
)


def _asking(context: Context) -> dict[str, Any] | None:
    found = context.user_data.get(KEY) if context.user_data is not None else None
    return found if isinstance(found, dict) else None


def _draft(context: Context) -> dict[str, Any]:
    """The question being asked: where a question that was too long waits for ✂️."""
    assert context.user_data is not None
    return _asking(context) or context.user_data.setdefault(KEY, {})


def forget(context: Context) -> None:
    if context.user_data is not None:
        context.user_data.pop(KEY, None)


def prompt(t: Translator, about: Subject | None) -> str:
    """What to do: type the question; who reads it; what stays private."""
    if about is None:
        lines = [
            t._("💬 <b>Ask a question</b>"),
            "",
            t._(
                "Type your question in one message. Someone from Meedoen reads it and answers "
                "you here, in this chat."
            ),
        ]
    else:
        lines = [
            t._("💬 <b>A question about {title}</b>").format(title=esc(about.title)),
            "",
            t._(
                "Type your question in one message. Someone from {organisation} reads it and "
                "answers you here, in this chat."
            ).format(organisation=esc(about.organisation)),
        ]
    lines.append(t._("Your phone number and username stay private."))
    return "\n".join(lines)


async def start_asking(update: Update, context: Context) -> None:
    """💬 (``ask`` or ``ask:<opportunity>``) or /ask: the bot asks for the question → ASKING.
    Someone who has not consented gets the welcome (which opens the opportunity after)."""
    await answer(update)
    query = update.callback_query
    cb = unpack(query.data) if query is not None else None
    wanted = (cb.number(0) if cb else None) or 0
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    if resident is None:  # a question is stored: agree first (then the opportunity, or the menu)
        text, rows = welcome_screen(t, wanted)
        await show(update, text, keyboard(*rows), new_message=update.message is not None)
        raise ApplicationHandlerStop(END)
    fresh = update.message is not None
    if await questions.waiting(context.deps.db, resident.id) >= questions.MAX_WAITING:
        await show(update, _too_many(t), keyboard([menu_button(t)]), new_message=fresh)
        raise ApplicationHandlerStop(END)
    # An opportunity that closed meanwhile: the question is a general one.
    about = await questions.subject(context.deps.db, wanted) if wanted else None
    if context.user_data is not None:
        context.user_data[KEY] = {"opportunity": about.opportunity_id if about else 0}
    await show(update, prompt(t, about), keyboard(TYPING.stop_row(t)), new_message=fresh)
    raise ApplicationHandlerStop(ASKING)


async def on_question(update: Update, context: Context) -> None:
    """The typed question: stored and sent → END; empty or too long: said kindly → ASKING."""
    message = update.effective_message
    assert message is not None
    t = await translator(update, context)
    typed = message.text or ""
    try:
        asked = await _ask(context, user_id(update), typed)
    except Invalid as exc:
        if exc.reason == "too_long":
            said = _too_long(t, exc.count or 0)
            await typed_text.refuse_too_long(update, t, TYPING, _draft(context), typed, said)
        await typed_text.please_type(update, t, TYPING)
    await _asked(update, context, t, asked)


async def on_first_part(update: Update, context: Context) -> None:
    """✂️ under "too long": the part of the kept question that fits is sent → END."""
    await answer(update)
    t = await translator(update, context)
    first = await typed_text.take_first_part(update, t, TYPING, _draft(context))
    asked = await _ask(context, user_id(update), first)
    await _asked(update, context, t, asked)


async def _ask(context: Context, resident_id: int, text: str) -> Asked:
    d = context.deps
    opportunity_id = (_asking(context) or {}).get("opportunity")
    return await questions.ask(
        d.db,
        resident_id=resident_id,
        opportunity_id=opportunity_id if isinstance(opportunity_id, int) else None,
        text=text,
        administrators=d.settings.coordinator_ids,
        now=d.clock.now(),
    )


async def _asked(update: Update, context: Context, t: Translator, asked: Asked) -> None:
    """What the resident reads once the question was handled (stored, or why not) → END."""
    forget(context)
    if asked.status is AskStatus.NOT_RESIDENT:
        text, rows = welcome_screen(t, 0)
        await show(update, text, keyboard(*rows), new_message=True)
        raise ApplicationHandlerStop(END)
    if asked.status is AskStatus.TOO_MANY:
        text = _too_many(t)
    else:
        context.deps.kick()
        text = t._("✅ Sent. You will get the answer here, in this chat.")
    await show(update, text, keyboard([menu_button(t)]))  # after ✂️: in the place of "too long"
    raise ApplicationHandlerStop(END)


def _too_many(t: Translator) -> str:
    return t.ngettext(
        "You have {n} question that waits for an answer. Please wait for the answer first.",
        "You have {n} questions that wait for an answer. Please wait for the answers first.",
        questions.MAX_WAITING,
    ).format(n=questions.MAX_WAITING)


def _too_long(t: Translator, length: int) -> str:
    return "\n\n".join(
        [
            t._("Your question has {n} characters. At most {limit} fit.").format(
                n=t.number(length), limit=t.number(questions.MAX_QUESTION)
            ),
            t._("Please make it shorter and send it again. Or tap ✂️ to send only the first part."),
        ]
    )


async def not_typed(update: Update, context: Context) -> None:
    """A sticker, photo or voice message where the question is asked for → still ASKING."""
    await typed_text.not_typed(update, context, TYPING)


async def cancel(update: Update, context: Context) -> None:
    """✖️ or /cancel: nothing is sent; the menu → END."""
    await answer(update)
    forget(context)
    t = await translator(update, context)
    text = t._("OK, nothing was sent.") + "\n\n" + t._("What would you like to do?")
    await show(update, text, keyboard(*main_menu(t)))
    raise ApplicationHandlerStop(END)


async def timed_out(update: Update, context: Context) -> None:
    """An hour of quiet: nothing was sent, and the way to ask again."""
    forget(context)
    t = await translator(update, context)
    await show(
        update,
        t._("Your question was not sent, because it was quiet for a while. You can ask again."),
        keyboard([ask_button(t)], [menu_button(t)]),
        new_message=True,
    )
