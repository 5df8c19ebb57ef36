"""What a coordinator types, read and checked: texts within their limits, times, numbers of
places, and local moments (summer time as the import reads it). Raises
:class:`bot.services.checks.Invalid`; read through :mod:`bot.services.publishing` by most.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.clock import SkippedTime, local_to_utc
from bot.limits import MAX_LEAD_REASON, MAX_PLACES, TEXT_LIMITS
from bot.services.checks import Invalid

# The longest text a coordinator may give: the same as the import's (bot.limits); and the
# reason for "not now" on a lead, which only the chat asks for.
LIMITS = {**TEXT_LIMITS, "lead_reason": MAX_LEAD_REASON}


def clean_text(text: str, kind: str) -> str:
    """Trimmed text within its limit; raises Invalid('empty' / 'too_long')."""
    cleaned = (text or "").strip()
    if kind != "description":
        cleaned = re.sub(r"\s+", " ", cleaned)
    if not cleaned:
        raise Invalid("empty")
    if len(cleaned) > LIMITS[kind]:
        raise Invalid("too_long", LIMITS[kind], cleaned)
    return cleaned


_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.uh]?\s*(\d{2})\s*$")


def parse_time(text: str) -> str | None:
    """``9:30``, ``09.30``, ``0930`` → ``09:30``; anything else None."""
    match = _TIME.match(text or "")
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


_WHOLE_NUMBER = re.compile(r"^[0-9]{1,4}$")


def parse_capacity(text: str) -> int | None:
    """A typed number of places from 1 to ``MAX_PLACES``; None for ``0``, ``-3``, ``1e3``,
    ``twaalf``, ``600``, ``²`` and the like."""
    value = (text or "").strip()
    if not _WHOLE_NUMBER.match(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_PLACES else None


def local_moment(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day in the organisation's zone, as an aware moment (UTC).

    Raises Invalid('skipped_hour') for a time the clocks skip when summer time starts; a time
    that happens twice is the first (as the import reads it: :func:`bot.clock.local_to_utc`).
    """
    hour, minute = (int(part) for part in hhmm.split(":"))
    try:
        return local_to_utc(datetime.combine(day, time(hour, minute)), zone)
    except SkippedTime:
        raise Invalid("skipped_hour") from None


def shift_times(day: date, start: str, end: str, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Start and end on one local day; raises Invalid('end_before_start' / 'skipped_hour')."""
    starts_at, ends_at = local_moment(day, start, zone), local_moment(day, end, zone)
    if ends_at <= starts_at:
        raise Invalid("end_before_start")
    return starts_at, ends_at
