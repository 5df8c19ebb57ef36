"""Telegram's limit is shared: a person's reply never waits behind a broadcast's messages."""

from __future__ import annotations

import asyncio

from bot.outbox.letters import Priority
from bot.wiring.rate_limit import SlidingWindow

WINDOW = 0.2  # a short window keeps the test quick; the rules are the same as with 1 s


async def test_a_reply_overtakes_the_bulk_that_waits() -> None:
    window = SlidingWindow(limit=6, window=WINDOW, spacing=0.0, headroom=1)
    order: list[str] = []

    async def send(name: str, priority: Priority) -> None:
        async with window.slot(priority):
            order.append(name)

    bulk = [asyncio.create_task(send(f"bulk{n}", Priority.BULK)) for n in range(18)]
    await asyncio.sleep(0)  # the first window fills with bulk
    reply = asyncio.create_task(send("reply", Priority.PERSON))
    await asyncio.wait_for(asyncio.gather(reply, *bulk), 10)
    # The reply went in the next window at the latest, before the bulk that waited.
    assert order.index("reply") <= 6, order


async def in_one_window(window: SlidingWindow, priority: Priority, count: int) -> int:
    """How many of ``count`` requests got a slot within the first window."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    done = 0

    async def one() -> None:
        nonlocal done
        async with window.slot(priority):
            if loop.time() - started < WINDOW * 0.9:
                done += 1

    await asyncio.wait_for(asyncio.gather(*(one() for _ in range(count))), 10)
    return done


async def test_bulk_has_the_whole_window_when_nobody_is_about() -> None:
    window = SlidingWindow(limit=10, window=WINDOW, spacing=0.0, headroom=3)
    assert await in_one_window(window, Priority.BULK, 10) == 10


async def test_bulk_leaves_room_while_people_use_the_bot() -> None:
    window = SlidingWindow(limit=10, window=WINDOW, spacing=0.0, headroom=3)
    async with window.slot(Priority.PERSON):  # a person was just answered
        pass
    # Of the 10 places: the person's 1, bulk 5, and 1 + the headroom of 3 kept free for people.
    assert await in_one_window(window, Priority.BULK, 10) == 5


async def test_a_persons_calls_are_not_spaced_but_bulk_is() -> None:
    """A screen of three calls (an edit, a file, a question) goes at once; bulk keeps apart."""
    spacing = 0.05
    loop = asyncio.get_running_loop()

    async def three(priority: Priority) -> float:
        window = SlidingWindow(limit=30, window=WINDOW, spacing=spacing, headroom=3)
        started = loop.time()
        for _ in range(3):
            async with window.slot(priority):
                pass
        return loop.time() - started

    assert await asyncio.wait_for(three(Priority.PERSON), 5) < spacing
    assert await asyncio.wait_for(three(Priority.BULK), 5) >= 2 * spacing * 0.9


async def test_bulk_leaves_more_room_the_more_people_use_the_bot() -> None:
    window = SlidingWindow(limit=30, window=WINDOW, spacing=0.0, headroom=3)
    for _ in range(6):  # six replies in this window: bulk keeps 6 + 3 places free
        async with window.slot(Priority.PERSON):
            pass
    # Of the 30 places: the people's 6, bulk 15, and 9 kept free for more replies.
    assert await in_one_window(window, Priority.BULK, 30) == 15
