"""💡 I have an idea: a resident writes an idea (text, a photo optional) and picks a theme.

A persistent ``ConversationHandler`` named ``idea`` in its own handler group (see the wiring):
:data:`WRITING` waits for the idea (a text; a photo with its caption; or a photo first, then the
words), :data:`THEME` for one of the four themes or "Not sure". What was written lives in
``user_data`` under :data:`DRAFT` until it is stored, so a restart in between loses nothing. Too
long says the limit, gives the text back and keeps it (✂️ then uses its first part); stickers,
voice messages and the like get "please type your idea"; the flow keeps waiting
(:mod:`conversations.ui.typed_text`). The idea is stored, with the notices to the coordinators,
before the resident is thanked. Someone who has not agreed to the privacy terms gets the welcome
first.

Callback actions: ``ixn`` start, ``ixc`` use the first part, ``ixt:<theme>`` a theme (``none``:
not sure), ``ixb`` write it again, ``ixx`` stop.
"""

from __future__ import annotations

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
from bot.outbox.messages.ideas import shorter, theme_name
from bot.services import ideas, themes
from bot.services.ideas import MAX_IDEA, Answer, Idea, Invalid, TooLong
from conversations import actions
from conversations.actions import unpack
from conversations.resident.welcome import idea_button, main_menu, welcome_screen
from conversations.ui import typed_text
from conversations.ui.context import Context
from conversations.ui.drafts import UserDraft
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
)

WRITING, THEME = "idea_writing", "idea_theme"
DRAFT = "idea_draft"
WRITTEN = UserDraft(DRAFT)  # the idea and its photo, until it is sent
END = ConversationHandler.END
TIMEOUT_SECONDS = 60 * 60
NOT_SURE = "none"

_PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
TYPING = typed_text.Typing(
    state=WRITING,
    limit=MAX_IDEA,
    please_type=N_("Please type your idea."),
    not_typed=N_("Please type your idea. You can send a photo with it."),
    cut_label=N_("✂️ Use the first {limit} characters"),
    cut_data=actions.IDEA_CUT.data(),
    stop_label=N_("✖️ Cancel"),
    stop_data=actions.IDEA_STOP.data(),
)


def _cancel_row(t: Translator) -> list[tuple[str, str]]:
    return TYPING.stop_row(t)


# -- writing -------------------------------------------------------------------------------------
def _ask_text(t: Translator) -> str:
    return "\n\n".join(
        [
            t._("💡 <b>Your idea</b>"),
            t._(
                "What would you like to do, make or change, in the library or in your "
                "neighbourhood? Type your idea in your own words, at most {limit} characters. "
                "You can send a photo with it."
            ).format(limit=MAX_IDEA),
            t._(
                "Coordinators read your idea with your first name. You can erase it at any "
                "time with /delete."
            ),
        ]
    )


async def start(update: Update, context: Context) -> None:
    """/idea or 💡: ask for the idea → WRITING (not consented: the welcome instead)."""
    await answer(update)
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    typed = update.callback_query is None
    if resident is None:
        text, rows = welcome_screen(t, 0)
        await show(update, text, keyboard(*rows), new_message=typed)
        raise ApplicationHandlerStop(END)
    assert context.user_data is not None
    context.user_data[DRAFT] = {}
    await show(update, _ask_text(t), keyboard(_cancel_row(t)), new_message=typed)
    raise ApplicationHandlerStop(WRITING)


async def _take(update: Update, context: Context, t: Translator, text: str) -> None:
    """The idea's words: kept in the draft, then the themes → THEME; too long or empty: said,
    what was typed kept → WRITING."""
    d = WRITTEN.current(context)
    try:
        d["text"] = ideas.clean(text, MAX_IDEA)
    except TooLong as exc:
        d.pop("text", None)
        said = t._(
            "Your idea has {n} characters. That is too long: at most {limit}, please. Type a "
            "shorter version, or use the first part of what you wrote."
        ).format(n=exc.count, limit=exc.limit)
        await typed_text.refuse_too_long(update, t, TYPING, d, text, said)
    except Invalid:
        await typed_text.please_type(update, t, TYPING)
    typed_text.drop(d)
    await _ask_theme(update, t, d, new_message=True)
    raise ApplicationHandlerStop(THEME)


