"""1,000 residents find something to do and sign up, against the stand-in Bot API.

    python benchmarks/resident_journey.py [--residents 1000] [--existing 5000] [--shifts 500]
                                          [--concurrency 50] [--rounds 2] [--arrival 60]
                                          [--think 1-3] [--light 100] [--rate-limiter]
                                          [--in-process] [--profile FILE]

The database is seeded first (``--existing`` residents with one sign-up each, ``--shifts`` shifts
in 100-odd opportunities). Then ``--residents`` simulated residents each do: /start → consent →
find → a category → an opportunity → its dates → a shift → confirm → /mine. Buttons are found by
their label the way a person finds them; a step whose button is not there ends that resident's
journey (and is reported). Three loads, each run for Meedoen and for bare PTB bots:

1. **Flat out**: ``--concurrency`` residents at a time, each tapping on the moment the screen
   arrives. The bot is busy all the time: this gives its throughput. Latency here is queueing
   (``--concurrency`` people waiting on one busy core), for any bot. Each bot runs ``--rounds``
   times, taking turns, and its fastest run counts (a run slowed by something else on the
   machine says nothing about the bot).
2. **Steady load** (``--arrival``, 0 skips it): the residents arrive at random (a Poisson stream)
   within ``--arrival`` seconds and read each screen ``--think`` seconds (uniform) before tapping
   on, as people do; the same arrivals and pauses for every bot. This gives the latency a
   resident meets when many use the bot at once. The default, 1,000 residents in a minute, is
   about 110 updates a second: several times what Telegram lets one bot send (about 30 messages a
   second), so in production the bot is never busier than this.
3. **One at a time** (``--light N``, 0 skips it): latency with nobody else in the queue.

The bot runs in a process of its own (``--serve``): the real Application from
``build_application``, its ``TELEGRAM_API_URL`` pointing at the stand-in API, which runs with the
simulated residents in the benchmark's process. So the stand-in's work (HTTP server, checking
every request against api.json) and the people's are not charged to the bot. The bot process
writes the id of each update it has finished to a pipe; that is how a resident knows it may tap
the next button. ``--in-process`` puts the bot back into the benchmark's event loop (the old way:
cheaper to start, but the stand-in's cost lands on the bot).

Measured at the stand-in, per update: from the moment it handed the update out in getUpdates
(``FakeBotApi.delivered_at``) to the bot's first API call for it ("answer": matched by callback
query id, else by chat) and to the bot's last call for it ("done": e.g. the edited screen the
resident waits for). It prints updates handled per second, p50 and p99 in milliseconds, the bot
process's CPU time per update and its peak memory (max RSS). Beside Meedoen, bare
python-telegram-bot bots run the same way and fed the same number and kinds of updates: an echo
bot (text → text, tap → answerCallbackQuery), a buttons bot (tap → answer and edit, the least a
bot with buttons does), both on PTB's default HTTP client and again on Meedoen's HTTP client
(aiohttp, ``bot/http_client.py``); and the ratios.

PTB's AIORateLimiter (Telegram's 30 messages a second for the whole bot) is left out by default:
with it, the figure would measure Telegram's limit, not our code. ``--rate-limiter`` puts it in.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import logging
import os
import pstats
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    SimpleUpdateProcessor,
    filters,
)

from bot.config import Settings  # noqa: E402
from bot.sandbox.fake_api import Call, FakeBotApi  # noqa: E402
from bot.sandbox.harness import TEST_TOKEN, Person  # noqa: E402
from bot.store import Database, to_db  # noqa: E402
from bot.wiring.app import build_application  # noqa: E402
from bot.wiring.http_client import AiohttpRequest  # noqa: E402
from bot.wiring.processor import PerPersonUpdateProcessor  # noqa: E402
from conversations.actions import unpack  # noqa: E402

CATEGORIES = [
    "Voorlezen",
    "Taalcoach",
    "Digitale hulp",
    "Gastheer of gastvrouw",
    "Buiten en natuur",
    "Klussen",
    "Bestuur en organisatie",
    "Sport en spel",
]
ORGANISATIONS = 20
FIRST_NEW_RESIDENT = 20_000_000
FIRST_EXISTING_RESIDENT = 10_000_000


# -- seeding ---------------------------------------------------------------------------------------
def opportunity_title(n: int) -> str:
    return f"Vrijwilliger {n:03d} {CATEGORIES[n % len(CATEGORIES)].lower()}"


async def seed(path: Path, *, existing: int, shifts: int) -> None:
    """Migrations through the real Database, then the rows in one bulk transaction."""
    db = Database(path)
    await db.open()
    await db.close()
    now = datetime.now(UTC)
    opportunities = max(1, shifts // 5)
    capacity = max(2, (2 * existing) // max(shifts, 1) + 10)
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO organisations (id, name) VALUES (?, ?)",
            [(i + 1, f"Organisatie {i + 1}") for i in range(ORGANISATIONS)],
        )
        con.executemany(
            "INSERT INTO categories (id, name) VALUES (?, ?)",
            [(i + 1, name) for i, name in enumerate(CATEGORIES)],
        )
        con.executemany(
            "INSERT INTO opportunities (id, organisation_id, category_id, title, description,"
            " location, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, 'episodic', ?)",
            [
                (
                    n + 1,
                    n % ORGANISATIONS + 1,
                    n % len(CATEGORIES) + 1,
                    opportunity_title(n),
                    "Help mee in de buurt. Je krijgt uitleg van een vaste vrijwilliger.",
                    f"Buurthuis {n % 17}, Dorpsstraat {n}",
                    to_db(now),
                )
                for n in range(opportunities)
            ],
        )
        shift_rows = []
        for s in range(shifts):
            start = (now + timedelta(days=1 + s // opportunities, hours=s % 9)).replace(
                minute=0, second=0, microsecond=0
            )
            shift_rows.append(
                (s + 1, s % opportunities + 1, to_db(start), to_db(start + timedelta(hours=2)))
            )
        con.executemany(
            "INSERT INTO shifts (id, opportunity_id, starts_at, ends_at, capacity)"
            f" VALUES (?, ?, ?, ?, {capacity})",
            shift_rows,
        )
        con.executemany(
            "INSERT INTO residents (id, first_name, language, consented_at) VALUES (?, ?, ?, ?)",
            [
                (FIRST_EXISTING_RESIDENT + i, f"Bewoner {i}", "nl" if i % 3 else "en", to_db(now))
                for i in range(existing)
            ],
        )
        con.executemany(
            "INSERT INTO signups (shift_id, resident_id, status, created_at, updated_at)"
            " VALUES (?, ?, 'confirmed', ?, ?)",
            [
                (i % shifts + 1, FIRST_EXISTING_RESIDENT + i, to_db(now), to_db(now))
                for i in range(existing)
            ]
            if shifts
            else [],
        )
    con.close()


# -- measuring -------------------------------------------------------------------------------------
@dataclass
class Measure:
    """Answer and done times per update, from when the stand-in API handed it out.

    All taken at the stand-in: "answer" is the bot's first API call for the update, "done" its
    last one before it said the update was handled (or that moment, if it made no call).
    """

    api: FakeBotApi
    answered_at: dict[int, float] = field(default_factory=dict)
    last_call_at: dict[int, float] = field(default_factory=dict)
    done_at: dict[int, float] = field(default_factory=dict)
    by_chat: dict[int, int] = field(default_factory=dict)  # chat -> its update being handled
    by_query: dict[str, int] = field(default_factory=dict)  # callback query -> update
    step_of: dict[int, str] = field(default_factory=dict)  # update -> journey step
    taps: set[int] = field(default_factory=set)  # updates that are a tap on a button

    def expect(self, update_id: int, chat_id: int, query_id: str | None = None) -> None:
        if query_id is not None:
            self.by_query[query_id] = update_id
            self.taps.add(update_id)
        self.by_chat[chat_id] = update_id

    def on_call(self, call: Call) -> None:
        update_id = None
        query_id = call.params.get("callback_query_id")
        if query_id is not None:
            update_id = self.by_query.pop(str(query_id), None)
        chat_id = call.params.get("chat_id")
        if update_id is None and chat_id is not None:
            update_id = self.by_chat.get(int(chat_id))
        if update_id is not None:
            self.answered_at.setdefault(update_id, call.at)
            self.last_call_at[update_id] = call.at

    def on_done(self, update_id: int) -> None:
        self.done_at[update_id] = self.last_call_at.get(update_id, time.monotonic())

    def latencies_ms(
        self, until: dict[int, float], step: str | None = None, *, taps: bool = False
    ) -> list[float]:
        delivered = self.api.delivered_at
        return [
            (at - delivered[uid]) * 1000
            for uid, at in until.items()
            if uid in delivered
            and (step is None or self.step_of.get(uid) == step)
            and (not taps or uid in self.taps)
        ]

    def by_step(self) -> dict[str, tuple[float, float]]:
        """p50 and p99 to done (ms) of each journey step."""
        out = {}
        for step in dict.fromkeys(self.step_of.values()):
            values = self.latencies_ms(self.done_at, step)
            out[step] = (round(percentile(values, 50), 1), round(percentile(values, 99), 1))
        return out


def parse_think(text: str) -> tuple[float, float]:
    """``--think``: "LOW-HIGH" seconds (or one figure) a person reads a screen before tapping."""
    low, _, high = text.partition("-")
    return float(low), float(high or low)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def thread_cpu_seconds() -> dict[str, float]:
    """CPU seconds of each thread of this process since it started, by name (Linux only)."""
    out: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    names = {t.native_id: t.name for t in threading.enumerate()}
    for task in Path("/proc/self/task").glob("*"):
        try:
            name = names.get(int(task.name), "other")
            name = "database (aiosqlite)" if "aiosqlite" in name.lower() else name
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[name] = out.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return out


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- profiling -------------------------------------------------------------------------------------
LAYERS = [
    ("our code: conversations/", "/conversations/"),
    ("our code: bot/store/", "/bot/store/"),
    ("stand-in API and harness (not the bot)", "/bot/sandbox/"),
    ("the simulated residents (not the bot)", "/benchmarks/"),
    ("our code: bot/", "/bot/"),
    ("PTB: telegram", "/telegram/"),
    (
        "aiohttp: the HTTP client (--in-process: and the stand-in)",
        ("/aiohttp/", "/multidict/", "/yarl/"),
    ),
    ("HTTP client: httpx, httpcore, h11, anyio", ("/httpx/", "/httpcore/", "/h11/", "/anyio/")),
    ("aiosqlite (handing statements to its thread)", "/aiosqlite/"),
    ("jobs: apscheduler", "/apscheduler/"),
    ("babel", "/babel/"),
    ("asyncio event loop", ("/asyncio/", "selectors.py")),
]


class Profiler:
    """pyinstrument when it is installed (sampling, the main thread), else cProfile.

    Prints where the main thread's time went, grouped by layer: a function's own time counts
    for the layer of the nearest caller that is Python code of a known package.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            from pyinstrument import Profiler as Sampling
        except ImportError:
            self.sampling = None
            self.cprofile = cProfile.Profile()
        else:
            self.sampling = Sampling(interval=0.001, async_mode="disabled")

    def start(self) -> None:
        if self.sampling is not None:
            self.sampling.start()
        else:
            self.cprofile.enable()

    def stop(self) -> None:
        if self.sampling is not None:
            self.sampling.stop()
        else:
            self.cprofile.disable()

    def report(self, out: Any) -> None:
        if self.sampling is None:
            self.cprofile.dump_stats(self.path)
            pstats.Stats(self.path, stream=out).sort_stats("tottime").print_stats(40)
            return
        session = self.sampling.last_session
        assert session is not None
        session.save(self.path)
        totals: dict[str, float] = {}

        def layer(path: str) -> str | None:
            for name, parts in LAYERS:
                if any(part in path for part in ((parts,) if isinstance(parts, str) else parts)):
                    return name
            return None if path.startswith("<") else "other Python"

        def walk(frame: Any, owner: str) -> None:
            here = owner if frame.is_synthetic else (layer(frame.file_path or "<>") or owner)
            own = frame.time - sum(child.time for child in frame.children)
            totals[here] = totals.get(here, 0.0) + max(own, 0.0)
            for child in frame.children:
                walk(child, here)

        root = session.root_frame()
        if root is not None:
            walk(root, "other")
        total = sum(totals.values()) or 1.0
        print(f"Where the main thread's time went ({self.path}):", file=out)
        for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
            print(f"  {name:48} {seconds:7.2f} s {100 * seconds / total:5.1f} %", file=out)


