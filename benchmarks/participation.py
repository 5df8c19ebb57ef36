"""How fast are the participation figures and the quarterly report on a whole region (issue #12)?

    python benchmarks/participation.py [--residents 200000] [--database PATH] [--rounds 5]
                                       [--no-chat] [--keep]

**The region** is ``benchmarks/region.py``'s (seeded by it, or reused from
``/tmp/meedoen-region-<N>.sqlite3``: N residents, N/10 shifts over four years, 5 past sign-ups
per resident), on a scratch copy (``<database>.participation``, removed afterwards unless
``--keep``) to which ``benchmarks/participation_region.py`` adds, in proportion, what the
participation figures read and the region lacks: 40 neighbourhoods (60 % of the residents live
in one, the first few more than the rest), themes on the opportunities, 40 ongoing roles with
N/100 leads of which 3N/2000 were marked *started* (spread over three years), N/4000 weekly
series with N/200 "every time" sign-ups, N/200 ideas (a fifth taken up), N/5000 polls reaching
N/100 people each with a third answering, N/1000 people without a phone with 3 shifts each, and
N/200 sign-ups of people who erased their data. "Now" is the moment the region was seeded (its
shifts are around it).

**What is timed**, each ``--rounds`` times (median and max), in this process on the real code:
``participation()`` (``bot.services.participation``) for the current quarter (so far) and the
last full one, for all organisations (an administrator) and for one; each of its store queries
alone, for all organisations; the charts, ``report.pdf()`` (charts and PDF) for all organisations,
and ``report.made()`` (the figures and the PDF, as the bot makes it). Then the query plans of
every participation query (EXPLAIN QUERY PLAN, read from SQLite's trace of the real calls), with
any full scan of signups, shifts or residents flagged. Finally the chat path once through the
real bot (``BotHarness``: the production ``Application`` against the stand-in Bot API, the clock
at "now"): an administrator's /stats, "📈 Participation" (this quarter), the quarter before, one
organisation, then "📄 Quarterly report" → the last full quarter → the PDF, each from the message
or tap to the bot's last call for it.

Targets (issue #12): a quarter's figures for all organisations under 2 s at 200,000 residents
on two cores; the PDF under 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.participation_region import add_participation  # noqa: E402
from benchmarks.region import (  # noqa: E402
    ADMIN_ID,
    PLAIN_RULES,
    Region,
    copy_database,
    prepare,
    remove_database,
    size_mb,
)
from bot.clock import ManualClock  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.sandbox.fake_api import FakeBotApi  # noqa: E402
from bot.sandbox.harness import BotHarness, visible  # noqa: E402
from bot.services import report  # noqa: E402
from bot.services.participation import Participation, participation  # noqa: E402
from bot.services.quarters import Quarter  # noqa: E402
from bot.services.roles import Role  # noqa: E402
from bot.store import Database, from_db, to_db  # noqa: E402
from bot.store import participation as store  # noqa: E402

TARGET_FIGURES_S = 2.0
TARGET_PDF_S = 5.0
CHAT_WAIT = 120.0  # the longest one step of the chat path is waited for
ONE_ORGANISATION = 1
SCOPES = (("all organisations", None), ("one organisation", ONE_ORGANISATION))
HOUR_VALUE = Decimal("15.00")
ZONE = ZoneInfo(PLAIN_RULES["TIMEZONE"])
ADMIN = Role(ADMIN_ID, True, frozenset())


# -- timing ---------------------------------------------------------------------------------------
async def rounds_of(call: Callable[[], Awaitable[Any]], rounds: int) -> tuple[list[float], Any]:
    """Seconds of each of ``rounds`` calls, and the last call's result."""
    took, result = [], None
    for _ in range(rounds):
        t = time.perf_counter()
        result = await call()
        took.append(time.perf_counter() - t)
    return took, result


def summary(took: list[float]) -> dict[str, float]:
    return {"median": statistics.median(took), "max": max(took), "first": took[0]}