async def on_text(update: Update, context: Context) -> None:
    """The idea, typed → THEME."""
    message = update.effective_message
    assert message is not None
    await _take(update, context, await translator(update, context), message.text or "")


async def on_photo(update: Update, context: Context) -> None:
    """A photo: with a caption it is the idea with its photo → THEME; without, the words are
    asked for next (the photo is kept) → WRITING."""
    message = update.effective_message
    assert message is not None and message.photo
    t = await translator(update, context)
    WRITTEN.current(context)["photo"] = message.photo[-1].file_id  # the largest size
    if (message.caption or "").strip():
        await _take(update, context, t, message.caption or "")  # → THEME
    note = t._("📷 Thank you for the photo. Now type your idea in a few words.")
    await typed_text.stay(update, t, TYPING, note)


async def not_an_idea(update: Update, context: Context) -> None:
    """A sticker, voice message, file or the like: please type → WRITING."""
    await typed_text.not_typed(update, context, TYPING)


async def on_cut(update: Update, context: Context) -> None:
    """✂️: the first part of what was typed is the idea → THEME."""
    await answer(update)
    t = await translator(update, context)
    d = WRITTEN.current(context)
    d["text"] = await typed_text.take_first_part(update, t, TYPING, d)
    await _ask_theme(update, t, d)
    raise ApplicationHandlerStop(THEME)


# -- the theme -----------------------------------------------------------------------------------
async def _ask_theme(
    update: Update,
    t: Translator,
    d: dict[str, Any],
    *,
    note: str | None = None,
    new_message: bool = False,
) -> None:
    """The idea as it will be sent, and the themes to pick from."""
    lines = [note, ""] if note else []
    lines += [t._("Your idea:"), f"<i>“{esc(shorter(d.get('text', ''), 300))}”</i>"]
    if d.get("photo"):
        lines.append(t._("📷 with a photo"))
    lines += ["", t._("<b>Which theme fits your idea best?</b>")]
    # The same sign and name as everywhere a theme shows (browsing, /stats).
    buttons = [(themes.label(t, key), actions.IDEA_THEME.data(key)) for key in themes.KEYS]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows += [
        [(t._("🤷 Not sure"), actions.IDEA_THEME.data(NOT_SURE))],
        [(t._("✏️ Write it again"), actions.IDEA_REWRITE.data()), *_cancel_row(t)],
    ]
    await show(update, "\n".join(lines), keyboard(*rows), new_message=new_message)


async def on_theme(update: Update, context: Context) -> None:
    """A theme (or Not sure): the idea is stored, the coordinators' notices planned, then the
    thanks → END."""
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    d = WRITTEN.current(context)
    tapped = unpack(update.callback_query.data if update.callback_query else None)
    key = (tapped.text(0) if tapped else None) or ""
    if resident is None or "text" not in d:  # erased meanwhile, or the draft is gone
        await start(update, context)
        return
    deps = context.deps
    try:
        await ideas.propose(
            deps.db,
            resident_id=resident.id,
            text=d["text"],
            photo=d.get("photo"),
            theme=None if key == NOT_SURE else key,
            administrators=deps.settings.coordinator_ids,
            now=deps.clock.now(),
        )
    except Invalid:  # a forged theme
        await answer(update, t._("Please tap one of the themes."), alert=True)
        raise ApplicationHandlerStop(THEME) from None
    WRITTEN.forget(context)
    deps.kick()
    await answer(update, t._("Thank you!"))
    text = "\n\n".join(
        [
            t._("✅ <b>Thank you for your idea!</b> A coordinator reads it."),
            t._("When they answer, you get a message here."),
        ]
    )
    rows = [[(t._("💡 Share another idea"), actions.IDEA_NEW.data())], [menu_button(t)]]
    await show(update, text, keyboard(*rows))
    raise ApplicationHandlerStop(END)


