"""Reading a spreadsheet export of opportunities and shifts (``python -m bot import FILE.csv``).

The import has two steps, so that a file is either taken whole or not at all:

1. :func:`parse_catalogue` (here) reads the bytes (:mod:`bot.catalogue.records`) and checks
   every row. It is pure: it returns the opportunities, or every error it found, each naming
   the line (as a spreadsheet numbers its rows: the header is line 1) and the column.
2. :func:`bot.catalogue.writing.write_catalogue` writes checked opportunities in ONE
   transaction (see there).

The file is one row per shift::

    organisation,title,description,category,location,starts_at,ends_at,capacity[,repeat,until]

Rows with the same organisation and title form one opportunity. A row whose ``starts_at``,
``ends_at`` and ``capacity`` are all empty is an ongoing role. Times are local wall-clock times
(``YYYY-MM-DD HH:MM``) in the configured zone, read as the chat reads them
(:func:`bot.clock.local_to_utc`); places are limited as in the chat (:data:`bot.limits.MAX_PLACES`).
The optional columns ``repeat`` and ``until`` make a row a series
(:mod:`bot.catalogue.series_columns`); ``title_en``, ``description_ar`` and the like carry
translations (:mod:`bot.catalogue.translation_columns`); ``themes`` the project's themes
(:mod:`bot.catalogue.theme_column`).
Comma or semicolon separated (Dutch Excel writes semicolons), UTF-8 with or without the
byte-order mark Excel puts in front. :func:`bot.catalogue.csv_file.to_csv` writes such a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.catalogue import theme_column
from bot.catalogue import translation_columns as translated
from bot.catalogue.cells import parse_capacity, parse_local_time
from bot.catalogue.records import RowError, Unreadable, read_text, sniff_separator
from bot.catalogue.records import records as read_records
from bot.catalogue.series_columns import (
    OPTIONAL,
    ColumnProblem,
    SeriesSpec,
    ongoing_problem,
    series_spec,
)
from bot.limits import TEXT_LIMITS
from bot.services.repeating import dated

__all__ = ["RowError", "SeriesSpec", "parse_local_time"]

COLUMNS = (
    "organisation",
    "title",
    "description",
    "category",
    "location",
    "starts_at",
    "ends_at",
    "capacity",
)
REQUIRED = ("organisation", "title", "category")
SHIFT_COLUMNS = ("starts_at", "ends_at", "capacity")
# Longest text per column: the chat's limits too (bot.limits).
MAX_LENGTH = TEXT_LIMITS
# Columns that must fit on one line (they are shown on buttons and in lists).
ONE_LINE = ("organisation", "title", "category", "location")
# Details of an opportunity that later rows may leave empty (they repeat the first row's).
INHERITED = ("description", "category", "location")


@dataclass(frozen=True)
class ShiftRow:
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    capacity: int
    line: int = 0
    series: SeriesSpec | None = None  # set on each date of a series


@dataclass
class OpportunityRow:
    """One opportunity as the file (or the demo) describes it."""

    organisation: str
    title: str
    description: str
    category: str
    location: str
    kind: str  # 'episodic' (with shifts) or 'ongoing'
    shifts: list[ShiftRow] = field(default_factory=list)
    line: int = 0
    translations: translated.Texts = field(default_factory=dict)  # (language, field): text
    themes: tuple[str, ...] | None = None  # None: the file has no themes column


@dataclass(frozen=True)
class Parsed:
    """What :func:`parse_catalogue` found: opportunities, or errors (then no opportunities)."""

    opportunities: list[OpportunityRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def _header(cells: Sequence[str]) -> tuple[dict[str, int], list[RowError]]:
    names = [c.strip().lower() for c in cells]
    while names and not names[-1]:
        names.pop()  # Excel sometimes leaves empty cells after the last column
    errors = []
    translations = tuple(n for n in names if translated.split(n))
    known = COLUMNS + OPTIONAL + theme_column.COLUMNS + translations
    missing = [c for c in COLUMNS if c not in names]
    extra = [n or "(empty)" for n in names if n not in known]
    doubled = sorted({n for n in names if n in known and names.count(n) > 1})
    if missing:
        errors.append(RowError(1, None, "missing column(s): " + ", ".join(missing)))
    if extra:
        errors.append(RowError(1, None, "unknown column(s): " + ", ".join(extra)))
    if doubled:
        errors.append(RowError(1, None, "column(s) twice: " + ", ".join(doubled)))
    if errors:
        errors.append(
            RowError(
                1,
                None,
                "the first line must be: "
                + ",".join(COLUMNS)
                + " (a series adds: ,repeat,until; themes: ,themes;"
                + " translations: ,title_en,description_en ...)",
            )
        )
    errors += [RowError(1, column, why) for column, why in translated.header_problems(names)]
    return {name: names.index(name) for name in known if name in names}, errors


@dataclass
class _Row:
    line: int
    text_line: int
    values: dict[str, str]

    def error(self, column: str | None, message: str) -> RowError:
        return RowError(self.line, column, message, self.text_line)


def parse_catalogue(data: bytes | str, zone: ZoneInfo, today: date | None = None) -> Parsed:
    """Read and check a whole file; opportunities in file order, or every error found.

    ``today`` (local; the zone's today when not given) bounds how far ahead a series may run."""
    today = today or datetime.now(zone).date()
    text, errors = read_text(data)
    if errors:
        return Parsed([], errors)
    separator = sniff_separator(text)
    records = read_records(text, separator)
    try:
        _, _, header_cells = next(records)
        positions, errors = _header(header_cells)
        if errors:
            return Parsed([], errors)
        rows = []
        for line, text_line, cells in records:
            row, row_errors = _cells(line, text_line, cells, positions)
            errors.extend(row_errors)
            if row is not None:
                rows.append(row)
    except Unreadable as exc:
        return Parsed([], [*errors, exc.error])
    if not rows and not errors:
        return Parsed([], [RowError(2, None, "no rows after the header")])
    opportunities = _group(rows, zone, today, errors)
    return Parsed([] if errors else opportunities, errors)


def _cells(
    line: int, text_line: int, cells: list[str], positions: dict[str, int]
) -> tuple[_Row | None, list[RowError]]:
    if not any(c.strip() for c in cells):
        return None, []  # an empty row (Excel writes ';;;;;;;' for those): skipped
    width = len(positions)
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return None, [
            RowError(line, None, f"{len(cells)} cells, the header has {width}", text_line)
        ]
    if len(cells) < width:
        message = f"{len(cells)} cells, the header has {width}"
        if any("\n" in c for c in cells):
            message += '; a quote (") opened in this row is not closed'
        elif len(cells) == 1:
            message += "; is the separator the same as in the header?"
        return None, [RowError(line, None, message, text_line)]
    values = {name: cells[index].strip() for name, index in positions.items()}
    for name in OPTIONAL:
        values.setdefault(name, "")
    row = _Row(line, text_line, values)
    errors = []
    for column, limit in MAX_LENGTH.items():
        value = values[column]
        if len(value) > limit:
            errors.append(row.error(column, f"{len(value)} characters, at most {limit}"))
        elif column in ONE_LINE and ("\n" in value or "\r" in value):
            errors.append(row.error(column, "must be one line"))
    errors += [row.error(column, why) for column, why in translated.value_problems(values)]
    return row, errors


def _group(
    rows: list[_Row], zone: ZoneInfo, today: date, errors: list[RowError]
) -> list[OpportunityRow]:
    """Rows with the same organisation and title become one opportunity with its shifts."""
    found: dict[tuple[str, str], OpportunityRow] = {}
    shift_lines: dict[tuple[str, str, datetime], int] = {}
    for row in rows:
        values = row.values
        key = (values["organisation"], values["title"])
        first = found.get(key)
        chosen = theme_column.read(values, first, row.error, errors)
        for column in REQUIRED:
            inherited = first is not None and column in INHERITED
            if not values[column] and not inherited:
                errors.append(row.error(column, "empty; this column must be filled in"))
        if first is not None:
            differs = [c for c in INHERITED if values[c] and values[c] != getattr(first, c)]
            differs += translated.differing(first.translations, translated.texts_of(values))
            for column in differs:
                errors.append(
                    row.error(
                        column,
                        f"differs from line {first.line} for the same opportunity; "
                        "leave it empty or write the same",
                    )
                )
        shift = _shift(row, zone, today, errors)
        kind = "ongoing" if shift is None else "episodic"
        if first is None:
            first = OpportunityRow(
                organisation=values["organisation"],
                title=values["title"],
                description=values["description"],
                category=values["category"],
                location=values["location"],
                kind=kind,
                line=row.line,
                translations=translated.texts_of(values),
                themes=chosen,
            )
            found[key] = first
        elif shift is not False and first.kind != kind:
            errors.append(
                row.error(
                    "starts_at",
                    f"line {first.line} makes this opportunity "
                    + ("an ongoing role" if first.kind == "ongoing" else "one with shifts")
                    + "; an opportunity has either shifts or none",
                )
            )
            continue
        elif shift is None:
            errors.append(
                row.error("title", f"the same ongoing role is already on line {first.line}")
            )
            continue
        if isinstance(shift, ShiftRow):
            for one in _dates(shift, zone):
                seen = shift_lines.get((*key, one.starts_at))
                if seen is not None:
                    errors.append(
                        row.error(
                            "starts_at", f"the same shift (same start) is already on line {seen}"
                        )
                    )
                    break
                shift_lines[(*key, one.starts_at)] = row.line
                first.shifts.append(one)
    return list(found.values())


def _shift(
    row: _Row, zone: ZoneInfo, today: date, errors: list[RowError]
) -> ShiftRow | bool | None:
    """The row's (first) shift; None for an ongoing role; False when its columns are wrong."""
    values = row.values
    filled = [c for c in SHIFT_COLUMNS if values[c]]
    if not filled:
        ongoing = ongoing_problem(values)
        if ongoing is not None:
            errors.append(row.error(ongoing.column, ongoing.message))
            return False
        return None
    if len(filled) < len(SHIFT_COLUMNS):
        for column in SHIFT_COLUMNS:
            if not values[column]:
                errors.append(
                    row.error(
                        column,
                        "empty; fill in starts_at, ends_at and capacity, "
                        "or leave all three empty for an ongoing role",
                    )
                )
        return False
    before = len(errors)
    moments: dict[str, datetime] = {}
    for column in ("starts_at", "ends_at"):
        try:
            moments[column] = parse_local_time(values[column], zone)
        except ValueError as exc:
            errors.append(row.error(column, str(exc)))
    try:
        capacity = parse_capacity(values["capacity"])
    except ValueError as exc:
        errors.append(row.error("capacity", str(exc)))
    if len(moments) == 2 and moments["ends_at"] <= moments["starts_at"]:
        errors.append(row.error("ends_at", "the shift ends before it starts"))
    if len(errors) > before:
        return False
    starts_at, ends_at = moments["starts_at"], moments["ends_at"]
    try:
        spec = series_spec(values, starts_at, ends_at, capacity, zone, today)
    except ColumnProblem as exc:
        errors.append(row.error(exc.column, exc.message))
        return False
    return ShiftRow(starts_at, ends_at, capacity, row.line, series=spec)


def _dates(shift: ShiftRow, zone: ZoneInfo) -> list[ShiftRow]:
    """A series row's shifts, one per date (a date whose time the clocks skip is left out)."""
    spec = shift.series
    if spec is None:
        return [shift]
    return [
        ShiftRow(starts_at, ends_at, spec.capacity, shift.line, series=spec)
        for starts_at, ends_at in dated(spec.first_day, spec.repeat, spec.starts, spec.ends, zone)
    ]
