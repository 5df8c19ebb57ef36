"""Finding something to do by theme, beside the categories of /find: the project's four themes
with how many open opportunities each has → a theme's open opportunities (paged as a
category's) → one opportunity, whose Back leads to the theme's list again.

Callback actions: ``th`` the themes, ``tl:<theme>:<page>`` a theme's list,
``to:<opportunity>:<theme>`` an opportunity opened from it. A forged or unknown theme gets the
kind "no longer available" screen with a way on; nothing is kept between taps.
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import Translator
from bot.services import themes
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import unpack
from conversations.resident.browse import (
    callback_number,
    for_residents,
    present,
    show_list,
    show_not_available,
    show_opportunity,
)
from conversations.ui.context import Context
from conversations.ui.navigation import back_button, menu_button
from conversations.ui.paging import page_row
from conversations.ui.replying import keyboard


def _theme_key(update: Update, index: int) -> str:
    """The theme key a button carries ("" when missing); whether it is one is checked later."""
    cb = unpack(update.callback_query.data if update.callback_query else None)
    return (cb.text(index) if cb else None) or ""


@for_residents()
async def on_themes(update: Update, context: Context, _: Resident, t: Translator) -> None:
    """🎯 By theme: the four themes, each with how much is open in it."""
    d = context.deps
    found = await themes.open_counts(d.db, d.clock.now())
    rows = [
        [(f"{themes.label(t, theme.key)} ({count})", actions.THEME.data(theme.key, 0))]
        for theme, count in found
    ]
    rows.append([back_button(t, actions.CATEGORIES.data()), menu_button(t)])
    text = t._("🎯 <b>By theme</b>\nWhat would you like to work on? Choose a theme.")
    await present(update, text, keyboard(*rows))


@for_residents()
async def on_theme(update: Update, context: Context, _: Resident, t: Translator) -> None:
    """One theme's open opportunities, a page at a time."""
    key = _theme_key(update, 0)
    d = context.deps
    found = await themes.theme_page(d.db, key, d.clock.now(), callback_number(update, 1) or 0)
    if found is None:
        await show_not_available(update, t)
        return
    await show_list(
        update,
        t,
        themes.label(t, key),
        found.items,
        (found.page, found.pages),
        page_row(t, actions.THEME, key, found.page, found.pages),
        opened=lambda opportunity_id: actions.THEME_OPPORTUNITY.data(opportunity_id, key),
        back=actions.THEMES.data(),
    )


@for_residents(opportunity_arg=0)
async def on_opportunity(update: Update, context: Context, _: Resident, t: Translator) -> None:
    """An opportunity opened from a theme's list; Back leads there again."""
    key = _theme_key(update, 1)
    back = actions.THEME.data(key, 0) if themes.theme(key) is not None else None
    await show_opportunity(update, context, t, callback_number(update, 0) or 0, back=back)
