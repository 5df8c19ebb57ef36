"""Spreadsheets into the database: the catalogue (``import FILE.csv``), the neighbourhoods
(``neighbourhoods FILE.csv``) and the demo (``demo``). A file is checked whole first; a problem
names its line and column, and then nothing of the file is written."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli.checks import check_database_path
from bot.config import Settings
from bot.outbox.timing import Rules

MAX_ERRORS_SHOWN = 30


def import_file(settings: Settings, path: Path) -> int:
    """Check the whole file, then write it in one transaction; errors name line and column."""
    from bot.catalogue.reading import parse_catalogue
    from bot.catalogue.writing import (
        CatalogueConflict,
        ImportSummary,
        past_shifts,
        write_catalogue,
    )
    from bot.clock import SystemClock
    from bot.store import Database

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: cannot read the file: {exc.strerror or exc}", file=sys.stderr)
        return 1
    parsed = parse_catalogue(data, settings.zone)
    if parsed.errors:
        return _refused(path, parsed.errors)
    check_database_path(settings)
    now = SystemClock().now()

    async def write() -> ImportSummary:
        async with Database(settings.database_path) as db:
            return await write_catalogue(
                db, parsed.opportunities, now, Rules.from_settings(settings)
            )

    try:
        summary = asyncio.run(write())
    except CatalogueConflict as conflict:
        return _refused(path, conflict.errors)
    print(f"{path}: {summary.describe()}")
    for note in summary.left_alone:
        print(f"{path}: note: {note}")
    past = past_shifts(parsed.opportunities, now)
    if past:
        lines = ", ".join(str(s.line) for s in past[:10]) + (" …" if len(past) > 10 else "")
        print(
            f"{path}: note: {len(past)} {'shift has' if len(past) == 1 else 'shifts have'} "
            "already started and are not offered "
            f"(lines {lines})."
        )
    return 0


def import_neighbourhoods(settings: Settings, path: Path) -> int:
    """The neighbourhoods of a file, added in one transaction (those there already stay as they
    are); errors name line and column, and then nothing is written."""
    from bot.catalogue.neighbourhood_file import parse_neighbourhoods
    from bot.clock import SystemClock
    from bot.services import neighbourhoods
    from bot.store import Database

    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"{path}: cannot read the file: {exc.strerror or exc}", file=sys.stderr)
        return 1
    parsed = parse_neighbourhoods(data)
    if parsed.errors:
        return _refused(path, parsed.errors)
    check_database_path(settings)

    async def write() -> neighbourhoods.Added:
        async with Database(settings.database_path) as db:
            return await neighbourhoods.import_names(db, parsed.names, SystemClock().now())

    done = asyncio.run(write())
    print(f"{path}: {len(done.added)} neighbourhood(s) added, {len(done.already)} already there.")
    if parsed.doubled:
        print(f"{path}: note: {parsed.doubled} name(s) came twice in the file; each is added once.")
    return 0


def _refused(path: Path, errors: Sequence[object]) -> int:
    for error in errors[:MAX_ERRORS_SHOWN]:
        print(f"{path}: {error}", file=sys.stderr)
    hidden = len(errors) - MAX_ERRORS_SHOWN
    if hidden > 0:
        print(f"{path}: … and {hidden} more", file=sys.stderr)
    print(f"{path}: nothing was imported; correct the file and try again.", file=sys.stderr)
    return 1


def demo(settings: Settings, csv_path: Path | None) -> int:
    """The demo catalogue into the database (idempotent), or written out as an example file."""
    from bot.catalogue.csv_file import to_csv
    from bot.catalogue.demo import demo_catalogue, load_demo
    from bot.clock import SystemClock
    from bot.store import Database

    now = SystemClock().now()
    if csv_path is not None:
        text = to_csv(demo_catalogue(now, settings.zone), settings.zone)
        try:
            csv_path.write_text(text, encoding="utf-8-sig", newline="")
        except OSError as exc:
            print(f"{csv_path}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"{csv_path}: the demo catalogue as an import file.")
        return 0
    check_database_path(settings)

    async def load() -> str:
        async with Database(settings.database_path) as db:
            return (await load_demo(db, now, Rules.from_settings(settings))).describe()

    print(f"Demo catalogue in {settings.database_path}: {asyncio.run(load())}")
    return 0
