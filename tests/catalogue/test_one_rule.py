"""One rule, one place: the chat and the spreadsheet import refuse the same shifts.

The hour that summer time skips (02:00-03:00 on the last Sunday of March in Amsterdam) and more
than 500 places are refused by both; the chat says so in a kind sentence and asks again, the
import names the line and the column.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest

from bot.catalogue.reading import parse_catalogue, parse_local_time
from bot.clock import ManualClock, SkippedTime, local_to_utc
from bot.limits import MAX_PLACES
from bot.services import publishing
from bot.store import catalogue
from tests.support.chat import skip_themes

if TYPE_CHECKING:
    from bot.sandbox.harness import BotHarness

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
HEADER = "organisation,title,description,category,location,starts_at,ends_at,capacity"
SKIPPED = "The clocks go forward then"  # part of the chat's sentence for 'skipped_hour'
TOO_MANY = f"Please type a whole number from 1 to {MAX_PLACES}, e.g. 12."


@pytest.fixture
def clock() -> ManualClock:
    # The Monday before summer time starts (Sunday 28 March 2027), so the calendar shows it.
    return ManualClock(datetime(2027, 3, 22, 9, 0, tzinfo=UTC))


def one_row(starts_at: str, ends_at: str, capacity: str) -> str:
    return (
        f"{HEADER}\r\nBibliotheek A,Voorlezen,Lees voor,Voorlezen,Bieb,"
        f"{starts_at},{ends_at},{capacity}\r\n"
    )


async def test_the_chat_refuses_the_skipped_hour_and_501_places(harness: BotHarness) -> None:
    async with harness.deps.db.transaction() as conn:
        await catalogue.organisation("Bibliotheek A", conn=conn)
        await catalogue.category("Voorlezen", conn=conn)
    coco = harness.person(900, "Coco", "en")  # an administrator in the test settings
    await coco.send("/new")
    await coco.send("Story hour")
    await coco.send("Reading aloud to children.")
    await coco.click("Voorlezen")
    await skip_themes(coco)
    await coco.send("Library, Stationsplein 1")
    await coco.click("Shifts on set days")
    await coco.click("28")
    assert "Sunday 28 March" in coco.last_text()

    # A start in the skipped hour: explained, and the same question again.
    await coco.send("02:30")
    assert SKIPPED.lower() in coco.last_text().lower()
    assert "What time does it start?" in coco.last_text()
    await coco.send("01:00")
    # An end in the skipped hour: the same.
    await coco.send("02:15")
    assert SKIPPED.lower() in coco.last_text().lower()
    assert "What time does it end?" in coco.last_text()
    await coco.send("03:30")
    assert "01:00–03:30" in coco.last_text()

    # 501 places: refused, asked again; 500 is the most.
    await coco.send(str(MAX_PLACES + 1))
    assert coco.last_text().startswith(TOO_MANY)
    assert "How many volunteers are needed?" in coco.last_text()
    await coco.send(str(MAX_PLACES))
    assert "01:00–03:30 – 500 places" in coco.last_text()

    await coco.click("Show the preview")
    await coco.click("Publish")
    async with harness.deps.db.read() as conn:
        async with conn.execute("SELECT starts_at, ends_at, capacity FROM shifts") as cur:
            stored = [tuple(row) for row in await cur.fetchall()]
    # 01:00 is still winter time (UTC+1), 03:30 already summer time (UTC+2).
    assert stored == [("2027-03-28T00:00:00Z", "2027-03-28T01:30:00Z", 500)]


def test_the_services_refuse_what_the_chat_refuses() -> None:
    with pytest.raises(publishing.Invalid) as refused:
        publishing.local_moment(date(2027, 3, 28), "02:00", AMSTERDAM)
    assert refused.value.reason == "skipped_hour"
    with pytest.raises(publishing.Invalid) as refused:
        publishing.shift_times(date(2027, 3, 28), "01:00", "02:59", AMSTERDAM)
    assert refused.value.reason == "skipped_hour"
    assert publishing.parse_capacity("500") == MAX_PLACES
    assert publishing.parse_capacity("501") is None


def test_chat_and_import_read_a_wall_clock_time_the_same_way() -> None:
    with pytest.raises(SkippedTime):
        local_to_utc(datetime(2027, 3, 28, 2, 30), AMSTERDAM)
    # A time that happens twice (summer time ends) is the first one, in both.
    doubled = publishing.local_moment(date(2026, 10, 25), "02:30", AMSTERDAM)
    assert doubled == parse_local_time("2026-10-25 02:30", AMSTERDAM)
    assert doubled == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert local_to_utc(datetime(2027, 3, 28, 3, 0), AMSTERDAM) == datetime(
        2027, 3, 28, 1, 0, tzinfo=UTC
    )


def test_the_import_refuses_the_skipped_hour_with_line_and_column() -> None:
    parsed = parse_catalogue(
        one_row("2027-03-28 02:30", "2027-03-28 04:00", "3").encode(), AMSTERDAM
    )
    assert not parsed.ok and not parsed.opportunities
    [error] = parsed.errors
    assert (error.line, error.column) == (2, "starts_at")
    assert "does not exist" in error.message and "Europe/Amsterdam" in error.message
    assert str(error).startswith("line 2, column starts_at: '2027-03-28 02:30' does not exist")


def test_the_import_refuses_501_places_with_line_and_column_naming_the_limit() -> None:
    parsed = parse_catalogue(
        one_row("2027-04-02 14:00", "2027-04-02 16:00", "501").encode(), AMSTERDAM
    )
    [error] = parsed.errors
    assert (error.line, error.column) == (2, "capacity")
    assert str(error) == "line 2, column capacity: 501 places: at most 500"
    accepted = parse_catalogue(
        one_row("2027-04-02 14:00", "2027-04-02 16:00", "500").encode(), AMSTERDAM
    )
    assert accepted.ok and accepted.opportunities[0].shifts[0].capacity == MAX_PLACES
