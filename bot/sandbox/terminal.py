"""``python -m bot sandbox``: chat with the real bot in a terminal, without Telegram or a token.

The bot runs exactly as in production (:class:`~bot.sandbox.harness.BotHarness`), against the
stand-in Bot API on 127.0.0.1, with a temporary database holding the demo catalogue and its
people (:mod:`bot.catalogue.demo_sandbox`). The chat is printed as plain text; buttons become
numbered choices, each row of a keyboard on a line of its own. Type a message, or ``#`` and the
number of a button of the newest message that has buttons (``#2``). What is typed without ``#``
always goes to the bot as text, as in Telegram: ``12`` at "how many places?" is twelve places,
never the twelfth button. ``/later 1d`` moves the sandbox's clock forward
(:mod:`bot.sandbox.later`). ``/quit`` or end of input (Ctrl-D) stops.

:func:`chat` takes the input and output streams, so a test can run a scripted session.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, TextIO

from bot.catalogue.demo_people import VOLUNTEERS
from bot.catalogue.demo_sandbox import load_sandbox_demo
from bot.clock import Clock, SystemClock
from bot.i18n import Translator
from bot.outbox.timing import Rules
from bot.sandbox import later
from bot.sandbox.fake_api import Call
from bot.sandbox.harness import BotHarness, Person, visible
from bot.store import Database
from conversations.commands import RESIDENT_COMMANDS
from conversations.coordinator.invite import ADMIN_COMMANDS, COORDINATOR_COMMANDS

SANDBOX_USER_ID = 424242
QUIT = ("/quit", "/exit")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_TAP = re.compile(r"^#\s*([0-9]+)$")  # "#2": tap the second button; anything else is text
BETWEEN = "   "  # between the buttons of one row


class Screen:
    """Prints what changed in the chat since the last look: new messages and edited ones."""

    def __init__(self, person: Person, out: TextIO, t: Translator, folder: Path) -> None:
        self.person = person
        self.out = out
        self.t = t
        self.folder = folder
        self._shown: dict[int, str] = {}  # message id -> what it looked like when printed
        self._order: dict[int, int] = {}  # message id -> when it was last printed
        self._printed = 0

    def refresh(self) -> None:
        for message in self.person.messages():
            look = json.dumps(
                [visible(message), message.get("reply_markup"), message.get("document")],
                sort_keys=True,
            )
            message_id = message["message_id"]
            if self._shown.get(message_id) == look:
                continue
            edited = message_id in self._shown
            self._shown[message_id] = look
            self._printed += 1
            self._order[message_id] = self._printed
            self._print(message, edited)
        self.out.flush()

    def _print(self, message: dict[str, Any], edited: bool) -> None:
        t = self.t
        header = t._("Meedoen (changed):") if edited else t._("Meedoen:")
        lines = ["", f"── {header}"]
        text = visible(message)
        if text:
            lines.append(text)
        if "document" in message:
            name = message["document"].get("file_name") or "file"
            lines.append("📎 " + self._save(message, name))
        if "photo" in message:
            lines.append("🖼 " + self._save(message, f"photo-{message['message_id']}.png"))
        lines.extend(keyboard_lines(message))
        self.out.write("\n".join(lines) + "\n")

    def _save(self, message: dict[str, Any], filename: str) -> str:
        """A file the bot sent, saved in the sandbox folder so it can be opened."""
        safe = _SAFE_NAME.sub("_", filename).strip("._") or "file"
        path = self.folder / f"{message['message_id']}-{safe}"
        try:
            path.write_bytes(self.person.file(message))
        except (KeyError, OSError):
            return filename
        return self.t._("{filename} (saved as {path})").format(filename=filename, path=path)

    def newest_with_buttons(self) -> dict[str, Any] | None:
        """The message whose buttons were printed last (what a number taps)."""
        candidates = [m for m in self.person.messages() if list(buttons(m))]
        if not candidates:
            return None
        return max(candidates, key=lambda m: self._order.get(m["message_id"], 0))


def buttons(message: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(label, url or None) of each button, in the order they are numbered."""
    return [(button["text"], button.get("url")) for button in _flat(message)]


def keyboard_lines(message: dict[str, Any]) -> list[str]:
    """The keyboard as Telegram shows it: each row of buttons on a line, numbered across."""
    lines, number = [], 0
    for row in _rows(message):
        cells = []
        for button in row:
            number += 1
            url = button.get("url")
            cells.append(f"[#{number}] {button['text']}" + (f" ({url})" if url else ""))
        if cells:
            lines.append("  " + BETWEEN.join(cells))
    return lines


def _rows(message: dict[str, Any]) -> list[list[dict[str, Any]]]:
    markup = message.get("reply_markup") or {}
    return list(markup.get("inline_keyboard", []))


