"""A calendar file (.ics, RFC 5545) for one shift someone signed up for, and who may have it.

Times are written in UTC (``DTSTART:20261128T130000Z``), which every calendar shows in its own
zone. The UID is stable per sign-up, so opening a newer file (after a coordinator moved the
shift) updates the one entry in the phone's calendar rather than adding a second. For such an
update RFC 5545 wants a newer file to carry a higher SEQUENCE (or, at equal SEQUENCE, a later
DTSTAMP): DTSTAMP is the moment the file is made, SEQUENCE the whole minutes since the sign-up,
so any file made later wins, without storing a revision. The ``icalendar`` library does the
escaping and line folding.

Who may have the file is decided by :mod:`bot.services.calendar_entries`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event

from bot.store import browsing

PRODID = "-//Meedoen//Meedoen bot//NL"
UID_DOMAIN = "meedoen.bot"


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


def uid(signup_id: int) -> str:
    return f"signup-{signup_id}@{UID_DOMAIN}"


def filename(shift_id: int) -> str:
    return f"meedoen-{shift_id}.ics"


def sequence(entry: CalendarEntry, now: datetime) -> int:
    """The revision: 0 for the file sent at sign-up, higher for every later minute."""
    if entry.signed_up_at is None:
        return 0
    return max(int((now - entry.signed_up_at).total_seconds() // 60), 0)


def shift_calendar(entry: CalendarEntry, *, now: datetime) -> bytes:
    """The .ics file's bytes: one event with title, place, organisation and times."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(_event(entry, now, "CONFIRMED"))
    return calendar.to_ical()


def cancelled_calendar(entries: list[CalendarEntry], *, now: datetime) -> bytes:
    """A file that takes these entries out of the calendar (METHOD:CANCEL, the same UID, a
    higher SEQUENCE): opened after a cancellation, the date disappears from the phone."""
    calendar = _calendar("CANCEL")
    for entry in entries:
        calendar.add_component(_event(entry, now, "CANCELLED"))
    return calendar.to_ical()


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _event(entry: CalendarEntry, now: datetime, status: str) -> Event:
    event = Event()
    event.add("uid", uid(entry.signup_id))
    event.add("dtstamp", now.astimezone(UTC))
    # A cancellation made in the same minute as the sign-up still outranks its file.
    event.add("sequence", sequence(entry, now) + (status == "CANCELLED"))
    event.add("dtstart", entry.starts_at.astimezone(UTC))
    event.add("dtend", entry.ends_at.astimezone(UTC))
    event.add("summary", f"{entry.title} ({entry.organisation})")
    if entry.location:
        event.add("location", entry.location)
    details = "\n\n".join(part for part in (entry.organisation, entry.description) if part)
    event.add("description", details)
    event.add("status", status)
    return event
