"""``kill -9`` between the sign-up and its reminder loses nothing.

The real bot runs as a process (``python -m bot``) against the stand-in Bot API, on the system
clock. The shift starts an hour and a few seconds from now and ``REMINDER_OFFSETS=1h``, so the
reminder is due a few seconds after the sign-up: the first process is killed before that, the
second delivers it. ``QUIET_HOURS=off``, because the real clock may be in the night.
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.sandbox.fake_api import FakeBotApi
from bot.sandbox.harness import TEST_TOKEN, visible
from bot.store import Database
from tests.support.catalogue import make_opportunity
from tests.support.cli import clean_env

KIM = 5151
LEAD = timedelta(seconds=8)  # from setting up the shift to the reminder's moment


async def until(api: FakeBotApi, condition: Callable[[], object], limit: float = 20.0) -> None:
    """Wait (bounded) until ``condition`` holds, looking after every call the bot makes."""
    done = asyncio.Event()

    def look(_call: object = None) -> None:
        if condition():
            done.set()

    api.on_call.append(look)
    try:
        look()
        await asyncio.wait_for(done.wait(), limit)
    finally:
        api.on_call.remove(look)


def button(api: FakeBotApi, label: str) -> tuple[dict[str, Any], str] | None:
    for message in reversed(api.bot_messages(KIM)):
        for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
            for found in row:
                if label in found["text"]:
                    return message, found["callback_data"]
    return None


async def tap(api: FakeBotApi, label: str) -> None:
    """Kim taps the button whose label contains ``label`` once it shows; bounded wait."""
    await until(api, lambda: button(api, label))
    found = button(api, label)
    assert found is not None
    message, data = found
    _, query_id = api.user_click(KIM, message, data)
    await until(api, lambda: query_id in api.answered_queries)


def rows(db_path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        sql = "SELECT key, status FROM outbox WHERE recipient_id = ? ORDER BY key"
        return [(k, s) for k, s in conn.execute(sql, (KIM,))]


def reminders(api: FakeBotApi) -> list[str]:
    return [visible(m) for m in api.bot_messages(KIM) if visible(m).startswith("⏰")]


async def start_bot(api: FakeBotApi, tmp_path: Path, db_path: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=clean_env(
            BOT_TOKEN=TEST_TOKEN,
            TELEGRAM_API_URL=api.base_url,
            DATABASE_PATH=str(db_path),
            REMINDER_OFFSETS="1h",
            QUIET_HOURS="off",
        ),
        stdin=subprocess.DEVNULL,
        stdout=(tmp_path / "bot.log").open("a"),
        stderr=subprocess.STDOUT,
    )


async def test_kill_9_between_sign_up_and_reminder_loses_nothing(tmp_path: Path) -> None:
    db_path = tmp_path / "meedoen.sqlite3"
    now = datetime.now(UTC)
    async with Database(db_path) as db:
        await make_opportunity(
            db, now=now, shifts=[(timedelta(hours=1) + LEAD, timedelta(hours=2), 3)]
        )
    api = FakeBotApi()
    await api.start()
    first = await start_bot(api, tmp_path, db_path)
    second: asyncio.subprocess.Process | None = None
    try:
        api.add_user(KIM, "Kim", "nl")
        api.user_message(KIM, "/start")
        await tap(api, "Ja, ik doe mee")
        await tap(api, "🔎")  # find something to do
        await tap(api, "Voorlezen (1)")
        await tap(api, "Voorlezen in de bibliotheek")
        await tap(api, "–")  # the one date (its time range), on the opportunity itself
        await tap(api, "Ja, meld me aan")
        await until(api, lambda: any("aangemeld" in visible(m) for m in api.bot_messages(KIM)))
        planned = rows(db_path)
        assert [key.split(":")[0] for key, _ in planned] == ["reminder", "thanks"]
        assert datetime.now(UTC) < now + LEAD, "too slow: the reminder came due before the kill"
        first.send_signal(signal.SIGKILL)
        assert await asyncio.wait_for(first.wait(), 10) == -signal.SIGKILL
        assert rows(db_path) == planned  # written with the sign-up, so still there
        assert all(status == "pending" for _, status in planned)
        assert reminders(api) == []
        # A new process sends it when it is due, once.
        second = await start_bot(api, tmp_path, db_path)
        await until(api, lambda: reminders(api), limit=30)
        for _ in range(50):  # bounded: until the row is marked sent
            if dict(rows(db_path))[planned[0][0]] == "sent":
                break
            await asyncio.sleep(0.1)
        assert dict(rows(db_path))[planned[0][0]] == "sent"
        second.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(second.wait(), 30) == 0
        [reminder] = reminders(api)
        assert "Even een herinnering: je hebt je aangemeld voor Voorlezen" in reminder
    finally:
        for process in (first, second):
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
        await api.stop()
    assert not [c for c in api.errors if c.method != "getUpdates"], api.errors
