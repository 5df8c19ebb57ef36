"""Writing checked opportunities and shifts into the database (the import's second step).

:func:`write_catalogue` writes what :func:`bot.catalogue.reading.parse_catalogue` checked in ONE
transaction through the idempotent store functions, so importing the same file twice adds
nothing twice. Importing a corrected file updates what it describes: an opportunity's
description, category, location, themes (when the file has that column) and the translations it
has columns for, and a shift's end and capacity (a shift is known by its opportunity and start).
Nothing is deleted but a translation whose cell is left empty. The demo catalogue is loaded the
same way.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from bot.catalogue import theme_column
from bot.catalogue.reading import OpportunityRow, RowError, SeriesSpec, ShiftRow
from bot.outbox import planning as plans
from bot.outbox.timing import Rules
from bot.services import alerts, cancellations
from bot.store import Database, browsing, catalogue, managing, translations
from bot.store import series as series_store


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
    rules: Rules,
    *,
    on_new_shift: NewShift | None = None,
) -> ImportSummary:
    """Write checked opportunities in one transaction: add what is new, update what differs.

    A new opportunity is published like one made in the chat: residents who like its category
    get an alert (bundled, through the outbox). A stored opportunity takes the file's description,
    category, location and translations; a stored shift (same start) its end and capacity, as in
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
            themed = await theme_column.write(conn, opportunity_id, item.themes)
            if added:
                published.append(opportunity_id)
            else:
                stored = await browsing.opportunity(opportunity_id, conn=conn)
                if stored is not None and stored.kind != item.kind:
                    conflicts.append(_kind_conflict(item, stored.kind))
                    continue
            updated = await catalogue.update_opportunity(
                opportunity_id,
                category_id=category_id,
                description=item.description,
                location=item.location,
                conn=conn,
            )
            # The translations it has columns for; an empty cell removes one stored before.
            texts = {key: text or None for key, text in item.translations.items()}
            translated = await translations.set_texts(opportunity_id, texts, conn=conn)
            if not added and (updated or translated or themed):
                summary.opportunities_updated += 1
            made: dict[SeriesSpec, int] = {}
            for shift in item.shifts:
                shift_id, added = await catalogue.shift(
                    opportunity_id=opportunity_id,
                    starts_at=shift.starts_at,
                    ends_at=shift.ends_at,
                    capacity=shift.capacity,
                    conn=conn,
                )
                summary.shifts += added
                if shift.series is not None:
                    await _join_series(conn, shift.series, opportunity_id, shift_id, now, made)
                if added and on_new_shift is not None:
                    await on_new_shift(conn, shift, shift_id)
                elif not added:
                    error = await _update_shift(conn, shift, shift_id, now, rules, summary)
                    if error is not None:
                        conflicts.append(error)
        if conflicts:
            raise CatalogueConflict(conflicts)  # rolls the whole file back
        # After the shifts, so an alert never points at an opportunity without its dates.
        for opportunity_id in published:
            await alerts.opportunity_published(conn, opportunity_id, now, zone=rules.zone)
    return summary


async def _join_series(
    conn: aiosqlite.Connection,
    spec: SeriesSpec,
    opportunity_id: int,
    shift_id: int,
    now: datetime,
    made: dict[SeriesSpec, int],
) -> None:
    """A date of a series row joins its series (stored once per row, idempotently)."""
    if spec not in made:
        made[spec], _ = await series_store.add(
            opportunity_id=opportunity_id,
            every_weeks=spec.repeat.every_weeks,
            first_day=spec.first_day,
            until_day=spec.repeat.until,
            starts=spec.starts,
            ends=spec.ends,
            capacity=spec.capacity,
            now=now,
            conn=conn,
        )
    await series_store.attach(shift_id, made[spec], conn=conn)


async def _update_shift(
    conn: aiosqlite.Connection,
    shift: ShiftRow,
    shift_id: int,
    now: datetime,
    rules: Rules,
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
        await plans.shift_moved(conn, shift_id, now, rules)  # the thank-you follows the new end
    if shift.capacity > stored.capacity:
        # The same promotion as a freed place: each person moved up gets a "you got a place".
        summary.promoted += await cancellations.fill_from_waitlist(
            conn, shift_id=shift_id, now=now, rules=rules
        )
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
