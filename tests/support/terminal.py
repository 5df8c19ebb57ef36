"""Someone at the sandbox's terminal (``python -m bot sandbox``, run in-process): typing lines,
reading what was printed, and tapping a button by the number printed beside its label."""

from __future__ import annotations

import asyncio
import io
import queue
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.clock import Clock
from bot.sandbox import terminal

STOPPED = {"nl": "De sandbox is gestopt.", "en": "The sandbox has stopped."}
BUTTON = re.compile(r"\[#(\d+)\] (.*?)(?=   \[#|$)")  # one button of a printed row


class Keyboard(io.TextIOBase):
    """Someone at a terminal: ``readline`` blocks until the test types a line."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()

    def isatty(self) -> bool:
        return True

    def readline(self, size: int | None = -1, /) -> str:
        return self.lines.get()


class Screen(io.StringIO):
    """What the sandbox printed; knows when it waits for input again (the prompt)."""

    def __init__(self) -> None:
        super().__init__()
        self.written = asyncio.Event()

    def write(self, text: str, /) -> int:
        self.written.set()
        return super().write(text)


class Session:
    def __init__(self, keyboard: Keyboard, screen: Screen) -> None:
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
    """The number of the newest button whose label has ``label`` (a row has several)."""
    for line in reversed(shown.splitlines()):
        if not line.startswith("  [#"):
            continue
        for found in reversed(list(BUTTON.finditer(line))):
            if label in found.group(2):
                return found.group(1)
    raise AssertionError(f"no button {label!r} in:\n{shown}")


@asynccontextmanager
async def sandbox(folder: Path, clock: Clock, **options: Any) -> AsyncIterator[Session]:
    """A sandbox session in this process (``options`` as ``terminal.run`` takes them: lang,
    name, coordinator); ``/quit`` at the end, and it must say it stopped."""
    keyboard, screen = Keyboard(), Screen()
    run = terminal.run(keyboard, screen, folder=folder, clock=clock, **options)
    task = asyncio.create_task(run)
    try:
        yield Session(keyboard, screen)
        keyboard.lines.put("/quit\n")
        await asyncio.wait_for(task, 10)
    finally:
        if not task.done():
            keyboard.lines.put("")
            task.cancel()
    stopped = STOPPED[options.get("lang", "nl")]
    assert screen.getvalue().rstrip().endswith(stopped), screen.getvalue()[-500:]