def _flat(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [button for row in _rows(message) for button in row]


def _reader(stream: TextIO, loop: asyncio.AbstractEventLoop) -> asyncio.Queue[str | None]:
    """Lines from ``stream`` read in a daemon thread, so a blocked read never holds up exit."""
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def read() -> None:
        while True:
            try:
                line = stream.readline()
            except (OSError, ValueError):
                line = ""
            if not line:
                loop.call_soon_threadsafe(queue.put_nowait, None)
                return
            loop.call_soon_threadsafe(queue.put_nowait, line)

    threading.Thread(target=read, name="sandbox-input", daemon=True).start()
    return queue


async def chat(
    harness: BotHarness,
    person: Person,
    stdin: TextIO,
    out: TextIO,
    t: Translator,
    folder: Path,
) -> None:
    """The loop: read a line, send it or tap a button, print what the bot did."""
    screen = Screen(person, out, t, folder)
    changed = asyncio.Event()

    def on_call(call: Call) -> None:
        changed.set()

    async def watch() -> None:
        # Messages that come later (reminders, notices from the outbox job) show up too.
        while True:
            await changed.wait()
            changed.clear()
            screen.refresh()

    harness.api.on_call.append(on_call)
    watcher = asyncio.create_task(watch())
    echo = not stdin.isatty()
    lines = _reader(stdin, asyncio.get_running_loop())
    try:
        while True:
            if not echo:
                out.write("> ")
                out.flush()
            line = await lines.get()
            if line is None:
                break
            text = line.strip()
            if echo and text:
                out.write(f"\n> {text}\n")
            if not text:
                continue
            if text.lower() in QUIT:
                break
            try:
                await _act(harness, person, screen, text, out, t)
            except TimeoutError:
                out.write(t._("The bot did not answer in time; see the log.") + "\n")
            screen.refresh()
    finally:
        watcher.cancel()
        harness.api.on_call.remove(on_call)


async def _act(
    harness: BotHarness, person: Person, screen: Screen, text: str, out: TextIO, t: Translator
) -> None:
    moved = later.COMMAND.match(text)
    if moved is not None and isinstance(harness.clock, later.LaterClock):
        screen.refresh()  # what the bot said before is printed before the new time
        await later.move(harness, harness.clock, moved.group(1), out, t)
        return
    tapped = _TAP.match(text)
    if tapped is None:
        await person.send(text)
        return
    await _tap(person, screen, tapped.group(1), out, t)


async def _tap(person: Person, screen: Screen, text: str, out: TextIO, t: Translator) -> None:
    message = screen.newest_with_buttons()
    choices = _flat(message) if message else []
    number = int(text)
    if message is None or not 1 <= number <= len(choices):
        out.write(t._("There is no button {number} here.").format(number=number) + "\n")
        return
    button = choices[number - 1]
    if "callback_data" not in button:
        link = button.get("url") or ""
        out.write(t._("This button opens a link: {url}").format(url=link) + "\n")
        return
    screen.refresh()  # what the bot said before the tap is printed before its answer
    answer = await person.click_data(button["callback_data"], message)
    if answer.get("text"):
        out.write(f"\n💬 {answer['text']}\n")


async def run(
    stdin: TextIO,
    out: TextIO,
    *,
    folder: Path,
    lang: str = "nl",
    name: str = "Sanne",
    coordinator: bool = False,
    clock: Clock | None = None,
    user_id: int = SANDBOX_USER_ID,
) -> None:
    """A whole sandbox session: demo catalogue and people, bot, chat; everything stopped at the
    end. The bot's clock is ``clock`` (the wall clock by default) as ``/later`` moves it."""
    sandbox_clock = later.LaterClock(clock or SystemClock())
    settings: dict[str, Any] = {}
    if coordinator:
        settings["COORDINATOR_IDS"] = str(user_id)
    harness = BotHarness(folder / "sandbox.sqlite3", clock=sandbox_clock, settings=settings)
    chosen = harness.settings()
    async with Database(harness.database_path) as db:
        rules = Rules.from_settings(chosen)
        await load_sandbox_demo(db, sandbox_clock.now(), rules, chosen.coordinator_ids)
    for volunteer in VOLUNTEERS:  # their chats, for what the bot sends them (a call for help)
        harness.api.add_user(volunteer.user_id, volunteer.name, volunteer.language)
    t = Translator(lang, chosen.zone)
    await harness.start()
    try:
        person = harness.person(user_id, name, lang)
        out.write(_intro(t, name, coordinator) + "\n")
        out.flush()
        await chat(harness, person, stdin, out, t, folder)
    finally:
        await harness.stop(stop_api=True)
    out.write("\n" + t._("The sandbox has stopped.") + "\n")
    out.flush()


def _intro(t: Translator, name: str, coordinator: bool) -> str:
    lines = [
        t._("Meedoen sandbox: you chat with the bot as {name}, without Telegram.").format(
            name=name
        ),
    ]
    if coordinator:
        lines.append(t._("You are a coordinator: you can try the coordinator commands too."))
        lines.append(t._("Coordinator commands:"))
        # The sandbox's coordinator is an administrator: the menu Telegram would show them.
        lines.extend(
            f"  /{command} – {t._(what)}" for command, what in COORDINATOR_COMMANDS + ADMIN_COMMANDS
        )
        lines.append(
            t._("Residents' commands: {commands}.").format(
                commands=", ".join(f"/{command}" for command, _ in RESIDENT_COMMANDS)
            )
        )
    lines += [
        t._("Type a message, or # and the number of a button (#1). /quit stops."),
        t._("/later 1d (or 2h, 30m) moves the clock forward, so reminders and thank-yous come."),
        t._("Type /start to begin (that is what Telegram's Start button sends)."),
    ]
    return "\n".join(lines)


def main(*, lang: str, name: str, coordinator: bool, keep: bool = False) -> int:
    """Run a session in this terminal; returns the exit code."""
    import sys

    folder = Path(tempfile.mkdtemp(prefix="meedoen-sandbox-"))
    # The terminal is the chat: the bot's log goes to a file in the sandbox folder.
    logging.basicConfig(
        filename=folder / "sandbox.log",
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        level=logging.INFO,
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        asyncio.run(
            run(sys.stdin, sys.stdout, folder=folder, lang=lang, name=name, coordinator=coordinator)
        )
    except KeyboardInterrupt:
        pass
    finally:
        logging.shutdown()
        if keep:
            print(f"Sandbox folder kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0
