"""The real bot against the stand-in Bot API, with people who type and tap.

Used by the tests, the terminal sandbox and the benchmarks, so all three drive exactly the
``Application`` that runs in production, over HTTP on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from telegram import Update

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.deps import Deps
from bot.sandbox.fake_api import FakeBotApi
from bot.wiring.app import Meedoen, build_application
from bot.wiring.processor import PerPersonUpdateProcessor

TEST_TOKEN = "123456:SANDBOX-not-a-real-token"
WAIT = 10.0  # the longest any single step may take before a test fails


class BotHarness:
    """Starts the stand-in API and the bot; ``person()`` makes someone to chat with it."""

    def __init__(
        self,
        database_path: Path | str,
        *,
        api: FakeBotApi | None = None,
        clock: Clock | None = None,
        settings: dict[str, Any] | None = None,
        rate_limiter: bool = True,
    ) -> None:
        self.api = api or FakeBotApi()
        self.rate_limiter = rate_limiter  # off in benchmarks that measure our own code
        self.clock = clock or SystemClock()
        self.database_path = database_path
        self.settings_overrides = settings or {}
        self.app: Meedoen | None = None
        self._done: set[int] = set()
        self._done_event = asyncio.Event()
        self._api_started = False

    @property
    def application(self) -> Meedoen:
        assert self.app is not None, "bot is not running"
        return self.app

    @property
    def deps(self) -> Deps:
        return self.application.bot_data.deps

    def settings(self) -> Settings:
        values: dict[str, Any] = {
            "BOT_TOKEN": TEST_TOKEN,
            "TELEGRAM_API_URL": self.api.base_url,
            "DATABASE_PATH": str(self.database_path),
        }
        values.update(self.settings_overrides)
        return Settings(**values)

    async def start(self) -> None:
        if not self._api_started:
            await self.api.start()
            self._api_started = True
        self.app = build_application(
            self.settings(), clock=self.clock, token=TEST_TOKEN, rate_limiter=self.rate_limiter
        )
        processor = self.app.update_processor
        assert isinstance(processor, PerPersonUpdateProcessor)
        processor.on_done.append(self._on_done)
        await self.app.initialize()
        if self.app.post_init:
            await self.app.post_init(self.app)
        await self.app.start()
        assert self.app.updater is not None
        await self.app.updater.start_polling(poll_interval=0, timeout=10)
        # The work after a start runs in the background; the tests want it settled.
        await asyncio.wait_for(self.deps.settled.wait(), WAIT)

    async def stop(self, *, stop_api: bool = False) -> None:
        """A clean stop, as on SIGTERM: persistence flushed, database closed."""
        if self.app is not None:
            app, self.app = self.app, None
            assert app.updater is not None
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
            if app.post_shutdown:
                await app.post_shutdown(app)
        if stop_api and self._api_started:
            await self.api.stop()
            self._api_started = False

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    def _on_done(self, update: object) -> None:
        if isinstance(update, Update):
            self._done.add(update.update_id)
            self._done_event.set()

    async def handled(self, update_id: int, limit: float = WAIT) -> None:
        """Wait until the bot has fully handled one update (bounded)."""

        async def wait() -> None:
            while update_id not in self._done:
                self._done_event.clear()
                await self._done_event.wait()

        await asyncio.wait_for(wait(), limit)

    def person(
        self, user_id: int, first_name: str = "Sam", language_code: str | None = "nl"
    ) -> Person:
        self.api.add_user(user_id, first_name, language_code)
        return Person(self, user_id)

    async def run_job(self, name: str) -> None:
        """Run a scheduled job now (tests move the clock, then ask the job to look)."""
        jobs = self.application.job_queue.get_jobs_by_name(name)  # type: ignore[union-attr]
        if not jobs:
            raise LookupError(f"no job named {name}")
        await jobs[0].run(self.application)

    def now(self) -> datetime:
        return self.clock.now()


class Person:
    """Someone in a private chat with the bot."""

    def __init__(self, harness: BotHarness, user_id: int) -> None:
        self.harness = harness
        self.id = user_id
        self.seen = 0  # how many bot messages (in this chat) have been read by the test

    @property
    def api(self) -> FakeBotApi:
        return self.harness.api

    # -- doing -------------------------------------------------------------------------------------
    async def send(self, text: str | None = None, **content: Any) -> list[dict[str, Any]]:
        """Type a message (or send a sticker/photo via ``content``); returns new bot messages."""
        update_id = self.api.user_message(self.id, text, **content)
        await self.harness.handled(update_id)
        return self.new_messages()

    async def edit(self, text: str) -> list[dict[str, Any]]:
        update_id = self.api.user_message(self.id, text, edited=True)
        await self.harness.handled(update_id)
        return self.new_messages()

    async def click(self, label: str, message: dict[str, Any] | None = None) -> dict[str, Any]:
        """Tap the button whose label contains ``label`` (in the newest message that has it)."""
        message, data = self.find_button(label, message)
        return await self.click_data(data, message)

    async def click_data(self, data: str, message: dict[str, Any] | None = None) -> dict[str, Any]:
        """Tap a button with this callback data (forged data too); returns the query answer."""
        message = message or self.last()
        update_id, query_id = self.api.user_click(self.id, message, data)
        await self.harness.handled(update_id)
        return self.api.answered_queries.get(query_id, {})

    # -- seeing ------------------------------------------------------------------------------------
    def messages(self) -> list[dict[str, Any]]:
        return self.api.bot_messages(self.id)

    def new_messages(self) -> list[dict[str, Any]]:
        all_messages = self.messages()
        fresh = all_messages[self.seen :]
        self.seen = len(all_messages)
        return fresh

    def last(self) -> dict[str, Any]:
        messages = self.messages()
        if not messages:
            raise AssertionError("the bot has not written to this person")
        return messages[-1]

    def last_text(self) -> str:
        """The newest message as the person reads it: tags gone, entities unescaped."""
        return visible(self.last())

    def buttons(self, message: dict[str, Any] | None = None) -> list[str]:
        message = message or self.last()
        return [label for label, _ in _buttons(message)]

    def find_button(
        self, label: str, message: dict[str, Any] | None = None
    ) -> tuple[dict[str, Any], str]:
        candidates = [message] if message else reversed(self.messages())
        for candidate in candidates:
            for text, data in _buttons(candidate):
                if label in text and data is not None:
                    return candidate, data
        shown = self.buttons(message) if message else self.buttons()
        raise AssertionError(f"no button with {label!r}; the last screen has {shown}")

    def documents(self) -> list[dict[str, Any]]:
        return [m for m in self.messages() if "document" in m]

    def file(self, message: dict[str, Any]) -> bytes:
        file_id = (message.get("document") or message["photo"][-1])["file_id"]
        return self.api.files[file_id]


def _buttons(message: dict[str, Any]) -> Iterable[tuple[str, str | None]]:
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            yield button["text"], button.get("callback_data") or button.get("url")


_TAGS = re.compile(r"<[^>]+>")


def visible(message: dict[str, Any]) -> str:
    import html

    text = message.get("text") or message.get("caption") or ""
    if message.get("_parse_mode"):
        text = html.unescape(_TAGS.sub("", text))
    return str(text)
