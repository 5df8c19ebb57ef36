"""Finding something to do: categories, opportunities, one opportunity and its shifts.

All screens are buttons whose callback data carries the ids, so nothing is kept between taps and
a restart in the middle changes nothing. Only what is open is shown: opportunities that are open
and are an ongoing role or have a shift that has not started. Someone who has not consented yet
sees them all the same (nothing about them is stored); consent is asked when they sign up
(:mod:`conversations.resident.access`).

Callback actions: ``cat`` categories, ``ol:<category>:<page>`` a category's opportunities,
``og:<organisation>:<page>`` an organisation's (its poster's link), ``opp:<opportunity>`` one
opportunity, ``sh:<opportunity>:<page>`` its shifts.
"""

from __future__ import annotations

from telegram import Update

from bot.categories import category_name
from bot.i18n import N_, Translator
from bot.services import finding, series
from conversations import actions
from conversations.actions import Callback
from conversations.resident.access import for_everyone
from conversations.resident.results import search_button
from conversations.resident.welcome import ask_button
from conversations.ui.cards import opportunity_card
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import back_button, menu_button
from conversations.ui.paging import page_row
from conversations.ui.replying import (
    Row,
    esc,
    keyboard,
    present,
    private_only,
    user_id,
)

LABEL_LIMIT = 36  # characters of a title on a button


# -- shared by the resident's flows --------------------------------------------------------------
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
@for_everyone()
async def find_command(update: Update, context: Context, t: Translator, _: Callback) -> None:
    """/find: the categories that have something open."""
    await show_categories(update, context, t, new_message=True)


@for_everyone()
async def on_categories(update: Update, context: Context, t: Translator, _: Callback) -> None:
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
@for_everyone()
async def on_opportunities(update: Update, context: Context, t: Translator, tap: Callback) -> None:
    category_id = tap.number(0) or 0
    d = context.deps
    found = await finding.category_page(
        d.db, category_id, d.clock.now(), tap.number(1) or 0, language=t.locale
    )
    if found.name is None or not found.items:
        await present(
            update,
            t._("There is nothing open in this theme right now."),
            keyboard([back_button(t, actions.CATEGORIES.data()), menu_button(t)]),
        )
        return
    await _offers(update, t, found, actions.CATEGORY, category_id)


@for_everyone()
async def on_organisation(update: Update, context: Context, t: Translator, tap: Callback) -> None:
    """``og:<organisation>:<page>``: an organisation's offers (a page of them)."""
    await show_organisation(update, context, t, tap.number(0) or 0, tap.number(1) or 0)


async def show_organisation(
    update: Update,
    context: Context,
    t: Translator,
    organisation_id: int,
    page: int = 0,
    *,
    new_message: bool = False,
    intro: str | None = None,
) -> None:
    """What an organisation offers now: the screen its poster's QR code opens (``intro``: a
    line above it, a deep link's welcome for someone new)."""
    d = context.deps
    found = await finding.organisation_page(
        d.db, organisation_id, d.clock.now(), page, language=t.locale
    )
    if found.name is None:
        await show_not_available(update, t, new_message=new_message)
        return
    if not found.items:
        text = t._(
            "There is nothing open at {organisation} right now. Have a look at the other offers!"
        ).format(organisation=f"<b>{esc(found.name)}</b>")
        text = f"{intro}\n\n{text}" if intro else text
        rows = [[(t._("🔎 Other offers"), actions.CATEGORIES.data())], [menu_button(t)]]
        await present(update, text, keyboard(*rows), new_message=new_message)
        return
    await _offers(update, t, found, actions.ORGANISATION, organisation_id, new_message, intro)


async def _offers(
    update: Update,
    t: Translator,
    found: finding.CategoryPage,
    action: actions.Action,
    key: int,
    new_message: bool = False,
    intro: str | None = None,
) -> None:
    """A page of a category's (or an organisation's) offers, each a button."""
    items, page, pages = found.items, found.page, found.pages
    rows: list[Row] = [[(_opportunity_label(t, o), actions.OPPORTUNITY.data(o.id))] for o in items]
    paging = page_row(t, action, key, page, pages)
    if paging:
        rows.append(paging)
    rows.append([back_button(t, actions.CATEGORIES.data()), menu_button(t)])
    text = f"<b>{esc(category_name(t, found.name or ''))}</b>\n" + t._(
        "Choose something. The number says how many places are free."
    )
    if pages > 1:
        text += "\n" + t._("Page {page} of {pages}").format(page=page + 1, pages=pages)
    text = f"{intro}\n\n{text}" if intro else text
    await present(update, text, keyboard(*rows), new_message=new_message)


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
    intro: str | None = None,
) -> None:
    """One opportunity with its upcoming shifts (or "I am interested" for an ongoing role);
    ``intro``: a line above it (a deep link's welcome for someone new)."""
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
    rows.append([ask_button(t, opportunity.id)])
    rows.append([back_button(t, actions.CATEGORY.data(opportunity.category_id, 0)), menu_button(t)])
    if intro:
        lines[:0] = [intro, ""]
    await present(update, "\n".join(lines), keyboard(*rows), new_message=new_message)


@for_everyone()
async def on_opportunity(update: Update, context: Context, t: Translator, tap: Callback) -> None:
    await show_opportunity(update, context, t, tap.number(0) or 0)


# -- its shifts ----------------------------------------------------------------------------------
@for_everyone()
async def on_shifts(update: Update, context: Context, t: Translator, tap: Callback) -> None:
    """The dates of one opportunity that can still be chosen, with free places (paged); the
    person's own places marked (someone who has not consented has none)."""
    opportunity_id, page = tap.number(0) or 0, tap.number(1) or 0
    d = context.deps
    found = await finding.shifts_page(
        d.db,
        opportunity_id,
        d.clock.now(),
        resident_id=user_id(update),
        page=page,
        language=t.locale,
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
