"""The screens of a series in the ``publish`` conversation: how long a new one runs (/new),
and one series with what can change for all its coming dates (/edit)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.i18n import Translator
from bot.limits import MAX_PLACES
from bot.services import series
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator.guard import Rows
from conversations.coordinator.steps import format_day, now, places, shift_plans, step_row
from conversations.ui.context import Context
from conversations.ui.pickers import number_rows
from conversations.ui.replying import esc

# How long a new series runs, counted from its first date (a button each); typing a day works.
SPANS = (4, 13, 26, 52)


def span_label(t: Translator, weeks: int) -> str:
    if weeks < 13:
        return t.ngettext("{n} week", "{n} weeks", weeks).format(n=weeks)
    months = round(weeks / 52 * 12)
    return t.ngettext("{n} month", "{n} months", months).format(n=months)


async def repeat_until(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    last = shift_plans(d)[-1]
    every = t.rhythm(int(d["repeat"]), last.starts_at, t.time(last.starts_at), t.time(last.ends_at))
    rows: Rows = [
        [(span_label(t, weeks), actions.REPEAT_FOR.data(weeks)) for weeks in SPANS[:2]],
        [(span_label(t, weeks), actions.REPEAT_FOR.data(weeks)) for weeks in SPANS[2:]],
        step_row(t),
    ]
    example = format_day(t, (last.starts_at + timedelta(weeks=13)).date())
    text = t._(
        "🔁 {every}, from {first}.\n\nUntil when? Tap how long, or type the last day, "
        "e.g. {example}."
    ).format(every=every, first=t.date(last.starts_at), example=example)
    return text, rows


async def one_series(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    db = context.deps.db
    found = await series.managed(db, role, int(d["series"]), action="edit_series")
    dates = await series.coming_dates(db, found.id, now(context))
    lines = [f"<b>{esc(found.title)}</b>"]
    rows: Rows = []
    if dates:
        every = t.rhythm(found.every_weeks, dates[0].starts_at, found.starts, found.ends)
        lines += [
            f"🔁 {every} – {places(t, found.capacity)}",
            t.ngettext(
                "{n} date to come, until {last}.", "{n} dates to come, until {last}.", len(dates)
            ).format(n=len(dates), last=t.date(dates[-1].starts_at)),
            "",
            t._("Change it for all coming dates? The people signed up get one message."),
        ]
        rows += [
            [(t._("🕒 Times"), actions.SERIES_TIMES.data(found.id))],
            [(t._("👥 Places"), actions.SERIES_PLACES.data(found.id))],
        ]
    else:
        lines.append(t._("This series has no dates to come."))
    rows.append(step_row(t))
    return "\n".join(lines), rows


async def series_places(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    found = await series.managed(context.deps.db, role, int(d["series"]), action="edit_series")
    text = t._(
        "<b>{title}</b>\nNow: {places} on each date.\n\n"
        "How many places should every coming date have? Tap or type a number from 1 to {most}."
    ).format(title=esc(found.title), places=places(t, found.capacity), most=MAX_PLACES)
    return text, [*number_rows(1, 10), step_row(t)]
