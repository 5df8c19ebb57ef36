"""Which calendar entry a resident may have: their own confirmed sign-up for a shift to come.

The file is sent right after a sign-up, and again from the "📅" buttons in /mine and under the
notices of a waitlist place and a moved shift; :mod:`bot.files.calendar` writes it.
"""

from __future__ import annotations

from datetime import datetime

from bot.files import calendar as calendar_file
from bot.files.calendar import CalendarEntry
from bot.store import Database, browsing
from bot.store import signups as signup_rows

# What the file says about a sign-up's shift (its current times); the outbox's notices use it too.
entry = calendar_file.entry


async def entry_for(
    db: Database, *, signup_id: int, resident_id: int, now: datetime, language: str
) -> CalendarEntry | None:
    """The calendar entry of a resident's own confirmed sign-up for a shift still to come.

    None for anything else: an unknown id, someone else's sign-up, a waitlist place, a
    cancelled sign-up or shift, a shift that has started. The caller sends nothing then. The
    title and description are in the resident's ``language`` where translated.
    """
    async with db.read() as conn:
        signup = await signup_rows.get(signup_id, conn=conn)
        if signup is None or signup.resident_id != resident_id or signup.status != "confirmed":
            return None
        shift = await browsing.shift(signup.shift_id, language=language, conn=conn)
    if shift is None or shift.status != "open" or shift.starts_at <= now:
        return None
    return entry(shift, signup.id, signup.created_at)


async def cancelled_entry_for(
    db: Database, *, signup_id: int, resident_id: int, language: str
) -> CalendarEntry | None:
    """The entry a resident's own cancelled place had in their calendar (the caller knows it
    was a place, not a waitlist place, which got no file): None for anything else."""
    async with db.read() as conn:
        signup = await signup_rows.get(signup_id, conn=conn)
        if signup is None or signup.resident_id != resident_id or signup.status != "cancelled":
            return None
        shift = await browsing.shift(signup.shift_id, language=language, conn=conn)
    return None if shift is None else entry(shift, signup.id, signup.created_at)
