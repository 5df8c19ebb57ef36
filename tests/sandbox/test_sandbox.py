"""The terminal sandbox: the real bot, the demo catalogue, buttons as numbered choices."""

from __future__ import annotations

import asyncio
import io
import os
import queue
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.sandbox import terminal


class Keyboard(io.TextIOBase):
    """Someone at a terminal: ``readline`` blocks until the test types a line."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()

    def isatty(self) -> bool:
        return True

    def readline(self, size: int | None = -1, /) -> str:
        return self.lines.get()


class Terminal(io.StringIO):
    """What the sandbox printed; knows when it waits for input again (the prompt)."""

    def __init__(self) -> None:
        super().__init__()
        self.written = asyncio.Event()

    def write(self, text: str, /) -> int:
        self.written.set()
        return super().write(text)


class Session:
    def __init__(self, keyboard: Keyboard, screen: Terminal) -> None:
        self.keyboard = keyboard
        self.screen = screen

    async def ready(self, since: int = 0) -> str:
        """Wait (bounded) for the prompt after new output; return that output."""

        async def prompt() -> None:
            while True:
                text = self.screen.getvalue()
                if len(text) > since and text.endswith("> "):
                    return
                self.screen.written.clear()
                await self.screen.written.wait()

        await asyncio.wait_for(prompt(), 10)
        return self.screen.getvalue()[since:-2]

    async def type(self, line: str) -> str:
        since = len(self.screen.getvalue())
        self.keyboard.lines.put(line + "\n")
        return await self.ready(since)

    async def tap(self, label: str, shown: str) -> str:
        """Type ``#`` and the number the last screen in ``shown`` gives the button ``label``."""
        return await self.type("#" + number(label, shown))


def number(label: str, shown: str) -> str:
    for line in reversed(shown.splitlines()):
        found = re.match(r"^  \[#(\d+)\] (.*)$", line)
        if found and label in found.group(2):
            return found.group(1)
    raise AssertionError(f"no button {label!r} in:\n{shown}")


@pytest.fixture
async def session(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Session]:
    keyboard, screen = Keyboard(), Terminal()
    task = asyncio.create_task(
        terminal.run(keyboard, screen, folder=tmp_path, clock=clock, name="Sanne")
    )
    s = Session(keyboard, screen)
    try:
        yield s
        keyboard.lines.put("/quit\n")
        await asyncio.wait_for(task, 10)
    finally:
        if not task.done():
            keyboard.lines.put("")
            task.cancel()
    assert screen.getvalue().rstrip().endswith("De sandbox is gestopt.")


async def test_a_scripted_session_in_dutch(session: Session, tmp_path: Path) -> None:
    intro = await session.ready()
    assert "Meedoen-sandbox: je chat met de bot als Sanne, zonder Telegram." in intro
    assert "Typ /start om te beginnen" in intro

    shown = await session.type("/start")
    assert "── Meedoen:\n👋 Welkom bij Meedoen!" in shown
    assert "<b>" not in shown  # tags are gone, the text is plain
    assert "  [#1] ✅ Ja, ik doe mee" in shown

    shown = await session.type("#1")
    assert "── Meedoen (bijgewerkt):\nFijn dat je er bent, Sanne!" in shown
    assert "Wat wil je doen?" in shown and "💬 Dank je wel!" in shown

    shown = await session.type("/find")
    assert re.search(r"  \[#\d+\] Voorlezen", shown) and re.search(r"\[#\d+\] Taal", shown)
    shown = await session.tap("Taal", shown)
    assert "Gespreksleider Taalcafé" in shown and "Taalmaatje" in shown
    shown = await session.tap("Gespreksleider Taalcafé", shown)
    assert "In het Taalcafé praten mensen" in shown
    shown = await session.tap("📅", shown)
    shown = await session.tap("do 26 nov", shown)  # tomorrow, in Dutch on the button
    shown = await session.tap("✅", shown)
    assert "✅ Je bent aangemeld!" in shown
    assert "🗓 donderdag 26 november, 14:00–16:00" in shown  # the demo's almost full shift
    ics = re.search(r"📎 (\S+\.ics) \(opgeslagen als (.+)\)", shown)
    assert ics, shown
    saved = Path(ics.group(2))
    assert saved.parent == tmp_path
    assert (await asyncio.to_thread(saved.read_bytes)).startswith(b"BEGIN:VCALENDAR")

    assert "Er is hier geen knop 99." in await session.type("#99")
    assert "Ik vond niets voor “hallo”" in await session.type("hallo")  # a word is searched
    assert "/help" in await session.type("?!")


def sandbox_process(tmp_path: Path, *args: str, stdin: str) -> str:
    """``python -m bot sandbox`` with its temporary folder under ``tmp_path/tmp``."""
    (tmp_path / "tmp").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sandbox", *args],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_sandbox_command_in_english_needs_no_token(tmp_path: Path) -> None:
    out = sandbox_process(tmp_path, "--lang", "en", "--name", "Ben", stdin="/start\n#1\n")
    assert out.startswith("Meedoen sandbox: you chat with the bot as Ben, without Telegram.")
    assert "> /start" in out and "👋 Welcome to Meedoen!" in out and "  [#1] ✅ Yes, I agree" in out
    assert "Nice to meet you, Ben!" in out
    assert out.rstrip().endswith("The sandbox has stopped.")  # end of input stops it
    assert not list((tmp_path / "tmp").iterdir()), "its temporary folder is removed"


def test_sandbox_as_coordinator(tmp_path: Path) -> None:
    out = sandbox_process(tmp_path, "--coordinator", stdin="/quit\nnot read\n")
    assert "Je bent coördinator" in out
    assert "not read" not in out