def period(quarter: Quarter, now: datetime, zone: Any) -> tuple[list[datetime], datetime, datetime]:
    """The months, start and end that ``participation()`` counts in (see there)."""
    months = quarter.months(zone)
    return months, months[0], min(quarter.end(zone), now)


Traced = dict[str, list[str]]  # query name -> the statements it ran, parameters filled in


async def time_queries(
    db: Database, quarter: Quarter, now: datetime, zone: Any, rounds: int
) -> tuple[dict[str, dict[str, float]], Traced]:
    """Each store query of ``participation()`` alone, for all organisations, on a snapshot
    connection, traced (the statements as SQLite ran them, parameters filled in)."""
    months, start, end = period(quarter, now, zone)
    traced: Traced = {}
    current: list[str] = []
    times: dict[str, list[float]] = {}
    async with db.snapshot() as conn:
        came = await store.came(None, months, end, conn=conn)
        roles = await store.in_roles(None, start, end, conn=conn)
        opportunities = {c.opportunity_id for c in came} | {r.opportunity_id for r in roles}
        residents = {c.resident_id for c in came if c.resident_id is not None}
        residents |= {r.resident_id for r in roles}
        queries: dict[str, Callable[[], Awaitable[Any]]] = {
            "came": lambda: store.came(None, months, end, conn=conn),
            "volunteers": lambda: store.volunteers(None, start, end, conn=conn),
            "in_roles": lambda: store.in_roles(None, start, end, conn=conn),
            "every_time": lambda: store.every_time(None, end, conn=conn),
            "ideas": lambda: store.ideas(None, start, end, conn=conn),
            "polls": lambda: store.polls(None, start, end, conn=conn),
            "neighbourhoods": lambda: store.neighbourhoods(conn=conn),
            "organisations_of": lambda: store.organisations_of(opportunities, conn=conn),
            "themes_of": lambda: store.themes_of(opportunities, conn=conn),
            "homes": lambda: store.homes(residents, conn=conn),
        }
        await conn.set_trace_callback(current.append)
        for name, call in queries.items():
            current.clear()
            times[name], _ = await rounds_of(call, rounds)
            selects = (sql for sql in current if sql.lstrip().upper().startswith("SELECT"))
            traced[name] = list(dict.fromkeys(selects))  # each once, in order
    return {name: summary(took) for name, took in times.items()}, traced


BIG = ("signups", "shifts", "residents")
_NOT_ALIAS = {"WHERE", "JOIN", "ON", "GROUP", "ORDER", "LEFT", "INNER", "USING", "LIMIT", "AND"}
_TABLE = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", re.IGNORECASE)
_SCAN = re.compile(r"^SCAN (\w+)(.*)$")


