"""Opportunities and shifts from a spreadsheet export (``python -m bot import FILE.csv``).

Two steps, so that a file is either taken whole or not at all:

1. :func:`parse_catalogue` reads the bytes and checks every row. It is pure: it returns the
   opportunities, or every error it found, each naming the line (as a spreadsheet numbers its
   rows: the header is line 1) and the column.
2. :func:`write_catalogue` writes checked opportunities in ONE transaction through the idempotent
   store functions, so importing the same file twice adds nothing twice. Importing a corrected
   file updates what it describes: an opportunity's description, category and location, and a
   shift's end and capacity (a shift is known by its opportunity and start). Nothing is deleted.

The file is one row per shift::

    organisation,title,description,category,location,starts_at,ends_at,capacity

Rows with the same organisation and title form one opportunity. A row whose ``starts_at``,
``ends_at`` and ``capacity`` are all empty is an ongoing role. Times are local wall-clock times
(``YYYY-MM-DD HH:MM``) in the configured zone. Comma or semicolon separated (Dutch Excel writes
semicolons), UTF-8 with or without the byte-order mark Excel puts in front.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import aiosqlite

from bot.outbox import planning as plans
from bot.services import alerts, signups
from bot.store import Database, browsing, catalogue, managing

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
# Longest text per column: titles and categories end up on buttons, descriptions in one message.
MAX_LENGTH = {
    "organisation": 100,
    "title": 120,
    "description": 1000,
    "category": 60,
    "location": 200,
}
# Columns that must fit on one line (they are shown on buttons and in lists).
ONE_LINE = ("organisation", "title", "category", "location")
MAX_CAPACITY = 10_000
# Details of an opportunity that later rows may leave empty (they repeat the first row's).
INHERITED = ("description", "category", "location")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::00)?$")
_DUTCH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4}) (\d{1,2}):(\d{2})(?::00)?$")


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


@dataclass(frozen=True)
class ShiftRow:
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    capacity: int
    line: int = 0


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


@dataclass(frozen=True)
class Parsed:
    """What :func:`parse_catalogue` found: opportunities, or errors (then no opportunities)."""

    opportunities: list[OpportunityRow]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportSummary:
    """What a write added, what it updated, and what was there already."""

    organisations: int = 0
    categories: int = 0
    opportunities: int = 0
    shifts: int = 0
    opportunities_in_file: int = 0
    shifts_in_file: int = 0
    opportunities_updated: int = 0
    shifts_updated: int = 0
    promoted: list[int] = field(default_factory=list)  # sign-ups moved up from a waitlist
    # Shifts the file would change but that started (or were cancelled): left as they were.
    left_alone: list[RowError] = field(default_factory=list)

    @property
    def nothing_new(self) -> bool:
        return not (self.organisations or self.categories or self.opportunities or self.shifts)

    @property
    def nothing_changed(self) -> bool:
        return not (self.opportunities_updated or self.shifts_updated)

    def describe(self) -> str:
        """For the operator at the command line (plain English)."""
        if self.nothing_new and self.nothing_changed:
            opportunities = _count(self.opportunities_in_file, "opportunity")
            shifts = _count(self.shifts_in_file, "shift")
            return (
                f"Nothing new, nothing changed: all {opportunities} and {shifts}"
                " were already there."
            )
        if self.nothing_new:
            text = "Nothing new."
        else:
            added = [
                _count(self.organisations, "organisation"),
                _count(self.categories, "category"),
                _count(self.opportunities, "opportunity"),
                _count(self.shifts, "shift"),
            ]
            text = "Added " + ", ".join(added) + "."
        if not self.nothing_changed:
            text += (
                f" Updated {_count(self.opportunities_updated, 'opportunity')}, "
                f"{_count(self.shifts_updated, 'shift')}."
            )
        if self.promoted:
            text += f" {_count(len(self.promoted), 'sign-up')} moved up from a waitlist."
        known_opportunities = (
            self.opportunities_in_file - self.opportunities - self.opportunities_updated
        )
        known_shifts = self.shifts_in_file - self.shifts - self.shifts_updated
        if known_opportunities or known_shifts:
            text += (
                f" Already there: {_count(known_opportunities, 'opportunity')}, "
                f"{_count(known_shifts, 'shift')}."
            )
        return text


def _count(n: int, noun: str) -> str:
    if noun == "person":
        plural = "people"
    else:
        plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


# -- reading ---------------------------------------------------------------------------------------


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


def sniff_separator(text: str) -> str:
    """Comma or semicolon, whichever the header line uses more (Dutch Excel writes ';')."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


