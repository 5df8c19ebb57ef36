"""The optional spreadsheet columns that make a row a series: ``repeat`` and ``until``.

``repeat`` is ``weekly`` or ``fortnightly`` (or as a Dutch sheet writes them), ``until`` the last
day a date may fall on (``YYYY-MM-DD`` or ``DD-MM-YYYY``), at most a year ahead. The row's
``starts_at`` and ``ends_at`` give the first date and the times; one shift is made on each date,
at the same wall-clock times (:mod:`bot.services.repeating`). Read by
:mod:`bot.catalogue.reading`, which names the line of every problem found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.services.repeating import EVERY_WEEKS, Repeat, problem

OPTIONAL = ("repeat", "until")

_DAY_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_DUTCH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
# The rhythms as a Dutch sheet may write them too.
_EVERY = {**EVERY_WEEKS, "wekelijks": 1, "tweewekelijks": 2, "elke week": 1, "om de week": 2}


@dataclass(frozen=True)
class SeriesSpec:
    """The series a row describes (its dates are the row's shifts)."""

    first_day: date  # local
    starts: str  # local HH:MM
    ends: str
    capacity: int
    repeat: Repeat


class ColumnProblem(ValueError):
    """What is wrong with a series' columns, and in which column."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def ongoing_problem(values: dict[str, str]) -> ColumnProblem | None:
    """An ongoing role (no dates) that asks to be repeated."""
    for column in OPTIONAL:
        if values[column]:
            return ColumnProblem(column, "an ongoing role has no dates to repeat")
    return None


def _day(text: str) -> date:
    iso, dutch = _DAY_ISO.match(text), _DAY_DUTCH.match(text)
    try:
        if iso:
            return date(*(int(g) for g in iso.groups()))
        if dutch:
            day, month, year = (int(g) for g in dutch.groups())
            return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None
    raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD")


def series_spec(
    values: dict[str, str],
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    zone: ZoneInfo,
    today: date,
) -> SeriesSpec | None:
    """The series of a row with ``repeat`` and ``until``; None without. Raises
    :class:`ColumnProblem` when the two are wrong or do not go together."""
    repeat, until = values["repeat"].lower(), values["until"]
    if not repeat and not until:
        return None
    if not repeat or not until:
        empty, other = ("repeat", "until") if not repeat else ("until", "repeat")
        raise ColumnProblem(empty, f"empty; a series needs both {other} and {empty}")
    every = _EVERY.get(repeat)
    if every is None:
        raise ColumnProblem("repeat", f"{repeat!r}: write weekly or fortnightly")
    try:
        last = _day(until)
    except ValueError as exc:
        raise ColumnProblem("until", str(exc)) from None
    local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if local_end.date() != local_start.date():
        raise ColumnProblem("ends_at", "a series' date must end on the day it starts")
    first = local_start.date()
    why = problem(first, Repeat(every, last), today)
    if why == "until_before_first":
        raise ColumnProblem("until", f"{last} lies before the first date, {first}")
    if why == "until_too_far":
        raise ColumnProblem("until", f"{last} is more than a year ahead; at most a year")
    return SeriesSpec(
        first, f"{local_start:%H:%M}", f"{local_end:%H:%M}", capacity, Repeat(every, last)
    )
