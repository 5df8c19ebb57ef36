"""An unexpected error: the person hears a kind sentence, the administrators hear of it (ids
and the kind of error only), at most once per kind an hour."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from bot.services import finding
from tests.support.people import ADMIN, make_resident


async def test_the_administrators_hear_of_an_error_once_an_hour(
    harness: BotHarness, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = harness.person(ADMIN, "Ad", "nl")
    sam = await make_resident(harness, 501, "Sam <b>&</b> 🎉", "nl")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(finding, "categories", broken)
    await sam.send("/find")
    assert "Sorry, er ging bij ons iets mis" in sam.last_text()
    await harness.run_job("outbox")
    reports = [m for m in admin.messages() if "Er ging iets mis in de bot" in m.get("text", "")]
    assert len(reports) == 1
    text = reports[0]["text"]
    assert "RuntimeError" in text and "501" in text
    assert "Sam" not in text and "database went away" not in text  # no names, no content
    # The same kind again within the hour: no second report.
    await sam.send("/find")
    await harness.run_job("outbox")
    assert len([m for m in admin.messages() if "Er ging iets mis" in m.get("text", "")]) == 1
    # An hour later it is reported again.
    clock.advance(timedelta(hours=1, minutes=1))
    await sam.send("/find")
    await harness.run_job("outbox")
    assert len([m for m in admin.messages() if "Er ging iets mis" in m.get("text", "")]) == 2
