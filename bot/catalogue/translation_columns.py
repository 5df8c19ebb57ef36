"""The optional spreadsheet columns with an opportunity's title and description in other
languages: ``title_en``, ``description_ar``, ``<field>_<language>`` for each language residents
can choose (:data:`bot.config.SUPPORTED_LOCALES`).

A resident who reads that language sees the translation, everyone else the original. Like the
description, the first row of an opportunity gives them, and later rows may leave them empty or
write the same. The limits are the original's (:data:`bot.limits.TEXT_LIMITS`); a title stays on
one line. An empty cell means "no translation": importing again removes one stored before,
while a column that is not in the file leaves what is stored (or typed in /edit) alone. An
unknown language is an error on the header line, naming the column. Read by
:mod:`bot.catalogue.reading`, written by :mod:`bot.catalogue.csv_file`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.config import SUPPORTED_LOCALES
from bot.limits import TEXT_LIMITS
from bot.store.translations import FIELDS

_COLUMN = re.compile(rf"^({'|'.join(FIELDS)})_(.+)$")

# (language, field): the text; "" for a column in the file left empty (no translation).
Texts = dict[tuple[str, str], str]


def column_name(language: str, field: str) -> str:
    return f"{field}_{language}"


def split(name: str) -> tuple[str, str] | None:
    """(language, field) of a column such as ``title_en``; None for any other column. The
    language may be one we do not know (:func:`header_problems` says so)."""
    match = _COLUMN.match(name)
    return (match.group(2), match.group(1)) if match else None


def header_problems(names: Iterable[str]) -> list[tuple[str, str]]:
    """(column, what is wrong) for each translation column of an unknown language."""
    known = ", ".join(SUPPORTED_LOCALES)
    return [
        (name, f"unknown language {found[0]!r}; the languages are {known} (e.g. title_en)")
        for name in names
        if (found := split(name)) is not None and found[0] not in SUPPORTED_LOCALES
    ]


def texts_of(values: dict[str, str]) -> Texts:
    """The translations a row gives, by (language, field), empty cells included."""
    return {found: value for name, value in values.items() if (found := split(name))}


def value_problems(values: dict[str, str]) -> list[tuple[str, str]]:
    """(column, what is wrong) for each translation that is too long or not one line."""
    found = []
    for (language, field), value in texts_of(values).items():
        limit = TEXT_LIMITS[field]
        if len(value) > limit:
            found.append(
                (column_name(language, field), f"{len(value)} characters, at most {limit}")
            )
        elif field == "title" and ("\n" in value or "\r" in value):
            found.append((column_name(language, field), "must be one line"))
    return found


def differing(first: Texts, later: Texts) -> list[str]:
    """The columns where a later row of an opportunity writes another translation than its
    first row (an empty cell repeats the first)."""
    return [
        column_name(*key) for key, value in later.items() if value and value != first.get(key, "")
    ]


def columns_for(items: Iterable[Texts]) -> list[tuple[str, str]]:
    """The (language, field) columns a file needs for these opportunities, in a fixed order."""
    used = {key for texts in items for key, value in texts.items() if value}
    return [
        (lang, field) for lang in SUPPORTED_LOCALES for field in FIELDS if (lang, field) in used
    ]
