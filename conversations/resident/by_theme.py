"""Finding something to do by theme, beside the categories of /find: the project's four themes
with how many open opportunities each has → a theme's open opportunities (paged as a
category's) → one opportunity, whose Back leads to the theme's list again.

Looking is for everyone, as the rest of /find (:func:`conversations.resident.access.for_everyone`):
nothing is kept between taps. Callback actions: ``th`` the themes, ``tl:<theme>:<page>`` a
theme's list, ``to:<opportunity>:<theme>`` an opportunity opened from it. A forged or unknown
theme gets the kind "no longer available" screen with a way on.
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import Translator
from bot.services import themes
from conversations import actions
from conversations.actions import Callback
from conversations.resident.access import for_everyone
from conversations.resident.browse import show_list, show_not_available, show_opportunity
from conversations.ui.context import Context
from conversations.ui.navigation import back_button, menu_button
from conversations.ui.paging import page_row
from conversations.ui.replying import keyboard, present


@for_everyone()
async def on_themes(update: Update, context: Context, t: Translator, _: Callback) -> None:
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


@for_everyone()
async def on_theme(update: Update, context: Context, t: Translator, tap: Callback) -> None:
    """One theme's open opportunities, a page at a time (titles in the reader's language)."""
    key = tap.text(0) or ""
    d = context.deps
    found = await themes.theme_page(d.db, key, d.clock.now(), tap.number(1) or 0, language=t.locale)
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


@for_everyone()
async def on_opportunity(update: Update, context: Context, t: Translator, tap: Callback) -> None:
    """An opportunity opened from a theme's list; Back leads there again."""
    key = tap.text(1) or ""
    back = actions.THEME.data(key, 0) if themes.theme(key) is not None else None
    await show_opportunity(update, context, t, tap.number(0) or 0, back=back)
