"""Every test talks to the real Application through the stand-in Bot API on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from tests.support.cli import SETTINGS

# A Wednesday morning in Amsterdam, far from the daylight-saving switches.
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "meedoen.sqlite3"


@pytest.fixture
async def harness(db_path: Path, clock: ManualClock) -> AsyncIterator[BotHarness]:
    h = BotHarness(db_path, clock=clock, settings={"COORDINATOR_IDS": "900"})
    await h.start()
    try:
        yield h
    finally:
        await h.stop(stop_api=True)
        # Whatever the bot sent that Telegram would have refused fails the test here.
        refused = [c for c in h.api.errors if _is_bad_request(c.error)]
        assert not refused, f"the bot made requests Telegram refuses: {refused}"


@pytest.fixture
def operator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings as an operator would set them (run from ``tmp_path``); the database path."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "data" / "meedoen.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(db))
    return db


def _is_bad_request(error: str | None) -> bool:
    # Injected 403/429 are the test's own doing; refusals by the API rules are the bot's fault.
    return bool(error) and not error.startswith(("Forbidden", "Too Many Requests"))  # type: ignore[union-attr]
