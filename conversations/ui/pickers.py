"""Time and number pickers: rows of buttons to tap instead of typing ``14:30`` or ``4``.

A tapped time comes back as ``PICK_TIME`` with ``HHMM``, a number as ``PICK_PLACES``.
"""

from __future__ import annotations

from conversations import actions

TIMES = [f"{hour:02d}:{minute:02d}" for hour in range(8, 22) for minute in (0, 30)]
LATE_TIMES = [f"{hour:02d}:{minute:02d}" for hour in range(8, 24) for minute in (0, 30)]
MAX_TIME_BUTTONS = 28

Rows = list[list[tuple[str, str]]]


def later_times(start: str) -> list[str]:
    """The half hours after ``start`` (``HH:MM``) that fit on one screen: choices for an end."""
    return [hhmm for hhmm in LATE_TIMES if hhmm > start][:MAX_TIME_BUTTONS]


def time_rows(choices: list[str], *, per_row: int = 4) -> Rows:
    """``HH:MM`` buttons, ``per_row`` a row."""
    rows: Rows = []
    for i in range(0, len(choices), per_row):
        rows.append(
            [
                (hhmm, actions.PICK_TIME.data(hhmm.replace(":", "")))
                for hhmm in choices[i : i + per_row]
            ]
        )
    return rows


def number_rows(first: int = 1, last: int = 10, *, per_row: int = 5) -> Rows:
    """Number buttons from ``first`` to ``last``, ``per_row`` a row."""
    numbers = [(str(n), actions.PICK_PLACES.data(n)) for n in range(first, last + 1)]
    return [numbers[i : i + per_row] for i in range(0, len(numbers), per_row)]
