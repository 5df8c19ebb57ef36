"""One cell of a spreadsheet row: a local date and time, a number of places.

Each raises ValueError with a message for the person who wrote the file;
:mod:`bot.catalogue.reading` names the line and column.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.clock import SkippedTime, local_to_utc
from bot.limits import MAX_PLACES

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::00)?$")
_DUTCH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4}) (\d{1,2}):(\d{2})(?::00)?$")


def parse_local_time(text: str, zone: ZoneInfo) -> datetime:
    """``2026-11-28 14:00`` (or ``28-11-2026 14:00`` as Dutch Excel shows it) to UTC.

    Raises ValueError with a message for the person who wrote the file. A time that does not
    exist (the hour skipped when summer time starts) is an error; a time that exists twice
    (when summer time ends) is taken as the first, still in summer time.
    """
    iso = _ISO.match(text)
    dutch = _DUTCH.match(text)
    if iso:
        year, month, day, hour, minute = (int(g) for g in iso.groups())
    elif dutch:
        day, month, year, hour, minute = (int(g) for g in dutch.groups())
    else:
        raise ValueError(f"{text!r} is not a date and time; write it as YYYY-MM-DD HH:MM")
    try:
        naive = datetime.combine(date(year, month, day), time(hour, minute))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date or time") from None
    try:
        return local_to_utc(naive, zone)
    except SkippedTime:
        raise ValueError(
            f"{text!r} does not exist in {zone.key}: the clocks skip that hour (summer time starts)"
        ) from None


def parse_capacity(text: str) -> int:
    """A whole number of places, from 1 to ``MAX_PLACES`` (as the chat allows)."""
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"{text!r} is not a whole number of places")
    value = int(text)
    if value < 1:
        raise ValueError(f"{value} places: must be at least 1")
    if value > MAX_PLACES:
        raise ValueError(f"{value} places: at most {MAX_PLACES}")
    return value
