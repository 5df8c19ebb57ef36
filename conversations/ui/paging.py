"""Long lists a page at a time: the page shown, and the buttons to the others.

Two looks: :func:`pager` (``◀ 2/5 ▶``) under a coordinator's list, :func:`page_row`
(``◀️ Previous`` / ``Next ▶️``) under a resident's, whose words say what the arrows do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.i18n import Translator
from bot.services.pages import page_of
from conversations import actions

T = TypeVar("T")


def paged(items: Sequence[T], page: int, size: int) -> tuple[list[T], int, int]:
    """One page of a list: its items, the page shown (kept in range) and how many pages."""
    found = page_of(items, page, size)
    return found.items, found.page, found.pages


def pager(t: Translator, action: actions.Action, page: int, pages: int) -> list[tuple[str, str]]:
    """◀ 2/5 ▶ under a long list (only when there is more than one page)."""
    if pages <= 1:
        return []
    row = []
    if page > 0:
        row.append(("◀", action.data(page - 1)))
    row.append((f"{page + 1}/{pages}", actions.NOTHING.data()))
    if page < pages - 1:
        row.append(("▶", action.data(page + 1)))
    return row


def page_row(
    t: Translator, action: actions.Action, key: int | str, page: int, pages: int
) -> list[tuple[str, str]]:
    """Previous / next buttons for a list of ``pages`` pages (none when it fits on one)."""
    return page_buttons(t, page, pages, lambda other: action.data(key, other))


def page_buttons(
    t: Translator, page: int, pages: int, data: Callable[[int], str]
) -> list[tuple[str, str]]:
    """Previous / next buttons, each with ``data(page)`` of the page it opens."""
    row = []
    if page > 0:
        row.append((t._("◀️ Previous"), data(page - 1)))
    if page < pages - 1:
        row.append((t._("Next ▶️"), data(page + 1)))
    return row