def plans(path: Path, traced: Traced) -> list[tuple[str, list[str], list[str]]]:
    """(query, its plan's lines, the tables it reads whole) for every statement; a scan
    through an index (``USING ... INDEX``) reads the whole index, which is as bad."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    found = []
    try:
        for name, statements in traced.items():
            for sql in statements:
                aliases: dict[str, str] = {}
                for table, alias in _TABLE.findall(sql):
                    aliases[table] = table
                    if alias and alias.upper() not in _NOT_ALIAS:
                        aliases[alias] = table
                rows = con.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
                depth: dict[int, int] = {0: -1}
                lines, scans = [], []
                for node, parent, _, detail in rows:
                    depth[node] = depth.get(parent, -1) + 1
                    lines.append("  " * depth[node] + detail)
                    scan = _SCAN.match(detail)
                    if scan and scan.group(1) in aliases and "VIRTUAL TABLE" not in detail:
                        scans.append(aliases[scan.group(1)])
                found.append((name, lines, scans))
    finally:
        con.close()
    return found


def row_counts(path: Path, tables: list[str]) -> dict[str, int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


# -- the chat path --------------------------------------------------------------------------------
async def chat_path(path: Path, now: datetime) -> list[tuple[str, float, str]]:
    """An administrator's way through the figures in the real bot: (step, seconds, what came)."""
    settings = {**PLAIN_RULES, "COORDINATOR_IDS": str(ADMIN_ID)}
    harness = BotHarness(path, api=FakeBotApi(), clock=ManualClock(now), settings=settings)
    t = time.perf_counter()
    await harness.start()
    steps = [("bot start (migrations, jobs)", time.perf_counter() - t, "")]
    nl = Translator("nl")
    try:
        admin = harness.person(ADMIN_ID, "Ada", "nl")
        before = Quarter.of(now, ZONE).previous()

        async def wait(step: str, update_id: int) -> None:
            t = time.perf_counter()
            await harness.handled(update_id, CHAT_WAIT)
            seen = admin.last()
            if "document" in seen:
                said = f"a PDF of {len(admin.file(seen)):,} bytes"
            elif "photo" in seen:
                said = "the chart"
            else:
                said = visible(seen).split("\n")[0][:50]
            steps.append((step, time.perf_counter() - t, said))

        async def tap(step: str, label: str) -> None:
            message, data = admin.find_button(label)
            update_id, _ = harness.api.user_click(admin.id, message, data)
            await wait(step, update_id)

        await wait("/stats", harness.api.user_message(admin.id, "/stats"))
        await tap("📈 Participation: this quarter", "📈")
        await tap("… the quarter before", report.quarter_name(nl, before))
        await tap("… one organisation", f"Organisatie {ONE_ORGANISATION}")
        await wait("/stats again", harness.api.user_message(admin.id, "/stats"))
        await tap("📄 Quarterly report", "📄")
        await tap("… the quarter before: the PDF", report.quarter_name(nl, before))
        if "document" not in admin.last():
            raise SystemExit("the report did not arrive")
    finally:
        await harness.stop(stop_api=True)
    return steps


# -- the run --------------------------------------------------------------------------------------
def fmt(took: dict[str, float]) -> str:
    return f"{took['median']:7.3f} {took['max']:7.3f} {took['first']:7.3f}"


def on_target(took: dict[str, float], target: float) -> tuple[bool, str]:
    """Whether the median is under ``target``, and that in words."""
    met = took["median"] < target
    return met, "ok" if met else f"OVER {target:g} s"


async def time_figures(
    db: Database, quarters: dict[str, Quarter], now: datetime, rounds: int
) -> tuple[bool, dict[str, Participation]]:
    """``participation()`` of each quarter, for all organisations and for one; whether all
    organisations' were under the target, and their figures."""
    print("\nparticipation()                                   median     max   first")
    met, found = True, {}
    for label, quarter in quarters.items():
        for who, organisation in SCOPES:

            async def figures_of(
                quarter: Quarter = quarter, organisation: int | None = organisation
            ) -> Participation:
                return await participation(
                    db, ADMIN, quarter, now, ZONE, HOUR_VALUE, organisation_id=organisation
                )

            took, figures = await rounds_of(figures_of, rounds)
            s = summary(took)
            flag = ""
            if organisation is None:  # the target is for all organisations
                ok, flag = on_target(s, TARGET_FIGURES_S)
                met = met and ok
                found[quarter.code] = figures
            print(f"  {label:14} {who:18} took part {figures.took_part:>7,} {fmt(s)} {flag}")
    return met, found


async def time_report(
    db: Database, quarter: Quarter, figures: Participation, now: datetime, rounds: int
) -> bool:
    """The charts alone, ``report.pdf()`` and ``report.made()``; whether made was on target."""
    print(f"\nthe report of {quarter.code}, all organisations")
    nl = Translator("nl", ZONE)  # the report's language: DEFAULT_LOCALE, nl by default
    took, _ = await rounds_of(lambda: asyncio.to_thread(report.charts, nl, figures), rounds)
    print(f"  {'report.charts() (3 PNG charts)':48} {fmt(summary(took))}")
    took, pdf = await rounds_of(lambda: asyncio.to_thread(report.pdf, nl, figures, now), rounds)
    print(f"  {f'report.pdf() (charts + PDF, {len(pdf):,} bytes)':48} {fmt(summary(took))}")
    took, _ = await rounds_of(lambda: report.made(db, ADMIN, quarter, now, nl, HOUR_VALUE), rounds)
    s = summary(took)
    met, flag = on_target(s, TARGET_PDF_S)
    print(f"  {'report.made() (figures + charts + PDF)':48} {fmt(s)} {flag}")
    return met