class _Unreadable(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


def _records(text: str, separator: str) -> Iterator[tuple[int, int, list[str]]]:
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
            raise _Unreadable(
                RowError(row_number, None, f"cannot read: {exc}", text_line)
            ) from None
        yield row_number, text_line, [c.replace("\r\n", "\n").replace("\r", "\n") for c in cells]
        row_number += 1
        text_line = reader.line_num + 1


def parse_local_time(text: str, zone: ZoneInfo) -> datetime:
    """``2026-11-28 14:00`` (or ``28-11-2026 14:00`` as Dutch Excel shows it) to UTC.

    Raises ValueError with a message for the person who wrote the file. A time that does not
    exist (the hour skipped when summer time starts) is an error; a time that exists twice
    (when summer time ends) is taken as the first, still in summer time.
    """
    iso = _ISO.match(text)
    dutch = _DUTCH.match(text)
    if iso:
        year, month, day, hour, minute = (int(g) for g in iso.groups())
    elif dutch:
        day, month, year, hour, minute = (int(g) for g in dutch.groups())
    else:
        raise ValueError(f"{text!r} is not a date and time; write it as YYYY-MM-DD HH:MM")
    try:
        naive = datetime.combine(date(year, month, day), time(hour, minute))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date or time") from None
    return local_to_utc(naive, zone, shown=text)


def local_to_utc(naive: datetime, zone: ZoneInfo, *, shown: str | None = None) -> datetime:
    """A wall-clock time in ``zone`` to UTC; ValueError if that wall-clock time never happens."""
    local = naive.replace(tzinfo=zone, fold=0)
    moment = local.astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != naive:
        shown = shown or naive.strftime("%Y-%m-%d %H:%M")
        raise ValueError(
            f"{shown!r} does not exist in {zone.key}: the clocks skip that hour "
            "(summer time starts)"
        )
    return moment


def _capacity(text: str) -> int:
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"{text!r} is not a whole number of places")
    value = int(text)
    if value < 1:
        raise ValueError(f"{value} places: must be at least 1")
    if value > MAX_CAPACITY:
        raise ValueError(f"{value} places: at most {MAX_CAPACITY}")
    return value


def _header(cells: Sequence[str]) -> tuple[dict[str, int], list[RowError]]:
    names = [c.strip().lower() for c in cells]
    while names and not names[-1]:
        names.pop()  # Excel sometimes leaves empty cells after the last column
    errors = []
    missing = [c for c in COLUMNS if c not in names]
    extra = [n or "(empty)" for n in names if n not in COLUMNS]
    doubled = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if missing:
        errors.append(RowError(1, None, "missing column(s): " + ", ".join(missing)))
    if extra:
        errors.append(RowError(1, None, "unknown column(s): " + ", ".join(extra)))
    if doubled:
        errors.append(RowError(1, None, "column(s) twice: " + ", ".join(doubled)))
    if errors:
        errors.append(RowError(1, None, "the first line must be: " + ",".join(COLUMNS)))
    return {name: names.index(name) for name in COLUMNS if name in names}, errors


@dataclass
class _Row:
    line: int
    text_line: int
    values: dict[str, str]

    def error(self, column: str | None, message: str) -> RowError:
        return RowError(self.line, column, message, self.text_line)


def parse_catalogue(data: bytes | str, zone: ZoneInfo) -> Parsed:
    """Read and check a whole file; opportunities in file order, or every error found."""
    errors: list[RowError]
    if isinstance(data, bytes):
        text, errors = decode(data)
        if errors:
            return Parsed([], errors)
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        return Parsed([], [RowError(1, None, "the file is empty")])
    separator = sniff_separator(text)
    records = _records(text, separator)
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
    except _Unreadable as exc:
        return Parsed([], [*errors, exc.error])
    if not rows and not errors:
        return Parsed([], [RowError(2, None, "no rows after the header")])
    opportunities = _group(rows, zone, errors)
    return Parsed([] if errors else opportunities, errors)


