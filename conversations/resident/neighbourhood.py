"""Where the resident lives, if they want: their neighbourhood, chosen with buttons.

Reached from the "🏘 Neighbourhood" row of /settings (origin ``s``, with "I'd rather not say"),
and asked once after a sign-up (:func:`ask_once`, origin ``o``, with "Skip"): never required, and
only while the administrators have set neighbourhoods. A long list is shown a page at a time.

Callback actions: ``nb:<origin>:<page>`` the buttons, ``nbc:<id>:<check>:<origin>`` a choice,
``nbx:<origin>`` none. A choice of a neighbourhood that was removed or renamed since the
button was made (or a forged one) changes nothing: the list is shown again as it is now.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.i18n import Translator
from bot.services import neighbourhoods
from bot.services.neighbourhoods import Neighbourhood
from bot.services.pages import Page
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import Callback
from conversations.resident.access import for_residents
from conversations.resident.settings import show_settings_screen
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, menu_button
from conversations.ui.paging import page_buttons
from conversations.ui.replying import answer, esc, keyboard, present, resident_of, translator_for

log = logging.getLogger(__name__)

FROM_SETTINGS = "s"
FROM_QUESTION = "o"
ORIGINS = (FROM_SETTINGS, FROM_QUESTION)
PAGE_SIZE = 10  # two a row: five rows of names on a phone
LABEL = 30  # characters of a name on a button (two fit side by side)

Rows = list[list[tuple[str, str]]]


def choices_screen(
    t: Translator, found: Page[Neighbourhood], chosen: Neighbourhood | None, origin: str
) -> tuple[str, Rows]:
    """The question and a button per neighbourhood (✅ on the one chosen), then the way out."""
    if origin == FROM_QUESTION:
        text = t._(
            "🏘 <b>One more question, if you like: in which neighbourhood do you live?</b>\n\n"
            "It helps us see where we reach people, and where not yet. You can skip it."
        )
    else:
        text = t._(
            "🏘 <b>In which neighbourhood do you live?</b>\n\n"
            "It helps us see where we reach people, and where not yet. "
            "You don't have to say it."
        )
    if not found.items:
        text += "\n\n" + t._("There are no neighbourhoods to choose from yet.")
    buttons = [
        (
            ("✅ " if chosen is not None and chosen.id == n.id else "") + clip(n.name, LABEL),
            actions.CHOOSE_NEIGHBOURHOOD.data(n.id, neighbourhoods.check(n), origin),
        )
        for n in found.items
    ]
    rows: Rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    pages = page_buttons(
        t, found.page, found.pages, lambda other: actions.NEIGHBOURHOOD_CHOICES.data(origin, other)
    )
    if pages:
        rows.append(pages)
    if origin == FROM_QUESTION:
        rows.append([(t._("⏭ Skip"), actions.NO_NEIGHBOURHOOD.data(origin))])
    else:
        rows.append([(t._("🙈 I'd rather not say"), actions.NO_NEIGHBOURHOOD.data(origin))])
        rows.append([back_button(t, actions.SETTINGS.data()), menu_button(t)])
    return text, rows


async def _show_choices(
    update: Update,
    context: Context,
    resident: Resident,
    t: Translator,
    origin: str,
    page: int = 0,
    *,
    new_message: bool = False,
) -> None:
    d = context.deps
    found = await neighbourhoods.page(d.db, page, PAGE_SIZE)
    mine = await neighbourhoods.choice_of(d.db, resident.id)
    text, rows = choices_screen(t, found, mine.chosen, origin)
    await present(update, text, keyboard(*rows), new_message=new_message)


async def _stale(update: Update, t: Translator) -> None:
    await answer(update, t._("This button no longer works. Type /start to begin again."))


@for_residents(answer_first=False)
async def on_choices(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """``nb``: the buttons (the row in /settings, or another page of them)."""
    origin, page = tap.text(0), tap.number(1)
    if origin not in ORIGINS or page is None:
        await _stale(update, t)
        return
    await answer(update)
    await _show_choices(update, context, resident, t, origin, page)


@for_residents(answer_first=False)
async def on_choose(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """``nbc``: this is where I live. A neighbourhood gone or renamed since: the list again."""
    neighbourhood_id, mark, origin = tap.number(0), tap.text(1), tap.text(2)
    if neighbourhood_id is None or mark is None or origin not in ORIGINS:
        await _stale(update, t)
        return
    d = context.deps
    chosen = await neighbourhoods.choose(d.db, resident.id, neighbourhood_id, mark, d.clock.now())
    if chosen is None:
        await answer(
            update,
            t._("This neighbourhood is no longer on the list. Please choose again."),
            alert=True,
        )
        await _show_choices(update, context, resident, t, origin)
        return
    await answer(update, t._("Saved."))
    if origin == FROM_SETTINGS:
        await show_settings_screen(update, context, resident, t)
        return
    text = t._("🏘 Thank you! Saved: <b>{name}</b>. You can change it in /settings.").format(
        name=esc(chosen.name)
    )
    await present(update, text, keyboard([menu_button(t)]))


@for_residents(answer_first=False)
async def on_none(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """``nbx``: "I'd rather not say" in /settings (clears a choice), or "Skip" the question."""
    origin = tap.text(0)
    if origin not in ORIGINS:
        await _stale(update, t)
        return
    await neighbourhoods.rather_not_say(context.deps.db, resident.id, context.deps.clock.now())
    if origin == FROM_SETTINGS:
        await answer(update, t._("Saved."))
        await show_settings_screen(update, context, resident, t)
        return
    await answer(update)
    text = t._("All right. You can still choose your neighbourhood later in /settings.")
    await present(update, text, keyboard([menu_button(t)]))


async def ask_once(update: Update, context: Context, resident_id: int) -> bool:
    """After a sign-up: the question as a new message, once per resident, and only while there
    are neighbourhoods and they have none; True if asked."""
    d = context.deps
    if not await neighbourhoods.ask_once(d.db, resident_id, d.clock.now()):
        return False
    resident = await resident_of(update, context)
    if resident is None:
        return False
    t = translator_for(update, context, resident)
    await _show_choices(update, context, resident, t, FROM_QUESTION, new_message=True)
    log.info("neighbourhood asked of resident %s", resident_id)
    return True