async def theme_again(update: Update, context: Context) -> None:
    """Typed (or sent) something while a theme is expected: the themes again → THEME."""
    t = await translator(update, context)
    note = t._("Please tap a theme, or “Not sure”.")
    await _ask_theme(update, t, WRITTEN.current(context), note=note, new_message=True)
    raise ApplicationHandlerStop(THEME)


async def rewrite(update: Update, context: Context) -> None:
    """✏️ Write it again: a fresh start → WRITING."""
    await answer(update)
    t = await translator(update, context)
    assert context.user_data is not None
    context.user_data[DRAFT] = {}
    await show(update, _ask_text(t), keyboard(_cancel_row(t)))
    raise ApplicationHandlerStop(WRITING)


# -- the way out ---------------------------------------------------------------------------------
async def cancel(update: Update, context: Context) -> None:
    """/cancel or ✖️: nothing is sent, the menu shows → END."""
    await answer(update)
    WRITTEN.forget(context)
    t = await translator(update, context)
    text = t._("OK, no idea was sent.") + "\n\n" + t._("What would you like to do?")
    await show(update, text, keyboard(*main_menu(t)))
    raise ApplicationHandlerStop(END)


async def timed_out(update: Update, context: Context) -> None:
    """An hour of quiet: the draft goes, with a kind word and a way back in."""
    WRITTEN.forget(context)
    t = await translator(update, context)
    chat = update.effective_chat
    if chat is None:
        return
    await context.bot.send_message(
        chat.id,
        t._("Your idea was not sent, because it was quiet for a while. You can start again."),
        reply_markup=keyboard([idea_button(t)], [menu_button(t)]),
    )


def build_handler() -> ConversationHandler[Any]:
    typed = _PRIVATE_MESSAGE & filters.TEXT & ~filters.COMMAND
    return persistent_flow(
        "idea",
        entry_points=[
            CommandHandler("idea", start, filters.ChatType.PRIVATE),
            actions.IDEA_NEW.handler(start),
            # ✖️ on an old question, after a timeout or restart: the menu all the same.
            actions.IDEA_STOP.handler(cancel),
        ],
        states={
            WRITING: [
                MessageHandler(typed, on_text),
                MessageHandler(_PRIVATE_MESSAGE & filters.PHOTO, on_photo),
                actions.IDEA_CUT.handler(on_cut),
                MessageHandler(_PRIVATE_MESSAGE & ~filters.COMMAND, not_an_idea),
            ],
            THEME: [
                actions.IDEA_THEME.handler(on_theme),
                actions.IDEA_REWRITE.handler(rewrite),
                MessageHandler(_PRIVATE_MESSAGE & ~filters.COMMAND, theme_again),
            ],
        },
        cancel=cancel,
        fallbacks=[actions.IDEA_STOP.handler(cancel)],
        timed_out=timed_out,
        timeout=TIMEOUT_SECONDS,
        forget=WRITTEN.forget,
    )


# -- /mydata -------------------------------------------------------------------------------------
STATUS_WORDS = {
    ideas.NEW: N_("sent"),
    ideas.CONSIDERING: N_("coordinators are looking at it"),
    ideas.PLANNED: N_("planned"),
    ideas.NOT_NOW: N_("not now"),
}


def my_data_lines(t: Translator, proposed: list[Idea], answers: list[Answer]) -> list[str]:
    """The ideas in the /mydata file: plain text, one idea with its answers after another."""
    lines = [t._("Your ideas ({n})").format(n=len(proposed))]
    for idea in proposed:
        parts = [theme_name(t, idea.theme), t._(STATUS_WORDS.get(idea.status, idea.status))]
        if idea.photo:
            parts.append(t._("with a photo"))
        if idea.opportunity_title:
            parts.append(t._("became: {title}").format(title=idea.opportunity_title))
        lines.append(f"- {t.datetime(idea.created_at)}: “{idea.text}” ({'; '.join(parts)})")
        for given in (a for a in answers if a.idea_id == idea.id):
            lines.append(
                "  "
                + t._("Answer from a coordinator, {date}: {text}").format(
                    date=t.datetime(given.created_at), text=given.text
                )
            )
    return lines if proposed else [*lines, t._("None.")]
