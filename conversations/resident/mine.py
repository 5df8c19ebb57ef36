"""/mine: what a resident signed up for, and cancelling a place (asked once).

The screen is built from sections, each a function that returns a piece of text with its
buttons (or None when it has nothing to show). To add one (past shifts and hours given, #3),
write a ``SectionBuilder`` and append it to ``SECTIONS``.

Callback actions: ``mine`` the list, ``mc:<sign-up>`` "are you sure?", ``mx:<sign-up>`` cancel;
the 📅 beside a confirmed place is ``cal:<sign-up>`` (``conversations.calendar_file``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.files import calendar as calendar_file
from bot.i18n import Translator
from bot.services import signups
from bot.services.signups import CancelStatus
from bot.store import Database
from bot.store import signups as signup_rows
from bot.store.residents import Resident
from bot.wiring import delivery
from conversations.actions import pack, pattern
from conversations.resident.browse import (
    LABEL_LIMIT,
    callback_number,
    clip,
    for_residents,
    menu_button,
    present,
)
from conversations.ui.replying import Context, Row, answer, deps, esc, keyboard, private_only

MAX_LISTED = 10  # upcoming sign-ups listed with a cancel button; more are counted
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
    async with view.db.read() as conn:
        items = await signup_rows.upcoming_for_resident(
            view.resident.id, view.now, limit=MAX_LISTED + 1, conn=conn
        )
    if not items:
        return Section(
            t._("You are not signed up for anything yet."),
            [[(t._("🔎 Find something to do"), pack("cat"))]],
        )
    lines = [t._("<b>Coming up</b>")]
    buttons: list[Row] = []
    for item in items[:MAX_LISTED]:
        lines.append(_line(t, item))
        label = t._("❌ Leave waitlist") if item.status == "waitlisted" else t._("❌ Cancel")
        when = t.short_date(item.starts_at)
        row = [(f"{label}: {when} · {clip(item.title, LABEL_LIMIT)}", pack("mc", item.id))]
        if item.status == "confirmed":  # a waitlist place is not in anyone's calendar yet
            row.append((CALENDAR_LABEL, calendar_file.button_data(item.id)))
        buttons.append(row)
    if len(items) > MAX_LISTED:
        lines.append(t._("… and more later."))
    if any(item.status == "confirmed" for item in items[:MAX_LISTED]):
        lines.append("\n" + t._("Tap 📅 to put the date in your calendar."))
    return Section("\n".join(lines), buttons)


def _line(t: Translator, item: signup_rows.MySignUp) -> str:
    when = t.when(item.starts_at, item.ends_at)
    text = f"{'⏳' if item.status == 'waitlisted' else '✅'} <b>{esc(item.title)}</b>\n   {when}"
    if item.location:
        text += f"\n   📍 {esc(item.location)}"
    if item.status == "waitlisted":
        text += "\n   " + t._("On the waitlist, number {n}").format(n=item.waitlist_position or 1)
    return text


SECTIONS: list[SectionBuilder] = [upcoming_section]


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
    d = deps(context)
    view = MineView(d.db, resident, t, d.clock.now())
    sections = [s for s in [await build(view) for build in SECTIONS] if s is not None]
    text, rows = mine_screen(t, sections, notice)
    await present(update, text, keyboard(*rows), new_message=new_message)


@private_only
@for_residents()
async def mine_command(update: Update, context: Context, resident: Resident, t: Translator) -> None:
    await show_mine(update, context, resident, t, new_message=True)


@for_residents()
async def on_mine(update: Update, context: Context, resident: Resident, t: Translator) -> None:
    await show_mine(update, context, resident, t)


# -- cancelling ----------------------------------------------------------------------------------
@for_residents(answer_first=False)
async def on_ask_cancel(
    update: Update, context: Context, resident: Resident, t: Translator
) -> None:
    """Are you sure? (Only for the resident's own sign-up that has not started.)"""
    signup_id = callback_number(update, 0) or 0
    d = deps(context)
    async with d.db.read() as conn:
        item = await signup_rows.one_of_resident(signup_id, resident.id, conn=conn)
    if item is None or item.status not in signup_rows.ACTIVE or item.starts_at <= d.clock.now():
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
    rows = [[(yes, pack("mx", item.id)), (t._("No, keep it"), pack("mine"))]]
    await present(update, text, keyboard(*rows, [menu_button(t)]))


@for_residents(answer_first=False)
async def on_cancel(update: Update, context: Context, resident: Resident, t: Translator) -> None:
    """Yes, cancel: the place is freed and the first on the waitlist is told at once."""
    d = deps(context)
    result = await signups.cancel(
        d.db, signup_id=callback_number(update, 0) or 0, resident_id=resident.id, now=d.clock.now()
    )
    if result.promoted:
        delivery.kick(context.application)
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


def register(application: Application) -> None:
    application.add_handler(CommandHandler("mine", mine_command, filters.ChatType.PRIVATE))
    application.add_handler(CallbackQueryHandler(on_mine, pattern=pattern("mine")))
    application.add_handler(CallbackQueryHandler(on_ask_cancel, pattern=pattern("mc")))
    application.add_handler(CallbackQueryHandler(on_cancel, pattern=pattern("mx")))
