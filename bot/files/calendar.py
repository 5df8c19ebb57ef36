"""A calendar file (.ics, RFC 5545) for one shift someone signed up for, and who may have it.

Times are written in UTC (``DTSTART:20261128T130000Z``), which every calendar shows in its own
zone. The UID is stable per sign-up, so opening a newer file (after a coordinator moved the
shift) updates the one entry in the phone's calendar rather than adding a second. For such an
update RFC 5545 wants a newer file to carry a higher SEQUENCE (or, at equal SEQUENCE, a later
DTSTAMP): DTSTAMP is the moment the file is made, SEQUENCE the whole minutes since the sign-up,
so any file made later wins, without storing a revision. The ``icalendar`` library does the
escaping and line folding.

The file is sent right after a sign-up, and again from the "📅" buttons in /mine and under the
notices of a waitlist place and a moved shift (callback ``cal:<sign-up>``): only to the
resident whose confirmed sign-up it is, before the shift starts (:func:`entry_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event

from bot.i18n import N_, Translator
from bot.outbox.postman import Button
from bot.store import Database, browsing
from bot.store import signups as signup_rows
from conversations.actions import pack

PRODID = "-//Meedoen//Meedoen bot//NL"
UID_DOMAIN = "meedoen.bot"
ACTION = "cal"  # cal:<sign-up>  send this sign-up's calendar file (conversations.calendar_file)
ADD_TO_CALENDAR = N_("📅 Add to calendar")


@dataclass(frozen=True)
class CalendarEntry:
    signup_id: int
    shift_id: int
    title: str
    organisation: str
    location: str
    description: str
    starts_at: datetime
    ends_at: datetime
    signed_up_at: datetime | None = None  # the base of SEQUENCE (None: always 0)


def uid(signup_id: int) -> str:
    return f"signup-{signup_id}@{UID_DOMAIN}"


def filename(shift_id: int) -> str:
    return f"meedoen-{shift_id}.ics"


def sequence(entry: CalendarEntry, now: datetime) -> int:
    """The revision: 0 for the file sent at sign-up, higher for every later minute."""
    if entry.signed_up_at is None:
        return 0
    return max(int((now - entry.signed_up_at).total_seconds() // 60), 0)


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


def button_data(signup_id: int) -> str:
    return pack(ACTION, signup_id)


def button(t: Translator, signup_id: int) -> Button:
    """The "📅 Add to calendar" button under an outbox message about this sign-up."""
    return Button(t._(ADD_TO_CALENDAR), button_data(signup_id))


def shift_calendar(entry: CalendarEntry, *, now: datetime) -> bytes:
    """The .ics file's bytes: one event with title, place, organisation and times."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid(entry.signup_id))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("sequence", sequence(entry, now))
    event.add("dtstart", entry.starts_at.astimezone(UTC))
    event.add("dtend", entry.ends_at.astimezone(UTC))
    event.add("summary", f"{entry.title} ({entry.organisation})")
    if entry.location:
        event.add("location", entry.location)
    details = "\n\n".join(part for part in (entry.organisation, entry.description) if part)
    event.add("description", details)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
