"""/new and /edit: a coordinator publishes an opportunity with its shifts, or changes one.

/new: title → description → category (buttons, or type a new one) → location → organisation
(only those the person manages; skipped when there is one) → shifts or an ongoing role → for
shifts: a day on a calendar of buttons, start and end time (buttons, or typed ``HH:MM``),
capacity → another shift? → a preview as residents will see it → Publish.

/edit: one of the person's opportunities → change title, description or location, add a shift,
move a shift (its people are told, reminders re-planned), cancel a shift or the whole thing.

Every step has Back and Cancel. What was entered so far lives in ``user_data`` (JSON, persisted)
under :data:`DRAFT`, with ``step`` naming the screen shown; the conversation state is only the
pointer. Times are entered in the ``TIMEZONE`` and stored in UTC. The conversation runs in its
own handler group (see :mod:`conversations.coordinator`): what it takes stops there, another
flow's command or button ends it quietly and goes on to that flow.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_day_names
from telegram import Update
from telegram.ext import ConversationHandler

from bot.i18n import N_, Translator
from bot.services import publishing
from bot.services.publishing import Draft, Invalid, ShiftPlan
from bot.services.roles import Role
from bot.store import from_db, to_db
from conversations.actions import pack
from conversations.coordinator.guard import (
    Handler,
    RoleHandler,
    Rows,
    arg,
    back_button,
    menu_button,
    nav_row,
    needed,
    number,
    paged,
    pager,
    problem,
    short,
    step,
    text_of,
)
from conversations.ui.replying import Context, answer, deps, esc, keyboard, show, translator

DRAFT = "k_draft"
END = ConversationHandler.END

# The conversation's states; each is also the ``step`` stored in the draft.
TITLE, DESCRIPTION, CATEGORY, LOCATION = "title", "description", "category", "location"
ORGANISATION, KIND, DAY, START, FINISH = "organisation", "kind", "day", "start", "end"
CAPACITY, MORE, PREVIEW = "capacity", "more", "preview"
EDIT, EDIT_TEXT, CONFIRM_MOVE = "edit", "edit_text", "confirm_move"
TEXT_STATES = (TITLE, DESCRIPTION, CATEGORY, LOCATION, DAY, START, FINISH, CAPACITY, EDIT_TEXT)

TIMES = [f"{hour:02d}:{minute:02d}" for hour in range(8, 22) for minute in (0, 30)]
LATE_TIMES = [f"{hour:02d}:{minute:02d}" for hour in range(8, 24) for minute in (0, 30)]
MAX_TIME_BUTTONS = 28
MONTHS_AHEAD = 12
PAGE_SIZE = 8
FIELDS = {"t": "title", "d": "description", "l": "location"}
FIELD_NAMES = {
    "title": N_("title"),
    "description": N_("description"),
    "location": N_("place"),
}
_TYPED_DAY = re.compile(r"^\s*(\d{1,2})[-/. ](\d{1,2})(?:[-/. ](\d{4}))?\s*$")


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


def zone(context: Context) -> ZoneInfo:
    return deps(context).settings.zone


def now(context: Context) -> datetime:
    return deps(context).clock.now()


def today(context: Context) -> date:
    return now(context).astimezone(zone(context)).date()


def shift_plans(d: dict[str, Any]) -> list[ShiftPlan]:
    return [
        ShiftPlan(from_db(s["start"]), from_db(s["end"]), int(s["capacity"])) for s in d["shifts"]
    ]


def places(t: Translator, capacity: int) -> str:
    return t.ngettext("{n} place", "{n} places", capacity).format(n=capacity)


# -- screens -------------------------------------------------------------------------------------
async def go(update: Update, context: Context, role: Role, to: str, note: str | None = None) -> str:
    """Show the screen of a step and make it the current one."""
    d = draft(context)
    d["step"] = to
    t = await translator(update, context)
    text, rows = await SCREENS[to](context, role, t, d)
    if note:
        text = f"{note}\n\n{text}"
    await answer(update)
    await show(update, text, keyboard(*rows))
    return to


async def _title(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    text = t._(
        "<b>Something new</b>\n\nWhat is the title? Type it, e.g. <i>Reading aloud to children</i>."
    )
    return text, [nav_row(t, back=False)]


async def _description(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    text = t._("<b>{title}</b>\n\nDescribe it in a few short sentences: what will volunteers do?")
    return text.format(title=esc(d.get("title", ""))), [nav_row(t)]


async def _category(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    found = await publishing.categories(deps(context).db)
    rows: Rows = []
    for i in range(0, len(found), 2):
        rows.append([(short(c.name, 30), pack("kg", c.id)) for c in found[i : i + 2]])
    rows.append(nav_row(t))
    text = t._("Which category fits? Tap one, or type the name of a new category.")
    return text, rows


async def _location(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    return t._("Where is it? Type the place, e.g. <i>Library, Stationsplein 1</i>."), [nav_row(t)]


async def _organisation(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    found = await publishing.managed_organisations(deps(context).db, role)
    rows: Rows = [[(short(o.name), pack("ko", o.id))] for o in found]
    rows.append(nav_row(t))
    return t._("Which organisation offers it?"), rows


async def _kind(context: Context, role: Role, t: Translator, d: dict[str, Any]) -> tuple[str, Rows]:
    rows: Rows = [
        [(t._("🗓 Shifts on set days"), pack("kj", "e"))],
        [(t._("🔁 An ongoing role"), pack("kj", "o"))],
        nav_row(t),
    ]
    text = t._("Is it work on set days and times (shifts), or an ongoing role, such as every week?")
    return text, rows


async def _day(context: Context, role: Role, t: Translator, d: dict[str, Any]) -> tuple[str, Rows]:
    first = today(context)
    month = d.get("month") or first.strftime("%Y-%m")
    mode = d.get("mode")
    if mode == "move":
        old = t.when(from_db(d["old"][0]), from_db(d["old"][1]))
        text = t._("<b>Move a shift</b> (now {when})\n\nWhich day should it be?").format(when=old)
    elif mode == "add":
        text = t._("<b>New shift</b>\n\nWhich day? Tap it in the calendar.")
    else:
        number = len(d.get("shifts", [])) + 1
        text = t._("<b>Shift {number}</b>\n\nWhich day? Tap it in the calendar.").format(
            number=number
        )
    rows = calendar_rows(t, month, first)
    rows.append(nav_row(t))
    return text, rows


def calendar_rows(t: Translator, month: str, first: date) -> Rows:
    """A month of day buttons, Monday first; days before ``first`` cannot be tapped."""
    year, number = (int(part) for part in month.split("-"))
    shown = date(year, number, 1)
    earliest = first.replace(day=1)
    latest = _add_months(earliest, MONTHS_AHEAD)
    previous, following = _add_months(shown, -1), _add_months(shown, 1)
    title = format_date(shown, "LLLL yyyy", locale=t.locale)
    nothing = pack("kz")
    rows: Rows = [
        [
            ("◀", pack("km", previous.strftime("%Y%m")))
            if previous >= earliest
            else ("·", nothing),
            (title, nothing),
            ("▶", pack("km", following.strftime("%Y%m")))
            if following <= latest
            else ("·", nothing),
        ]
    ]
    names = get_day_names("short", locale=t.locale)
    rows.append([(str(names[i]), nothing) for i in range(7)])
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, number):
        row = []
        for day in week:
            if day == 0:
                row.append(("·", nothing))
                continue
            moment = date(year, number, day)
            if moment < first:
                row.append(("·", nothing))
            else:
                row.append((str(day), pack("kd", moment.strftime("%Y%m%d"))))
        rows.append(row)
    return rows


def _add_months(moment: date, months: int) -> date:
    index = moment.year * 12 + moment.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _day_text(t: Translator, d: dict[str, Any]) -> str:
    day = date.fromisoformat(d["day"])
    return format_date(day, "EEEE d MMMM", locale=t.locale)


def time_rows(t: Translator, choices: list[str], *, per_row: int = 4) -> Rows:
    rows: Rows = []
    for i in range(0, len(choices), per_row):
        rows.append(
            [(hhmm, pack("kt", hhmm.replace(":", ""))) for hhmm in choices[i : i + per_row]]
        )
    rows.append(nav_row(t))
    return rows


async def _start(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    text = t._("{day}\n\nWhat time does it start? Tap a time, or type it, e.g. 14:30.")
    return text.format(day=_day_text(t, d)), time_rows(t, TIMES)


async def _finish(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    start = d["start"]
    later = [hhmm for hhmm in LATE_TIMES if hhmm > start][:MAX_TIME_BUTTONS]
    text = t._("{day}, from {start}\n\nWhat time does it end? Tap a time, or type it.")
    return text.format(day=_day_text(t, d), start=start), time_rows(t, later)


async def _capacity(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    numbers = [(str(n), pack("kn", n)) for n in range(1, 11)]
    rows: Rows = [numbers[:5], numbers[5:], nav_row(t)]
    text = t._("{day}, {start}–{end}\n\nHow many volunteers are needed? Tap or type a number.")
    return text.format(day=_day_text(t, d), start=d["start"], end=d["end"]), rows


async def _more(context: Context, role: Role, t: Translator, d: dict[str, Any]) -> tuple[str, Rows]:
    lines = [t._("<b>Shifts so far</b>")]
    lines += [
        f"• {t.when(p.starts_at, p.ends_at)} – {places(t, p.capacity)}" for p in shift_plans(d)
    ]
    rows: Rows = []
    if len(d["shifts"]) < publishing.MAX_SHIFTS:
        rows.append([(t._("➕ Add another shift"), pack("kmore", "y"))])
    rows.append([(t._("👀 Show the preview"), pack("kmore", "n"))])
    rows.append(nav_row(t))
    return "\n".join([*lines, "", t._("Add another shift?")]), rows


async def _preview(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    organisation, category = await publishing.names(
        deps(context).db, organisation_id=d.get("organisation_id"), category_id=d.get("category_id")
    )
    card = opportunity_card(
        t,
        title=d.get("title", ""),
        description=d.get("description", ""),
        location=d.get("location", ""),
        category=category or d.get("category_name") or "",
        organisation=organisation or "",
        shifts=[(p.starts_at, p.ends_at, p.capacity) for p in shift_plans(d)],
        ongoing=d.get("kind") == "ongoing",
    )
    head = t._("<b>Preview</b> – this is how residents will see it:")
    rows: Rows = [[(t._("✅ Publish"), pack("kpub"))], nav_row(t)]
    return f"{head}\n\n{card}", rows


def opportunity_card(
    t: Translator,
    *,
    title: str,
    description: str,
    location: str,
    category: str,
    organisation: str,
    shifts: list[tuple[datetime, datetime, int]],
    ongoing: bool,
) -> str:
    """An opportunity as a resident reads it (as ``conversations.browse`` shows it)."""
    lines = [f"<b>{esc(title)}</b>", esc(description), "", "🏢 " + esc(organisation)]
    lines += ["📍 " + esc(location), "🏷 " + esc(category)]
    if ongoing:
        lines.append("🔁 " + t._("An ongoing role: you help regularly, for example every week."))
    for starts_at, ends_at, capacity in shifts:
        lines.append(f"🗓 {t.when(starts_at, ends_at)} – {places(t, capacity)}")
    return "\n".join(lines)


async def _edit(context: Context, role: Role, t: Translator, d: dict[str, Any]) -> tuple[str, Rows]:
    found = await publishing.opportunity(deps(context).db, role, int(d["opp"]), now(context))
    row = found.row
    card = opportunity_card(
        t,
        title=row.title,
        description=row.description,
        location=row.location,
        category=row.category,
        organisation=row.organisation,
        shifts=[],
        ongoing=row.kind == "ongoing",
    )
    lines = [card]
    rows: Rows = []
    if row.status == "open":
        rows.append(
            [
                (t._("✏️ Title"), pack("kef", row.id, "t")),
                (t._("✏️ Description"), pack("kef", row.id, "d")),
                (t._("✏️ Place"), pack("kef", row.id, "l")),
            ]
        )
        upcoming = [s for s in found.shifts if s.starts_at > now(context)]
        if upcoming:
            lines += ["", t._("<b>Shifts</b> (signed up / places)")]
        for s in upcoming[: publishing.MAX_SHIFTS]:
            lines.append(f"🗓 {t.when(s.starts_at, s.ends_at)} – {s.confirmed}/{s.capacity}")
            label = f"🕒 {t.short_date(s.starts_at)} {t.time(s.starts_at)}"
            rows.append([(label, pack("kem", s.id)), (t._("❌ Call off"), pack("kec", s.id))])
        if row.kind == "episodic":
            rows.append([(t._("➕ Add a shift"), pack("kea", row.id))])
        rows.append([(t._("🗑 Cancel this opportunity"), pack("keo", row.id))])
    else:
        lines += ["", t._("This opportunity is cancelled.")]
    rows.append([back_button(t, pack("kel", 0)), (t._("✖️ Close"), pack("kq"))])
    return "\n".join([*lines, "", t._("What do you want to change?")]), rows


async def _edit_text(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    found = await publishing.opportunity(deps(context).db, role, int(d["opp"]), now(context))
    field = d["field"]
    current = getattr(found.row, field)
    text = t._("Type the new {field}.\n\nNow: {current}").format(
        field=t._(FIELD_NAMES[field]), current=esc(current)
    )
    return text, [nav_row(t)]


async def _confirm_move(
    context: Context, role: Role, t: Translator, d: dict[str, Any]
) -> tuple[str, Rows]:
    shift = await publishing.shift(deps(context).db, role, int(d["shift"]), action="move_shift")
    starts_at, ends_at = _chosen_times(context, d)
    people = shift.confirmed + shift.waitlisted
    text = t._("<b>Move this shift?</b>\nFrom: {old}\nTo: {new}").format(
        old=t.when(shift.starts_at, shift.ends_at), new=t.when(starts_at, ends_at)
    )
    if people:
        text += "\n\n" + t.ngettext(
            "{n} person signed up will get a message.",
            "{n} people signed up will get a message.",
            people,
        ).format(n=people)
    rows: Rows = [[(t._("✅ Yes, move it"), pack("kmv"))], nav_row(t)]
    return text, rows


SCREENS = {
    TITLE: _title,
    DESCRIPTION: _description,
    CATEGORY: _category,
    LOCATION: _location,
    ORGANISATION: _organisation,
    KIND: _kind,
    DAY: _day,
    START: _start,
    FINISH: _finish,
    CAPACITY: _capacity,
    MORE: _more,
    PREVIEW: _preview,
    EDIT: _edit,
    EDIT_TEXT: _edit_text,
    CONFIRM_MOVE: _confirm_move,
}


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
                return await go(update, context, role, current, problem(t, exc.reason))

        return step(action)(again)

    return decorate


def _chosen_times(context: Context, d: dict[str, Any]) -> tuple[datetime, datetime]:
    return publishing.shift_times(date.fromisoformat(d["day"]), d["start"], d["end"], zone(context))


# -- /new ----------------------------------------------------------------------------------------
@step("new")
async def new(update: Update, context: Context, role: Role) -> str | int:
    """/new: a fresh draft, then the title."""
    t = await translator(update, context)
    if not await publishing.managed_organisations(deps(context).db, role):
        await answer(update)
        await show(
            update,
            t._("There is no organisation yet. An administrator can add one with /invite."),
            new_message=update.callback_query is None,
        )
        return END
    fresh(context, mode="new")
    if update.callback_query is None:
        await show(update, t._("OK, let's make something new."), new_message=True)
    return await go(update, context, role, TITLE)


@typed_step("new")
async def on_title(update: Update, context: Context, role: Role) -> str:
    draft(context)["title"] = publishing.clean_text(text_of(update), "title")
    return await go(update, context, role, DESCRIPTION)


@typed_step("new")
async def on_description(update: Update, context: Context, role: Role) -> str:
    draft(context)["description"] = publishing.clean_text(text_of(update), "description")
    return await go(update, context, role, CATEGORY)


@typed_step("new")
async def on_category(update: Update, context: Context, role: Role) -> str:
    """A category button, or the name of a new one."""
    d = draft(context)
    if update.callback_query is not None:
        d.update(category_id=needed(update), category_name=None)
    else:
        d.update(category_id=None, category_name=publishing.clean_text(text_of(update), "category"))
    return await go(update, context, role, LOCATION)


@typed_step("new")
async def on_location(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    d["location"] = publishing.clean_text(text_of(update), "location")
    found = await publishing.managed_organisations(deps(context).db, role)
    if len(found) == 1:
        d["organisation_id"] = found[0].id
        return await go(update, context, role, KIND)
    return await go(update, context, role, ORGANISATION)


@step("new")
async def on_organisation(update: Update, context: Context, role: Role) -> str:
    organisation_id = needed(update)
    publishing.require(role, organisation_id, "publish")
    draft(context)["organisation_id"] = organisation_id
    return await go(update, context, role, KIND)


@step("new")
async def on_kind(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    if arg(update) == "o":
        d.update(kind="ongoing", shifts=[])
        return await go(update, context, role, PREVIEW)
    d["kind"] = "episodic"
    return await go(update, context, role, MORE if d["shifts"] else DAY)


# -- a shift: day, start, end, capacity (for /new, and /edit's add and move) ---------------------
@step("new")
async def on_month(update: Update, context: Context, role: Role) -> str:
    value = arg(update)
    if value is None or not re.fullmatch(r"\d{6}", value):
        raise Invalid("missing")
    draft(context)["month"] = f"{value[:4]}-{value[4:]}"
    return await go(update, context, role, DAY)


@typed_step("new")
async def on_day(update: Update, context: Context, role: Role) -> str:
    """A day tapped in the calendar (or typed as 27-11 or 27-11-2026)."""
    first = today(context)
    if update.callback_query is not None:
        try:
            chosen = datetime.strptime(arg(update) or "", "%Y%m%d").date()
        except ValueError:
            raise Invalid("missing") from None
    else:
        chosen = _typed_day(text_of(update), first)
    if chosen < first or chosen > _add_months(first, MONTHS_AHEAD + 1):
        raise Invalid("past")
    d = draft(context)
    d.update(day=chosen.isoformat(), month=chosen.strftime("%Y-%m"))
    return await go(update, context, role, START)


def _typed_day(text: str, first: date) -> date:
    match = _TYPED_DAY.match(text)
    if not match:
        raise Invalid("day")
    day, month = int(match.group(1)), int(match.group(2))
    year = int(match.group(3)) if match.group(3) else first.year
    try:
        chosen = date(year, month, day)
        if not match.group(3) and chosen < first:
            chosen = date(year + 1, month, day)
    except ValueError:
        raise Invalid("day") from None
    return chosen


def _given(update: Update) -> str:
    """What the coordinator chose: the tapped button's value, or what they typed."""
    return (arg(update) or "") if update.callback_query is not None else text_of(update)