def _cells(
    line: int, text_line: int, cells: list[str], positions: dict[str, int]
) -> tuple[_Row | None, list[RowError]]:
    if not any(c.strip() for c in cells):
        return None, []  # an empty row (Excel writes ';;;;;;;' for those): skipped
    width = len(COLUMNS)
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
    row = _Row(line, text_line, values)
    errors = []
    for column, limit in MAX_LENGTH.items():
        value = values[column]
        if len(value) > limit:
            errors.append(row.error(column, f"{len(value)} characters, at most {limit}"))
        elif column in ONE_LINE and ("\n" in value or "\r" in value):
            errors.append(row.error(column, "must be one line"))
    return row, errors


def _group(rows: list[_Row], zone: ZoneInfo, errors: list[RowError]) -> list[OpportunityRow]:
    """Rows with the same organisation and title become one opportunity with its shifts."""
    found: dict[tuple[str, str], OpportunityRow] = {}
    shift_lines: dict[tuple[str, str, datetime], int] = {}
    for row in rows:
        values = row.values
        key = (values["organisation"], values["title"])
        first = found.get(key)
        for column in REQUIRED:
            inherited = first is not None and column in INHERITED
            if not values[column] and not inherited:
                errors.append(row.error(column, "empty; this column must be filled in"))
        if first is not None:
            for column in INHERITED:
                earlier = getattr(first, column)
                if values[column] and values[column] != earlier:
                    errors.append(
                        row.error(
                            column,
                            f"differs from line {first.line} for the same opportunity; "
                            "leave it empty or write the same",
                        )
                    )
        shift = _shift(row, zone, errors)
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
            seen = shift_lines.get((*key, shift.starts_at))
            if seen is not None:
                errors.append(
                    row.error("starts_at", f"the same shift (same start) is already on line {seen}")
                )
                continue
            shift_lines[(*key, shift.starts_at)] = row.line
            first.shifts.append(shift)
    return list(found.values())


def _shift(row: _Row, zone: ZoneInfo, errors: list[RowError]) -> ShiftRow | bool | None:
    """The row's shift; None for an ongoing role; False when the shift columns are wrong."""
    values = row.values
    filled = [c for c in SHIFT_COLUMNS if values[c]]
    if not filled:
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
        capacity = _capacity(values["capacity"])
    except ValueError as exc:
        errors.append(row.error("capacity", str(exc)))
    if len(moments) == 2 and moments["ends_at"] <= moments["starts_at"]:
        errors.append(row.error("ends_at", "the shift ends before it starts"))
    if len(errors) > before:
        return False
    return ShiftRow(moments["starts_at"], moments["ends_at"], capacity, row.line)


# -- writing ---------------------------------------------------------------------------------------


