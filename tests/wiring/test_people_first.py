"""Background work (a re-plan after a start) goes between people's screens, not inside one."""

from __future__ import annotations

import asyncio

from bot.wiring.processor import PerPersonUpdateProcessor


async def test_quiet_waits_for_the_screens_in_hand_and_no_longer_than_its_limit() -> None:
    processor = PerPersonUpdateProcessor()
    finish = asyncio.Event()
    order: list[str] = []

    async def screen() -> None:
        await finish.wait()
        order.append("screen done")

    handling = asyncio.create_task(processor.do_process_update(object(), screen()))
    await asyncio.sleep(0)
    assert processor.in_hand == 1

    async def background() -> None:
        await processor.quiet(5.0)
        order.append("background")

    waiting = asyncio.create_task(background())
    await asyncio.sleep(0.01)
    assert order == []  # the background work waits while a screen is being made
    finish.set()
    await asyncio.wait_for(asyncio.gather(handling, waiting), 5)
    assert order == ["screen done", "background"] and processor.in_hand == 0

    # Under a screen that never ends, the background work goes on after its limit.
    never = asyncio.create_task(processor.do_process_update(object(), asyncio.Event().wait()))
    await asyncio.sleep(0)
    await asyncio.wait_for(processor.quiet(0.05), 5)
    never.cancel()
