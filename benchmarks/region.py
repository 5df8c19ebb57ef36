"""A whole region on one machine: what a coordinator's action costs the residents (issue #9).

    python benchmarks/region.py [--residents 200000] [--database PATH] [--rate 1.0]
                                [--think 1-3] [--baseline 20] [--delivery 60] [--observe 30]
                                [--per-chat 0] [--keep]

**The region.** ``--residents`` residents (10 % of them upcoming sign-ups, a share with interests),
in the proportions of issue #9 at 200,000: 20,000 shifts over four years (three past, one to
come) in 1,000 opportunities of 20 organisations and 8 categories; 5 past sign-ups per resident
(1 million: a tenth cancelled, attendance marked on 70 % of the rest), 3 sent outbox rows per
past sign-up (two reminders and a thank-you), and 20,000 upcoming confirmed sign-ups with their
reminders and thank-yous planned as the bot plans them (``bot.outbox.timing``). The schema comes
from the real migrations (``bot.store.Database`` opens the file once); the rows go in with the
standard library's sqlite3, ``executemany`` in large transactions, the indexes of the big
tables dropped and built again afterwards. The file (``--database``, default
``/tmp/meedoen-region-<residents>.sqlite3``) is kept and reused by the next run of the same size
(a marker table ``region_seed``); each run works on a scratch copy of it, so runs do not change it.

**The run.** The bot runs in a process of its own as ``resident_journey.py --serve`` runs it:
``build_application`` as production builds it (rate limiter on), ``TELEGRAM_API_URL`` at the
stand-in Bot API (``bot.sandbox.fake_api``; 30 messages a second overall enforced with 429s,
``--per-chat`` seconds between two messages to one chat, 0 by default), ``DATABASE_PATH`` at the
scratch copy, ``COORDINATOR_IDS`` the administrator. Residents arrive in a Poisson stream
(``--rate`` a second) and each does the resident journey of ``resident_journey.py`` (/start →
consent → find → category → opportunity → dates → shift → confirm → /mine), reading each screen
``--think`` seconds. Meanwhile an administrator does, one after the other, each after a quiet
``--baseline`` seconds (the residents' baseline for that action):

1. ``/stats``: from sending it to the figures' message and to the chart (``sendPhoto``);
2. ``/export`` → "Last 12 weeks": from the tap to the CSV document;
3. ``/broadcast`` → all organisations → everyone who gets news → a text → "Send to N people":
   from the tap to its answer (Send acknowledged) and to every one of its N outbox rows being
   stored (polled every 0.1 s on a read-only connection of this process); then ``--delivery``
   seconds of its delivery (messages a second at the stand-in);
4. the postman's database time per batch of 30, from outside while the bot is stopped: the
   exact query of ``bot.store.outbox.due`` (called on a read-only aiosqlite connection to the
   scratch copy) with every broadcast row still waiting, and again with 2,000 waiting; and the
   progress count (``bot.store.broadcasts.counts``) the same way;
5. a start that re-plans: the bot stopped, ``REMINDER_OFFSETS`` changed, started again while
   residents keep arriving: from the process start to its first ``getUpdates`` at the stand-in,
   how long residents who wrote meanwhile waited, and their p99 in the ``--observe`` seconds after.
   (The broadcast's rows still waiting are dropped first, so that only the re-plan is measured.)
   The first start of the run, which re-plans nothing, is timed the same way.

Residents' latency is measured per update from the moment the resident sent it (the stand-in's
``push_update``) to the bot's last API call for it ("done": the finished screen), and reported
per window: each action's baseline, and the action from its start until its result arrived (Send:
until every row was stored). The bot process's memory (VmRSS) is sampled every 0.1 s. Every
figure is printed beside its target (issue #9, item 2); every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiosqlite  # noqa: E402

from benchmarks.resident_journey import (  # noqa: E402
    CATEGORIES,
    FIRST_EXISTING_RESIDENT,
    FIRST_NEW_RESIDENT,
    ORGANISATIONS,
    BotProcess,
    Chat,
    Measure,
    Outcome,
    Pace,
    opportunity_title,
    parse_think,
    percentile,
    resident,
)
from bot.config import Settings  # noqa: E402
from bot.outbox import planning  # noqa: E402
from bot.outbox.kinds import BROADCAST, BULK, REMINDER, THANKS  # noqa: E402
from bot.outbox.timing import Rules, offset_label, plan_reminders, thanks_moment  # noqa: E402
from bot.sandbox.fake_api import Call, FakeBotApi, TelegramLimits  # noqa: E402
from bot.sandbox.harness import TEST_TOKEN, Person  # noqa: E402
from bot.store import Database, to_db  # noqa: E402
from bot.store import broadcasts as broadcast_store  # noqa: E402
from bot.store import outbox as outbox_store  # noqa: E402
from bot.wiring import jobs  # noqa: E402
from conversations import actions  # noqa: E402
from conversations.actions import unpack  # noqa: E402

log = logging.getLogger("region")

SEED_VERSION = 1
ADMIN_ID = 5_000_000_001
MARK = "Buurtfeest"  # in the broadcast's text: tells its deliveries from replies
# The rules the seeded plans follow, and those of the start that re-plans.
PLAIN_RULES = {
    "REMINDER_OFFSETS": "24h,2h",
    "QUIET_HOURS": "22:00-08:00",
    "THANKS_DELAY": "1h",
    "TIMEZONE": "Europe/Amsterdam",
}
REPLAN_OFFSETS = "48h,3h"
WAIT = 180.0  # the longest any single step is waited for
TARGETS = {
    "p99_ms": 50.0,
    "stats_s": 1.0,
    "ack_s": 1.0,
    "queued_s": 5.0,
    "batch_ratio": 2.0,
    "poll_s": 2.0,
    "rss_mb": 200.0,
}


# -- seeding ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Region:
    """The sizes that follow from the number of residents (issue #9's proportions)."""

    residents: int

    @property
    def shifts(self) -> int:
        return max(40, self.residents // 10)

    @property
    def past_shifts(self) -> int:
        return self.shifts * 3 // 4

    @property
    def future_shifts(self) -> int:
        return self.shifts - self.past_shifts

    @property
    def opportunities(self) -> int:
        return max(len(CATEGORIES), self.residents // 200)

    @property
    def upcoming(self) -> int:
        return self.residents // 10


PAST = timedelta(days=3 * 365)
FUTURE = timedelta(days=365)
PER_RESIDENT = 5


def seeded_size(path: Path) -> int | None:
    """The number of residents the file was seeded for, if it was seeded completely."""
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT residents, version FROM region_seed").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return int(row[0]) if row and row[1] == SEED_VERSION else None


def rules_of(env: dict[str, str]) -> Rules:
    values: dict[str, Any] = {"BOT_TOKEN": TEST_TOKEN, **env}
    return Rules.from_settings(Settings(**values))


def chunks(rows: Iterator[tuple[Any, ...]], size: int = 200_000) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


async def seed(path: Path, region: Region) -> dict[str, float]:
    """The schema through the real migrations, then the rows in bulk. Returns seconds per part."""
    remove_database(path)
    took: dict[str, float] = {}
    t0 = time.perf_counter()
    db = Database(path)
    await db.open()
    await db.close()
    took["migrations"] = time.perf_counter() - t0
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    rules = rules_of(PLAIN_RULES)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")  # a failed seed is seeded again: no marker
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-400000")
    # The indexes of the big tables are built once at the end: much faster than row by row.
    big = ("residents", "signups", "outbox", "interests")
    indexes = con.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({', '.join('?' * len(big))})",
        big,
    ).fetchall()
    for name, _ in indexes:
        con.execute(f'DROP INDEX "{name}"')

    def insert(sql: str, rows: Iterator[tuple[Any, ...]], part: str) -> None:
        t = time.perf_counter()
        con.execute("BEGIN")
        for batch in chunks(rows):
            con.executemany(sql, batch)
        con.execute("COMMIT")
        took[part] = took.get(part, 0.0) + time.perf_counter() - t

    n = region.residents
    opportunities = region.opportunities
    past, future = region.past_shifts, region.future_shifts
    insert(
        "INSERT INTO organisations (id, name) VALUES (?, ?)",
        ((i + 1, f"Organisatie {i + 1}") for i in range(ORGANISATIONS)),
        "catalogue",
    )
    insert(
        "INSERT INTO categories (id, name) VALUES (?, ?)",
        ((i + 1, name) for i, name in enumerate(CATEGORIES)),
        "catalogue",
    )
    insert(
        "INSERT INTO opportunities (id, organisation_id, category_id, title, description,"
        " location, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, 'episodic', ?)",
        (
            (
                o + 1,
                o % ORGANISATIONS + 1,
                o % len(CATEGORIES) + 1,
                opportunity_title(o),
                "Help mee in de buurt. Je krijgt uitleg van een vaste vrijwilliger.",
                f"Buurthuis {o % 17}, Dorpsstraat {o}",
                to_db(now - PAST),
            )
            for o in range(opportunities)
        ),
        "catalogue",
    )

    # Shift s: past ones evenly over three years, coming ones over the next year (from an hour
    # from now); 2 or 3 hours long. Opportunity s % opportunities, so each has some of both.
    def shift_times(s: int) -> tuple[datetime, datetime]:
        if s < past:
            start = now - PAST + (PAST * s) / past
        else:
            start = now + timedelta(hours=1) + (FUTURE * (s - past)) / future
        start = start.replace(second=0, microsecond=0)
        return start, start + timedelta(hours=2 + s % 2)

    times = [shift_times(s) for s in range(past + future)]
    capacity_past = max(10, PER_RESIDENT * n // past + 20)
    capacity_future = max(10, 2 * region.upcoming // future + 10)
    insert(
        "INSERT INTO shifts (id, opportunity_id, starts_at, ends_at, capacity)"
        " VALUES (?, ?, ?, ?, ?)",
        (
            (
                s + 1,
                s % opportunities + 1,
                to_db(start),
                to_db(end),
                capacity_past if s < past else capacity_future,
            )
            for s, (start, end) in enumerate(times)
        ),
        "catalogue",
    )
    insert(
        "INSERT INTO residents (id, first_name, language, consented_at, broadcasts_on)"
        " VALUES (?, ?, ?, ?, ?)",
        (
            (
                FIRST_EXISTING_RESIDENT + i,
                f"Bewoner {i}",
                "nl" if i % 3 else "en",
                to_db(now - PAST + (PAST * i) / n),
                0 if i % 20 == 0 else 1,  # 5 % want no news
            )
            for i in range(n)
        ),
        "residents",
    )
    insert(  # 0 to 3 kinds of work per resident: the category audiences
        "INSERT INTO interests (resident_id, category_id) VALUES (?, ?)",
        (
            (FIRST_EXISTING_RESIDENT + i, (i + 3 * j) % len(CATEGORIES) + 1)
            for i in range(n)
            for j in range(i % 4)
        ),
        "residents",
    )

    # Text that depends only on the shift (and a few days before it), made once per shift.
    labels = [offset_label(timedelta(hours=24)), offset_label(timedelta(hours=2))]
    shift_text = [
        (
            json.dumps({"starts_at": to_db(start), "ends_at": to_db(end)}, sort_keys=True),
            to_db(start - timedelta(hours=24)),
            to_db(start - timedelta(hours=2)),
            to_db(end + timedelta(hours=1)),
            to_db(end + timedelta(hours=2)),
            [to_db(start - timedelta(days=d)) for d in range(16)],
        )
        for start, end in times[:past]
    ]

    def past_signup(i: int, k: int) -> tuple[int, int]:
        """(id, shift index) of resident i's k-th past sign-up."""
        return i * PER_RESIDENT + k + 1, (i * 7919 + k * (past // PER_RESIDENT)) % past

    def signups() -> Iterator[tuple[Any, ...]]:
        for i in range(n):
            for k in range(PER_RESIDENT):
                sid, s = past_signup(i, k)
                created = shift_text[s][5]
                d = 1 + (i + k) % 14
                h = (i * PER_RESIDENT + k) % 10
                cancelled = h == 0
                attendance = None if cancelled or h >= 8 else ("no_show" if h == 7 else "came")
                yield (
                    sid,
                    s + 1,
                    FIRST_EXISTING_RESIDENT + i,
                    "cancelled" if cancelled else "confirmed",
                    created[d],
                    created[d - 1] if cancelled else created[d],
                    created[d - 1] if cancelled else None,
                    attendance,
                    shift_text[s][4] if attendance else None,
                    (i + k) % 5 + 1 if attendance == "came" and h % 2 else None,
                )

    insert(
        "INSERT INTO signups (id, shift_id, resident_id, status, created_at, updated_at,"
        " cancelled_at, attendance, attendance_at, rating) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        signups(),
        "past sign-ups",
    )
    first_upcoming = n * PER_RESIDENT + 1
    upcoming = [
        (first_upcoming + u, past + u % future, (u * 97) % n) for u in range(region.upcoming)
    ]
    insert(
        "INSERT INTO signups (id, shift_id, resident_id, status, created_at, updated_at)"
        " VALUES (?, ?, ?, 'confirmed', ?, ?)",
        (
            (
                sid,
                s + 1,
                FIRST_EXISTING_RESIDENT + i,
                to_db(now - timedelta(days=1 + sid % 10)),
                to_db(now - timedelta(days=1 + sid % 10)),
            )
            for sid, s, i in upcoming
        ),
        "upcoming sign-ups",
    )

    def sent_rows() -> Iterator[tuple[Any, ...]]:
        for i in range(n):
            resident_id = FIRST_EXISTING_RESIDENT + i
            for k in range(PER_RESIDENT):
                sid, s = past_signup(i, k)
                payload, r24, r2, thanks, _, created = shift_text[s]
                made = created[1 + (i + k) % 14]
                yield (
                    f"{REMINDER}:{sid}:{labels[0]}",
                    REMINDER,
                    resident_id,
                    r24,
                    payload,
                    sid,
                    made,
                    r24,
                )
                yield (
                    f"{REMINDER}:{sid}:{labels[1]}",
                    REMINDER,
                    resident_id,
                    r2,
                    payload,
                    sid,
                    made,
                    r2,
                )
                yield (f"{THANKS}:{sid}", THANKS, resident_id, thanks, payload, sid, made, thanks)

    insert(
        "INSERT INTO outbox (key, kind, recipient_id, due_at, payload, signup_id, status,"
        " attempts, created_at, sent_at) VALUES (?, ?, ?, ?, ?, ?, 'sent', 1, ?, ?)",
        sent_rows(),
        "sent outbox",
    )

    def planned_rows() -> Iterator[tuple[Any, ...]]:
        """What ``bot.outbox.planning`` plans for an upcoming sign-up, with the same timing."""
        for sid, s, i in upcoming:
            start, end = times[s]
            payload = json.dumps({"starts_at": to_db(start), "ends_at": to_db(end)}, sort_keys=True)
            wanted = [
                (f"{REMINDER}:{sid}:{p.label}", REMINDER, p.due_at)
                for p in plan_reminders(
                    start, rules.offsets, now=now, zone=rules.zone, quiet=rules.quiet
                )
            ]
            wanted.append(
                (f"{THANKS}:{sid}", THANKS, thanks_moment(end, rules.thanks_delay, rules.quiet))
            )
            for key, kind, due in wanted:
                yield key, kind, FIRST_EXISTING_RESIDENT + i, to_db(due), payload, sid, to_db(now)

    insert(
        "INSERT INTO outbox (key, kind, recipient_id, due_at, payload, signup_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        planned_rows(),
        "planned outbox",
    )
    con.execute(
        "INSERT INTO plan_rules (id, rules, planned_at) VALUES (1, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, planned_at = excluded.planned_at",
        (rules.fingerprint(), to_db(now)),
    )
    t = time.perf_counter()
    for _, sql in indexes:
        con.execute(sql)
    took["indexes"] = time.perf_counter() - t
    con.execute("CREATE TABLE region_seed (residents INTEGER, version INTEGER, seeded_at TEXT)")
    con.execute("INSERT INTO region_seed VALUES (?, ?, ?)", (n, SEED_VERSION, to_db(now)))
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    took["total"] = time.perf_counter() - t0
    return took


async def prepare(path: Path, region: Region) -> tuple[dict[str, float] | None, float]:
    """Seed unless the file was seeded for this size; bring its schema up to date either way
    (a migration added since is applied to the seed once, not timed in every bot start)."""
    took = None
    if seeded_size(path) != region.residents:
        took = await seed(path, region)
    t = time.perf_counter()
    db = Database(path)
    await db.open()
    await db.close()
    return took, time.perf_counter() - t


def copy_database(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    wal = Path(f"{source}-wal")
    if wal.exists():
        shutil.copyfile(wal, f"{target}-wal")


def code_state() -> str:
    """The commit, and how many files of the bot differ from it (others change it meanwhile)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "bot", "conversations"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
    except OSError:
        return "unknown"
    return f"{head} + {len(changed)} changed files in bot/ and conversations/"


def size_mb(path: Path) -> int:
    return round(path.stat().st_size / 2**20)


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# -- the stand-in, and what is measured at it ------------------------------------------------------
class RegionApi(FakeBotApi):
    """The stand-in, also noting when each update was sent and when the bot polled."""

    def __init__(self, per_chat: float) -> None:
        # Unknown chats accepted: the broadcast goes to 200,000 seeded residents.
        super().__init__(limits=TelegramLimits(per_chat_interval=per_chat), known_chats_only=False)
        self.pushed_at: dict[int, float] = {}
        self.polls: list[float] = []

    def push_update(self, payload: dict[str, Any]) -> int:
        update_id = super().push_update(payload)
        self.pushed_at[update_id] = time.monotonic()
        return update_id

    async def _get_updates(self, params: dict[str, Any]) -> Any:
        self.polls.append(time.monotonic())
        return await super()._get_updates(params)

    def first_poll_after(self, moment: float) -> float | None:
        return next((t for t in self.polls if t >= moment), None)


SEEDED_QUIET_HOURS = PLAIN_RULES["QUIET_HOURS"]


async def other_quiet_hours(scratch: Path, quiet_hours: str) -> None:
    """Run with other quiet hours than the seed's (``--quiet-hours``, so that a broadcast goes
    out at night too): the scratch copy is marked as planned with them, so the first start does
    not re-plan. The reminders already planned keep the seed's quiet hours; only their minute
    of delivery would differ, which none of the figures looks at."""
    PLAIN_RULES["QUIET_HOURS"] = quiet_hours
    async with Database(scratch) as db, db.transaction() as conn:
        await planning.rules_applied(conn, rules_of(PLAIN_RULES), datetime.now(UTC))


def quiet_now() -> bool:
    """Whether the bot's quiet hours hold now (no broadcast goes out then)."""
    rules = rules_of(PLAIN_RULES)
    return rules.quiet is not None and rules.quiet.contains(datetime.now(UTC))


def is_bulk(call: Call) -> bool:
    return call.method == "sendMessage" and MARK in str(call.params.get("text", ""))


@dataclass
class Window:
    name: str
    start: float
    end: float
    judged: bool = True  # False: the bot was down; not held against the target


@dataclass
class Latencies:
    """Residents' time from sending an update to the finished screen, per window."""

    api: RegionApi
    measure: Measure

    def values(
        self, start: float, end: float, skip: list[Window] | None = None
    ) -> tuple[list[float], int]:
        """(ms to done of residents' updates sent in [start, end), how many never finished)."""
        pushed, done = self.api.pushed_at, self.measure.done_at
        out, unfinished = [], 0
        for uid in self.measure.step_of:
            at = pushed.get(uid)
            if at is None or not start <= at < end:
                continue
            if skip and any(w.start <= at < w.end for w in skip):
                continue
            if uid in done:
                out.append((done[uid] - at) * 1000)
            else:
                unfinished += 1
        return out, unfinished

    def row(self, start: float, end: float, skip: list[Window] | None = None) -> dict[str, Any]:
        values, unfinished = self.values(start, end, skip)
        return {
            "updates": len(values),
            "unfinished": unfinished,
            "p50_ms": round(percentile(values, 50), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "max_ms": round(max(values), 1) if values else float("nan"),
        }


def proc_memory(pid: int) -> dict[str, float]:
    """A process's resident memory now and its peak so far, in MB (Linux /proc).

    (Not ``ru_maxrss``: after ``fork`` and ``exec`` it starts from the parent's, and this
    process holds the seeding's lists.)"""
    found = {}
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line[:5]] = int(line.split()[1]) / 1024
    return found


class Memory:
    """The bot process's resident memory, sampled every 0.1 s (Linux /proc)."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []
        self.hwm: dict[int, float] = {}  # pid -> the kernel's peak RSS (VmHWM)
        self.pid: int | None = None
        self._task: asyncio.Task[None] | None = None

    def watch(self, bot: BotProcess) -> None:
        process = bot._process  # the pid is all we need of it
        self.pid = process.pid if process is not None else None
        if self._task is None:
            self._task = asyncio.create_task(self._sample())

    async def _sample(self) -> None:
        while True:
            if self.pid is not None:
                found = proc_memory(self.pid)
                if "VmRSS" in found:
                    self.samples.append((time.monotonic(), found["VmRSS"]))
                if "VmHWM" in found:
                    self.hwm[self.pid] = max(self.hwm.get(self.pid, 0.0), found["VmHWM"])
            await asyncio.sleep(0.1)

    def peak(self, start: float = 0.0, end: float = float("inf")) -> float:
        found = [mb for t, mb in self.samples if start <= t <= end]
        return round(max(found), 1) if found else float("nan")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


class Stream:
    """Residents arriving at random (Poisson, ``rate`` a second), each doing the journey."""

    def __init__(self, chat: Chat, measure: Measure, rate: float, think: tuple[float, float]):
        self.chat = chat
        self.measure = measure
        self.rate = rate
        self.think = think
        self.outcome = Outcome()
        self.arrived = 0
        self._arrivals = random.Random(1)
        self._rng = random.Random(2)
        self._journeys: set[asyncio.Task[None]] = set()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._arrive())

    async def _arrive(self) -> None:
        while True:
            await asyncio.sleep(self._arrivals.expovariate(self.rate))
            uid = FIRST_NEW_RESIDENT + self.arrived
            self.arrived += 1
            task = asyncio.create_task(self._one(uid))
            self._journeys.add(task)
            task.add_done_callback(self._journeys.discard)

    async def _one(self, uid: int) -> None:
        try:
            pace = Pace(self.think, random.Random(uid))
            await resident(self.chat, self.measure, uid, self._rng, self.outcome, pace)
        except Exception as exc:  # a failed journey is counted, the run goes on
            self.outcome.errors += 1
            log.warning("resident %s: %r", uid, exc)

    async def pause(self, limit: float = 90.0) -> None:
        """No more arrivals; the journeys under way finish (bounded)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._journeys:
            await asyncio.wait(set(self._journeys), timeout=limit)
        for task in list(self._journeys):
            task.cancel()


# -- the administrator -----------------------------------------------------------------------------
def button(person: Person, pick: Callable[[str], bool]) -> tuple[dict[str, Any], str, str] | None:
    """(message, callback data, label) of the newest button whose data ``pick`` accepts."""
    for message in reversed(person.messages()):
        markup = message.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for b in row:
                data = b.get("callback_data")
                if data and pick(data):
                    return message, data, b["text"]
    return None


def action_is(action: actions.Action) -> Callable[[str], bool]:
    def pick(data: str) -> bool:
        cb = unpack(data)
        return cb is not None and cb.action == action.code

    return pick


class Admin:
    """An administrator (in COORDINATOR_IDS) in a private chat, and the calls made to them."""

    def __init__(self, api: RegionApi, bot: BotProcess) -> None:
        self.api = api
        self.bot = bot
        api.add_user(ADMIN_ID, "Beheerder", "en")
        self.person = Person(Chat(api, bot), ADMIN_ID)  # type: ignore[arg-type]
        self.calls: list[Call] = []
        self.queries: set[str] = set()
        api.on_call.append(self._on_call)

    def _on_call(self, call: Call) -> None:
        chat = call.params.get("chat_id")
        query = call.params.get("callback_query_id")
        if (chat is not None and str(chat) == str(ADMIN_ID)) or (
            query is not None and str(query) in self.queries
        ):
            self.calls.append(call)

    def after(
        self, moment: float, method: str, test: Callable[[Call], bool] | None = None
    ) -> float | None:
        for call in self.calls:
            if call.at >= moment and call.method == method and (test is None or test(call)):
                return call.at
        return None

    async def send(self, text: str) -> float:
        """Type ``text``; returns when it was sent, once the bot has handled it."""
        update_id = self.api.user_message(ADMIN_ID, text)
        sent = self.api.pushed_at[update_id]
        await self.bot.handled(update_id, WAIT)
        return sent

    async def tap(self, data: str, message: dict[str, Any]) -> tuple[float, str]:
        update_id, query_id = self.api.user_click(ADMIN_ID, message, data)
        self.queries.add(query_id)
        sent = self.api.pushed_at[update_id]
        await self.bot.handled(update_id, WAIT)
        return sent, query_id


# -- the run ---------------------------------------------------------------------------------------
def seconds(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 3)


async def count_rows(path: Path, broadcast_id: int) -> int:
    """The broadcast's outbox rows, read-only (a range of the unique key's index)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        low, high = f"broadcast:{broadcast_id}:", f"broadcast:{broadcast_id};"
        row = con.execute(
            "SELECT COUNT(*) FROM outbox WHERE key >= ? AND key < ?", (low, high)
        ).fetchone()
        return int(row[0])
    finally:
        con.close()


async def time_postman(path: Path, broadcast_id: int | None, repeat: int = 7) -> dict[str, Any]:
    """The postman's query for one batch, and the progress count, on a read-only connection."""
    conn = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = aiosqlite.Row
    try:
        now = datetime.now(UTC)
        sql = "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND due_at <= ?"
        async with conn.execute(sql, (to_db(now),)) as cur:
            row = await cur.fetchone()
        waiting = int(row[0]) if row else 0  # due now: what the postman's query picks from
        batch: list[float] = []
        got = 0
        for _ in range(repeat):
            t = time.perf_counter()
            rows = await outbox_store.due(conn, now, bulk=BULK, limit=jobs.BATCH)
            batch.append((time.perf_counter() - t) * 1000)
            got = len(rows)
        progress: list[float] = []
        if broadcast_id is not None:
            for _ in range(3):
                t = time.perf_counter()
                await broadcast_store.counts(broadcast_id, conn=conn)
                progress.append((time.perf_counter() - t) * 1000)
    finally:
        await conn.close()
    batch.sort()
    return {
        "waiting": waiting,
        "rows": got,
        "batch_ms": round(batch[len(batch) // 2], 2),
        "batch_min_ms": round(batch[0], 2),
        "progress_ms": round(sorted(progress)[len(progress) // 2], 1) if progress else None,
    }


def replanned(path: Path) -> dict[str, Any]:
    """Whether the start re-planned: the rules stored, and reminders planned at the new offsets."""
    fingerprint = rules_of({**PLAIN_RULES, "REMINDER_OFFSETS": REPLAN_OFFSETS}).fingerprint()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT rules FROM plan_rules WHERE id = 1").fetchone()
        label = offset_label(timedelta(hours=48))
        (planned,) = con.execute(
            "SELECT COUNT(*) FROM outbox WHERE +status = 'pending' AND kind = ? AND key LIKE ?",
            (REMINDER, f"%:{label}"),
        ).fetchone()
    finally:
        con.close()
    return {"rules_stored": bool(row and row[0] == fingerprint), "new_reminders": planned}


def leave_waiting(path: Path, keep: int) -> None:
    """Drop (as a finished broadcast leaves them) all but ``keep`` of the waiting broadcast rows."""
    con = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "UPDATE outbox SET status = 'dropped', note = 'benchmark' WHERE kind = ?"
            " AND status = 'pending' AND id NOT IN (SELECT id FROM outbox WHERE kind = ?"
            " AND status = 'pending' ORDER BY id LIMIT ?)",
            (BROADCAST, BROADCAST, keep),
        )
        con.execute("COMMIT")
    finally:
        con.close()


async def stop_bot(bot: BotProcess) -> dict[str, Any]:
    """Stop the bot process (``resident_journey``'s ``stop``: 120 s at most), or kill it."""
    try:
        return await bot.stop()
    except TimeoutError:
        process = bot._process
        if process is not None and process.returncode is None:
            process.kill()
            await asyncio.wait_for(process.wait(), 30)
        return {"error": "did not stop within 120 s: killed"}


async def wait_until(test: Callable[[], bool], limit: float) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if test():
            return True
        await asyncio.sleep(0.05)
    return test()


async def start_bot(
    bot: BotProcess, api: RegionApi, scratch: Path, memory: Memory
) -> dict[str, Any]:
    """Start the bot process; from its start to its first poll, and to ready."""
    t0 = time.monotonic()
    task = asyncio.create_task(
        bot.start(
            "ours",
            api.base_url,
            str(scratch),
            argparse.Namespace(rate_limiter=True, profile=None),
        )
    )
    await asyncio.sleep(0.2)
    with contextlib.suppress(Exception):
        memory.watch(bot)
    await asyncio.wait_for(task, 300)
    memory.watch(bot)
    polled = await wait_until(lambda: api.first_poll_after(t0) is not None, 30)
    return {
        "start": t0,
        "to_poll_s": seconds(t0, api.first_poll_after(t0)) if polled else None,
        "to_ready_s": round(time.monotonic() - t0, 3),
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    region = Region(args.residents)
    path = Path(args.database or f"/tmp/meedoen-region-{args.residents}.sqlite3")
    scratch = Path(f"{path}.run")
    result: dict[str, Any] = {
        "residents": args.residents,
        "upcoming": region.upcoming,
        "database": str(path),
    }
    t = time.perf_counter()
    seeded, migrate = await prepare(path, region)
    result["seed"] = seeded
    result["prepare_s"] = round(time.perf_counter() - t, 1)
    result["file_mb"] = size_mb(path)
    t = time.perf_counter()
    copy_database(path, scratch)
    result["copy_s"] = round(time.perf_counter() - t, 1)
    if args.quiet_hours != SEEDED_QUIET_HOURS:
        await other_quiet_hours(scratch, args.quiet_hours)
        result["quiet_hours"] = args.quiet_hours
    counts = sqlite3.connect(f"file:{scratch}?mode=ro", uri=True)
    result["rows"] = {
        table: counts.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("residents", "shifts", "signups", "outbox", "interests")
    }
    counts.close()
    result["code"] = code_state()
    result["load_before"] = [round(x, 2) for x in os.getloadavg()]
    print(f"region ready: {json.dumps(result)}", file=sys.stderr, flush=True)

    os.environ.update(PLAIN_RULES)
    os.environ["COORDINATOR_IDS"] = str(ADMIN_ID)
    api = RegionApi(args.per_chat)
    await api.start()
    bot = BotProcess()
    memory = Memory()
    measure = Measure(api)
    api.on_call.append(lambda call: None if is_bulk(call) else measure.on_call(call))
    bot.on_done.append(measure.on_done)
    bulk_sent: list[float] = []
    api.on_call.append(lambda call: bulk_sent.append(call.at) if is_bulk(call) else None)
    latencies = Latencies(api, measure)
    windows: list[Window] = []
    figures: dict[str, Any] = {}
    stream = Stream(Chat(api, bot), measure, args.rate, parse_think(args.think))
    try:
        try:
            figures["plain_start"] = await start_bot(bot, api, scratch, memory)
        except Exception as exc:
            raise SystemExit(f"the bot did not start: {exc!r}") from exc
        admin = Admin(api, bot)
        await admin.send("/export")  # the administrator's first message (and its menu)
        stream.start()
        await asyncio.sleep(args.baseline / 2)  # warming up

        async def baseline(name: str) -> None:
            start = time.monotonic()
            await asyncio.sleep(args.baseline)
            windows.append(Window(f"{name}: baseline", start, time.monotonic()))

        # 1. /stats
        await baseline("/stats")
        with contextlib.suppress(TimeoutError):
            sent = await admin.send("/stats")
            figures["stats"] = {
                "figures_s": seconds(
                    sent,
                    admin.after(sent, "sendMessage", lambda c: "📊" in str(c.params.get("text"))),
                ),
                "chart_s": seconds(sent, admin.after(sent, "sendPhoto")),
            }
            end = max(time.monotonic(), sent + 1.0)
            windows.append(Window("/stats", sent, end))
            figures["stats"]["rss_mb"] = memory.peak(sent, end + 1)
            figures["stats"]["rss_before_mb"] = memory.peak(sent - 5, sent)

        # 2. /export, 12 weeks
        await baseline("/export")
        with contextlib.suppress(TimeoutError):
            await admin.send("/export")
            found = button(admin.person, lambda d: d == actions.EXPORT_PERIOD.data("w"))
            if found is not None:
                sent, _ = await admin.tap(found[1], found[0])
                got = admin.after(sent, "sendDocument")
                end = max(time.monotonic(), sent + 1.0)
                windows.append(Window("/export", sent, end))
                figures["export"] = {
                    "document_s": seconds(sent, got),
                    "rss_mb": memory.peak(sent, end + 1),
                    "rss_before_mb": memory.peak(sent - 5, sent),
                }

        # 3. A broadcast to everyone: Send, every row stored, then its delivery.
        await baseline("broadcast Send")
        broadcast_id = None
        with contextlib.suppress(TimeoutError):
            figures["broadcast"] = await broadcast(args, admin, scratch, memory, windows)
            broadcast_id = figures["broadcast"].get("id")
            queued = figures["broadcast"].get("queued_at")
            if queued is not None:
                before = len(bulk_sent)
                await asyncio.sleep(args.delivery)
                end = time.monotonic()
                windows.append(Window("broadcast delivery", queued, end))
                sent_in = [t for t in bulk_sent if queued <= t < end]
                figures["delivery"] = {
                    "seconds": round(end - queued, 1),
                    "sent": len(sent_in),
                    "per_second": round(len(sent_in) / (end - queued), 1),
                    "sent_before_window": before,
                    "rate_limited_429": api.rate_limited,
                    "rss_mb": memory.peak(queued, end),
                    "quiet_hours": quiet_now(),
                }

        # 4. The postman's query with every row waiting and with 2,000; the bot is stopped.
        await stream.pause()
        t = time.monotonic()
        first = await stop_bot(bot)
        figures["stop_during_delivery_s"] = round(time.monotonic() - t, 1)
        figures["first_process"] = first
        postman: dict[str, Any] = {}
        if broadcast_id is not None:
            postman["all"] = await time_postman(scratch, broadcast_id)
            leave_waiting(scratch, 2000)
            postman["2000"] = await time_postman(scratch, broadcast_id)
            leave_waiting(scratch, 0)  # the re-plan below is measured alone
        figures["postman"] = postman

        # 5. A start that re-plans, residents arriving meanwhile.
        os.environ["REMINDER_OFFSETS"] = REPLAN_OFFSETS
        stream.start()
        down = time.monotonic()
        await asyncio.sleep(2)  # residents write to a bot that is not there yet
        try:
            figures["replan_start"] = start = await start_bot(bot, api, scratch, memory)
        except Exception as exc:
            figures["replan_start"] = {"error": repr(exc)}
        else:
            polled = api.first_poll_after(start["start"]) or time.monotonic()
            windows.append(
                Window("start that re-plans: sent before it polled", down, polled, judged=False)
            )
            await asyncio.sleep(args.observe)
            windows.append(
                Window(
                    "start that re-plans: first seconds of polling", polled, polled + args.observe
                )
            )
            figures["replan_start"]["rss_mb"] = memory.peak(start["start"], time.monotonic())
        await stream.pause()
        figures["second_process"] = await stop_bot(bot)
        figures["replanned"] = replanned(scratch)
    finally:
        await stream.pause(5)
        await memory.stop()
        with contextlib.suppress(Exception):
            if bot._process is not None and bot._process.returncode is None:
                bot._process.kill()
        await api.stop()
        if not args.keep:
            remove_database(scratch)
    figures["windows"] = [
        {
            "name": w.name,
            "seconds": round(w.end - w.start, 1),
            "judged": w.judged,
            **latencies.row(w.start, w.end),
        }
        for w in windows
    ]
    down = [w for w in windows if not w.judged]
    figures["throughout"] = latencies.row(0, float("inf"), skip=down)
    figures["load_after"] = [round(x, 2) for x in os.getloadavg()]
    figures["by_step"] = measure.by_step()
    figures["journeys"] = {
        "arrived": stream.arrived,
        "reached": stream.outcome.reached,
        "stopped": stream.outcome.stopped,
        "errors": stream.outcome.errors,
    }
    figures["peak_rss_mb"] = max([memory.peak(), *memory.hwm.values()])
    figures["ru_maxrss_mb"] = max(
        [0.0]
        + [
            float(p.get("peak_rss_mb", 0))
            for p in (figures.get("first_process"), figures.get("second_process"))
            if p
        ]
    )
    figures["refused_requests"] = len(
        [c for c in api.errors if not (c.error or "").startswith(("Forbidden", "Too Many"))]
    )
    result["migrate_s"] = round(migrate, 2)
    result.update(figures)
    return result


async def broadcast(
    args: argparse.Namespace, admin: Admin, scratch: Path, memory: Memory, windows: list[Window]
) -> dict[str, Any]:
    """/broadcast → all organisations (if asked) → everyone → a text → Send; until stored."""
    out: dict[str, Any] = {}
    await admin.send("/broadcast")
    found = button(admin.person, lambda d: d == actions.BROADCAST_ORGANISATION.data(0))
    if found is not None:
        await admin.tap(found[1], found[0])
    found = button(admin.person, lambda d: d == actions.BROADCAST_AUDIENCE.data("all"))
    if found is None:
        out["error"] = "no 'everyone' button"
        return out
    await admin.tap(found[1], found[0])
    typed = await admin.send(f"{MARK} op zaterdag: iedereen welkom in het buurthuis!")
    found = button(admin.person, action_is(actions.BROADCAST_SEND))
    out["preview_s"] = seconds(
        typed, admin.after(typed, "sendMessage", lambda c: c.params.get("reply_markup") is not None)
    )
    if found is None:
        out["error"] = "no Send button"
        return out
    digits = re.sub(r"\D", "", found[2])
    total = int(digits) if digits else 0
    out["recipients"] = total
    with sqlite3.connect(f"file:{scratch}?mode=ro", uri=True) as con:
        row = con.execute("SELECT COALESCE(MAX(id), 0) FROM broadcasts").fetchone()
    broadcast_id = int(row[0]) + 1  # the one Send is about to store
    queued: list[float] = []

    async def poll() -> None:
        end = time.monotonic() + WAIT
        while time.monotonic() < end:
            try:
                if await count_rows(scratch, broadcast_id) >= total:
                    queued.append(time.monotonic())
                    return
            except sqlite3.Error:
                pass
            await asyncio.sleep(0.1)

    poller = asyncio.create_task(poll())
    tap_task = asyncio.create_task(admin.tap(found[1], found[0]))
    await asyncio.wait({poller, tap_task}, timeout=WAIT, return_when=asyncio.ALL_COMPLETED)
    if not tap_task.done():
        tap_task.cancel()
        out["error"] = "Send was not handled in time"
        return out
    sent, query = tap_task.result()
    out["id"] = broadcast_id
    out["ack_s"] = seconds(
        sent,
        admin.after(
            sent, "answerCallbackQuery", lambda c: str(c.params.get("callback_query_id")) == query
        ),
    )
    out["edit_s"] = seconds(sent, admin.after(sent, "editMessageText"))
    out["queued_s"] = seconds(sent, queued[0] if queued else None)
    end = queued[0] if queued else time.monotonic()
    out["queued_at"] = queued[0] if queued else None
    windows.append(Window("broadcast Send (until every row is stored)", sent, max(end, sent + 1.0)))
    out["rss_mb"] = memory.peak(sent, end + 1)
    out["rss_before_mb"] = memory.peak(sent - 5, sent)
    return out


# -- the report ------------------------------------------------------------------------------------
def verdict(value: float | None, target: float) -> str:
    if value is None or value != value:
        return "not measured"
    return "met" if value <= target else "NOT met"


def fmt(value: Any, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return f"{value:,}{unit}" if isinstance(value, int) else f"{value:,.2f}{unit}"


def report(r: dict[str, Any]) -> str:
    lines = []
    rows = r.get("rows", {})
    seed = r.get("seed")
    lines.append(
        f"Region: {r['residents']:,} residents, {rows.get('shifts', 0):,} shifts, "
        f"{rows.get('signups', 0):,} sign-ups, {rows.get('outbox', 0):,} outbox rows, "
        f"{rows.get('interests', 0):,} interests; file {r['file_mb']:,} MB ({r['database']}); "
        + (
            f"seeded in {seed['total']:.1f} s ("
            + ", ".join(f"{k} {v:.1f}" for k, v in seed.items() if k != "total")
            + ")"
            if seed
            else "reused"
        )
        + f"; copied in {r['copy_s']} s."
    )
    j = r.get("journeys", {})
    lines.append(
        f"Code: {r.get('code')}; load average before {r.get('load_before')}, after "
        f"{r.get('load_after')} (2 cores)."
    )
    lines.append(
        f"Residents: {j.get('arrived', 0)} arrived ({r['rate_per_second']} a second, reading each "
        f"screen {r['think']} s); steps reached {json.dumps(j.get('reached', {}))}; ended early "
        f"{json.dumps(j.get('stopped', {}))}; errors {j.get('errors', 0)}; requests the stand-in "
        f"refused (not 403/429) {r.get('refused_requests', 0)}."
    )
    lines.append("")
    lines.append("Residents, from sending an update to the finished screen (ms):")
    lines.append(
        f"  {'window':52} {'s':>6} {'updates':>8} {'p50':>8} {'p99':>8} {'max':>8}  target p99 < 50"
    )
    for w in r.get("windows", []):
        lines.append(
            f"  {w['name']:52} {w['seconds']:6.1f} {w['updates']:8d} {fmt(w['p50_ms']):>8} "
            f"{fmt(w['p99_ms']):>8} {fmt(w['max_ms']):>8}  "
            f"{verdict(w['p99_ms'], TARGETS['p99_ms']) if w['judged'] else '(bot down)'}"
            + (f" ({w['unfinished']} unfinished)" if w["unfinished"] else "")
        )
    t = r.get("throughout", {})
    lines.append(
        f"  {'the whole run (but for the bot being down)':52} {'':6} {t.get('updates', 0):8d} "
        f"{fmt(t.get('p50_ms')):>8} "
        f"{fmt(t.get('p99_ms')):>8} {fmt(t.get('max_ms')):>8}  "
        f"{verdict(t.get('p99_ms'), TARGETS['p99_ms'])}"
    )
    steps = r.get("by_step", {})
    lines.append(
        "  per step of the journey, the whole run, p50/p99 from the bot's getUpdates: "
        + ", ".join(f"{k} {v[0]:.0f}/{v[1]:.0f}" for k, v in steps.items())
    )
    lines.append("")
    lines.append("The coordinator's actions:")
    s = r.get("stats", {})
    lines.append(
        f"  /stats: figures after {fmt(s.get('figures_s'), ' s')}, chart after "
        f"{fmt(s.get('chart_s'), ' s')} (target 1 s: "
        f"{verdict(s.get('chart_s'), TARGETS['stats_s'])});"
        f" bot memory {fmt(s.get('rss_before_mb'))} → {fmt(s.get('rss_mb'), ' MB')}"
    )
    e = r.get("export", {})
    lines.append(
        f"  /export, last 12 weeks: document after {fmt(e.get('document_s'), ' s')}; bot memory "
        f"{fmt(e.get('rss_before_mb'))} → {fmt(e.get('rss_mb'), ' MB')}"
    )
    b = r.get("broadcast", {})
    lines.append(
        f"  broadcast to everyone ({fmt(b.get('recipients'))} people; preview after "
        f"{fmt(b.get('preview_s'), ' s')}): Send acknowledged after {fmt(b.get('ack_s'), ' s')} "
        f"(target 1 s: {verdict(b.get('ack_s'), TARGETS['ack_s'])}), progress message after "
        f"{fmt(b.get('edit_s'), ' s')}, every row stored after {fmt(b.get('queued_s'), ' s')} "
        f"(target 5 s: {verdict(b.get('queued_s'), TARGETS['queued_s'])}); bot memory "
        f"{fmt(b.get('rss_before_mb'))} → {fmt(b.get('rss_mb'), ' MB')}"
        + (f"; {b['error']}" if b.get("error") else "")
    )
    d = r.get("delivery", {})
    if d:
        lines.append(
            f"  its delivery: {d['sent']:,} messages in {d['seconds']} s = {d['per_second']} a "
            f"second ({d['rate_limited_429']} 429s from the stand-in in the whole run)"
        )
        if d.get("quiet_hours"):
            lines.append(
                f"    (run in quiet hours, {PLAIN_RULES['QUIET_HOURS']} {PLAIN_RULES['TIMEZONE']}:"
                " broadcasts wait for the morning, so this measures no delivery; run it by day)"
            )
    p = r.get("postman", {})
    if p.get("all") and p.get("2000"):
        a, k = p["all"], p["2000"]
        ratio = a["batch_min_ms"] / k["batch_min_ms"] if k["batch_min_ms"] else float("nan")
        lines.append(
            f"  the postman's query for a batch of 30, fastest (median) of 7: {a['batch_min_ms']} "
            f"({a['batch_ms']}) ms with {a['waiting']:,} due, {k['batch_min_ms']} "
            f"({k['batch_ms']}) ms with {k['waiting']:,} due: {ratio:.1f}× (target within 2×: "
            f"{verdict(ratio, TARGETS['batch_ratio'])}); the progress count "
            f"{a['progress_ms']} ms / {k['progress_ms']} ms"
        )
    if (r.get("first_process") or {}).get("error"):
        lines.append(f"  stopping the bot during the delivery: {r['first_process']['error']}")
    lines.append(
        f"  stopping the bot during the delivery took {fmt(r.get('stop_during_delivery_s'), ' s')}"
    )
    ps, rs = r.get("plain_start", {}), r.get("replan_start", {})
    lines.append(
        f"  a plain start: polling after {fmt(ps.get('to_poll_s'), ' s')} (target 2 s: "
        f"{verdict(ps.get('to_poll_s'), TARGETS['poll_s'])})"
    )
    lines.append(
        f"  a start that re-plans {r['upcoming']:,} sign-ups "
        f"(REMINDER_OFFSETS {PLAIN_RULES['REMINDER_OFFSETS']} → {REPLAN_OFFSETS}): polling after "
        f"{fmt(rs.get('to_poll_s'), ' s')} (target 2 s: "
        f"{verdict(rs.get('to_poll_s'), TARGETS['poll_s'])})"
        + (f"; {rs['error']}" if rs.get("error") else "")
    )
    rp = r.get("replanned", {})
    lines.append(
        f"    (afterwards: the new rules stored {rp.get('rules_stored')}, reminders pending at "
        f"the new 48h offset {fmt(rp.get('new_reminders'))})"
    )
    peak = r.get("peak_rss_mb")
    lines.append(
        f"  the bot's peak memory (RSS): {fmt(peak, ' MB')} "
        f"(target 200 MB: {verdict(peak, TARGETS['rss_mb'])})"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=200_000)
    parser.add_argument(
        "--database",
        help="the seeded file, kept and reused (default /tmp/meedoen-region-N.sqlite3)",
    )
    parser.add_argument("--rate", type=float, default=1.0, help="residents arriving a second")
    parser.add_argument("--think", default="1-3", metavar="LOW-HIGH", help="seconds per screen")
    parser.add_argument(
        "--baseline", type=float, default=20.0, help="quiet seconds before each action"
    )
    parser.add_argument(
        "--delivery", type=float, default=60.0, help="seconds of the broadcast's delivery"
    )
    parser.add_argument(
        "--observe", type=float, default=30.0, help="seconds watched after a start that re-plans"
    )
    parser.add_argument(
        "--per-chat",
        type=float,
        default=0.0,
        help="the stand-in's least seconds between two messages to one chat (Telegram: ~1)",
    )
    parser.add_argument(
        "--quiet-hours",
        default=SEEDED_QUIET_HOURS,
        help="the bot's QUIET_HOURS (no broadcast goes out in them): e.g. 03:00-03:01 at night",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    result = asyncio.run(asyncio.wait_for(run(args), 1800))
    result["rate_per_second"] = args.rate
    result["think"] = args.think
    print(report(result))
    if args.json:
        print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
