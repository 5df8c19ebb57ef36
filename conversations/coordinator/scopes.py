"""Narrowing a screen of figures to one organisation (/stats, "📈 Participation"): a button for
each other organisation the person may see, and "all together" when narrowed."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import Translator
from conversations.coordinator.guard import Rows

ALL = 0  # in a button: all the organisations the person may see
MAX_LABEL = 40


def organisation_rows(
    t: Translator,
    organisations: list[tuple[int, str]],
    shown: int | None,
    data: Callable[[int], str],
) -> Rows:
    """One button per other organisation (``data`` makes its callback data from its id, ALL
    for all), and "📊 All together" when one is shown; none when there is only one."""
    if len(organisations) < 2:
        return []
    rows: Rows = [
        [(name[:MAX_LABEL], data(org_id))] for org_id, name in organisations if org_id != shown
    ]
    if shown is not None:
        rows.append([(t._("📊 All together"), data(ALL))])
    return rows
