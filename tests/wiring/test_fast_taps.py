"""Someone who taps fast, under Telegram's one-message-a-second per chat: every tap stops
spinning at once, they end on the screen of their last tap, and no edit repeats a screen.
And a button under a photo (the /stats chart) opens its screen in a new message."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from bot.clock import ManualClock
from bot.sandbox.fake_api import FakeBotApi, TelegramLimits
from bot.sandbox.harness import BotHarness
from conversations import actions
from tests.support.catalogue import make_opportunity
from tests.support.people import make_coordinator, make_resident

TAPS = 6


async def test_fast_taps_are_acknowledged_at_once_and_end_on_the_last_screen(
    db_path: Path, clock: ManualClock
) -> None:
    api = FakeBotApi(limits=TelegramLimits())
    harness = BotHarness(db_path, api=api, clock=clock)
    await harness.start()
    try:
        await make_opportunity(harness.deps.db, now=harness.now())
        sam = await make_resident(harness, 301, "Sam", "en")
        await asyncio.sleep(1.1)  # Telegram's second per chat after joining (real time: its limit)
        menu = sam.last()
        edits_before = len(api.calls_to("editMessageText"))
        # Six taps within a moment, all on the same (old) menu message: find, menu, find, ...
        pushed = time.monotonic()
        taps = [
            api.user_click(
                sam.id, menu, (actions.CATEGORIES if i % 2 == 0 else actions.MENU).data()
            )
            for i in range(TAPS - 1)
        ] + [api.user_click(sam.id, menu, actions.CATEGORIES.data())]
        await asyncio.wait_for(
            asyncio.gather(*(harness.handled(update_id) for update_id, _ in taps)), 10
        )
        done = time.monotonic() - pushed
        answered_at = {
            str(c.params["callback_query_id"]): c.at for c in api.calls_to("answerCallbackQuery")
        }
        for _update_id, query_id in taps:
            assert query_id in answered_at, "every tap is answered"
            assert answered_at[query_id] - pushed < 1.0, "no button spins for long"
        # The person ends on the screen of their last tap: the categories.
        assert "Reading aloud (" in " ".join(sam.buttons(sam.last()))
        edits = len(api.calls_to("editMessageText")) - edits_before
        assert edits <= 3, f"{edits} edits for screens nobody would see"
        assert done < 4.0, f"the last screen came after {done:.1f} s"
        refused = [c for c in api.errors if not (c.error or "").startswith("Too Many")]
        assert not refused, refused
    finally:
        await harness.stop(stop_api=True)


async def test_a_tap_that_shows_the_same_screen_edits_nothing(harness: BotHarness) -> None:
    sam = await make_resident(harness, 302, "Sam", "en")
    for action in (actions.SETTINGS, actions.HELP, actions.MENU):
        await sam.click_data(action.data())
        edits = len(harness.api.calls_to("editMessageText"))
        # The same button on the same screen again (a double tap): no edit, no "not modified".
        answer = await sam.click_data(action.data())
        assert answer, "the tap is answered"
        assert len(harness.api.calls_to("editMessageText")) == edits
    assert not [c for c in harness.api.errors if "not modified" in (c.error or "")]


async def test_the_menu_button_under_the_stats_chart_opens_the_menu(harness: BotHarness) -> None:
    await make_opportunity(harness.deps.db, now=harness.now())
    coordinator, _ = await make_coordinator(harness, 303, "Bibliotheek Midden")
    await coordinator.send("/stats")
    chart = coordinator.last()
    assert "photo" in chart
    coordinator.new_messages()
    await coordinator.click("🏠 Menu", chart)
    text = coordinator.last_text()
    assert "something went wrong" not in text.lower()
    assert "Sorry" not in text
    assert coordinator.last() is not chart and coordinator.buttons()