# -- the bots: Meedoen, and the two bare baselines -------------------------------------------------
DoneListener = Callable[[int], None]


async def echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message and update.effective_message.text:
        await update.effective_message.reply_text(update.effective_message.text)


async def echo_click(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query:
        await update.callback_query.answer()


async def button_click(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What any bot with buttons must do at the least: answer the tap, and show a new screen."""
    query = update.callback_query
    if query:
        await query.answer()
        await query.edit_message_text(f"Screen {update.update_id}", reply_markup=None)


class SignallingProcessor(SimpleUpdateProcessor):
    """The bare bots' update processor (PTB's own), telling when an update is handled."""

    def __init__(self, max_concurrent_updates: int, on_done: DoneListener) -> None:
        super().__init__(max_concurrent_updates)
        self.on_done = on_done

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            if isinstance(update, Update):
                self.on_done(update.update_id)


def make_bot(
    which: str, api_url: str, database: str, *, rate_limiter: bool, on_done: DoneListener
) -> Application:
    """Meedoen as production builds it, or a bare PTB bot; ``on_done`` hears each update id."""
    if which == "ours":
        values: dict[str, Any] = {
            "BOT_TOKEN": TEST_TOKEN,
            "TELEGRAM_API_URL": api_url,
            "DATABASE_PATH": database,
        }
        settings = Settings(**values)  # as the test harness builds them
        app = build_application(settings, token=TEST_TOKEN, rate_limiter=rate_limiter)
        processor = app.update_processor
        assert isinstance(processor, PerPersonUpdateProcessor)
        processor.on_done.append(lambda u: on_done(u.update_id) if isinstance(u, Update) else None)
        return app
    builder = (
        Application.builder()
        .token(TEST_TOKEN)
        .base_url(api_url)
        .concurrent_updates(SignallingProcessor(256, on_done))
    )
    if which.endswith("-aiohttp"):  # on Meedoen's HTTP client instead of PTB's httpx
        builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest(1))
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo_text))
    click = button_click if which.startswith("buttons") else echo_click
    app.add_handler(CallbackQueryHandler(click))
    return app


async def start_bot(app: Application) -> None:
    """As ``run_polling`` starts it (and the test harness)."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=10)
    # Meedoen re-plans the seeded sign-ups in the background after a start (they were seeded
    # without plans); measured from when that has settled, as before it ran before polling.
    deps = getattr(app.bot_data, "deps", None)
    if deps is not None:
        await asyncio.wait_for(deps.settled.wait(), 300)


async def stop_bot(app: Application) -> None:
    assert app.updater is not None
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)


