"""Reading the neighbourhoods of the area from a spreadsheet (``python -m bot neighbourhoods
FILE.csv``): one name a row, in the first column.

A first row that says ``neighbourhood`` (or ``name``, ``wijk``, ``buurt``, ``naam``) is a header
and skipped. Empty rows are skipped; a name twice (whatever its capitals) is one. Like the
catalogue import, the whole file is checked first: every problem names its line (as a
spreadsheet numbers rows) and column (A, B, ... as Excel shows them), and then nothing of the
file is written. Comma or semicolon separated (whichever the file has more of), UTF-8 with or
without Excel's byte-order mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.catalogue.records import RowError, Unreadable, read_text, records
from bot.services.neighbourhoods import HEADERS, MAX_NEIGHBOURHOOD, Invalid, clean_name, same


@dataclass(frozen=True)
class ParsedNames:
    """The names in file order (each once), or every error found (then no names)."""

    names: list[str]
    errors: list[RowError]
    doubled: int = 0  # rows whose name came earlier in the file


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _problem(exc: Invalid) -> str:
    if exc.reason == "too_long":
        return f"{exc.typed!r} is {len(exc.typed or '')} characters; at most {MAX_NEIGHBOURHOOD}"
    return "empty: the name goes in the first column"


def parse_neighbourhoods(data: bytes | str) -> ParsedNames:
    """Read and check a whole file."""
    text, errors = read_text(data)
    if errors:
        return ParsedNames([], errors)
    # One column has no separator in its header: the whole file says which one it uses.
    separator = ";" if text.count(";") > text.count(",") else ","
    names: dict[str, str] = {}
    doubled = 0
    rows = records(text, separator)
    while True:
        try:
            line, _, cells = next(rows)
        except StopIteration:
            break
        except Unreadable as exc:  # e.g. a cell over the csv module's size limit
            errors.append(exc.error)
            break
        filled = [(i, cell.strip()) for i, cell in enumerate(cells) if cell.strip()]
        if not filled:
            continue  # an empty row (Excel writes ';' for those)
        if line == 1 and len(filled) == 1 and filled[0][1].casefold() in HEADERS:
            continue
        if len(filled) > 1 or filled[0][0] != 0:
            index, value = filled[1] if filled[0][0] == 0 else filled[0]
            errors.append(
                RowError(
                    line,
                    column_letter(index),
                    f"{value!r}: one name a row, in column A (a name with a comma or semicolon "
                    "goes in quotes, as Excel writes it)",
                )
            )
            continue
        try:
            name = clean_name(filled[0][1])
        except Invalid as exc:
            errors.append(RowError(line, "A", _problem(exc)))
            continue
        if same(name) in names:
            doubled += 1
        else:
            names[same(name)] = name
    if errors:
        return ParsedNames([], errors)
    if not names:
        return ParsedNames([], [RowError(1, None, "no names: write one name a row")])
    return ParsedNames(list(names.values()), [], doubled)
