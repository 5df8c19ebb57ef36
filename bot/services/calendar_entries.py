"""Which calendar entry a resident may have: their own confirmed sign-up for a shift to come.

The file is sent right after a sign-up, and again from the "📅" buttons in /mine and under the
notices of a waitlist place and a moved shift; :mod:`bot.files.calendar` writes it.
"""

from __future__ import annotations

from datetime import datetime

from bot.files.calendar import CalendarEntry
from bot.store import Database, browsing
from bot.store import signups as signup_rows


def entry(shift: browsing.Shift, signup_id: int, signed_up_at: datetime) -> CalendarEntry:
    """What the file says about this sign-up's shift (its current times)."""
    opportunity = shift.opportunity
    return CalendarEntry(
        signup_id=signup_id,
        shift_id=shift.id,
        title=opportunity.title,
        organisation=opportunity.organisation,
        location=opportunity.location,
        description=opportunity.description,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        signed_up_at=signed_up_at,
    )


async def entry_for(
    db: Database, *, signup_id: int, resident_id: int, now: datetime
) -> CalendarEntry | None:
    """The calendar entry of a resident's own confirmed sign-up for a shift still to come.

    None for anything else: an unknown id, someone else's sign-up, a waitlist place, a
    cancelled sign-up or shift, a shift that has started. The caller sends nothing then.
    """
    async with db.read() as conn:
        signup = await signup_rows.get(signup_id, conn=conn)
        if signup is None or signup.resident_id != resident_id or signup.status != "confirmed":
            return None
        shift = await browsing.shift(signup.shift_id, conn=conn)
    if shift is None or shift.status != "open" or shift.starts_at <= now:
        return None
    return entry(shift, signup.id, signup.created_at)
