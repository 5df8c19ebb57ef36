"""/mine: what a resident signed up for, and cancelling a place (asked once); their ongoing
roles and their interest in roles, which they can withdraw with one tap.

The screen is built from sections, each a function that returns a piece of text with its
buttons (or None when it has nothing to show), listed in :data:`SECTIONS`.

Callback actions: ``mine`` the list, ``mc:<sign-up>`` "are you sure?", ``mx:<sign-up>`` cancel,
``rw:<lead>`` withdraw interest in a role;
the 📅 beside a confirmed place is ``cal:<sign-up>`` (``conversations.calendar_file``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from telegram import Update

from bot.deps import Database
from bot.i18n import Translator
from bot.services import attendance, calendar_entries, cancellations, leads, series, signups
from bot.services.cancellations import CancelStatus
from bot.services.residents import Resident
from bot.services.signups import MySignUp
from conversations import actions
from conversations.actions import Callback
from conversations.resident.access import for_residents
from conversations.resident.browse import LABEL_LIMIT
from conversations.resident.calendar import send_calendar_removal
from conversations.resident.hours import goal_sentence, hours_sentence, past_lines
from conversations.resident.signup import bringing
from conversations.ui.context import Context
from conversations.ui.labels import clip
from conversations.ui.navigation import menu_button
from conversations.ui.replying import Row, answer, esc, keyboard, present, private_only

MAX_LISTED = 10  # upcoming sign-ups listed with a cancel button; more are counted
MAX_ROLES = 10  # ongoing roles and interests listed
CALENDAR_LABEL = "📅"  # beside a confirmed place's cancel button; the screen says what it does


@dataclass(frozen=True)
class MineView:
    """What a section needs to build itself."""

    db: Database
    resident: Resident
    t: Translator
    now: datetime


@dataclass(frozen=True)
class Section:
    text: str
    buttons: list[Row] = field(default_factory=list)


SectionBuilder = Callable[[MineView], Awaitable[Section | None]]


async def upcoming_section(view: MineView) -> Section:
    """Confirmed places and waitlist places that have not started, each with a cancel button;
    a confirmed place also has 📅, which sends its calendar file again."""
    t = view.t
    items = await signups.upcoming_for_resident(
        view.db, view.resident.id, view.now, limit=MAX_LISTED + 1
    )
    if not items:
        return Section(
            t._("You are not signed up for anything yet."),
            [[(t._("🔎 Find something to do"), actions.CATEGORIES.data())]],
        )
    lines = [t._("<b>Coming up</b>")]
    buttons: list[Row] = []
    for item in items[:MAX_LISTED]:
        lines.append(_line(t, item))
        label = t._("❌ Leave waitlist") if item.status == "waitlisted" else t._("❌ Cancel")
        when = t.short_date(item.starts_at)
        row = [
            (
                f"{label}: {when} · {clip(item.title, LABEL_LIMIT)}",
                actions.ASK_CANCEL_SIGNUP.data(item.id),
            )
        ]
        if item.status == "confirmed":  # a waitlist place is not in anyone's calendar yet
            row.append((CALENDAR_LABEL, actions.CALENDAR_FILE.data(item.id)))
        buttons.append(row)
    if len(items) > MAX_LISTED:
        lines.append(t._("… and more later."))
    if any(item.status == "confirmed" for item in items[:MAX_LISTED]):
        lines.append("\n" + t._("Tap 📅 to put the date in your calendar."))
    return Section("\n".join(lines), buttons)


def _line(t: Translator, item: MySignUp) -> str:
    when = t.when(item.starts_at, item.ends_at)
    text = f"{'⏳' if item.status == 'waitlisted' else '✅'} <b>{esc(item.title)}</b>\n   {when}"
    if item.location:
        text += f"\n   📍 {esc(item.location)}"
    if item.places > 1:
        text += "\n   " + bringing(t, item.places)
    if item.status == "waitlisted":
        text += "\n   " + t._("On the waitlist, number {n}").format(n=item.waitlist_position or 1)
    return text


async def ongoing_section(view: MineView) -> Section | None:
    """Ongoing roles they volunteer in, then their interest in roles with what became of it in
    plain words, each with a button that withdraws it (None when there is neither)."""
    t = view.t
    found = await leads.of_resident(view.db, view.resident.id, limit=MAX_ROLES)
    if not found:
        return None
    started = [lead for lead in found if lead.status == leads.STARTED]
    interested = [lead for lead in found if lead.status != leads.STARTED]
    lines: list[str] = []
    if started:
        lines.append(t._("<b>My ongoing roles</b>"))
        lines += [f"✅ <b>{esc(lead.title)}</b> – {esc(lead.organisation)}" for lead in started]
    if interested:
        lines += [""] if lines else []
        lines.append(t._("<b>Roles I am interested in</b>"))
    words = {
        leads.NEW: t._("A coordinator will send you a message here."),
        leads.CONTACTED: t._("A coordinator has been in touch with you."),
        leads.NOT_NOW: t._("Not right now. Thank you for offering!"),
    }
    buttons: list[Row] = []
    for lead in interested:
        lines.append(f"🙋 <b>{esc(lead.title)}</b> – {esc(lead.organisation)}")
        lines.append("   " + words.get(lead.status, ""))
        label = t._("❌ Withdraw: {title}").format(title=clip(lead.title, LABEL_LIMIT))
        buttons.append([(label, actions.WITHDRAW_INTEREST.data(lead.id))])
    return Section("\n".join(lines), buttons)


async def history_section(view: MineView) -> Section | None:
    """Past shifts, the hours given and the next goal, below the sign-ups in /mine (None before
    the first)."""
    resident_id, now = view.resident.id, view.now
    shifts = await attendance.past_shifts(view.db, resident_id=resident_id, now=now)
    hours = await attendance.hours(view.db, resident_id=resident_id, now=now, zone=view.t.zone)
    lines = past_lines(view.t, shifts)
    sentence = hours_sentence(view.t, hours)
    if sentence:
        goal = goal_sentence(view.t, hours)  # the next milestone (bot.services.path)
        sentence += f"\n{goal}" if goal else ""
        lines += ["", sentence] if lines else [sentence]
    return Section("\n".join(lines)) if lines else None


async def series_section(view: MineView) -> Section | None:
    """The series they come to every time, each with a button to stop it (None if none)."""
    t = view.t
    standing = await series.standing_of(view.db, view.resident.id)
    if not standing:
        return None
    lines = [t._("<b>Every time</b>")]
    buttons: list[Row] = []
    for item in standing:
        rhythm = t.rhythm(item.every_weeks, item.first_starts_at, item.starts, item.ends)
        lines.append(f"🔁 <b>{esc(item.title)}</b>\n   {rhythm}")
        label = f"{t._('⏹ Stop')}: {clip(item.title, LABEL_LIMIT)}"
        buttons.append([(label, actions.ASK_LEAVE_SERIES.data(item.series_id))])
    return Section("\n".join(lines), buttons)


# The sections of /mine, top to bottom.
SECTIONS: tuple[SectionBuilder, ...] = (
    upcoming_section,
    series_section,
    ongoing_section,
    history_section,
)


def mine_screen(
    t: Translator, sections: list[Section], notice: str | None = None
) -> tuple[str, list[Row]]:
    """The text and buttons of /mine from its sections (and a notice on top after an action)."""
    parts = [notice] if notice else []
    parts.append(t._("📋 <b>My sign-ups</b>"))
    parts.extend(section.text for section in sections)
    rows: list[Row] = [row for section in sections for row in section.buttons]
    rows.append([menu_button(t)])
    return "\n\n".join(parts), rows


async def show_mine(
    update: Update,
    context: Context,
    resident: Resident,
    t: Translator,
    *,
    notice: str | None = None,
    new_message: bool = False,
) -> None:
    d = context.deps
    view = MineView(d.db, resident, t, d.clock.now())
    sections = [s for s in [await build(view) for build in SECTIONS] if s is not None]
    text, rows = mine_screen(t, sections, notice)
    await present(update, text, keyboard(*rows), new_message=new_message)


@for_residents(goes_on=actions.MINE)
async def on_mine(
    update: Update, context: Context, resident: Resident, t: Translator, _: Callback
) -> None:
    """/mine or 📋: the list (a new message when typed); consent is asked first if need be."""
    await show_mine(update, context, resident, t, new_message=update.callback_query is None)


mine_command = private_only(on_mine)


# -- cancelling ----------------------------------------------------------------------------------
@for_residents(answer_first=False, asks=False)
async def on_ask_cancel(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """Are you sure? (Only for the resident's own sign-up that has not started.)"""
    signup_id = tap.number(0) or 0
    d = context.deps
    item = await signups.cancellable(d.db, signup_id, resident.id, d.clock.now())
    if item is None:
        await answer(update, t._("This sign-up can no longer be changed."), alert=True)
        await show_mine(update, context, resident, t)
        return
    await answer(update)
    if item.status == "waitlisted":
        question = t._("Do you want to leave the waitlist for this?")
        yes = t._("Yes, leave the waitlist")
    else:
        question = t._("Are you sure you want to cancel? Your place goes to someone else.")
        yes = t._("Yes, cancel")
    text = f"{question}\n\n{_line(t, item)}"
    rows = [[(yes, actions.CANCEL_SIGNUP.data(item.id)), (t._("No, keep it"), actions.MINE.data())]]
    await present(update, text, keyboard(*rows, [menu_button(t)]))


@for_residents(answer_first=False, asks=False)
async def on_cancel(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """Yes, cancel: the place is freed and the first on the waitlist is told at once."""
    d = context.deps
    signup_id = tap.number(0) or 0
    result = await cancellations.give_up(
        d.db,
        signup_id=signup_id,
        resident_id=resident.id,
        now=d.clock.now(),
        rules=d.rules,
        administrators=d.settings.coordinator_ids,
    )
    if result.promoted or result.told:
        context.deps.kick()
    notices = {
        CancelStatus.CANCELLED: t._("Your place is free again. Thank you for letting us know!"),
        CancelStatus.LEFT_WAITLIST: t._("You are off the waitlist."),
        CancelStatus.ALREADY: t._("This was cancelled already."),
    }
    notice = notices.get(result.status)
    if notice is None:  # not found, not theirs, or started already
        await answer(update, t._("This sign-up can no longer be changed."), alert=True)
    else:
        await answer(update)
    await show_mine(update, context, resident, t, notice=notice and f"✔️ {notice}")
    if result.status is CancelStatus.CANCELLED:  # the place had a calendar file: take it out
        entry = await calendar_entries.cancelled_entry_for(
            d.db, signup_id=signup_id, resident_id=resident.id, language=t.locale
        )
        if entry is not None:
            await send_calendar_removal(update, context, t, entry)


# -- interest in a role --------------------------------------------------------------------------
@for_residents(answer_first=False, asks=False)
async def on_withdraw(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """``rw:<lead>``: no longer interested; the lead goes, nobody is asked about it again."""
    gone = await leads.withdraw(
        context.deps.db, lead_id=tap.number(0) or 0, resident_id=resident.id
    )
    if gone:
        await answer(update)
        notice = t._("You are off the list for this role. Nobody will contact you about it.")
        await show_mine(update, context, resident, t, notice=f"✔️ {notice}")
        return
    await answer(update, t._("This can no longer be changed."), alert=True)
    await show_mine(update, context, resident, t)
