"""A restart in the middle of a flow: the screen someone is looking at still works after it."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import confirmation, open_shift, parse_ics, screen_text
from tests.support.people import make_resident, signups_of


async def test_confirm_after_a_restart_signs_up(harness: BotHarness, clock: ManualClock) -> None:
    made = await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    [shift_id] = made.shift_ids
    rosa = await make_resident(harness, 801, "Rosa", "nl")
    await rosa.send("/find")
    await rosa.click("Voorlezen (1)")
    await rosa.click("Voorlezen in de bibliotheek")
    await rosa.click("za 28 nov")
    assert "Wil je je hiervoor aanmelden?" in rosa.last_text()
    await harness.restart()
    await rosa.click("Ja, meld me aan")
    assert "Je bent aangemeld!" in confirmation(rosa)[0]["text"]
    assert parse_ics(rosa.file(rosa.documents()[-1]))["start"] == datetime(
        2026, 11, 28, 13, 0, tzinfo=UTC
    )
    assert await signups_of(harness, shift_id) == [(801, "confirmed")]


async def test_waitlist_and_cancel_survive_a_restart(
    harness: BotHarness, clock: ManualClock
) -> None:
    made = await make_opportunity(
        harness.deps.db, now=clock.now(), shifts=[(SATURDAY[0], SATURDAY[1], 1)]
    )
    [shift_id] = made.shift_ids
    sam = await make_resident(harness, 802, "Sam", "en")
    tom = await make_resident(harness, 803, "Tom", "en")
    await open_shift(sam)
    await sam.click("Yes, sign me up")
    await open_shift(tom)
    await tom.click("Put me on the waitlist")
    await sam.send("/mine")
    await sam.click("Cancel: Sat 28 Nov")
    await harness.restart()
    await sam.click("Yes, cancel")
    assert "Your place is free again" in screen_text(sam)
    await harness.run_job("outbox")
    assert any("Good news" in (m.get("text") or "") for m in tom.messages())
    assert await signups_of(harness, shift_id) == [(802, "cancelled"), (803, "confirmed")]