def print_plans(path: Path, traced: Traced) -> None:
    print("\nquery plans (EXPLAIN QUERY PLAN of the statements as run)")
    big, small = [], set()
    for name, lines, whole in plans(path, traced):
        print(f"  {name}:")
        for line in lines:
            print(f"    {line}")
        for table in whole:
            if table in BIG:
                big.append(table)
                print(f"    !! FULL SCAN of {table}")
            else:
                small.add(table)
    print(f"  full scans of {', '.join(BIG)}: {len(big)} {' '.join(big)}".rstrip())
    counted = row_counts(path, sorted(small))
    print(
        "  other tables read whole: " + ", ".join(f"{t} ({n:,} rows)" for t, n in counted.items())
    )


async def run(args: argparse.Namespace) -> int:
    path = Path(args.database or f"/tmp/meedoen-region-{args.residents}.sqlite3")
    scratch = Path(f"{path}.participation")
    t = time.perf_counter()
    seeded, migrate = await prepare(path, Region(args.residents))
    print(
        f"region: {path} ({size_mb(path)} MB), {'seeded' if seeded else 'reused'}; migrations"
        f" brought up to date in {migrate:.1f} s ({time.perf_counter() - t:.1f} s in all)"
    )
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    now = from_db(con.execute("SELECT seeded_at FROM region_seed").fetchone()[0])
    con.close()
    t = time.perf_counter()
    copy_database(path, scratch)
    try:
        counts = add_participation(scratch, args.residents, now)
        print(f"scratch copy with the participation rows: {time.perf_counter() - t:.1f} s")
        print("rows: " + ", ".join(f"{table} {n:,}" for table, n in counts.items()))
        current = Quarter.of(now, ZONE)
        last = current.previous()  # the last full quarter: the region has three years before now
        quarters = {f"{current.code} (so far)": current, last.code: last}
        print(f'\n"now" is {to_db(now)}; {args.rounds} rounds each; seconds: median, max, first')
        async with Database(scratch) as db:
            met, found = await time_figures(db, quarters, now, args.rounds)
            print(f"\nstore queries alone, {last.code}, all organisations")
            times, traced = await time_queries(db, last, now, ZONE, args.rounds)
            for name, took in times.items():
                print(f"  {name:48} {fmt(took)}")
            met = await time_report(db, last, found[last.code], now, args.rounds) and met
        print_plans(scratch, traced)
        if args.chat:
            print("\nthe chat path, once, through the real bot (seconds to the bot's last call)")
            for step, seconds, said in await chat_path(scratch, now):
                print(f"  {step:40} {seconds:7.3f}  {said}")
    finally:
        if not args.keep:
            remove_database(scratch)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MB")
    targets = f"figures < {TARGET_FIGURES_S:g} s, PDF < {TARGET_PDF_S:g} s"
    print(f"targets ({targets}): {'met' if met else 'NOT met'}")
    return 0 if met else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--residents", type=int, default=200_000, help="20000 for a quick run")
    parser.add_argument(
        "--database", help="the seeded region, kept and reused (default /tmp/meedoen-region-N...)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="times each figure is timed")
    parser.add_argument("--no-chat", dest="chat", action="store_false", help="skip the chat path")
    parser.add_argument("--keep", action="store_true", help="keep the scratch copy")
    args = parser.parse_args()
    raise SystemExit(asyncio.run(asyncio.wait_for(run(args), 1800)))


if __name__ == "__main__":
    main()