async def serve(args: argparse.Namespace) -> None:
    """``--serve``: the bot process. stdout: ``ready``, then one handled update id a line, then
    ``result {json}`` after ``stop`` arrives on stdin (CPU time and peak memory of this process)."""
    out = sys.stdout.fileno()

    def on_done(update_id: int) -> None:
        os.write(out, b"%d\n" % update_id)

    app = make_bot(
        args.serve, args.api_url, args.database, rate_limiter=args.rate_limiter, on_done=on_done
    )
    await start_bot(app)
    profiler = Profiler(args.profile) if args.profile else None
    if profiler:
        profiler.start()
    cpu = cpu_seconds()
    os.write(out, b"ready\n")
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    result = {
        "cpu_seconds": cpu_seconds() - cpu,
        "peak_rss_mb": peak_rss_mb(),
        "thread_cpu_seconds": thread_cpu_seconds(),
    }
    if profiler:
        profiler.stop()
        profiler.report(sys.stderr)
    await stop_bot(app)
    os.write(out, b"result " + json.dumps(result).encode() + b"\n")


class BotProcess:
    """The driver's view of a bot in its own process (``--serve``)."""

    def __init__(self) -> None:
        self.done: set[int] = set()
        self.on_done: list[DoneListener] = []
        self.waiters: dict[int, asyncio.Future[None]] = {}
        self.result: dict[str, Any] = {}
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._ready: asyncio.Future[None] | None = None

    async def start(
        self, which: str, api_url: str, database: str, args: argparse.Namespace
    ) -> None:
        command = [sys.executable, __file__, "--serve", which, "--api-url", api_url]
        command += ["--database", database]
        if args.rate_limiter:
            command.append("--rate-limiter")
        if args.profile:
            command += ["--profile", args.profile]
        self._process = await asyncio.create_subprocess_exec(
            *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        self._ready = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read())
        await asyncio.wait_for(self._ready, 300)

    async def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        async for raw in self._process.stdout:
            line = raw.decode().strip()
            if line.isdigit():
                self._finished(int(line))
            elif line == "ready":
                assert self._ready is not None
                self._ready.set_result(None)
            elif line.startswith("result "):
                self.result = json.loads(line.removeprefix("result "))
        if self._ready is not None and not self._ready.done():
            self._ready.set_exception(RuntimeError("the bot process ended before it was ready"))

    def _finished(self, update_id: int) -> None:
        """The bot says it handled this update: tell the listeners, wake whoever waits."""
        self.done.add(update_id)
        for listener in self.on_done:
            listener(update_id)
        waiter = self.waiters.pop(update_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def handled(self, update_id: int, limit: float = 60) -> None:
        if update_id in self.done:
            return
        waiter = self.waiters.setdefault(update_id, asyncio.get_running_loop().create_future())
        await asyncio.wait_for(waiter, limit)

    async def stop(self) -> dict[str, Any]:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(b"stop\n")
        await self._process.stdin.drain()
        await asyncio.wait_for(self._process.wait(), 120)
        if self._reader is not None:
            await self._reader
        return self.result


class BotInProcess(BotProcess):
    """``--in-process``: the same bot in the driver's event loop, beside the stand-in."""

    async def start(
        self, which: str, api_url: str, database: str, args: argparse.Namespace
    ) -> None:
        self.app = make_bot(
            which, api_url, database, rate_limiter=args.rate_limiter, on_done=self._finished
        )
        await start_bot(self.app)
        self._cpu = cpu_seconds()

    async def stop(self) -> dict[str, Any]:
        result = {"cpu_seconds": cpu_seconds() - self._cpu, "peak_rss_mb": peak_rss_mb()}
        await stop_bot(self.app)
        return result


# -- the simulated residents -----------------------------------------------------------------------
ButtonPick = Callable[[str, str], bool]


def label_has(*parts: str) -> ButtonPick:
    return lambda label, data: any(part in label for part in parts)


def action_is(*actions: str) -> ButtonPick:
    def pick(label: str, data: str) -> bool:
        cb = unpack(data)
        return cb is not None and cb.action in actions

    return pick


CATEGORY = label_has(*CATEGORIES)
OPPORTUNITY = label_has("Vrijwilliger ")

# The journey: ("send", text) or ("click", step name, how a person recognises the button).
JOURNEY: list[tuple[str, str, ButtonPick | None]] = [
    ("send", "/start", None),
    ("click", "consent", label_has("✅")),
    ("click", "find", label_has("🔎")),
    ("click", "category", CATEGORY),
    ("click", "opportunity", OPPORTUNITY),
    ("click", "dates", label_has("📅")),
    ("click", "shift", action_is("su")),
    ("click", "confirm", label_has("✅", "⏳")),
    ("send", "/mine", None),
]


def choose(person: Person, rng: random.Random, pick: ButtonPick) -> str | None:
    """The callback data of a button this person would tap on the last screen, if any."""
    message = person.last()
    options = []
    for label in person.buttons(message):
        _, data = person.find_button(label, message)
        if pick(label, data):
            options.append(data)
    return rng.choice(options) if options else None


@dataclass
class Outcome:
    reached: dict[str, int] = field(default_factory=dict)
    stopped: dict[str, int] = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)  # "t" text or "c" click, of a full journey
    errors: int = 0


