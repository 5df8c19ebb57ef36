"""The calendar file as a document: after a sign-up, and again from a "📅" button.

The buttons sit in /mine beside each confirmed place and under the notices of a waitlist place
and a moved shift (callback ``cal:<sign-up>``, see :mod:`bot.calendar_file`). Whether this
person may have the file is decided there; a stale or forged button gets a short answer and no
file. Two taps send two files, which is harmless: they describe one calendar entry.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.files import calendar as calendar_file
from bot.files.calendar import CalendarEntry
from bot.i18n import Translator
from bot.store.residents import Resident
from conversations.actions import pattern
from conversations.resident.browse import callback_number, for_residents
from conversations.ui.replying import Context, answer, deps


async def send_calendar_file(
    update: Update, context: Context, t: Translator, entry: CalendarEntry
) -> None:
    """The .ics for this shift, as a document the phone's calendar opens."""
    chat = update.effective_chat
    if chat is None:
        return
    content = calendar_file.shift_calendar(entry, now=deps(context).clock.now())
    await context.bot.send_document(
        chat.id,
        content,
        filename=calendar_file.filename(entry.shift_id),
        caption=t._("📅 Tap the file to put this date in your calendar."),
    )


@for_residents(answer_first=False)
async def on_calendar(update: Update, context: Context, resident: Resident, t: Translator) -> None:
    """📅: this sign-up's calendar file again, if it is theirs, confirmed and still to come."""
    d = deps(context)
    entry = await calendar_file.entry_for(
        d.db,
        signup_id=callback_number(update, 0) or 0,
        resident_id=resident.id,
        now=d.clock.now(),
    )
    if entry is None:
        await answer(update, t._("This sign-up is no longer there."), alert=True)
        return
    await answer(update)
    await send_calendar_file(update, context, t, entry)


def register(application: Application) -> None:
    application.add_handler(
        CallbackQueryHandler(on_calendar, pattern=pattern(calendar_file.ACTION))
    )
