"""Telegram's flood limits, kept by the bot: PTB's ``BaseRateLimiter`` with a sliding window.

Replies come before bulk: the outbox's sender marks broadcasts, calls for help and alerts
``Priority.BULK`` (PTB's ``rate_limit_args``); everything else is a person's.

Every Bot API request that goes to a chat passes :class:`TelegramRateLimiter`: at most 30 in any
second overall (:class:`SlidingWindow`), at most 20 a minute to one group, and a 429 that still
gets through stops all sending for its ``retry_after`` and is tried again (3 times). Requests
without a chat (answering a button) are not counted, as Telegram does not count them either.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import math
import warnings
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.outbox.letters import Priority
from bot.wiring.screens import ScreenKeeper

log = logging.getLogger(__name__)

OVERALL_PER_WINDOW = 30  # Telegram: about 30 messages a second overall
WINDOW_SECONDS = 1.02  # a second after the answer, and a hair
SPACING_SECONDS = WINDOW_SECONDS / OVERALL_PER_WINDOW  # bulk evenly: never a burst of 30
GROUP_PER_MINUTE = 20  # Telegram: 20 messages a minute to one group
MAX_RETRIES = 3
MAX_GROUPS = 512  # group limiters kept; idle ones are let go beyond this
PER_CHAT_SECONDS = 1.0  # Telegram: about one message a second to one chat
MAX_CHATS_REMEMBERED = 4096


class SlidingWindow:
    """At most ``limit`` requests in any ``window`` seconds, as Telegram counts its limit, and
    replies before bulk.

    aiolimiter's leaky bucket (PTB's default) lets 30 go at once and then one every 1/30 s, so
    31 can fall within one second and Telegram answers 429; each 429 stops all sending for
    ``retry_after``. Here a request counts in the window from when it is sent until ``window``
    seconds after its answer came back: Telegram counted it somewhere in between, so however
    long the way there took (a busy event loop, a slow network), the next one cannot land
    within the same second. A bulk request goes at least ``spacing`` after the one before (by
    default a window's share: bulk goes evenly, never 30 at once), so a reply that comes while
    a broadcast fills the window waits for one place to come free, a thirtieth of a second,
    not for a whole burst to age out of the window. A person's requests are not spaced: a
    screen that takes three calls (an edit, a file, a question) would otherwise wait three
    spacings.

    A bulk request never goes while a person's request waits, and while people are using the bot
    bulk leaves places of the window free for them: as many as people used in the last window,
    and ``headroom`` more (a busy minute needs more room than a quiet one; a fixed headroom of
    3 let the fourth reply in a second wait up to a second behind bulk).
    When nobody has used the bot for two windows, bulk has the whole window.
    """

    def __init__(self, limit: int, window: float, spacing: float, headroom: int = 3) -> None:
        self.limit = limit
        self.window = window
        self.spacing = spacing
        self.headroom = headroom
        self._sent: list[list[float]] = []  # [answered at], math.inf while still on its way
        self._last = -math.inf
        self._last_person = -math.inf
        self._people: collections.deque[float] = collections.deque()  # people's recent sends
        self._people_waiting = 0
        self._changed = asyncio.Event()
        self._turns = {Priority.PERSON: asyncio.Lock(), Priority.BULK: asyncio.Lock()}

    def _room(self, now: float, priority: Priority) -> int:
        """How full the window may be for a request of this priority to go."""
        if priority is Priority.PERSON or now - self._last_person > 2 * self.window:
            return self.limit
        while self._people and now - self._people[0] >= self.window:
            self._people.popleft()
        headroom = self.headroom + len(self._people)
        return max(self.limit - headroom, 1)  # people's own requests are in the window too

    def _wait(self, now: float, priority: Priority) -> float:
        """How long until the next request may go (0: now; inf: when an answer comes)."""
        self._sent = [entry for entry in self._sent if now - entry[0] < self.window]
        if priority is Priority.BULK and self._people_waiting:
            return max(self.spacing, 0.001)  # look again soon: a person goes first
        if len(self._sent) >= self._room(now, priority):
            return min(entry[0] for entry in self._sent) + self.window - now
        if priority is Priority.PERSON:
            return 0.0
        return max(self._last + self.spacing - now, 0.0)

    async def _take(self, priority: Priority) -> list[float]:
        loop = asyncio.get_running_loop()
        person = priority is Priority.PERSON
        self._people_waiting += person
        try:
            async with self._turns[priority]:  # within a priority, in the order they came
                while (delay := self._wait(loop.time(), priority)) > 0:
                    self._changed.clear()  # set when an answer comes back or a slot is taken
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), min(delay, 60.0))
                self._last = loop.time()
                if person:
                    self._last_person = self._last
                    self._people.append(self._last)
                entry = [math.inf]
                self._sent.append(entry)
                return entry
        finally:
            self._people_waiting -= person
            self._changed.set()

    @contextlib.asynccontextmanager
    async def slot(self, priority: Priority = Priority.PERSON) -> AsyncIterator[None]:
        """One request's place in the window, from sending until its answer came back."""
        entry = await self._take(priority)
        try:
            yield
        finally:
            entry[0] = asyncio.get_running_loop().time()
            self._changed.set()


def retry_after_seconds(exc: RetryAfter) -> float:
    """How long Telegram asks us to wait, whichever form PTB gives it in."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 deprecates the int form; either is fine here
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


JSON = bool | dict[str, Any] | list[dict[str, Any]]


class TelegramRateLimiter(BaseRateLimiter[Priority]):
    """The overall sliding window, a limit per group, and 429s waited out a few times."""

    def __init__(
        self,
        overall: SlidingWindow | None = None,
        *,
        group_per_minute: int = GROUP_PER_MINUTE,
        max_retries: int = MAX_RETRIES,
        screens: ScreenKeeper | None = None,
    ) -> None:
        self.screens = screens or ScreenKeeper()
        self.overall = overall or SlidingWindow(OVERALL_PER_WINDOW, WINDOW_SECONDS, SPACING_SECONDS)
        self.group_per_minute = group_per_minute
        self.max_retries = max_retries
        self._groups: dict[int | str, AsyncLimiter] = {}
        self._not_waiting = asyncio.Event()  # cleared while a 429's retry_after runs
        self._not_waiting.set()
        self._last_to: dict[int, float] = {}  # when something last went to a private chat

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def _group(self, chat: int | str) -> AsyncLimiter:
        if len(self._groups) > MAX_GROUPS:
            for key, limiter in list(self._groups.items()):
                if key != chat and limiter.has_capacity(limiter.max_rate):
                    del self._groups[key]
        if chat not in self._groups:
            self._groups[chat] = AsyncLimiter(self.group_per_minute, 60)
        return self._groups[chat]

    async def _one_a_second(self, chat: int) -> None:
        """A bulk message to a chat waits until a second after the last request to it (Telegram:
        about one message a second per chat); a person's replies are never held back so."""
        last = self._last_to.get(chat, -math.inf)
        wait = last + PER_CHAT_SECONDS - asyncio.get_running_loop().time()
        if wait > 0:
            await asyncio.sleep(wait)

    def _sent_to(self, chat: int) -> None:
        now = asyncio.get_running_loop().time()
        if len(self._last_to) > MAX_CHATS_REMEMBERED:
            self._last_to = {c: t for c, t in self._last_to.items() if now - t < PER_CHAT_SECONDS}
        self._last_to[chat] = now

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSON]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> JSON:
        retries = self.max_retries
        priority = rate_limit_args or Priority.PERSON
        chat = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat = int(chat)  # type: ignore[arg-type]
        group_chat = chat if isinstance(chat, str) or (isinstance(chat, int) and chat < 0) else None
        private = chat if isinstance(chat, int) and chat > 0 else None
        if private is not None and priority is Priority.BULK:
            await self._one_a_second(private)
        for attempt in range(retries + 1):
            if self.screens.skip(endpoint, data):
                return True  # a screen already shown or about to be replaced; a tap answered
            try:
                group = (
                    self._group(group_chat) if group_chat is not None else contextlib.nullcontext()
                )
                overall = (
                    self.overall.slot(priority) if chat is not None else contextlib.nullcontext()
                )
                async with group, overall:
                    await self._not_waiting.wait()
                    if private is not None:
                        self._sent_to(private)
                    try:
                        result = await callback(*args, **kwargs)
                    except Exception:
                        self.screens.forget(endpoint, data)
                        raise
                    self.screens.sent(endpoint, data, result)
                    return result
            except RetryAfter as exc:
                if attempt == retries:
                    log.warning("%s: rate limited after %s retries", endpoint, retries)
                    raise
                pause = retry_after_seconds(exc) + 0.1
                log.info("%s: rate limited; waiting %.1f s", endpoint, pause)
                self._not_waiting.clear()
                await asyncio.sleep(pause)
            finally:
                self._not_waiting.set()
        raise AssertionError("unreachable")  # the loop returns or raises