class Chat:
    """What ``Person`` needs of a harness: the stand-in, and waiting for an update's end."""

    def __init__(self, api: FakeBotApi, bot: BotProcess) -> None:
        self.api = api
        self.handled = bot.handled


@dataclass
class Pace:
    """How one person taps: at once (``think`` 0), or reading each screen for a while first.

    The pauses come from the person's own dice, so every bot sees the same ones."""

    think: tuple[float, float]
    dice: random.Random

    async def read(self) -> None:
        low, high = self.think
        if high > 0:
            await asyncio.sleep(self.dice.uniform(low, high))


async def resident(
    chat: Chat,
    measure: Measure,
    uid: int,
    rng: random.Random,
    outcome: Outcome,
    pace: Pace,
) -> None:
    chat.api.add_user(uid, f"Nieuw {uid}", "nl" if uid % 2 else "en")
    person = Person(chat, uid)  # type: ignore[arg-type]
    kinds = []
    for step, (kind, what, pick) in enumerate(JOURNEY):
        if step:
            await pace.read()
        if kind == "send":
            update_id = chat.api.user_message(uid, what)
            measure.expect(update_id, uid)
        else:
            data = choose(person, rng, pick) if pick else None
            if data is None:
                outcome.stopped[what] = outcome.stopped.get(what, 0) + 1
                return
            update_id, query_id = chat.api.user_click(uid, person.last(), data)
            measure.expect(update_id, uid, query_id)
        measure.step_of[update_id] = what
        await chat.handled(update_id, 60)
        person.new_messages()
        outcome.reached[what] = outcome.reached.get(what, 0) + 1
        kinds.append("t" if kind == "send" else "c")
    if len(kinds) > len(outcome.kinds):
        outcome.kinds = kinds


