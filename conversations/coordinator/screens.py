"""The screens of the ``publish`` conversation, one per step, and showing one.

Each screen is built from the draft (see :mod:`conversations.coordinator.steps`) as text and
buttons; :func:`go` shows a step's screen and makes it the current one, and :func:`typed_step`
shows it again, with the reason on top, after a typing mistake.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from functools import wraps
from typing import Any

from babel.dates import format_date
from telegram import Update

from bot.clock import from_utc_text
from bot.i18n import Translator
from bot.services import publishing, themes
from bot.services.publishing import Invalid
from bot.services.roles import Role
from conversations import actions
from conversations.coordinator import (
    edit_screens,
    series_screens,
    theme_screens,
    translation_screens,
)
from conversations.coordinator.guard import Handler, RoleHandler, Rows, explain, show_screen, step
from conversations.coordinator.steps import (
    CAPACITY,
    CATEGORY,
    CONFIRM_MOVE,
    DAY,
    DESCRIPTION,
    EDIT,
    EDIT_CATEGORY,
    EDIT_END,
    EDIT_PLACES,
    EDIT_TEXT,
    EDIT_THEMES,
    FINISH,
    KIND,
    LOCATION,
    MORE,
    ORGANISATION,
    PREVIEW,
    REPEAT_UNTIL,
    SERIES,
    SERIES_PLACES,
    START,
    THEMES,
    TITLE,
    TRANSLATION,
    TRANSLATION_TEXT,
    TRANSLATIONS,
    draft,
    now,
    plan_line,
    shift_plans,
    step_row,
    today,
    zone,
)
from conversations.ui.cards import opportunity_card
from conversations.ui.context import Context
from conversations.ui.day_picker import calendar_rows
from conversations.ui.labels import clip
from conversations.ui.pickers import TIMES, later_times, number_rows, time_rows
from conversations.ui.replying import answer, esc, translator

Screen = Callable[[Context, Role, Translator, dict[str, Any]], Awaitable[tuple[str, Rows]]]


async def go(update: Update, context: Context, role: Role, to: str, note: str | None = None) -> str:
    """Show the screen of a step and make it the current one."""
    d = draft(context)
    d["step"] = to
    t = await translator(update, context)
    text, rows = await SCREENS[to](context, role, t, d)
    await answer(update)
    await show_screen(update, text, rows, note=note)
    return to


def typed_step(action: str) -> Callable[[RoleHandler], Handler]:
    """:func:`step` for a screen that takes typed text: a typing mistake shows the same screen
    again as a new message, with the reason on top, so its buttons stay at the bottom."""

    def decorate(func: RoleHandler) -> Handler:
        @wraps(func)
        async def again(update: Update, context: Context, role: Role) -> Any:
            try:
                return await func(update, context, role)
            except Invalid as exc:
                current = draft(context).get("step")
                if update.callback_query is not None or current not in SCREENS:
                    raise
                t = await translator(update, context)
                return await go(update, context, role, current, explain(t, exc))

        return step(action)(again)

    return decorate


# -- /new ----------------------------------------------------------------------------------------
async def _title(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    text = t._(
        "<b>Something new</b>\n\nWhat is the title? Type it, e.g. <i>Reading aloud to children</i>."
    )
    return text, [step_row(t, back=False)]


async def _description(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    text = t._("<b>{title}</b>\n\nDescribe it in a few short sentences: what will volunteers do?")
    text = text.format(title=esc(d.get("title", "")))
    if not d.get("description"):
        return text, [step_row(t)]
    # One is there already (an idea's text, or typed before going back): keep it or type anew.
    now = t._("Now: <i>{description}</i>").format(description=esc(d["description"]))
    keep = [(t._("✅ Keep this description"), actions.KEEP_DESCRIPTION.data())]
    return f"{text}\n\n{now}", [keep, step_row(t)]


async def _category(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    found = await publishing.categories(context.deps.db)
    rows: Rows = []
    for i in range(0, len(found), 2):
        rows.append(
            [(clip(c.name, 30), actions.DRAFT_CATEGORY.data(c.id)) for c in found[i : i + 2]]
        )
    rows.append(step_row(t))
    text = t._("Which category fits? Tap one, or type the name of a new category.")
    return text, rows


async def _location(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    return t._("Where is it? Type the place, e.g. <i>Library, Stationsplein 1</i>."), [step_row(t)]


async def _organisation(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    found = await publishing.managed_organisations(context.deps.db, role)
    rows: Rows = [[(clip(o.name), actions.DRAFT_ORGANISATION.data(o.id))] for o in found]
    rows.append(step_row(t))
    return t._("Which organisation offers it?"), rows


async def _kind(context: Context, role: Role, t: Translator, d: dict[str, Any]) -> tuple[str, Rows]:
    rows: Rows = [
        [(t._("🗓 Shifts on set days"), actions.DRAFT_KIND.data("e"))],
        [(t._("🔁 An ongoing role"), actions.DRAFT_KIND.data("o"))],
        step_row(t),
    ]
    text = t._("Is it work on set days and times (shifts), or an ongoing role, such as every week?")
    return text, rows


# -- a shift: day, start, end, capacity (for /new, and /edit's add and move) ---------------------
async def _day(context: Context, role: Role, t: Translator, d: dict[str, Any]) -> tuple[str, Rows]:
    first = today(context)
    month = d.get("month") or first.strftime("%Y-%m")
    mode = d.get("mode")
    if mode == "move":
        old = t.when(from_utc_text(d["old"][0]), from_utc_text(d["old"][1]))
        text = t._("<b>Move a shift</b> (now {when})\n\nWhich day should it be?").format(when=old)
    elif mode == "add":
        text = t._("<b>New shift</b>\n\nWhich day? Tap it in the calendar.")
    else:
        number = len(d.get("shifts", [])) + 1
        text = t._("<b>Shift {number}</b>\n\nWhich day? Tap it in the calendar.").format(
            number=number
        )
    rows = calendar_rows(t, month, first)
    rows.append(step_row(t))
    return text, rows


def _day_text(t: Translator, d: dict[str, Any]) -> str:
    day = date.fromisoformat(d["day"])
    return format_date(day, "EEEE d MMMM", locale=t.locale)


async def _start(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    text = t._("{day}\n\nWhat time does it start? Tap a time, or type it, e.g. 14:30.")
    choices = TIMES
    if date.fromisoformat(d["day"]) == today(context):  # no time that has passed
        local = now(context).astimezone(zone(context)).strftime("%H:%M")
        choices = [hhmm for hhmm in TIMES if hhmm > local]
        if not choices:
            text = t._(
                "{day}\n\nThere is no start time left today. Please go back and choose another day."
            )
    return text.format(day=_day_text(t, d)), [*time_rows(choices), step_row(t)]


async def _finish(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    start = d["start"]
    text = t._("{day}, from {start}\n\nWhat time does it end? Tap a time, or type it.")
    rows = [*time_rows(later_times(start)), step_row(t)]
    return text.format(day=_day_text(t, d), start=start), rows


async def _capacity(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    rows: Rows = [*number_rows(1, 10), step_row(t)]
    text = t._("{day}, {start}–{end}\n\nHow many volunteers are needed? Tap or type a number.")
    return text.format(day=_day_text(t, d), start=d["start"], end=d["end"]), rows


async def _more(context: Context, role: Role, t: Translator, d: dict[str, Any]) -> tuple[str, Rows]:
    lines = [t._("<b>Shifts so far</b>")]
    plans = shift_plans(d)
    lines += [f"• {plan_line(t, p)}" for p in plans]
    rows: Rows = []
    if plans and plans[-1].repeat is None:  # the last date can become a series
        rows.append(
            [
                (t._("🔁 Every week"), actions.REPEAT.data(1)),
                (t._("🔁 Every 2 weeks"), actions.REPEAT.data(2)),
            ]
        )
    if len(d["shifts"]) < publishing.MAX_SHIFTS:
        rows.append([(t._("➕ Add another shift"), actions.MORE_SHIFTS.data("y"))])
    rows.append([(t._("👀 Show the preview"), actions.MORE_SHIFTS.data("n"))])
    rows.append(step_row(t))
    return "\n".join([*lines, "", t._("Add another shift?")]), rows


async def _preview(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    organisation, category = await publishing.names(
        context.deps.db, organisation_id=d.get("organisation_id"), category_id=d.get("category_id")
    )
    lines = opportunity_card(
        t,
        title=d.get("title", ""),
        description=d.get("description", ""),
        organisation=organisation or "",
        location=d.get("location", ""),
        category=category or d.get("category_name") or "",
        ongoing=d.get("kind") == "ongoing",
        themes=themes.names(t, d.get("themes") or ()),
    )
    lines += [f"🗓 {plan_line(t, p)}" for p in shift_plans(d)]
    head = t._("<b>Preview</b> – this is how residents will see it:")
    rows: Rows = [[(t._("✅ Publish"), actions.PUBLISH.data())], step_row(t)]
    return "\n".join([head, "", *lines]), rows


SCREENS: dict[str, Screen] = {
    TITLE: _title,
    DESCRIPTION: _description,
    CATEGORY: _category,
    THEMES: theme_screens.choose_themes,
    LOCATION: _location,
    ORGANISATION: _organisation,
    KIND: _kind,
    DAY: _day,
    START: _start,
    FINISH: _finish,
    CAPACITY: _capacity,
    MORE: _more,
    PREVIEW: _preview,
    EDIT: edit_screens.edit,
    EDIT_TEXT: edit_screens.edit_text,
    EDIT_CATEGORY: edit_screens.edit_category,
    EDIT_THEMES: theme_screens.choose_themes,
    EDIT_PLACES: edit_screens.edit_places,
    EDIT_END: edit_screens.edit_end,
    CONFIRM_MOVE: edit_screens.confirm_move,
    REPEAT_UNTIL: series_screens.repeat_until,
    SERIES: series_screens.one_series,
    SERIES_PLACES: series_screens.series_places,
    TRANSLATIONS: translation_screens.languages,
    TRANSLATION: translation_screens.one_language,
    TRANSLATION_TEXT: translation_screens.typing,
}