class CatalogueConflict(Exception):
    """The file contradicts what is stored already; nothing of it was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


# Called for each shift the write added, inside the same transaction (the demo fills places).
NewShift = Callable[[aiosqlite.Connection, ShiftRow, int], Awaitable[None]]


async def write_catalogue(
    db: Database,
    opportunities: Sequence[OpportunityRow],
    now: datetime,
    zone: ZoneInfo,
    *,
    on_new_shift: NewShift | None = None,
) -> ImportSummary:
    """Write checked opportunities in one transaction: add what is new, update what differs.

    A new opportunity is published like one made in the chat: residents who like its category
    get an alert (bundled, through the outbox). A stored opportunity takes the file's description,
    category and location; a stored shift (same start) its end and capacity, as in
    :func:`_update_shift`. Shifts missing from the file are left alone. Raises
    :class:`CatalogueConflict` (and writes nothing) when the file gives shifts to a stored ongoing
    role or the other way round, or leaves a shift fewer places than people signed up.
    """
    summary = ImportSummary(
        opportunities_in_file=len(opportunities),
        shifts_in_file=sum(len(o.shifts) for o in opportunities),
    )
    published = []
    conflicts: list[RowError] = []
    async with db.transaction() as conn:
        for item in opportunities:
            organisation_id, added = await catalogue.organisation(item.organisation, conn=conn)
            summary.organisations += added
            category_id, added = await catalogue.category(item.category, conn=conn)
            summary.categories += added
            opportunity_id, added = await catalogue.opportunity(
                organisation_id=organisation_id,
                category_id=category_id,
                title=item.title,
                description=item.description,
                location=item.location,
                kind=item.kind,
                now=now,
                conn=conn,
            )
            summary.opportunities += added
            if added:
                published.append(opportunity_id)
            else:
                stored = await browsing.opportunity(opportunity_id, conn=conn)
                if stored is not None and stored.kind != item.kind:
                    conflicts.append(_kind_conflict(item, stored.kind))
                    continue
                summary.opportunities_updated += await catalogue.update_opportunity(
                    opportunity_id,
                    category_id=category_id,
                    description=item.description,
                    location=item.location,
                    conn=conn,
                )
            for shift in item.shifts:
                shift_id, added = await catalogue.shift(
                    opportunity_id=opportunity_id,
                    starts_at=shift.starts_at,
                    ends_at=shift.ends_at,
                    capacity=shift.capacity,
                    conn=conn,
                )
                summary.shifts += added
                if added and on_new_shift is not None:
                    await on_new_shift(conn, shift, shift_id)
                elif not added:
                    error = await _update_shift(conn, shift, shift_id, now, summary)
                    if error is not None:
                        conflicts.append(error)
        if conflicts:
            raise CatalogueConflict(conflicts)  # rolls the whole file back
        # After the shifts, so an alert never points at an opportunity without its dates.
        for opportunity_id in published:
            await alerts.opportunity_published(conn, opportunity_id, now, zone=zone)
    return summary


async def _update_shift(
    conn: aiosqlite.Connection,
    shift: ShiftRow,
    shift_id: int,
    now: datetime,
    summary: ImportSummary,
) -> RowError | None:
    """A stored shift takes the file's end and capacity; the error if that cannot be."""
    stored = await managing.shift(shift_id, conn=conn)
    assert stored is not None
    changed = [
        column
        for column, differs in (
            ("ends_at", stored.ends_at != shift.ends_at),
            ("capacity", stored.capacity != shift.capacity),
        )
        if differs
    ]
    if not changed:
        return None
    if stored.starts_at <= now or stored.status != "open":
        # Skipped with a note rather than refused: a coordinator re-imports the whole season's
        # sheet, past dates included, and a row about a shift that already happened (attendance
        # taken, thank-yous sent) must not block the corrections to the coming ones. What
        # happened, or was cancelled in the chat, stays as it was.
        why = "has already started" if stored.starts_at <= now else "was cancelled in the chat"
        summary.left_alone.append(
            RowError(
                shift.line,
                None,
                f"this shift {why}; left as it was (the new {' and '.join(changed)} not applied)",
            )
        )
        return None
    if shift.capacity < stored.confirmed:
        signed_up = f"{_count(stored.confirmed, 'person')} signed up"
        return RowError(
            shift.line,
            "capacity",
            f"{_count(shift.capacity, 'place')}, but {signed_up} already; "
            f"write at least {stored.confirmed}",
        )
    await catalogue.update_shift(
        shift_id, ends_at=shift.ends_at, capacity=shift.capacity, conn=conn
    )
    summary.shifts_updated += 1
    if "ends_at" in changed:
        await plans.shift_moved(conn, shift_id, now)  # the thank-you follows the new end
    if shift.capacity > stored.capacity:
        # The same promotion as a freed place: each person moved up gets a "you got a place".
        summary.promoted += await signups.fill_from_waitlist(conn, shift_id=shift_id, now=now)
    return None


def _kind_conflict(item: OpportunityRow, stored_kind: str) -> RowError:
    stored = "an ongoing role" if stored_kind == "ongoing" else "an opportunity with shifts"
    return RowError(
        item.line,
        "starts_at",
        f"{item.title!r} of {item.organisation} is stored already as {stored}; "
        "an opportunity has either shifts or none",
    )


def past_shifts(opportunities: Sequence[OpportunityRow], now: datetime) -> list[ShiftRow]:
    """Shifts that have started already (imported, but never offered): worth a warning."""
    return [s for o in opportunities for s in o.shifts if s.starts_at <= now]


def to_csv(opportunities: Sequence[OpportunityRow], zone: ZoneInfo, separator: str = ";") -> str:
    """Opportunities as an import file, one row per shift (what Dutch Excel opens as is)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(COLUMNS)

    def local(moment: datetime) -> str:
        return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")

    for item in opportunities:
        details = [item.organisation, item.title, item.description, item.category, item.location]
        if not item.shifts:
            writer.writerow([*details, "", "", ""])
        for shift in item.shifts:
            writer.writerow(
                [*details, local(shift.starts_at), local(shift.ends_at), str(shift.capacity)]
            )
    return out.getvalue()