async def echo_user(chat: Chat, measure: Measure, uid: int, kinds: str, pace: Pace) -> None:
    """Someone who sends the baselines the same kinds of updates as a resident sends Meedoen."""
    chat.api.add_user(uid, f"Echo {uid}", "nl")
    for step, kind in enumerate(kinds):
        if step:
            await pace.read()
        if kind == "t":
            update_id = chat.api.user_message(uid, "hallo")
            measure.expect(update_id, uid)
        else:
            message = chat.api.bot_messages(uid)[-1]
            update_id, query_id = chat.api.user_click(uid, message, "1:x")
            measure.expect(update_id, uid, query_id)
        await chat.handled(update_id, 60)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """One run (``--run ours|echo|buttons``): the stand-in and the people here, the bot apart."""
    which = args.run or "ours"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        t0 = time.perf_counter()
        if which == "ours":
            await seed(path, existing=args.existing, shifts=args.shifts)
        seeded = time.perf_counter() - t0
        api = FakeBotApi()
        await api.start()
        bot = BotInProcess() if args.in_process else BotProcess()
        t0 = time.perf_counter()
        await bot.start(which, api.base_url, str(path), args)
        started = time.perf_counter() - t0
        measure = Measure(api)
        api.on_call.append(measure.on_call)
        bot.on_done.append(measure.on_done)
        chat = Chat(api, bot)
        outcome = Outcome()
        # Steady load (--arrival): people arrive at random moments (a Poisson stream, the
        # same for every bot) and read each screen before tapping on; else --concurrency at a
        # time tap on at once.
        steady = bool(args.steady) and args.arrival > 0
        gate = asyncio.Semaphore(args.residents if steady else args.concurrency)
        think = parse_think(args.think) if steady else (0.0, 0.0)
        arrivals = random.Random(1)
        offsets, moment = [], 0.0
        for _ in range(args.residents):
            offsets.append(moment if steady else 0.0)
            moment += arrivals.expovariate(args.residents / args.arrival) if steady else 0.0
        rng = random.Random(2)

        async def one(uid: int, offset: float) -> None:
            await asyncio.sleep(offset)
            async with gate:
                try:
                    pace = Pace(think, random.Random(uid))
                    if which == "ours":
                        await resident(chat, measure, uid, rng, outcome, pace)
                    else:
                        await echo_user(chat, measure, uid, args.kinds or "t", pace)
                except Exception as exc:  # a failed journey is counted, the run goes on
                    outcome.errors += 1
                    logging.getLogger("bench").warning("resident %s: %r", uid, exc)

        profiler = Profiler(args.profile) if args.profile and args.in_process else None
        calls_before = len(api.calls)
        driver_cpu = cpu_seconds()
        start = time.monotonic()
        if profiler:
            profiler.start()
        await asyncio.gather(
            *(one(FIRST_NEW_RESIDENT + i, offsets[i]) for i in range(args.residents))
        )
        if profiler:
            profiler.stop()
        elapsed = time.monotonic() - start
        driver_cpu = cpu_seconds() - driver_cpu
        errors = [c for c in api.errors if not (c.error or "").startswith("Forbidden")]
        methods: dict[str, int] = {}
        for call in api.calls[calls_before:]:
            methods[call.method] = methods.get(call.method, 0) + 1
        usage = await bot.stop()
        await api.stop()
        if profiler:
            profiler.report(sys.stderr)
        signups: dict[str, int] = {}
        if which == "ours":
            async with Database(path) as db, db.read() as conn:
                async with conn.execute(
                    "SELECT status, COUNT(*) FROM signups WHERE resident_id >= ? GROUP BY status",
                    (FIRST_NEW_RESIDENT,),
                ) as cur:
                    signups = {row[0]: row[1] for row in await cur.fetchall()}
    return report(
        which,
        measure,
        elapsed,
        usage,
        methods,
        extra={
            "in_process": bool(args.in_process),
            "driver_cpu_share": round(driver_cpu / elapsed, 2) if elapsed else 0.0,
            "bot_cpu_share": round(usage["cpu_seconds"] / elapsed, 2) if elapsed else 0.0,
            "seed_seconds": round(seeded, 2),
            "start_seconds": round(started, 2),
            "reached": outcome.reached,
            "stopped": outcome.stopped,
            "kinds": "".join(outcome.kinds) or args.kinds,
            "journey_errors": outcome.errors,
            "refused_requests": len(errors),
            "signups": signups,
            "api_calls": methods,
            "threads": usage.get("thread_cpu_seconds", {}),
            "by_step": measure.by_step(),
        },
    )


