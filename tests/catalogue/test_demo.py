"""The demo catalogue: realistic, dated from today, loaded once however often it is run."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.catalogue.csv_file import to_csv
from bot.catalogue.demo import CATALOGUE, demo_catalogue, load_demo
from bot.catalogue.reading import parse_catalogue
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.store import Database, from_db
from tests.support.people import make_resident

RULES = Rules()  # the default settings: 24h,2h; 22:00-08:00; Europe/Amsterdam

ZONE = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


async def rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    async with db.read() as conn, conn.execute(sql) as cur:
        return [tuple(r) for r in await cur.fetchall()]


SHIFTS = (
    "SELECT s.starts_at, s.ends_at, s.capacity,"
    " (SELECT COUNT(*) FROM signups u WHERE u.shift_id = s.id AND u.status = 'confirmed')"
    " FROM shifts s"
)


async def test_demo_is_a_realistic_catalogue_with_shifts_ahead(db_path: Path) -> None:
    async with Database(db_path) as db:
        summary = await load_demo(db, NOW, RULES)
        assert summary.opportunities >= 12 and summary.categories >= 5
        assert 2 <= summary.organisations <= 3
        kinds = Counter(k for (k,) in await rows(db, "SELECT kind FROM opportunities"))
        assert kinds["episodic"] >= 10 and kinds["ongoing"] >= 3
        titles = {t for (t,) in await rows(db, "SELECT title FROM opportunities")}
        for expected in ("Taalmaatje", "Vrijwilligerscoördinator", "Bestuurslid (penningmeester)"):
            assert expected in titles
        assert any("Digisterker" in t for t in titles)
        assert any("robotica" in t for t in titles)
        assert any("NLdoet" in t for t in titles)
        shifts = await rows(db, SHIFTS)
        assert len(shifts) == summary.shifts >= 30
        for starts_at, ends_at, capacity, taken in shifts:
            start, end = from_db(starts_at), from_db(ends_at)
            # From tomorrow to five weeks ahead, in the day, on the hour or half hour.
            assert NOW < start < end < NOW + timedelta(days=35)
            local = start.astimezone(ZONE)
            assert 9 <= local.hour <= 16 and local.minute in (0, 30)
            assert 0 <= taken <= capacity
        free = [capacity - taken for _, _, capacity, taken in shifts]
        assert free.count(1) >= 3, "some shifts are almost full"
        assert free.count(0) >= 1, "one shift is full, to show the waitlist"
        nearest = min(from_db(starts_at) for starts_at, *_ in shifts)
        assert nearest - NOW < timedelta(days=2), "something to do in the next days"


async def test_loading_the_demo_again_adds_nothing(db_path: Path) -> None:
    async with Database(db_path) as db:
        await load_demo(db, NOW, RULES)
        before = await rows(db, SHIFTS)
        again = await load_demo(db, NOW + timedelta(hours=3), RULES)
        assert again.nothing_new
        assert await rows(db, SHIFTS) == before
        assert await rows(db, "SELECT COUNT(*) FROM signups") == [(sum(t for *_, t in before),)]


@pytest.mark.parametrize(
    "now",
    [
        datetime(2027, 3, 27, 9, 0, tzinfo=UTC),  # the day before summer time starts
        datetime(2026, 10, 24, 21, 30, tzinfo=UTC),  # just before midnight, summer time ends
        datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # new year's night, already 00:30 local
    ],
)
def test_demo_times_stay_local_times_across_clock_changes(now: datetime) -> None:
    wanted = {(s.start, s.end) for offer in CATALOGUE for s in offer.shifts}
    today = now.astimezone(ZONE).date()
    for opportunity in demo_catalogue(now, ZONE):
        for shift in opportunity.shifts:
            start, end = shift.starts_at.astimezone(ZONE), shift.ends_at.astimezone(ZONE)
            assert (start.strftime("%H:%M"), end.strftime("%H:%M")) in wanted
            assert start.date() > today


def test_demo_written_as_an_import_file_reads_back_the_same() -> None:
    demo = demo_catalogue(NOW, ZONE)
    parsed = parse_catalogue(to_csv(demo, ZONE).encode("utf-8-sig"), ZONE)
    assert parsed.errors == []

    def shape(items: list[Any]) -> list[Any]:
        return [
            (o.organisation, o.title, o.description, o.category, o.location, o.kind,
             [(s.starts_at, s.ends_at, s.capacity) for s in o.shifts])
            for o in items
        ]  # fmt: skip

    assert shape(parsed.opportunities) == shape(demo)


async def test_a_resident_finds_the_demo_in_the_chat(harness: BotHarness) -> None:
    await load_demo(harness.deps.db, harness.now(), RULES)
    sanne = await make_resident(harness, 401, "Sanne", "nl")
    await sanne.send("/find")
    themes = sanne.buttons()
    for theme in ("Voorlezen", "Taal", "Digitale hulp", "Bibliotheek", "Bestuur en organisatie"):
        assert any(label.startswith(theme) for label in themes), themes
    await sanne.click("Digitale hulp")
    assert any("robotica-club" in label for label in sanne.buttons())
