"""A calendar file (.ics, RFC 5545) for one shift someone signed up for.

Times are written in UTC (``DTSTART:20261128T130000Z``), which every calendar shows in its own
zone. The UID is stable per sign-up, so opening the file twice updates one entry, not two.
The ``icalendar`` library does the escaping and line folding.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event

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


def uid(signup_id: int) -> str:
    return f"signup-{signup_id}@{UID_DOMAIN}"


def filename(shift_id: int) -> str:
    return f"meedoen-{shift_id}.ics"


def shift_calendar(entry: CalendarEntry, *, now: datetime) -> bytes:
    """The .ics file's bytes: one event with title, place, organisation and times."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid(entry.signup_id))
    event.add("dtstamp", now.astimezone(UTC))
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
