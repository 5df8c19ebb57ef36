"""1,000 residents find something to do and sign up, against the stand-in Bot API.

    python benchmarks/resident_journey.py [--residents 1000] [--existing 5000] [--shifts 500]
                                          [--concurrency 50] [--rate-limiter] [--profile FILE]

The database is seeded first (``--existing`` residents with one sign-up each, ``--shifts`` shifts
in 100-odd opportunities). Then ``--residents`` simulated residents, ``--concurrency`` at a time,
each do: /start → consent → find → a category → an opportunity → its dates → a shift → confirm
→ /mine, through the real Application (``BotHarness``) over HTTP on 127.0.0.1. Buttons are found
by their label the way a person finds them; a step whose button is not there ends that
resident's journey (and is reported), so the benchmark runs while flows are still being built.

For each update it measures the time from the moment the stand-in API handed it to the bot in
getUpdates to the bot's answer (its first API call for that update) and to the end of its
handling. It prints updates handled per second, p50 and p99 in milliseconds, and peak memory
(max RSS of the process, which also holds the stand-in API and the simulated people). Then the
same for a bare python-telegram-bot echo bot (one MessageHandler that echoes text, one
CallbackQueryHandler that answers, ``concurrent_updates`` on) fed the same number and kinds of
updates, and the ratio. Each bot runs in its own process, so the memory figures are separate.

PTB's AIORateLimiter (Telegram's 30 messages a second for the whole bot) is left out by default:
with it, the figure would measure Telegram's limit, not our code. ``--rate-limiter`` puts it in.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import logging
import pstats
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
    filters,
)

from bot.callbacks import unpack  # noqa: E402
from bot.sandbox.fake_api import Call, FakeBotApi  # noqa: E402
from bot.sandbox.harness import TEST_TOKEN, BotHarness, Person  # noqa: E402
from bot.store import Database, to_db  # noqa: E402

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
START_METHODS = {"getMe", "setMyCommands", "deleteWebhook", "getUpdates"}


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
    """Answer and done times per update, from when the stand-in API handed it out."""

    api: FakeBotApi
    answered_at: dict[int, float] = field(default_factory=dict)
    done_at: dict[int, float] = field(default_factory=dict)
    by_chat: dict[int, int] = field(default_factory=dict)  # chat -> update awaiting its answer
    by_query: dict[str, int] = field(default_factory=dict)  # callback query -> update
    waiters: dict[int, asyncio.Future[None]] = field(default_factory=dict)
    step_of: dict[int, str] = field(default_factory=dict)  # update -> journey step
    final_methods: set[str] | None = None  # for the baselines: the call that ends an update

    def expect(self, update_id: int, chat_id: int, query_id: str | None = None) -> None:
        if query_id is not None:
            self.by_query[query_id] = update_id
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
            waiter = self.waiters.get(update_id)
            final = self.final_methods is None or call.method in self.final_methods
            if waiter is not None and not waiter.done() and final:
                self.done_at[update_id] = time.monotonic()
                waiter.set_result(None)

    def on_done(self, update: object) -> None:
        if isinstance(update, Update):
            self.done_at[update.update_id] = time.monotonic()

    def latencies_ms(self, until: dict[int, float], step: str | None = None) -> list[float]:
        delivered = self.api.delivered_at
        return [
            (at - delivered[uid]) * 1000
            for uid, at in until.items()
            if uid in delivered and (step is None or self.step_of.get(uid) == step)
        ]

    def by_step(self) -> dict[str, tuple[float, float]]:
        """p50 and p99 to done (ms) of each journey step."""
        out = {}
        for step in dict.fromkeys(self.step_of.values()):
            values = self.latencies_ms(self.done_at, step)
            out[step] = (round(percentile(values, 50), 1), round(percentile(values, 99), 1))
        return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


# -- profiling -------------------------------------------------------------------------------------
LAYERS = [
    ("our code: conversations/", "/conversations/"),
    ("our code: bot/store/", "/bot/store/"),
    ("stand-in API and harness (not the bot)", "/bot/sandbox/"),
    ("the simulated residents (not the bot)", "/benchmarks/"),
    ("our code: bot/", "/bot/"),
    ("PTB: telegram", "/telegram/"),
    ("HTTP client: httpx, httpcore, h11, anyio", ("/httpx/", "/httpcore/", "/h11/", "/anyio/")),
    ("stand-in API's HTTP server: aiohttp", ("/aiohttp/", "/multidict/", "/yarl/")),
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


# -- our bot ---------------------------------------------------------------------------------------
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


async def resident(
    harness: BotHarness, measure: Measure, uid: int, rng: random.Random, outcome: Outcome
) -> None:
    person = harness.person(uid, f"Nieuw {uid}", "nl" if uid % 2 else "en")
    kinds = []
    for kind, what, pick in JOURNEY:
        if kind == "send":
            update_id = harness.api.user_message(uid, what)
            measure.expect(update_id, uid)
            step = what
        else:
            data = choose(person, rng, pick) if pick else None
            if data is None:
                outcome.stopped[what] = outcome.stopped.get(what, 0) + 1
                return
            update_id, query_id = harness.api.user_click(uid, person.last(), data)
            measure.expect(update_id, uid, query_id)
            step = what
        measure.step_of[update_id] = step
        await harness.handled(update_id, limit=60)
        person.new_messages()
        outcome.reached[step] = outcome.reached.get(step, 0) + 1
        kinds.append("t" if kind == "send" else "c")
    if len(kinds) > len(outcome.kinds):
        outcome.kinds = kinds


async def run_ours(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        t0 = time.perf_counter()
        await seed(path, existing=args.existing, shifts=args.shifts)
        seeded = time.perf_counter() - t0
        harness = BotHarness(path, rate_limiter=args.rate_limiter)
        t0 = time.perf_counter()
        await harness.start()
        started = time.perf_counter() - t0
        measure = Measure(harness.api)
        harness.api.on_call.append(measure.on_call)
        processor: Any = harness.application.update_processor
        processor.on_done.append(measure.on_done)
        outcome = Outcome()
        gate = asyncio.Semaphore(args.concurrency)
        rng = random.Random(2)

        async def one(uid: int) -> None:
            async with gate:
                try:
                    await resident(harness, measure, uid, rng, outcome)
                except Exception as exc:  # a failed journey is counted, the run goes on
                    outcome.errors += 1
                    logging.getLogger("bench").warning("resident %s: %r", uid, exc)

        profiler = Profiler(args.profile) if args.profile else None
        start = time.monotonic()
        if profiler:
            profiler.start()
        await asyncio.gather(*(one(FIRST_NEW_RESIDENT + i) for i in range(args.residents)))
        if profiler:
            profiler.stop()
        elapsed = time.monotonic() - start
        errors = [c for c in harness.api.errors if not (c.error or "").startswith("Forbidden")]
        methods: dict[str, int] = {}
        for call in harness.api.calls:
            if call.method in START_METHODS:
                continue
            methods[call.method] = methods.get(call.method, 0) + 1
        await harness.stop(stop_api=True)
        if profiler:
            profiler.report(sys.stderr)
        async with Database(path) as db, db.read() as conn:
            async with conn.execute(
                "SELECT status, COUNT(*) FROM signups WHERE resident_id >= ? GROUP BY status",
                (FIRST_NEW_RESIDENT,),
            ) as cur:
                signups = {row[0]: row[1] for row in await cur.fetchall()}
    return report(
        "meedoen",
        measure,
        elapsed,
        extra={
            "seed_seconds": round(seeded, 2),
            "start_seconds": round(started, 2),
            "reached": outcome.reached,
            "stopped": outcome.stopped,
            "kinds": "".join(outcome.kinds),
            "journey_errors": outcome.errors,
            "refused_requests": len(errors),
            "signups": signups,
            "api_calls": methods,
            "by_step": measure.by_step(),
        },
    )


def report(
    name: str, measure: Measure, elapsed: float, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    answer = measure.latencies_ms(measure.answered_at)
    done = measure.latencies_ms(measure.done_at) if measure.done_at else answer
    handled = len(measure.done_at) or len(measure.answered_at)
    return {
        "bot": name,
        "updates": handled,
        "seconds": round(elapsed, 2),
        "per_second": round(handled / elapsed, 1) if elapsed else 0.0,
        "answer_p50_ms": round(percentile(answer, 50), 1),
        "answer_p99_ms": round(percentile(answer, 99), 1),
        "done_p50_ms": round(percentile(done, 50), 1),
        "done_p99_ms": round(percentile(done, 99), 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "calls_per_update": round(
            sum(1 for c in measure.api.calls if c.method not in START_METHODS) / handled, 2
        )
        if handled
        else 0.0,
        **(extra or {}),
    }


# -- the baselines: a bare echo bot, and a bare bot with buttons ---------------------------------
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


async def run_echo(args: argparse.Namespace) -> dict[str, Any]:
    """The echo bot (``--run echo``) or the bare button bot (``--run buttons``)."""
    buttons = args.run == "buttons"
    api = FakeBotApi()
    await api.start()
    app = (
        Application.builder()
        .token(TEST_TOKEN)
        .base_url(api.base_url)
        .concurrent_updates(256)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo_text))
    app.add_handler(CallbackQueryHandler(button_click if buttons else echo_click))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=10)
    measure = Measure(api)
    if buttons:  # an update is done when its screen is there, not at the first call
        measure.final_methods = {"sendMessage", "editMessageText"}
    api.on_call.append(measure.on_call)
    gate = asyncio.Semaphore(args.concurrency)
    kinds = args.kinds or "t"

    async def one(uid: int) -> None:
        api.add_user(uid, f"Echo {uid}", "nl")
        async with gate:
            for kind in kinds:
                if kind == "t":
                    update_id = api.user_message(uid, "hallo")
                    measure.expect(update_id, uid)
                else:
                    update_id, query_id = api.user_click(uid, api.bot_messages(uid)[-1], "1:x")
                    measure.expect(update_id, uid, query_id)
                waiter = asyncio.get_running_loop().create_future()
                measure.waiters[update_id] = waiter
                if update_id in measure.done_at:
                    waiter.set_result(None)
                await asyncio.wait_for(waiter, 60)

    start = time.monotonic()
    await asyncio.gather(*(one(FIRST_NEW_RESIDENT + i) for i in range(args.residents)))
    elapsed = time.monotonic() - start
    await app.updater.stop()
    await app.stop()
    await app.shutdown()
    await api.stop()
    return report(args.run or "echo", measure, elapsed, extra={"kinds": kinds})


# -- the parent: both runs and the table -----------------------------------------------------------
def child(
    args: argparse.Namespace,
    which: str,
    kinds: str = "",
    *,
    residents: int | None = None,
    concurrency: int | None = None,
) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--run",
        which,
        "--residents",
        str(residents or args.residents),
        "--existing",
        str(args.existing),
        "--shifts",
        str(args.shifts),
        "--concurrency",
        str(concurrency or args.concurrency),
    ]
    if args.rate_limiter:
        command.append("--rate-limiter")
    if kinds:
        command += ["--kinds", kinds]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"the {which} run failed")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def table(ours: dict[str, Any], echo: dict[str, Any], buttons: dict[str, Any]) -> str:
    rows = [
        ("updates handled", "updates", "{:d}"),
        ("wall time (s)", "seconds", "{:.2f}"),
        ("updates per second", "per_second", "{:.1f}"),
        ("p50 to answer (ms)", "answer_p50_ms", "{:.1f}"),
        ("p99 to answer (ms)", "answer_p99_ms", "{:.1f}"),
        ("p50 to done (ms)", "done_p50_ms", "{:.1f}"),
        ("p99 to done (ms)", "done_p99_ms", "{:.1f}"),
        ("peak memory, max RSS (MB)", "peak_rss_mb", "{:.1f}"),
        ("API calls per update", "calls_per_update", "{:.2f}"),
    ]
    head = ("Meedoen", "echo bot", "ratio", "buttons", "ratio")
    lines = [f"{'':28}" + "".join(f"{h:>11}" for h in head)]
    for title, key, fmt in rows:
        a, b, c = ours[key], echo[key], buttons[key]
        cells = (
            fmt.format(a),
            fmt.format(b),
            f"{a / b:.2f}" if b else "-",
            fmt.format(c),
            f"{a / c:.2f}" if c else "-",
        )
        lines.append(f"{title:28}" + "".join(f"{cell:>11}" for cell in cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--existing", type=int, default=5000)
    parser.add_argument("--shifts", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rate-limiter", action="store_true", help="PTB's AIORateLimiter on")
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
        help="run only Meedoen under a profiler (pyinstrument if installed, else cProfile)",
    )
    parser.add_argument("--run", choices=["ours", "echo", "buttons"], help=argparse.SUPPRESS)
    parser.add_argument("--kinds", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    if args.run or args.profile:
        runner = run_ours if args.run in (None, "ours") else run_echo
        result = asyncio.run(runner(args))
        print(json.dumps(result))
        return

    ours = child(args, "ours")
    echo = child(args, "echo", ours.get("kinds") or "t")
    buttons = child(args, "buttons", ours.get("kinds") or "t")
    print(
        f"Resident journey: {args.residents} residents, {args.concurrency} at a time, with "
        f"{args.existing} residents and {args.shifts} shifts already stored (seeded in "
        f"{ours['seed_seconds']} s, bot started in {ours['start_seconds']} s); rate limiter "
        f"{'on' if args.rate_limiter else 'off'}."
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
        f"The baselines get the same kinds of updates per resident ({echo['kinds']!r}: t text, "
        "c tap): the echo bot answers text with text and a tap with answerCallbackQuery; the "
        "buttons bot answers a tap and edits the message, as any bot with buttons must."
    )
    print()
    print(table(ours, echo, buttons))
    print()
    print("Meedoen per step, p50 / p99 to done (ms): " + steps(ours))
    if args.light:
        light = child(args, "ours", residents=args.light, concurrency=1)
        kinds = light.get("kinds") or "t"
        light_echo = child(args, "echo", kinds, residents=args.light, concurrency=1)
        light_buttons = child(args, "buttons", kinds, residents=args.light, concurrency=1)
        print()
        print(f"Light load: {args.light} residents one at a time (no queueing behind others)")
        print(table(light, light_echo, light_buttons))
        print("Meedoen per step, p50 / p99 to done (ms): " + steps(light))
    print()
    throughput = ours["per_second"] / echo["per_second"] if echo["per_second"] else 0.0
    floor = buttons["per_second"] / echo["per_second"] if echo["per_second"] else 0.0
    print(
        f"Target: at least half the echo bot's throughput: {throughput:.2f} "
        f"({'met' if throughput >= 0.5 else 'NOT met'}; the bare buttons bot reaches {floor:.2f}); "
        f"p99 to answer under 50 ms at {args.concurrency} at a time: "
        f"{ours['answer_p99_ms']:.1f} ms ({'met' if ours['answer_p99_ms'] < 50 else 'NOT met'})."
    )


def steps(result: dict[str, Any]) -> str:
    return ", ".join(
        f"{step} {p50:.0f}/{p99:.0f}" for step, (p50, p99) in result["by_step"].items()
    )


if __name__ == "__main__":
    main()
