"""The steps of the ``publish`` conversation (/new, /edit, a new organisation's name) and the
draft they fill.

What was entered so far lives in ``user_data`` (JSON, persisted) under :data:`DRAFT`, with
``step`` naming the screen shown; the conversation state is only the pointer. Times are entered
in the ``TIMEZONE`` and stored in UTC.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import ConversationHandler

from bot.clock import from_utc_text
from bot.i18n import N_, Translator
from bot.services import publishing
from bot.services.publishing import ShiftPlan
from bot.services.repeating import Repeat
from conversations import actions
from conversations.ui.context import Context
from conversations.ui.navigation import Button, nav_row

DRAFT = "k_draft"
END = ConversationHandler.END

# The conversation's states; each is also the ``step`` stored in the draft.
TITLE, DESCRIPTION, CATEGORY, LOCATION = "title", "description", "category", "location"
ORGANISATION, KIND, DAY, START, FINISH = "organisation", "kind", "day", "start", "end"
CAPACITY, MORE, PREVIEW = "capacity", "more", "preview"
EDIT, EDIT_TEXT, CONFIRM_MOVE = "edit", "edit_text", "confirm_move"
EDIT_CATEGORY, EDIT_PLACES, EDIT_END = "edit_category", "edit_places", "edit_end"
REPEAT_UNTIL, SERIES, SERIES_PLACES = "repeat_until", "series", "series_places"
TRANSLATIONS, TRANSLATION, TRANSLATION_TEXT = "translations", "translation", "translation_text"
TEXT_STATES = (
    TITLE,
    DESCRIPTION,
    CATEGORY,
    LOCATION,
    DAY,
    START,
    FINISH,
    CAPACITY,
    EDIT_TEXT,
    EDIT_CATEGORY,
    EDIT_PLACES,
    EDIT_END,
    REPEAT_UNTIL,
    SERIES_PLACES,
    TRANSLATION_TEXT,
)
# The /edit steps that change one thing and lead back to the opportunity's screen.
EDIT_STEPS = (EDIT_TEXT, EDIT_CATEGORY, EDIT_PLACES, EDIT_END)
# What a /new draft holds once something was entered: Stop then asks before throwing it away.
CONTENT = ("title", "description", "category_id", "category_name", "location", "kind", "day")

FIELDS = {"t": "title", "d": "description", "l": "location"}
FIELD_NAMES = {
    "title": N_("title"),
    "description": N_("description"),
    "location": N_("place"),
}


# -- the draft -----------------------------------------------------------------------------------
def draft(context: Context) -> dict[str, Any]:
    assert context.user_data is not None
    found = context.user_data.setdefault(DRAFT, {})
    assert isinstance(found, dict)
    return found


def fresh(context: Context, **values: Any) -> dict[str, Any]:
    assert context.user_data is not None
    context.user_data[DRAFT] = {"shifts": [], **values}
    return draft(context)


def forget(context: Context) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)


def has_content(d: dict[str, Any]) -> bool:
    """A /new draft with something entered (Stop asks first); /edit saves as it goes."""
    return d.get("mode") == "new" and (bool(d.get("shifts")) or any(d.get(key) for key in CONTENT))


def clear_shift(d: dict[str, Any], *, keep_month: bool = False) -> None:
    """Forget the shift being entered (its day, times and places)."""
    for key in ("day", "start", "end", "capacity", "shift", "old"):
        d.pop(key, None)
    if not keep_month:
        d.pop("month", None)


# -- time ----------------------------------------------------------------------------------------
def zone(context: Context) -> ZoneInfo:
    return context.deps.settings.zone


def now(context: Context) -> datetime:
    return context.deps.clock.now()


def today(context: Context) -> date:
    return now(context).astimezone(zone(context)).date()


def shift_plans(d: dict[str, Any]) -> list[ShiftPlan]:
    """The draft's shifts; one with ``every`` and ``until`` is the first date of a series."""
    return [
        ShiftPlan(
            from_utc_text(s["start"]),
            from_utc_text(s["end"]),
            int(s["capacity"]),
            Repeat(int(s["every"]), date.fromisoformat(s["until"])) if s.get("every") else None,
        )
        for s in d["shifts"]
    ]


def plan_line(t: Translator, plan: ShiftPlan) -> str:
    """A draft's shift in a list: its date and places, or its series."""
    if plan.repeat is None:
        return f"{t.when(plan.starts_at, plan.ends_at)} – {places(t, plan.capacity)}"
    every = t.rhythm(
        plan.repeat.every_weeks, plan.starts_at, t.time(plan.starts_at), t.time(plan.ends_at)
    )
    span = t._("from {first} until {last}").format(
        first=t.date(plan.starts_at), last=format_day(t, plan.repeat.until)
    )
    return f"🔁 {every}, {span} – {places(t, plan.capacity)}"


def format_day(t: Translator, day: date) -> str:
    """A local day as ``dinsdag 29 juni`` (noon, so no zone moves it to another day)."""
    return t.date(datetime.combine(day, time(12, 0), tzinfo=t.zone))


def chosen_times(context: Context, d: dict[str, Any]) -> tuple[datetime, datetime]:
    """The start and end of the shift being entered, in UTC."""
    return publishing.shift_times(date.fromisoformat(d["day"]), d["start"], d["end"], zone(context))


# -- words and buttons every step shares ---------------------------------------------------------
def places(t: Translator, capacity: int) -> str:
    return t.ngettext("{n} place", "{n} places", capacity).format(n=capacity)


def told(t: Translator, n: int) -> str:
    return t.ngettext(
        "{n} person signed up gets a message.", "{n} people signed up get a message.", n
    ).format(n=n)


def will_be_told(t: Translator, n: int) -> str:
    return t.ngettext(
        "{n} person signed up will get a message.", "{n} people signed up will get a message.", n
    ).format(n=n)


def step_row(t: Translator, *, back: bool = True) -> list[Button]:
    """Back and Cancel under a step of the draft (Cancel alone on the first)."""
    return nav_row(
        t, cancel=actions.DRAFT_STOP.data(), back=actions.DRAFT_BACK.data() if back else None
    )
