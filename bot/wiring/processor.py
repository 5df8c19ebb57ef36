"""Updates from different people run side by side; updates from one person run in order.

A ConversationHandler keeps its state per person, and a double tap must see the first tap's
result, so one person's updates are serialised behind a lock of their own. A tap that has to
wait behind the one before is acknowledged at once, and the screen keeper knows it waits (so the
edit before it can be left out: :mod:`bot.wiring.screens`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor

from bot.wiring.screens import ScreenKeeper

ACKNOWLEDGE_AFTER = 0.25  # seconds a waiting tap may spin before the processor answers it


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self, max_concurrent_updates: int = 256, screens: ScreenKeeper | None = None
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.screens = screens or ScreenKeeper()
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        # Called with each update once it is fully handled; the tests and sandbox listen here.
        self.on_done: list[Callable[[object], None]] = []
        self.in_hand = 0  # updates being handled now
        self._idle = asyncio.Event()
        self._idle.set()

    async def quiet(self, limit: float) -> None:
        """Wait until no update is being handled, at most ``limit`` seconds: background work
        (a re-plan) goes between people's screens, not in the middle of one."""
        if self.in_hand:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), limit)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        self.in_hand += 1
        self._idle.clear()
        try:
            await self._process(update, coroutine)
        finally:
            self.in_hand -= 1
            if not self.in_hand:
                self._idle.set()

    async def _process(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _person(update)
        if key is None:
            try:
                await coroutine
            finally:
                self._done(update)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        tap = _tapped(update)
        acknowledge: asyncio.Task[None] | None = None
        if tap is not None:
            self.screens.tap_waits(*tap)
            if lock.locked() and isinstance(update, Update):
                acknowledge = asyncio.create_task(_acknowledge_later(update))
        try:
            async with lock:
                if tap is not None:
                    self.screens.tap_runs(*tap)
                    tap = None
                if acknowledge is not None and not acknowledge.done():
                    acknowledge.cancel()
                await coroutine
        finally:
            if tap is not None:  # cancelled while waiting
                self.screens.tap_runs(*tap)
            self._waiting[key] -= 1
            if self._waiting[key] == 0:
                del self._waiting[key]
                del self._locks[key]
            self._done(update)

    def _done(self, update: object) -> None:
        for listener in self.on_done:
            listener(update)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


async def _acknowledge_later(update: Update) -> None:
    """The button stops spinning while the tap waits its turn; the flow's own answer (its
    notification, if any) is then left out by the screen keeper."""
    await asyncio.sleep(ACKNOWLEDGE_AFTER)
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()


def _tapped(update: object) -> tuple[int, int] | None:
    """The chat and message of a tapped button, None for anything else."""
    if not isinstance(update, Update) or update.callback_query is None:
        return None
    message = update.callback_query.message
    if message is None:
        return None
    return message.chat.id, message.message_id


def _person(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_user is not None:
        return update.effective_user.id
    return None
