"""A calendar of day buttons: a month at a time, Monday first, ◀ ▶ to the months around it.

A tapped day comes back as ``PICK_DAY`` with ``YYYYMMDD``, another month as ``PICK_MONTH`` with
``YYYYMM``; :func:`typed_day` reads a day typed instead (``27-11`` or ``27-11-2026``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from babel.dates import format_date, get_day_names

from bot.i18n import Translator
from conversations import actions

MONTHS_AHEAD = 12
_TYPED_DAY = re.compile(r"^\s*(\d{1,2})[-/. ](\d{1,2})(?:[-/. ](\d{4}))?\s*$")

Rows = list[list[tuple[str, str]]]


def calendar_rows(t: Translator, month: str, first: date) -> Rows:
    """A month (``YYYY-MM``) of day buttons, Monday first; days before ``first`` are dots."""
    year, number = (int(part) for part in month.split("-"))
    shown = date(year, number, 1)
    earliest = first.replace(day=1)
    latest = add_months(earliest, MONTHS_AHEAD)
    previous, following = add_months(shown, -1), add_months(shown, 1)
    title = format_date(shown, "LLLL yyyy", locale=t.locale)
    nothing = actions.NOTHING.data()
    rows: Rows = [
        [
            ("◀", actions.PICK_MONTH.data(previous.strftime("%Y%m")))
            if previous >= earliest
            else ("·", nothing),
            (title, nothing),
            ("▶", actions.PICK_MONTH.data(following.strftime("%Y%m")))
            if following <= latest
            else ("·", nothing),
        ]
    ]
    names = get_day_names("short", locale=t.locale)
    rows.append([(str(names[i]), nothing) for i in range(7)])
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, number):
        row = []
        for day in week:
            if day == 0:
                row.append(("·", nothing))
                continue
            moment = date(year, number, day)
            if moment < first:
                row.append(("·", nothing))
            else:
                row.append((str(day), actions.PICK_DAY.data(moment.strftime("%Y%m%d"))))
        rows.append(row)
    return rows


def add_months(moment: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) the month of ``moment``."""
    index = moment.year * 12 + moment.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def latest_day(first: date) -> date:
    """The last day that can be chosen when the calendar starts at ``first``."""
    return add_months(first, MONTHS_AHEAD + 1)


def tapped_month(value: str | None) -> str | None:
    """A ``PICK_MONTH`` value (``YYYYMM``) as ``YYYY-MM``; None when it is not one."""
    if value is None or not re.fullmatch(r"\d{6}", value):
        return None
    return f"{value[:4]}-{value[4:]}"


def tapped_day(value: str | None) -> date | None:
    """A ``PICK_DAY`` value (``YYYYMMDD``) as a date; None when it is not one."""
    try:
        return datetime.strptime(value or "", "%Y%m%d").date()
    except ValueError:
        return None


def typed_day(text: str, first: date) -> date | None:
    """``27-11`` (the next such day from ``first``) or ``27-11-2026``; None when it is not a day."""
    match = _TYPED_DAY.match(text)
    if not match:
        return None
    day, month = int(match.group(1)), int(match.group(2))
    year = int(match.group(3)) if match.group(3) else first.year
    try:
        chosen = date(year, month, day)
        if not match.group(3) and chosen < first:
            chosen = date(year + 1, month, day)
    except ValueError:
        return None
    return chosen
