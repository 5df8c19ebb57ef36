"""The calendar file as a document: after a sign-up, and again from a "📅" button.

The buttons sit in /mine beside each confirmed place and under the notices of a waitlist place
and a moved shift (:data:`~conversations.actions.CALENDAR_FILE`). Whether this person may have
the file is decided by :mod:`bot.services.calendar_entries`; a stale or forged button gets a
short answer and no file. Two taps send two files, which is harmless: they describe one
calendar entry.
"""

from __future__ import annotations

from telegram import Update

from bot.files import calendar as calendar_file
from bot.files.calendar import CalendarEntry
from bot.i18n import N_, Translator
from bot.services import calendar_entries
from bot.services.residents import Resident
from conversations.actions import Callback
from conversations.resident.access import for_residents
from conversations.ui.context import Context
from conversations.ui.replying import answer

REMOVAL_CAPTION = N_("📅 Tap the file to take this date out of your calendar.")


async def send_calendar_file(
    update: Update, context: Context, t: Translator, entry: CalendarEntry
) -> None:
    """The .ics for this shift, as a document the phone's calendar opens."""
    chat = update.effective_chat
    if chat is None:
        return
    content = calendar_file.shift_calendar(entry, now=context.deps.clock.now())
    await context.bot.send_document(
        chat.id,
        content,
        filename=calendar_file.filename(entry.shift_id),
        caption=t._("📅 Tap the file to put this date in your calendar."),
    )


async def send_calendar_removal(
    update: Update, context: Context, t: Translator, entry: CalendarEntry
) -> None:
    """After a cancellation: the file that takes the date out of the phone's calendar."""
    chat = update.effective_chat
    if chat is None:
        return
    content = calendar_file.cancelled_calendar([entry], now=context.deps.clock.now())
    await context.bot.send_document(
        chat.id,
        content,
        filename=calendar_file.filename(entry.shift_id),
        caption=t._(REMOVAL_CAPTION),
    )


@for_residents(answer_first=False, asks=False)
async def on_calendar(
    update: Update, context: Context, resident: Resident, t: Translator, tap: Callback
) -> None:
    """📅: this sign-up's calendar file again, if it is theirs, confirmed and still to come."""
    d = context.deps
    entry = await calendar_entries.entry_for(
        d.db,
        signup_id=tap.number(0) or 0,
        resident_id=resident.id,
        now=d.clock.now(),
        language=t.locale,
    )
    if entry is None:
        await answer(update, t._("This sign-up is no longer there."), alert=True)
        return
    await answer(update)
    await send_calendar_file(update, context, t, entry)
