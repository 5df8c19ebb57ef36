"""Series in the ``publish`` conversation.

/new: after a shift, "🔁 Every week" or "🔁 Every 2 weeks" makes it the first date of a series;
then how long it runs (a button, or the last day typed as 29-06 or 29-06-2027).

/edit: a series' button opens its screen; "🕒 Times" goes through the usual start and end
steps, "👥 Places" asks a number (tapped or typed). Either changes every coming date at once,
and each person signed up hears of it once (:func:`bot.services.series.change`).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import Update

from bot.clock import from_utc_text
from bot.services import publishing, repeating, series
from bot.services.publishing import Invalid
from bot.services.repeating import Repeat
from bot.services.roles import Role
from conversations.coordinator.guard import given, needed, step, text_of
from conversations.coordinator.screens import go, typed_step
from conversations.coordinator.steps import (
    EDIT,
    MORE,
    REPEAT_UNTIL,
    SERIES,
    SERIES_PLACES,
    START,
    clear_shift,
    draft,
    fresh,
    now,
    places,
    today,
    told,
    zone,
)
from conversations.ui.context import Context
from conversations.ui.day_picker import typed_day
from conversations.ui.replying import translator


# -- /new ----------------------------------------------------------------------------------------
@step("new")
async def on_repeat(update: Update, context: Context, role: Role) -> str:
    """🔁 Every week / every 2 weeks, for the last shift entered."""
    d = draft(context)
    weeks = needed(update)
    if weeks not in repeating.EVERY_WEEKS.values() or not d.get("shifts"):
        raise Invalid("missing")
    d["repeat"] = weeks
    return await go(update, context, role, REPEAT_UNTIL)


@typed_step("new")
async def on_until(update: Update, context: Context, role: Role) -> str:
    """How long: a span tapped (weeks after the first date), or the last day typed."""
    d = draft(context)
    last = d["shifts"][-1]
    first = from_utc_text(last["start"]).astimezone(zone(context)).date()
    if update.callback_query is not None:
        weeks = needed(update)
        until = first + timedelta(weeks=weeks)
    else:
        typed = typed_day(text_of(update), first)
        if typed is None:
            raise Invalid("day")
        until = typed
    repeat = Repeat(int(d.get("repeat") or 1), until)
    why = repeating.problem(first, repeat, today(context))
    if why is not None:
        raise Invalid(why)
    last.update(every=repeat.every_weeks, until=until.isoformat())
    d.pop("repeat", None)
    return await go(update, context, role, MORE)


# -- /edit ---------------------------------------------------------------------------------------
@step("edit")
async def edit_series(update: Update, context: Context, role: Role) -> str:
    found = await series.managed(context.deps.db, role, needed(update), action="edit_series")
    fresh(context, mode="series", opp=found.opportunity_id, series=found.id)
    return await go(update, context, role, SERIES)


async def _coming(context: Context, role: Role, series_id: int) -> list[series.Date]:
    found = await series.managed(context.deps.db, role, series_id, action="edit_series")
    dates = await series.coming_dates(context.deps.db, found.id, now(context))
    if not dates:
        raise Invalid("closed")
    return dates


@step("edit")
async def series_times(update: Update, context: Context, role: Role) -> str:
    """🕒 Times: the start and end steps, on the first coming date (their checks hold)."""
    series_id = needed(update)
    dates = await _coming(context, role, series_id)
    d = draft(context)
    first: date = dates[0].starts_at.astimezone(zone(context)).date()
    d.update(mode="series", series=series_id, day=first.isoformat(), month=f"{first:%Y-%m}")
    return await go(update, context, role, START)


async def _change_all(context: Context, role: Role, series_id: int, **what: Any) -> series.Changed:
    """The change for every coming date; the postman goes at once if anyone is to hear of it."""
    deps = context.deps
    changed = await series.change(
        deps.db, role, series_id, now=now(context), rules=deps.rules, zone=zone(context), **what
    )
    if changed.told or changed.promoted:
        deps.kick()
    return changed


async def finish_times(update: Update, context: Context, role: Role) -> str:
    """After the end time (see ``new.on_end``): every coming date gets the new times."""
    d = draft(context)
    changed = await _change_all(context, role, int(d["series"]), starts=d["start"], ends=d["end"])
    t = await translator(update, context)
    note = t.ngettext(
        "✅ New times for {n} date.", "✅ New times for {n} dates.", changed.dates
    ).format(n=changed.dates)
    if changed.told:
        note += " " + told(t, changed.told)
    d["mode"] = "edit"
    clear_shift(d)
    return await go(update, context, role, EDIT, note)


@step("edit")
async def series_places(update: Update, context: Context, role: Role) -> str:
    series_id = needed(update)
    await _coming(context, role, series_id)
    draft(context).update(mode="series", series=series_id)
    return await go(update, context, role, SERIES_PLACES)


@typed_step("edit")
async def on_series_places(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    capacity = publishing.parse_capacity(given(update))
    if capacity is None:
        raise Invalid("capacity")
    changed = await _change_all(context, role, int(d["series"]), capacity=capacity)
    t = await translator(update, context)
    note = t._("✅ Saved: {places} on each coming date.").format(places=places(t, capacity))
    if changed.promoted:
        note += " " + t.ngettext(
            "On {n} date someone from the waitlist got a place and a message.",
            "On {n} dates someone from the waitlist got a place and a message.",
            len(changed.promoted),
        ).format(n=len(changed.promoted))
    d["mode"] = "edit"
    return await go(update, context, role, EDIT, note)