def report(
    name: str,
    measure: Measure,
    elapsed: float,
    usage: dict[str, Any],
    methods: dict[str, int],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    answer = measure.latencies_ms(measure.answered_at)
    done = measure.latencies_ms(measure.done_at)
    tap_answer = measure.latencies_ms(measure.answered_at, taps=True)
    handled = len(measure.done_at)
    calls = sum(n for method, n in methods.items() if method != "getUpdates")
    return {
        "bot": name,
        "updates": handled,
        "seconds": round(elapsed, 2),
        "per_second": round(handled / elapsed, 1) if elapsed else 0.0,
        "answer_p50_ms": round(percentile(answer, 50), 1),
        "answer_p99_ms": round(percentile(answer, 99), 1),
        "done_p50_ms": round(percentile(done, 50), 1),
        "done_p99_ms": round(percentile(done, 99), 1),
        "tap_answer_p50_ms": round(percentile(tap_answer, 50), 1),
        "tap_answer_p99_ms": round(percentile(tap_answer, 99), 1),
        "cpu_ms_per_update": round(1000 * usage["cpu_seconds"] / handled, 2) if handled else 0.0,
        "peak_rss_mb": round(usage["peak_rss_mb"], 1),
        "calls_per_update": round(calls / handled, 2) if handled else 0.0,
        **(extra or {}),
    }


# -- the parent: the runs and the tables ----------------------------------------------------------
NAMES = {
    "ours": "Meedoen",
    "echo": "echo bot",
    "buttons": "buttons bot",
    "echo-aiohttp": "echo on aiohttp",
    "buttons-aiohttp": "buttons on aiohttp",
}


def child(
    args: argparse.Namespace,
    which: str,
    kinds: str = "",
    *,
    residents: int | None = None,
    concurrency: int | None = None,
    steady: bool = False,
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--run", which]
    command += ["--residents", str(residents or args.residents)]
    command += ["--existing", str(args.existing), "--shifts", str(args.shifts)]
    command += ["--concurrency", str(concurrency or args.concurrency)]
    if steady:
        command += ["--steady", "--arrival", str(args.arrival), "--think", args.think]
    if args.rate_limiter:
        command.append("--rate-limiter")
    if args.in_process:
        command.append("--in-process")
    if kinds:
        command += ["--kinds", kinds]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the {which} run failed")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def table(ours: dict[str, Any], *others: dict[str, Any]) -> str:
    """Meedoen's figures, and beside each baseline's its own and Meedoen's as a ratio of it."""
    rows = [
        ("updates handled", "updates", "{:d}"),
        ("wall time (s)", "seconds", "{:.2f}"),
        ("updates per second", "per_second", "{:.1f}"),
        ("p50 to answer (ms)", "answer_p50_ms", "{:.1f}"),
        ("p99 to answer (ms)", "answer_p99_ms", "{:.1f}"),
        ("taps: p50 to answer (ms)", "tap_answer_p50_ms", "{:.1f}"),
        ("taps: p99 to answer (ms)", "tap_answer_p99_ms", "{:.1f}"),
        ("p50 to done (ms)", "done_p50_ms", "{:.1f}"),
        ("p99 to done (ms)", "done_p99_ms", "{:.1f}"),
        ("bot CPU per update (ms)", "cpu_ms_per_update", "{:.2f}"),
        ("bot peak memory, RSS (MB)", "peak_rss_mb", "{:.1f}"),
        ("API calls per update", "calls_per_update", "{:.2f}"),
    ]
    head = ["Meedoen"]
    for other in others:
        head += [NAMES[other["bot"]], "ratio"]
    lines = [f"{'':28}" + "".join(f"{h:>20}" for h in head)]
    for title, key, fmt in rows:
        a = ours[key]
        cells = [fmt.format(a)]
        for other in others:
            b = other[key]
            cells += [fmt.format(b), f"{a / b:.2f}" if b else "-"]
        lines.append(f"{title:28}" + "".join(f"{cell:>20}" for cell in cells))
    return "\n".join(lines)


def per_second(result: dict[str, Any]) -> float:
    return float(result["per_second"])


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--existing", type=int, default=5000)
    parser.add_argument("--shifts", type=int, default=500)
    parser.add_argument(
        "--concurrency", type=int, default=50, help="flat out: this many residents at a time"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="flat out: runs of each bot, the fastest counts"
    )
    parser.add_argument(
        "--arrival",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="steady load: the residents arrive within this many seconds (0: skip)",
    )
    parser.add_argument(
        "--think",
        default="1-3",
        metavar="LOW-HIGH",
        help="steady load: seconds a resident reads a screen before the next tap",
    )
    parser.add_argument("--rate-limiter", action="store_true", help="PTB's AIORateLimiter on")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="the bot in the benchmark's own event loop, beside the stand-in (the old way)",
    )
    parser.add_argument(
        "--light",
        type=int,
        default=100,
        metavar="N",
        help="also N residents one at a time, for latency without queueing (0: skip)",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="run only Meedoen, its bot process under a profiler (pyinstrument if installed, "
        "else cProfile); with --in-process the whole event loop",
    )
    bots = list(NAMES)
    parser.add_argument("--run", choices=bots, help=argparse.SUPPRESS)
    parser.add_argument("--serve", choices=bots, help=argparse.SUPPRESS)
    parser.add_argument("--steady", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--kinds", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    if args.serve:
        asyncio.run(serve(args))
        return
    if args.run or args.profile:
        print(json.dumps(asyncio.run(run(args))))
        return

    # 1. Flat out: --concurrency residents tap on the moment a screen arrives. The bot is busy
    #    all the time, so this gives its throughput, to set beside the bare bots'.
    #    Each bot runs --rounds times, taking turns, and its fastest run counts: on a shared
    #    machine a run that something else slowed down says nothing about the bot.
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in NAMES}
    kinds = ""
    for _ in range(args.rounds):
        runs["ours"].append(child(args, "ours"))
        kinds = runs["ours"][0].get("kinds") or "t"
        for name in list(NAMES)[1:]:
            runs[name].append(child(args, name, kinds))
    ours, echo, buttons, echo_aiohttp, buttons_aiohttp = (
        max(runs[name], key=per_second) for name in NAMES
    )
    print(
        f"Resident journey: {args.residents} residents, with {args.existing} residents and "
        f"{args.shifts} shifts already stored (seeded in {ours['seed_seconds']} s, bot started in "
        f"{ours['start_seconds']} s); rate limiter {'on' if args.rate_limiter else 'off'}; "
        + (
            "each bot in the benchmark's own event loop, beside the stand-in (--in-process)."
            if args.in_process
            else "each bot in its own process, the stand-in and the people in another."
        )
    )
    print("Steps reached: " + ", ".join(f"{k} {v}" for k, v in ours["reached"].items()))
    if ours["stopped"]:
        print("Journeys that ended early (no such button): " + json.dumps(ours["stopped"]))
    print(
        f"Sign-ups made: {json.dumps(ours['signups'])}; journeys with an error: "
        f"{ours['journey_errors']}; requests the API refused: {ours['refused_requests']}"
    )
    print(f"Meedoen's API calls: {json.dumps(ours['api_calls'])}")
    print(
        f"The baselines get the same kinds of updates per resident ({kinds!r}: t text, c tap): "
        "the echo bot answers text with text and a tap with answerCallbackQuery; the buttons bot "
        "answers a tap and edits the message, as any bot with buttons must. Both are bare PTB "
        "with its default HTTP client (httpx), the baseline the target names; the second table "
        "has them on the HTTP client Meedoen uses (aiohttp, bot/http_client.py), so that the "
        "cost of Meedoen's own work shows apart from that choice."
    )
    print()
    print(
        f"1. Flat out: {args.concurrency} residents at a time, each tapping on at once (the "
        f"fastest of {args.rounds} runs of each bot; updates a second in every run: "
        + "; ".join(
            f"{NAMES[name]} " + ", ".join(f"{r['per_second']:.0f}" for r in results)
            for name, results in runs.items()
        )
        + ")"
    )
    print(table(ours, echo, buttons))
    print(table(ours, echo_aiohttp, buttons_aiohttp))
    print("Busy, as a share of one core: " + busy(*(max(r, key=per_second) for r in runs.values())))
    threads = ", ".join(
        f"{name} {seconds:.1f} s" for name, seconds in ours["threads"].items() if seconds >= 0.05
    )
    print(f"Meedoen's CPU by thread, start included: {threads}")
    print("Meedoen per step, p50 / p99 to done (ms): " + steps(ours))

    steady = steady_echo = None
    if args.arrival > 0:
        steady = child(args, "ours", steady=True)
        steady_echo = child(args, "echo", steady.get("kinds") or kinds, steady=True)
        print()
        print(
            f"2. Steady load: {args.residents} residents arriving at random within "
            f"{args.arrival:g} s, each reading a screen {args.think} s before the next tap "
            f"(Meedoen handled {steady['per_second']:.0f} updates a second on average)"
        )
        print(table(steady, steady_echo))
        print("Busy, as a share of one core: " + busy(steady, steady_echo))
        print("Meedoen per step, p50 / p99 to done (ms): " + steps(steady))

    light = None
    if args.light:
        light = child(args, "ours", residents=args.light, concurrency=1)
        light_echo = child(args, "echo", kinds, residents=args.light, concurrency=1)
        light_buttons = child(args, "buttons", kinds, residents=args.light, concurrency=1)
        print()
        print(f"3. One at a time: {args.light} residents, no queueing behind others")
        print(table(light, light_echo, light_buttons))
        print("Busy, as a share of one core: " + busy(light, light_echo, light_buttons))
        print("Meedoen per step, p50 / p99 to done (ms): " + steps(light))

    print()
    throughput = ours["per_second"] / echo["per_second"] if echo["per_second"] else 0.0
    print(
        f"Target, throughput at least half the echo bot's: {throughput:.2f} "
        f"({verdict(throughput >= 0.5)}; the buttons bot's: "
        f"{ours['per_second'] / buttons['per_second']:.2f}). On the same HTTP client as "
        f"Meedoen: {ours['per_second'] / echo_aiohttp['per_second']:.2f} of the echo bot's, "
        f"{ours['per_second'] / buttons_aiohttp['per_second']:.2f} of the buttons bot's."
    )
    if steady is not None:
        print(
            f"Target, p99 from an update's arrival to the bot's answer under 50 ms, at the steady "
            f"load: {steady['answer_p99_ms']:.1f} ms ({verdict(steady['answer_p99_ms'] < 50)}); "
            f"to the finished screen {steady['done_p99_ms']:.1f} ms."
        )
    if light is not None:
        print(f"One at a time, p99 to answer: {light['answer_p99_ms']:.1f} ms.")
    print(
        f"Flat out, p99 to answer is {ours['answer_p99_ms']:.0f} ms (the echo bot's "
        f"{echo['answer_p99_ms']:.0f} ms): with {args.concurrency} residents always waiting on one "
        f"busy core, latency is queueing, about {args.concurrency} / updates per second, for any "
        "bot. Throughput is the bot's CPU per update: Meedoen "
        f"{ours['cpu_ms_per_update']:.2f} ms, the echo bot {echo['cpu_ms_per_update']:.2f}, the "
        f"buttons bot {buttons['cpu_ms_per_update']:.2f}; Meedoen makes "
        f"{ours['calls_per_update']:.2f} API calls per update, the echo bot "
        f"{echo['calls_per_update']:.2f} (--profile shows where the time goes)."
    )


def busy(*results: dict[str, Any]) -> str:
    return "; ".join(
        f"{NAMES[r['bot']]}: bot, stand-in and people in one process {r['bot_cpu_share']:.2f}"
        if r.get("in_process")
        else f"{NAMES[r['bot']]}: bot {r['bot_cpu_share']:.2f}, stand-in and "
        f"people {r['driver_cpu_share']:.2f}"
        for r in results
    )


def steps(result: dict[str, Any]) -> str:
    return ", ".join(
        f"{step} {p50:.0f}/{p99:.0f}" for step, (p50, p99) in result["by_step"].items()
    )


if __name__ == "__main__":
    main()