def _time_of(update: Update) -> str:
    found = publishing.parse_time(_given(update))
    if found is None:
        raise Invalid("time")
    return found


@typed_step("new")
async def on_start(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    start = _time_of(update)
    if publishing.local_moment(date.fromisoformat(d["day"]), start, zone(context)) <= now(context):
        raise Invalid("past")
    d["start"] = start
    return await go(update, context, role, FINISH)


@typed_step("new")
async def on_end(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    d["end"] = _time_of(update)
    try:
        _chosen_times(context, d)
    except Invalid:
        d.pop("end", None)
        raise
    return await go(update, context, role, CONFIRM_MOVE if d.get("mode") == "move" else CAPACITY)


@typed_step("new")
async def on_capacity(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    capacity = publishing.parse_capacity(_given(update))
    if capacity is None:
        raise Invalid("capacity")
    starts_at, ends_at = _chosen_times(context, d)
    t = await translator(update, context)
    if d.get("mode") == "add":
        plan = ShiftPlan(starts_at, ends_at, capacity)
        await publishing.add_shift(deps(context).db, role, int(d["opp"]), plan, now(context))
        _clear_shift(d)
        note = t._("✅ Shift added: {when}.").format(when=t.when(starts_at, ends_at))
        return await go(update, context, role, EDIT, note)
    if starts_at <= now(context):
        raise Invalid("past")
    if any(s["start"] == to_db(starts_at) for s in d["shifts"]):
        raise Invalid("start_taken")
    d["shifts"].append({"start": to_db(starts_at), "end": to_db(ends_at), "capacity": capacity})
    _clear_shift(d, keep_month=True)
    return await go(update, context, role, MORE)


def _clear_shift(d: dict[str, Any], *, keep_month: bool = False) -> None:
    for key in ("day", "start", "end", "capacity", "shift", "old"):
        d.pop(key, None)
    if not keep_month:
        d.pop("month", None)


@step("new")
async def on_more(update: Update, context: Context, role: Role) -> str:
    if arg(update) == "y":
        if len(draft(context)["shifts"]) >= publishing.MAX_SHIFTS:
            raise Invalid("too_long")
        return await go(update, context, role, DAY)
    return await go(update, context, role, PREVIEW)


@step("new")
async def on_publish(update: Update, context: Context, role: Role) -> int:
    d = draft(context)
    t = await translator(update, context)
    made = Draft(
        title=d.get("title", ""),
        description=d.get("description", ""),
        location=d.get("location", ""),
        organisation_id=int(d.get("organisation_id") or 0),
        kind=d.get("kind", ""),
        category_id=d.get("category_id"),
        category_name=d.get("category_name"),
        shifts=shift_plans(d),
    )
    opportunity_id = await publishing.publish(
        deps(context).db, role, made, now(context), zone(context)
    )
    forget(context)
    link = f"https://t.me/{context.bot.username}?start=opp_{opportunity_id}"
    text = "\n\n".join(
        [
            t._("✅ <b>Published:</b> {title}. Residents can find it now.").format(
                title=esc(made.title)
            ),
            t._("Share this link on a poster or in a message:\n{link}").format(link=link),
        ]
    )
    rows: Rows = [[(t._("✏️ Change it"), pack("ke", opportunity_id))], [menu_button(t)]]
    await answer(update, t._("Published!"))
    await show(update, text, keyboard(*rows))
    return END


# -- Back and Cancel -----------------------------------------------------------------------------
@step("new")
async def on_back(update: Update, context: Context, role: Role) -> str | int:
    """One step back; on /new the answers stay, so going forward again is quick."""
    d = draft(context)
    current = d.get("step")
    edit_mode = d.get("mode") in ("add", "move", "text")
    if current in (EDIT_TEXT,) or (current == DAY and edit_mode):
        d["mode"] = "edit"
        _clear_shift(d)
        return await go(update, context, role, EDIT)
    if current == MORE and d.get("shifts"):
        # Back from "another shift?" reopens the last shift's capacity.
        last = d["shifts"].pop()
        starts_at, ends_at = from_db(last["start"]), from_db(last["end"])
        local_start, local_end = (
            starts_at.astimezone(zone(context)),
            ends_at.astimezone(zone(context)),
        )
        d.update(
            day=local_start.date().isoformat(),
            start=local_start.strftime("%H:%M"),
            end=local_end.strftime("%H:%M"),
            month=local_start.strftime("%Y-%m"),
        )
        return await go(update, context, role, CAPACITY)
    previous = await _previous(context, role, d, current)
    if previous is None:
        return await on_cancel_inner(update, context)
    return await go(update, context, role, previous)


async def _previous(context: Context, role: Role, d: dict[str, Any], current: Any) -> str | None:
    if current == KIND:
        many = len(await publishing.managed_organisations(deps(context).db, role)) > 1
        return ORGANISATION if many else LOCATION
    if current == DAY:
        return MORE if d.get("shifts") else KIND
    if current == PREVIEW:
        return MORE if d.get("kind") == "episodic" else KIND
    order = {
        DESCRIPTION: TITLE,
        CATEGORY: DESCRIPTION,
        LOCATION: CATEGORY,
        ORGANISATION: LOCATION,
        START: DAY,
        FINISH: START,
        CAPACITY: FINISH,
        CONFIRM_MOVE: FINISH,
        EDIT: None,
    }
    return order.get(current)


async def on_cancel_inner(update: Update, context: Context) -> int:
    d = draft(context)
    t = await translator(update, context)
    new_draft = d.get("mode") == "new"
    forget(context)
    text = t._("Stopped. Nothing was published.") if new_draft else t._("Closed.")
    await answer(update)
    await show(update, text, keyboard([menu_button(t)]))
    return END


@step("new")
async def on_cancel(update: Update, context: Context, role: Role) -> int:
    """Cancel (or /cancel): the draft is thrown away."""
    return await on_cancel_inner(update, context)


# -- /edit ---------------------------------------------------------------------------------------
@step("edit")
async def edit_list(update: Update, context: Context, role: Role) -> str:
    """/edit (and ⬅️ from one opportunity): the person's open opportunities, a page at a time."""
    t = await translator(update, context)
    found = await publishing.editable(deps(context).db, role)
    shown, page, pages = paged(found, number(update) or 0, PAGE_SIZE)
    fresh(context, mode="edit", step=EDIT)
    rows: Rows = [[(short(o.title, 48), pack("ke", o.id))] for o in shown]
    if nav := pager(t, "kel", page, pages):
        rows.append(nav)
    rows.append([menu_button(t)])
    text = (
        t._("Which one do you want to change or cancel?")
        if found
        else t._("You have nothing open to change. Make something new with /new.")
    )
    await answer(update)
    await show(update, text, keyboard(*rows), new_message=update.callback_query is None)
    return EDIT


@step("edit")
async def edit_one(update: Update, context: Context, role: Role) -> str:
    opportunity_id = needed(update)
    await publishing.opportunity(deps(context).db, role, opportunity_id, now(context))
    fresh(context, mode="edit", opp=opportunity_id)
    return await go(update, context, role, EDIT)


@step("edit")
async def edit_field(update: Update, context: Context, role: Role) -> str:
    opportunity_id = needed(update)
    field = FIELDS.get(arg(update, 1) or "")
    if field is None:
        raise Invalid("missing")
    await publishing.opportunity(deps(context).db, role, opportunity_id, now(context))
    fresh(context, mode="text", opp=opportunity_id, field=field)
    return await go(update, context, role, EDIT_TEXT)


@typed_step("edit")
async def on_edit_text(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    t = await translator(update, context)
    await publishing.change_text(deps(context).db, role, int(d["opp"]), d["field"], text_of(update))
    d["mode"] = "edit"
    return await go(update, context, role, EDIT, t._("✅ Saved."))


@step("edit")
async def edit_add_shift(update: Update, context: Context, role: Role) -> str:
    opportunity_id = needed(update)
    await publishing.opportunity(
        deps(context).db, role, opportunity_id, now(context), action="add_shift"
    )
    fresh(context, mode="add", opp=opportunity_id)
    return await go(update, context, role, DAY)


@step("edit")
async def edit_move_shift(update: Update, context: Context, role: Role) -> str:
    shift = await publishing.shift(deps(context).db, role, needed(update), action="move_shift")
    if shift.status != "open":
        raise Invalid("closed")
    if shift.starts_at <= now(context):
        raise Invalid("started")
    fresh(
        context,
        mode="move",
        opp=shift.opportunity_id,
        shift=shift.id,
        old=[to_db(shift.starts_at), to_db(shift.ends_at)],
        month=shift.starts_at.astimezone(zone(context)).strftime("%Y-%m"),
    )
    return await go(update, context, role, DAY)


@step("edit")
async def on_confirm_move(update: Update, context: Context, role: Role) -> str:
    d = draft(context)
    t = await translator(update, context)
    starts_at, ends_at = _chosen_times(context, d)
    told = await publishing.move_shift(
        deps(context).db, role, int(d["shift"]), starts_at, ends_at, now(context), zone(context)
    )
    _kick(context)
    d["mode"] = "edit"
    _clear_shift(d)
    note = t._("✅ Moved to {when}.").format(when=t.when(starts_at, ends_at))
    if told:
        note += " " + _told(t, told)
    return await go(update, context, role, EDIT, note)


def _told(t: Translator, n: int) -> str:
    return t.ngettext(
        "{n} person signed up gets a message.", "{n} people signed up get a message.", n
    ).format(n=n)


def _kick(context: Context) -> None:
    from bot.wiring import delivery

    delivery.kick(context.application)


@step("edit")
async def ask_cancel_shift(update: Update, context: Context, role: Role) -> str:
    shift = await publishing.shift(deps(context).db, role, needed(update), action="cancel_shift")
    if shift.status != "open":
        raise Invalid("closed")
    t = await translator(update, context)
    fresh(context, mode="edit", opp=shift.opportunity_id, step=EDIT)
    text = t._("<b>Cancel this shift?</b>\n{title}\n{when}").format(
        title=esc(shift.title), when=t.when(shift.starts_at, shift.ends_at)
    )
    people = shift.confirmed + shift.waitlisted
    if people:
        text += "\n\n" + _will_be_told(t, people)
    rows: Rows = [
        [(t._("Yes, cancel this shift"), pack("kecy", shift.id))],
        [back_button(t, pack("ke", shift.opportunity_id))],
    ]
    await answer(update)
    await show(update, text, keyboard(*rows))
    return EDIT


def _will_be_told(t: Translator, n: int) -> str:
    return t.ngettext(
        "{n} person signed up will get a message.", "{n} people signed up will get a message.", n
    ).format(n=n)


@step("edit")
async def cancel_shift(update: Update, context: Context, role: Role) -> str:
    t = await translator(update, context)
    db = deps(context).db
    shift = await publishing.shift(db, role, needed(update), action="cancel_shift")
    told = await publishing.cancel_shift(db, role, shift.id, now(context))
    _kick(context)
    fresh(context, mode="edit", opp=shift.opportunity_id)
    note = t._("✅ The shift of {when} is cancelled.").format(
        when=t.when(shift.starts_at, shift.ends_at)
    )
    if told:
        note += " " + _told(t, told)
    return await go(update, context, role, EDIT, note)


@step("edit")
async def ask_cancel_opportunity(update: Update, context: Context, role: Role) -> str:
    found = await publishing.opportunity(
        deps(context).db, role, needed(update), now(context), action="cancel_opportunity"
    )
    if found.row.status != "open":
        raise Invalid("closed")
    t = await translator(update, context)
    fresh(context, mode="edit", opp=found.row.id, step=EDIT)
    text = t._(
        "<b>Cancel {title}?</b>\nAll its coming shifts are cancelled too. "
        "Residents can no longer find it."
    ).format(title=esc(found.row.title))
    people = sum(s.confirmed + s.waitlisted for s in found.shifts if s.starts_at > now(context))
    if people:
        text += "\n\n" + t._("Everyone signed up will get a message.")
    rows: Rows = [
        [(t._("Yes, cancel it"), pack("keoy", found.row.id))],
        [back_button(t, pack("ke", found.row.id))],
    ]
    await answer(update)
    await show(update, text, keyboard(*rows))
    return EDIT


@step("edit")
async def cancel_opportunity(update: Update, context: Context, role: Role) -> int:
    t = await translator(update, context)
    db = deps(context).db
    found = await publishing.opportunity(
        db, role, needed(update), now(context), action="cancel_opportunity"
    )
    told = await publishing.cancel_opportunity(db, role, found.row.id, now(context))
    _kick(context)
    forget(context)
    text = t._("✅ <b>{title}</b> is cancelled.").format(title=esc(found.row.title))
    if told:
        text += " " + _told(t, told)
    rows: Rows = [[(t._("✏️ Change something else"), pack("kel", 0))], [menu_button(t)]]
    await answer(update)
    await show(update, text, keyboard(*rows))
    return END
