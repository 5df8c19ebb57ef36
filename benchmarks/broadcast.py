"""A broadcast to 2,000 residents (``--recipients 10000`` for the full run) under Telegram's limits.

    python benchmarks/broadcast.py [--recipients 2000] [--profile FILE]

The stand-in Bot API enforces Telegram's flood limits (30 messages a second overall, one a
second per chat, 429 with ``retry_after`` past them) and accepts any chat id. The database is
seeded with ``--recipients`` residents who get news. Then an administrator goes through
``/broadcast`` in the real Application over HTTP (organisation, everyone, a text, the preview)
and taps "Send": the outbox rows are planned, the postman is kicked, and the real outbox path
(the job, ``TelegramSender``, PTB's ``AIORateLimiter``) delivers them while the progress job edits
the coordinator's progress message.

It prints the time from the tap to the last message accepted, as a multiple of the physical
limit (recipients / 30 per second; target: at most 1.10), the 429s met, the messages lost or
sent twice (must be 0), the progress edits, whether the summary arrived, and peak memory.
Exit code 1 if anything was lost or doubled.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import pstats
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.clock import SystemClock  # noqa: E402
from bot.sandbox.fake_api import Call, FakeBotApi, TelegramLimits  # noqa: E402
from bot.sandbox.harness import BotHarness  # noqa: E402
from bot.store import to_db  # noqa: E402

ADMIN = 900
FIRST_RESIDENT = 10_000_000
TELEGRAM_RATE = 30.0  # messages a second, overall
TARGET = 1.10


async def seed(harness: BotHarness, recipients: int) -> list[int]:
    ids = [FIRST_RESIDENT + i for i in range(recipients)]
    now = to_db(harness.now())
    async with harness.deps.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO residents (id, first_name, language, consented_at) VALUES (?, ?, ?, ?)",
            [(i, f"R{i}", "nl" if i % 3 else "en", now) for i in ids],
        )
    return ids


async def wait_for(condition: Callable[[], bool], limit: float, step: float = 0.05) -> bool:
    """Poll until the condition holds or ``limit`` seconds have passed."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(step)
    return condition()


async def run(recipients: int) -> int:
    api = FakeBotApi(limits=TelegramLimits(), known_chats_only=False)
    accepted: Counter[int] = Counter()
    last_at = [0.0]
    first_at = [0.0]

    def on_call(call: Call) -> None:
        if call.method in ("sendMessage", "sendPhoto"):
            chat = int(call.params["chat_id"])
            if chat >= FIRST_RESIDENT:
                accepted[chat] += 1
                last_at[0] = call.at
                first_at[0] = first_at[0] or call.at

    api.on_call.append(on_call)
    with tempfile.TemporaryDirectory() as folder:
        harness = BotHarness(
            Path(folder) / "bench.sqlite3",
            api=api,
            clock=SystemClock(),
            settings={"COORDINATOR_IDS": str(ADMIN), "QUIET_HOURS": "off"},
        )
        await harness.start()
        try:
            ids = await seed(harness, recipients)
            admin = harness.person(ADMIN, "Ada", "en")
            await admin.send("/broadcast")
            await admin.click("Meedoen (all organisations)")
            await admin.click("Everyone who gets news")
            await admin.send("The library has a new reading corner. Come and have a look!")
            label = f"Send to {recipients} people"
            assert label in " ".join(admin.buttons()), admin.buttons()
            started = time.monotonic()
            await admin.click(label)
            ideal = recipients / TELEGRAM_RATE
            done = await wait_for(lambda: len(accepted) >= recipients, ideal * 3 + 60)
            finished = last_at[0] if done else time.monotonic()
            # The summary: the progress job (every 5 s) plans it, the outbox sends it.
            summary = await wait_for(
                lambda: "Delivered:" in admin.last_text() and "sent" in admin.last_text(), 30
            )
            await asyncio.sleep(3)  # a message sent twice late would show up here
        finally:
            await harness.stop(stop_api=True)
    elapsed = finished - started
    lost = sum(1 for i in ids if accepted[i] == 0)
    doubled = sum(n - 1 for n in accepted.values() if n > 1)
    edits = sum(
        1 for c in api.calls if c.method == "editMessageText" and c.params["chat_id"] == ADMIN
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = elapsed / ideal
    print(f"recipients            {recipients}")
    print(f"physical limit        {ideal:.1f} s  ({recipients} / {TELEGRAM_RATE:.0f} per second)")
    print(f"time to deliver       {elapsed:.1f} s  (tap on Send to the last message accepted)")
    print(f"  of which planning   {(first_at[0] - started):.2f} s  (tap to the first message)")
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"fraction of the limit {ratio:.3f}  (target <= {TARGET:.2f}: {verdict})")
    print(f"rate achieved         {len(accepted) / elapsed:.1f} messages a second")
    print(f"429s met              {api.rate_limited}")
    print(f"lost                  {lost}")
    print(f"sent twice            {doubled}")
    print(f"progress edits        {edits}")
    print(f"summary arrived       {'yes' if summary else 'no'}")
    print(f"peak memory           {peak:.0f} MiB (bot, stand-in API and people in one process)")
    return 1 if lost or doubled else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--profile", help="write a cProfile of the run to this file")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.profile:
        profiler = cProfile.Profile()
        code = profiler.runcall(asyncio.run, run(args.recipients))
        profiler.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(25)
        return code
    return asyncio.run(run(args.recipients))


if __name__ == "__main__":
    raise SystemExit(main())
