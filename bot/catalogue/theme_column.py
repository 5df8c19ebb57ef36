"""The optional ``themes`` column of a spreadsheet: which of the project's four themes an
opportunity carries (:mod:`bot.services.themes`).

A cell names none, one or more themes, separated by ``;``, ``,``, ``/`` or line breaks, by their
Dutch or English names or their keys, in any case, accents or not: ``meedoen; gezondheid``,
``Own strength``, ``persoonlijke ontwikkeling``. Later rows of the same opportunity may leave it
empty or name the same themes. A file without the column leaves the themes stored as they are
(an older sheet does not wipe what was chosen in the chat); with it, the file's themes replace
them, as its description does. :mod:`bot.catalogue.reading` calls :func:`read`,
:mod:`bot.catalogue.writing` :func:`write`, :mod:`bot.catalogue.csv_file` :func:`cell`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol, TypeVar

import aiosqlite

from bot.services import themes
from bot.store import themes as store

E = TypeVar("E")

COLUMN = "themes"
COLUMNS = (COLUMN,)
_SEPARATORS = re.compile(r"[;,/|\n]")
_SHOWN = 40  # characters of an unknown name quoted back in an error


class _Earlier(Protocol):
    """The opportunity's first row (:class:`bot.catalogue.reading.OpportunityRow`)."""

    line: int
    themes: tuple[str, ...] | None


def read(
    values: Mapping[str, str],
    first: _Earlier | None,
    error: Callable[[str, str], E],
    errors: list[E],
) -> tuple[str, ...] | None:
    """The theme keys a row's cell names, in the list's order (None: the file has no themes
    column); each unknown name, and themes other than the first row's, added to ``errors`` as
    ``error(column, message)`` makes them."""
    cell = values.get(COLUMN)
    if cell is None:
        return None
    parts = [part for part in _SEPARATORS.split(cell) if part.strip()]
    read = [(part, themes.from_text(part)) for part in parts]
    keys = [key for _, key in read if key is not None]
    unknown = [part for part, key in read if key is None]
    if unknown:  # one error for the cell, however many names it has wrong
        shown = " ".join(unknown[0].split())
        shown = shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"
        more = f" (nor {len(unknown) - 1} more)" if len(unknown) > 1 else ""
        message = f"{shown!r} is not a theme{more}; write {themes.SPELLED}"
        errors.append(error(COLUMN, message + " (or their English names), separated by ;"))
    chosen = themes.ordered(keys)
    if first is not None and chosen and chosen != first.themes:
        message = f"differs from line {first.line} for the same opportunity; "
        errors.append(error(COLUMN, message + "leave it empty or write the same"))
    return chosen


async def write(
    conn: aiosqlite.Connection, opportunity_id: int, keys: Sequence[str] | None
) -> bool:
    """The file's themes for a stored opportunity (None: no column, nothing changes); whether
    they differed."""
    if keys is None:
        return False
    return await store.replace(opportunity_id, keys, conn=conn)


def cell(keys: Sequence[str] | None) -> str:
    """Themes as an import file writes them: their Dutch names, ``meedoen; gezondheid``."""
    found = [themes.theme(key) for key in themes.ordered(keys or ())]
    return "; ".join(theme.spellings[0] for theme in found if theme is not None)
