""" "Every week": signing up for all coming dates of a series in one tap, and stopping it.

From an opportunity's screen, ``rs:<series>`` says what it means (the dates, the waitlist where
a date is full) with one Yes; ``rsy:<series>`` does it and says how it went, plainly. In /mine,
``rsl:<series>`` asks once and ``rslx:<series>`` gives up every coming date of it.
"""

from __future__ import annotations

from telegram import Update

from bot.i18n import Translator
from bot.services import series
from bot.services.residents import Resident
from conversations import actions
from conversations.actions import Callback
from conversations.resident.access import for_everyone, for_residents
from conversations.resident.browse import show_not_available
from conversations.resident.mine import show_mine
from conversations.ui.context import Context
from conversations.ui.navigation import menu_button
from conversations.ui.replying import answer, esc, keyboard, present

MAX_DATES_LISTED = 6  # the waitlisted dates named one by one; more are counted


def rhythm_line(t: Translator, offered: series.Offered) -> str:
    found = offered.series
    return t.rhythm(found.every_weeks, offered.first, found.starts, found.ends)


@for_everyone()
async def on_series(update: Update, context: Context, t: Translator, tap: Callback) -> None:
    """What "every week" means for this series, with Yes and Back (for anyone: consent is
    asked at Yes)."""
    d = context.deps
    offered = await series.one_offered(d.db, tap.number(0) or 0, d.clock.now(), language=t.locale)
    if offered is None:
        await show_not_available(update, t)
        return
    found = offered.series
    lines = [
        f"<b>{esc(found.title)}</b>",
        "🔁 " + rhythm_line(t, offered),
        t.ngettext(
            "{n} date, from {first} until {last}.",
            "{n} dates, from {first} until {last}.",
            offered.dates,
        ).format(n=offered.dates, first=t.date(offered.first), last=t.date(offered.last)),
        "",
        t._(
            "Sign up for all of them at once? You get a place on each date with room, and a "
            "waitlist place where a date is full. You can cancel one date or all of them later."
        ),
    ]
    rows = [
        [(t._("✅ Yes, every time"), actions.JOIN_SERIES.data(found.id))],
        [
            (t._("⬅️ Back"), actions.OPPORTUNITY.data(found.opportunity_id)),
            menu_button(t),
        ],
    ]
    await present(update, "\n".join(lines), keyboard(*rows))


@for_residents(answer_first=False)
async def on_join(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """Yes, every time: a place (or a waitlist place) on each coming date of the series."""
    d = context.deps
    joined = await series.join(
        d.db,
        series_id=tap.number(0) or 0,
        resident_id=resident.id,
        now=d.clock.now(),
        rules=d.rules,
        language=t.locale,
    )
    if joined is None:
        await answer(update)
        await show_not_available(update, t)
        return
    await answer(update, t._("Done!"))
    if joined.places or joined.waitlisted:
        d.kick()
    lines = [f"✅ <b>{esc(joined.title)}</b>"]
    if joined.places:
        lines.append(
            t.ngettext(
                "You have a place on {n} date.",
                "You have a place on {n} dates.",
                len(joined.places),
            ).format(n=len(joined.places))
        )
    if joined.waitlisted:
        named = ", ".join(t.short_date(m) for m in joined.waitlisted[:MAX_DATES_LISTED])
        if len(joined.waitlisted) > MAX_DATES_LISTED:
            named += ", …"
        lines.append(
            t.ngettext(
                "⏳ {n} date is full: you are on the waitlist ({dates}). When a place comes "
                "free, you get it and we send you a message.",
                "⏳ {n} dates are full: you are on the waitlist ({dates}). When a place comes "
                "free, you get it and we send you a message.",
                len(joined.waitlisted),
            ).format(n=len(joined.waitlisted), dates=named)
        )
    lines.append(t._("You get a reminder before each date. See all your dates in /mine."))
    rows = [[(t._("📋 My sign-ups"), actions.MINE.data())], [menu_button(t)]]
    await present(update, "\n\n".join(lines), keyboard(*rows))


@for_residents(asks=False)
async def on_ask_leave(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    series_id = tap.number(0) or 0
    d = context.deps
    if not await series.is_standing(d.db, series_id, resident.id):
        await show_mine(update, context, resident, t)
        return
    text = t._(
        "Stop coming every time? All your coming dates of this are cancelled, and your places "
        "go to others."
    )
    rows = [
        [
            (t._("Yes, stop"), actions.LEAVE_SERIES.data(series_id)),
            (t._("No, keep it"), actions.MINE.data()),
        ],
        [menu_button(t)],
    ]
    await present(update, text, keyboard(*rows))


@for_residents(asks=False)
async def on_leave(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    d = context.deps
    series_id = tap.number(0) or 0
    if not await series.is_standing(d.db, series_id, resident.id):
        await show_mine(
            update, context, resident, t, notice="✔️ " + t._("This was cancelled already.")
        )
        return
    given_up = await series.leave(
        d.db, series_id=series_id, resident_id=resident.id, now=d.clock.now(), rules=d.rules
    )
    d.kick()
    notice = t.ngettext(
        "Stopped. {n} date is cancelled. Thank you for letting us know!",
        "Stopped. {n} dates are cancelled. Thank you for letting us know!",
        given_up,
    ).format(n=given_up)
    await show_mine(update, context, resident, t, notice=f"✔️ {notice}")
