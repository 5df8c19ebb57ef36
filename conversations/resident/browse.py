"""Finding something to do: categories, opportunities, one opportunity and its shifts.

All screens are buttons whose callback data carries the ids, so nothing is kept between taps and
a restart in the middle changes nothing. Only what is open is shown: opportunities that are open
and are an ongoing role or have a shift that has not started. Someone who has not consented yet
sees the welcome screen instead.

Callback actions: ``cat`` categories, ``ol:<category>:<page>`` a category's opportunities,
``opp:<opportunity>`` one opportunity, ``sh:<opportunity>:<page>`` its shifts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update

from bot.categories import category_name
from bot.i18n import N_, Translator
from bot.services import finding, series
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import unpack
from conversations.resident import welcome
from conversations.resident.search import search_button
from conversations.ui.cards import opportunity_card
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, menu_button
from conversations.ui.paging import page_row
from conversations.ui.replying import (
    Row,
    answer,
    esc,
    keyboard,
    private_only,
    resident_of,
    show,
    translator_for,
)

_TAGS = re.compile(r"<[^>]+>")

LABEL_LIMIT = 36  # characters of a title on a button


# -- shared by the resident's flows --------------------------------------------------------------
async def resident_or_welcome(
    update: Update, context: Context, opportunity_id: int = 0, *, answered: bool = False
) -> tuple[Resident, Translator] | None:
    """The resident and their language; someone who has not consented gets the welcome screen."""
    resident = await resident_of(update, context)
    t = translator_for(update, context, resident)
    if resident is None:
        if not answered:
            await answer(update)
        text, rows = welcome.welcome_screen(t, opportunity_id)
        await present(update, text, keyboard(*rows))
        return None
    return resident, t


ResidentHandler = Callable[[Update, Context, Resident, Translator], Awaitable[None]]
PlainHandler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def for_residents(
    *, answer_first: bool = True, opportunity_arg: int | None = None
) -> Callable[[ResidentHandler], PlainHandler]:
    """A handler that gets the resident and their language; others see the welcome screen.

    ``answer_first`` answers the button at once (handlers that answer with an alert say False);
    ``opportunity_arg`` is the callback argument that names an opportunity to open after consent.
    """

    def wrap(func: ResidentHandler) -> PlainHandler:
        @wraps(func)
        async def handler(update: Update, context: Context) -> None:
            wanted = callback_number(update, opportunity_arg) if opportunity_arg is not None else 0
            if answer_first:  # before the database: the button stops spinning at once
                await answer(update)
            found = await resident_or_welcome(update, context, wanted or 0, answered=answer_first)
            if found is not None:
                await func(update, context, *found)

        return handler

    return wrap


async def present(
    update: Update, text: str, markup: InlineKeyboardMarkup, *, new_message: bool = False
) -> None:
    """``show``, but a screen that is already there is left alone (a double tap on a button
    would otherwise ask Telegram to edit a message into itself, which it refuses)."""
    query = update.callback_query
    message = query.message if query is not None else None
    if not new_message and isinstance(message, Message) and message.reply_markup == markup:
        shown = message.text or ""
        if shown in (text, html.unescape(_TAGS.sub("", text))):
            return
    await show(update, text, markup, new_message=new_message)


def callback_number(update: Update, index: int) -> int | None:
    cb = unpack(update.callback_query.data if update.callback_query else None)
    return cb.number(index) if cb else None


def shift_details(t: Translator, shift: finding.Shift) -> str:
    """What, when, where and who: the lines every shift screen and confirmation shows."""
    opportunity = shift.opportunity
    lines = [f"<b>{esc(opportunity.title)}</b>", "🗓 " + t.when(shift.starts_at, shift.ends_at)]
    if opportunity.location:
        lines.append("📍 " + esc(opportunity.location))
    lines.append("🏢 " + esc(opportunity.organisation))
    return "\n".join(lines)


async def show_not_available(update: Update, t: Translator, *, new_message: bool = False) -> None:
    await present(
        update,
        t._("Sorry, this is no longer available. Have a look at the other offers!"),
        keyboard([(t._("🔎 Other offers"), actions.CATEGORIES.data())], [menu_button(t)]),
        new_message=new_message,
    )


# -- categories ----------------------------------------------------------------------------------
@private_only
@for_residents()
async def find_command(update: Update, context: Context, _: Resident, t: Translator) -> None:
    """/find: the categories that have something open."""
    await show_categories(update, context, t, new_message=True)


@for_residents()
async def on_categories(update: Update, context: Context, _: Resident, t: Translator) -> None:
    await show_categories(update, context, t)


async def show_categories(
    update: Update, context: Context, t: Translator, *, new_message: bool = False
) -> None:
    d = context.deps
    found = await finding.categories(d.db, d.clock.now())
    if not found:
        await present(
            update,
            t._("There is nothing open right now. Please look again in a few days!"),
            keyboard([menu_button(t)]),
            new_message=new_message,
        )
        return
    # Known kinds of work in the reader's language, in the order they read them.
    named = sorted(((category_name(t, c.name), c) for c in found), key=lambda n: n[0].casefold())
    rows: list[Row] = [
        [(f"{name} ({c.open_count})", actions.CATEGORY.data(c.id, 0))] for name, c in named
    ]
    rows.append([search_button(t), menu_button(t)])
    text = t._("🔎 <b>Find something to do</b>\nWhat do you like? Choose a theme.")
    await present(update, text, keyboard(*rows), new_message=new_message)


# -- a category's opportunities ------------------------------------------------------------------
@for_residents()
async def on_opportunities(update: Update, context: Context, _: Resident, t: Translator) -> None:
    category_id = callback_number(update, 0) or 0
    page = callback_number(update, 1) or 0
    d = context.deps
    found = await finding.category_page(d.db, category_id, d.clock.now(), page, language=t.locale)
    name, items, page, pages = found.name, found.items, found.page, found.pages
    if name is None or not items:
        await present(
            update,
            t._("There is nothing open in this theme right now."),
            keyboard([back_button(t, actions.CATEGORIES.data()), menu_button(t)]),
        )
        return
    rows: list[Row] = [[(_opportunity_label(t, o), actions.OPPORTUNITY.data(o.id))] for o in items]
    paging = page_row(t, actions.CATEGORY, category_id, page, pages)
    if paging:
        rows.append(paging)
    rows.append([back_button(t, actions.CATEGORIES.data()), menu_button(t)])
    text = f"<b>{esc(category_name(t, name))}</b>\n" + t._(
        "Choose something. The number says how many places are free."
    )
    if pages > 1:
        text += "\n" + t._("Page {page} of {pages}").format(page=page + 1, pages=pages)
    await present(update, text, keyboard(*rows))


def _opportunity_label(t: Translator, item: finding.OpportunityRow) -> str:
    if item.free is None:
        places = t._("ongoing role")
    elif item.free == 0:
        places = t._("full")
    else:
        places = t._("{n} free").format(n=item.free)
    return f"{clip(item.title, LABEL_LIMIT)} · {places}"


# -- one opportunity -----------------------------------------------------------------------------
async def show_opportunity(
    update: Update,
    context: Context,
    t: Translator,
    opportunity_id: int,
    *,
    new_message: bool = False,
) -> None:
    """One opportunity with its upcoming shifts (or "I am interested" for an ongoing role)."""
    d = context.deps
    user = update.effective_user  # a resident's id is their Telegram id
    card = await finding.opportunity_card(
        d.db,
        opportunity_id,
        d.clock.now(),
        language=t.locale,
        resident_id=user.id if user else None,
    )
    opportunity, first, count = card.opportunity, card.first, card.dates
    if opportunity is None:
        await show_not_available(update, t, new_message=new_message)
        return
    lines = opportunity_card(
        t,
        title=opportunity.title,
        description=opportunity.description,
        organisation=opportunity.organisation,
        location=opportunity.location,
        ongoing=opportunity.ongoing,
    )
    rows: list[Row] = []
    if opportunity.ongoing:
        rows.append([(t._("🙋 I am interested"), actions.INTERESTED.data(opportunity.id))])
    elif first:
        lines.append(
            "🗓 " + t._("Next time: {when}").format(when=t.when(first.starts_at, first.ends_at))
        )
        if count > 1:
            lines.append(
                t.ngettext("{n} date to choose from", "{n} dates to choose from", count).format(
                    n=count
                )
            )
        if count == 1:  # one date: its button leads straight to the confirm screen
            rows.append([(_shift_label(t, first), actions.CHOOSE_SHIFT.data(first.id))])
            if first.free == 0 and not first.mine:
                lines.append(t._(FULL_LEGEND))
        else:
            rows.append([(t._("📅 Choose a date"), actions.SHIFTS.data(opportunity.id, 0))])
        for offered in await series.offered(d.db, opportunity.id, d.clock.now()):
            every = t.rhythm(
                offered.series.every_weeks,
                offered.first,
                offered.series.starts,
                offered.series.ends,
            )
            rows.append(
                [("🔁 " + clip(every, LABEL_LIMIT), actions.SERIES.data(offered.series.id))]
            )
    else:
        lines.append("")
        lines.append(
            t._("There are no dates planned for this right now. Have a look at the other offers!")
        )
    rows.append([back_button(t, actions.CATEGORY.data(opportunity.category_id, 0)), menu_button(t)])
    await present(update, "\n".join(lines), keyboard(*rows), new_message=new_message)


@for_residents(opportunity_arg=0)
async def on_opportunity(update: Update, context: Context, _: Resident, t: Translator) -> None:
    await show_opportunity(update, context, t, callback_number(update, 0) or 0)


# -- its shifts ----------------------------------------------------------------------------------
@for_residents(opportunity_arg=0)
async def on_shifts(update: Update, context: Context, resident: Resident, t: Translator) -> None:
    opportunity_id, page = callback_number(update, 0) or 0, callback_number(update, 1) or 0
    await show_shifts(update, context, t, resident, opportunity_id, page)


async def show_shifts(
    update: Update,
    context: Context,
    t: Translator,
    resident: Resident,
    opportunity_id: int,
    page: int = 0,
) -> None:
    """The dates of one opportunity that can still be chosen, with free places (paged)."""
    d = context.deps
    found = await finding.shifts_page(
        d.db, opportunity_id, d.clock.now(), resident_id=resident.id, page=page, language=t.locale
    )
    opportunity, shifts, page, pages = found.opportunity, found.shifts, found.page, found.pages
    if opportunity is None:
        await show_not_available(update, t)
        return
    if not shifts:
        await present(
            update,
            t._("There are no dates planned for this right now. Have a look at the other offers!"),
            keyboard([back_button(t, actions.OPPORTUNITY.data(opportunity_id)), menu_button(t)]),
        )
        return
    rows: list[Row] = [[(_shift_label(t, s), actions.CHOOSE_SHIFT.data(s.id))] for s in shifts]
    paging = page_row(t, actions.SHIFTS, opportunity_id, page, pages)
    if paging:
        rows.append(paging)
    rows.append([back_button(t, actions.OPPORTUNITY.data(opportunity_id)), menu_button(t)])
    lines = [f"<b>{esc(opportunity.title)}</b>", t._("Choose a date:")]
    if any(s.free == 0 and not s.mine for s in shifts):  # a "⏳ … full" label is listed
        lines.append(t._(FULL_LEGEND))
    if pages > 1:
        lines.append(t._("Page {page} of {pages}").format(page=page + 1, pages=pages))
    await present(update, "\n".join(lines), keyboard(*rows))


FULL_LEGEND = N_("⏳ = full; you can go on the waitlist.")


def _shift_label(t: Translator, shift: finding.ShiftRow) -> str:
    hours = t.span(t.time(shift.starts_at), t.time(shift.ends_at))
    when = f"{t.short_date(shift.starts_at)} {hours}"
    if shift.mine == "confirmed":
        return "✅ " + when + " · " + t._("you are signed up")
    if shift.mine == "waitlisted":
        return "⏳ " + when + " · " + t._("on the waitlist")
    if shift.free == 0:
        return "⏳ " + when + " · " + t._("full")
    return when + " · " + t._("{n} free").format(n=shift.free)
