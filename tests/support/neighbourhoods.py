"""The neighbourhoods of a test's area, set as the spreadsheet import sets them, and where a
resident lives as stored."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness
from bot.services import neighbourhoods
from tests.support.people import one


async def set_neighbourhoods(harness: BotHarness, *names: str) -> None:
    await neighbourhoods.import_names(harness.deps.db, names, harness.now())


async def neighbourhood_of(harness: BotHarness, resident_id: int) -> str | None:
    """The name of the resident's neighbourhood, or None."""
    row = await one(
        harness,
        "SELECT n.name FROM residents r LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id"
        " WHERE r.id = ?",
        resident_id,
    )
    return row[0] if row else None


async def asked_at(harness: BotHarness, resident_id: int) -> str | None:
    """When the one-time question was asked (or answered in /settings); None: never."""
    row = await one(
        harness, "SELECT neighbourhood_asked_at FROM residents WHERE id = ?", resident_id
    )
    return row[0] if row else None
