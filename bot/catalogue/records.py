"""The first layer of reading a spreadsheet: bytes to records (:mod:`bot.catalogue.reading`
checks what they say). UTF-8 with or without Excel's byte-order mark, comma or semicolon as the
header decides, quoted cells with separators and line breaks; and :class:`RowError`, a problem
named by its line (as a spreadsheet numbers its rows: the header is line 1) and column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem in the file; ``line`` as a spreadsheet numbers rows (the header is 1)."""

    line: int
    column: str | None
    message: str
    text_line: int | None = None  # the line in a text editor, when quoted newlines shift it

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.text_line is not None and self.text_line != self.line:
            where += f" (line {self.text_line} in a text editor)"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


def decode(data: bytes) -> tuple[str, list[RowError]]:
    """UTF-8 text with or without a byte-order mark; the line of the first bad byte otherwise."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", [
            RowError(
                line,
                None,
                "the file is not UTF-8 text; in Excel save it as 'CSV UTF-8 (comma delimited)'",
            )
        ]


def read_text(data: bytes | str) -> tuple[str, list[RowError]]:
    """A file's text (UTF-8, Excel's byte-order mark dropped), or why it cannot be read: not
    UTF-8, or empty. What every spreadsheet import reads first."""
    if isinstance(data, bytes):
        text, errors = decode(data)
        if errors:
            return "", errors
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        return "", [RowError(1, None, "the file is empty")]
    return text, []


def sniff_separator(text: str) -> str:
    """Comma or semicolon, whichever the header line uses more (Dutch Excel writes ';')."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


class Unreadable(Exception):
    """A record the csv module cannot read; ``error`` says where."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


def records(text: str, separator: str) -> Iterator[tuple[int, int, list[str]]]:
    """(spreadsheet row, text line where the row starts, cells) for every record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"')
    text_line = 1
    row_number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. a field over the csv module's size limit
            raise Unreadable(RowError(row_number, None, f"cannot read: {exc}", text_line)) from None
        yield row_number, text_line, [c.replace("\r\n", "\n").replace("\r", "\n") for c in cells]
        row_number += 1
        text_line = reader.line_num + 1
