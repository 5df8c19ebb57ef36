"""Interests: the kinds of volunteer work a resident likes, chosen with ✅/⬜ buttons.

Reached from /settings (callback ``i``) and offered once after a resident's first sign-up
(:func:`offer_interests_once`, which the sign-up flow calls after confirming); closing that
offer brings the one-time question about the neighbourhood, if it is due.
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.categories import category_name
from bot.i18n import Translator
from bot.services import interests
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import Callback, unpack
from conversations.resident import neighbourhood
from conversations.resident.access import for_residents
from conversations.ui.context import Context
from conversations.ui.navigation import back_button, menu_button
from conversations.ui.replying import (
    answer,
    keyboard,
    private_only,
    resident_of,
    show,
    translator_for,
)

log = logging.getLogger(__name__)

FROM_SETTINGS = "s"
FROM_OFFER = "o"


def interests_screen(
    t: Translator, choices: list[interests.Choice], origin: str
) -> tuple[str, list[list[tuple[str, str]]]]:
    """The text and the toggle buttons, two categories a row."""
    if origin == FROM_OFFER:
        intro = t._(
            "Would you like a message when there is new volunteer work you may like? "
            "Tap what you like. You can change this later in /settings."
        )
    else:
        intro = t._(
            "Tap what you like. When there is new volunteer work of that kind, you get a "
            "message (at most once a day)."
        )
    text = t._("<b>What do you like to do?</b>") + "\n\n" + intro
    if not choices:
        text += "\n\n" + t._("There are no kinds of work yet. Have a look again later.")
    # Known kinds of work in the reader's language, in the order they read them.
    named = sorted(((category_name(t, c.name), c) for c in choices), key=lambda n: n[0].casefold())
    buttons = [
        (
            ("✅ " if c.chosen else "⬜ ") + name[:40],
            actions.TOGGLE_INTEREST.data(c.category_id, origin),
        )
        for name, c in named
    ]
    rows: list[list[tuple[str, str]]] = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if origin == FROM_OFFER:
        rows.append([(t._("✔️ Done"), actions.INTERESTS_DONE.data())])
    else:
        rows.append([back_button(t, actions.SETTINGS.data()), menu_button(t)])
    return text, rows


async def _show_screen(
    update: Update, context: Context, resident: Resident, t: Translator, _: Callback
) -> None:
    """The interests screen, from /settings (a new message for a typed /interests)."""
    choices = await interests.choices(context.deps.db, resident.id)
    text, rows = interests_screen(t, choices, FROM_SETTINGS)
    await show(update, text, keyboard(*rows), new_message=update.callback_query is None)


# /interests and ❤️ in /settings: someone who has not consented is asked first.
on_interests = for_residents(goes_on=actions.INTERESTS)(_show_screen)
interests_command = private_only(on_interests)


async def on_toggle(update: Update, context: Context) -> None:
    """One category on or off; the same screen again."""
    cb = unpack(update.callback_query.data if update.callback_query else None)
    category_id = cb.number(0) if cb else None
    origin = cb.text(1) if cb else None
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    if resident is None or category_id is None or origin not in (FROM_SETTINGS, FROM_OFFER):
        await answer(update, t._("This button no longer works. Type /start to begin again."))
        return
    d = context.deps
    liked = await interests.toggle(d.db, resident.id, category_id)
    if liked is None:
        await answer(update, t._("This button no longer works. Type /start to begin again."))
        return
    await answer(update, t._("Saved ✅") if liked else t._("Removed"))
    choices = await interests.choices(d.db, resident.id)
    text, rows = interests_screen(t, choices, origin)
    await show(update, text, keyboard(*rows))


async def on_done(update: Update, context: Context) -> None:
    """Closing the one-time offer."""
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    await answer(update)
    chosen = (
        [c for c in await interests.choices(context.deps.db, resident.id) if c.chosen]
        if resident
        else []
    )
    if chosen:
        text = t._("Thank you! We will let you know when there is something new you may like.")
    else:
        text = t._("All right. You can choose what you like later in /settings.")
    await show(update, text, keyboard([menu_button(t)]))
    if resident is not None:  # the next one-time question, if it was not asked yet
        await neighbourhood.ask_once(update, context, resident.id)


async def offer_interests_once(update: Update, context: Context, resident_id: int) -> bool:
    """After a sign-up: the interests screen as a new message, once per resident; True if shown."""
    d = context.deps
    if not await interests.offer_once(d.db, resident_id, d.clock.now()):
        return False
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    choices = await interests.choices(d.db, resident_id)
    if not choices:
        return False
    text, rows = interests_screen(t, choices, FROM_OFFER)
    await show(update, text, keyboard(*rows), new_message=True)
    log.info("interests offered to resident %s", resident_id)
    return True
