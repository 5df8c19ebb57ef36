"""SIGTERM during a long delivery: the bot stops within seconds; nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from benchmarks.outbox import seed
from bot.clock import ManualClock
from bot.sandbox.fake_api import FakeBotApi, TelegramLimits
from bot.sandbox.harness import BotHarness
from bot.store import Database


async def test_a_stop_during_delivery_is_quick_and_keeps_the_rest_queued(
    db_path: Path, clock: ManualClock
) -> None:
    api = FakeBotApi(limits=TelegramLimits(), known_chats_only=False)
    settings = {"REMINDER_OFFSETS": "1h", "QUIET_HOURS": "off"}
    harness = BotHarness(db_path, api=api, clock=clock, settings=settings)
    await harness.start()
    chats = await seed(harness, 120)  # 120 reminders: four seconds at 30 a second
    clock.advance(timedelta(hours=1))
    harness.deps.kick()  # the job queue delivers, as after a sign-up
    deadline = time.monotonic() + 5
    while len(api.calls_to("sendMessage")) < 30:  # delivery is under way
        assert time.monotonic() < deadline, "delivery did not start"
        await asyncio.sleep(0.05)
    started = time.monotonic()
    await asyncio.wait_for(harness.stop(), 5)  # as on SIGTERM: PTB waits for running jobs
    assert time.monotonic() - started < 5
    sent = Counter(int(c.params["chat_id"]) for c in api.calls_to("sendMessage"))
    assert sent and max(sent.values()) == 1  # nobody twice
    # What did not go stays queued; a new start sends it, still nobody twice.
    async with Database(db_path) as db, db.read() as conn:
        async with conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND kind = 'reminder'"
        ) as cur:
            (pending,) = await cur.fetchone()  # type: ignore[misc]
    assert pending == len(chats) - len(sent) > 0
    await harness.start()
    try:
        await harness.run_job("outbox")
    finally:
        await harness.stop(stop_api=True)
    again = Counter(int(c.params["chat_id"]) for c in api.calls_to("sendMessage"))
    assert sorted(again) == sorted(chats) and max(again.values()) == 1
