"""Every query that a resident's screen or the postman runs finds its rows through an index.

A region has hundreds of thousands of residents, a million sign-ups and millions of outbox rows:
a query that reads ``signups``, ``residents`` or ``outbox`` whole holds up everyone. This test
seeds a town's worth of rows, runs a resident's journey and the postman through the real bot
while recording every statement the bot's connection executes, and asks SQLite how it would run
each (``EXPLAIN QUERY PLAN``).
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from bot.services import broadcasts, calls_for_help
from bot.services.audiences import Audience
from bot.services.roles import role_of
from bot.store.database import to_db
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import open_shift
from tests.support.people import make_coordinator, make_resident

WATCHED = ("signups", "residents", "outbox")
RESIDENTS = 3000
SHIFTS = 1000
PER_SHIFT = 20  # 20,000 sign-ups, each with a sent reminder and thank-you in the outbox


async def seed_town(harness: BotHarness) -> None:
    """Residents, past and coming shifts with their sign-ups, interests, and an outbox full of
    messages that went out; written straight into the tables (fast), ids far from the test's.
    They get no news, so that delivering a broadcast stays quick under Telegram's rate."""
    now = harness.now()
    async with harness.deps.db.transaction() as conn:
        await conn.execute("INSERT INTO organisations (id, name) VALUES (9000, 'Seed org')")
        await conn.executemany(
            "INSERT INTO categories (id, name) VALUES (?, ?)",
            [(9000 + c, f"Seed {c}") for c in range(10)],
        )
        await conn.executemany(
            "INSERT INTO opportunities (id, organisation_id, category_id, title, kind, created_at)"
            " VALUES (?, 9000, ?, ?, 'episodic', ?)",
            [(9000 + o, 9000 + o % 10, f"Seed {o}", to_db(now)) for o in range(50)],
        )
        shifts = []
        for s in range(SHIFTS):
            start = now + timedelta(days=s - SHIFTS + 60, hours=s % 7)
            shifts.append(
                (100_000 + s, 9000 + s % 50, to_db(start), to_db(start + timedelta(hours=2)))
            )
        await conn.executemany(
            "INSERT INTO shifts (id, opportunity_id, starts_at, ends_at, capacity)"
            " VALUES (?, ?, ?, ?, 30)",
            shifts,
        )
        await conn.executemany(
            "INSERT INTO residents (id, first_name, language, consented_at, broadcasts_on)"
            " VALUES (?, ?, 'nl', ?, 0)",
            [
                (1_000_000 + r, f"R{r}", to_db(now - timedelta(days=r % 700)))
                for r in range(RESIDENTS)
            ],
        )
        await conn.executemany(
            "INSERT INTO interests (resident_id, category_id) VALUES (?, ?)",
            [(1_000_000 + r, 9000 + r % 10) for r in range(RESIDENTS)],
        )
        signups = []
        outbox = []
        for s in range(SHIFTS):
            for k in range(PER_SHIFT):
                signup_id = 1_000_000 + s * PER_SHIFT + k
                resident = 1_000_000 + (s * PER_SHIFT + k) % RESIDENTS
                status = "cancelled" if k % 9 == 0 else "confirmed"
                signups.append((signup_id, 100_000 + s, resident, status, to_db(now)))
                for what in ("24h", "thanks"):
                    outbox.append(
                        (f"seed:{signup_id}:{what}", resident, shifts[s][2], signup_id, to_db(now))
                    )
        await conn.executemany(
            "INSERT INTO signups (id, shift_id, resident_id, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?5)",
            signups,
        )
        await conn.executemany(
            "INSERT INTO outbox (key, kind, recipient_id, due_at, signup_id, status, created_at,"
            " sent_at) VALUES (?, 'reminder', ?, ?, ?, 'sent', ?5, ?5)",
            outbox,
        )


def full_scans(db_path: Path, statements: set[str]) -> dict[str, list[str]]:
    """Of these statements, those whose plan reads a watched table whole (or builds an index on
    the fly), with the offending lines of the plan."""
    found: dict[str, list[str]] = {}
    conn = sqlite3.connect(db_path)
    try:
        for sql in sorted(statements):
            plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
            bad = [line for line in plan if _bad(line)]
            if bad:
                found[sql] = bad
    finally:
        conn.close()
    return found


def _bad(line: str) -> bool:
    if "AUTOMATIC" in line:
        return True
    words = line.split()
    # "SCAN outbox", "SCAN residents AS r"; "SCAN outbox USING [COVERING] INDEX x" is a walk.
    return len(words) >= 2 and words[0] == "SCAN" and words[1] in WATCHED and "USING" not in line


def _explainable(sql: str) -> bool:
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "REPLACE")


@pytest.mark.parametrize("analyzed", [False, True], ids=["as-shipped", "after-analyze"])
async def test_a_residents_journey_and_the_postman_never_read_a_table_whole(
    harness: BotHarness, clock: ManualClock, db_path: Path, analyzed: bool
) -> None:
    db = harness.deps.db
    await seed_town(harness)
    if analyzed:
        async with db.transaction() as conn:
            await conn.execute("ANALYZE")
    made = await make_opportunity(db, now=clock.now(), shifts=[SATURDAY])
    coord, _ = await make_coordinator(harness, 500, "Bibliotheek Midden", "nl")
    role = await role_of(db, 500, frozenset())
    # Coordinators' actions are not what this test watches; what they plan is delivered below.
    await make_resident(harness, 302, "Bob", likes=("Voorlezen",))
    await broadcasts.send(
        db,
        role,
        broadcasts.Draft(next(iter(role.organisation_ids)), Audience("all"), "Hallo allemaal"),
        language="nl",
        now=clock.now(),
        progress_chat_id=None,
    )
    await broadcasts.queue_waiting(harness.deps.db)  # its rows, a chunk at a time
    await calls_for_help.call(db, role, made.shift_ids[0], clock.now())

    statements: list[str] = []
    await db.conn.set_trace_callback(statements.append)
    try:
        # A resident joins, picks what they like, finds a shift, signs up, looks at it again.
        ans = await make_resident(harness, 301, "Ans", likes=("Voorlezen",))
        await open_shift(ans)
        await ans.click("Ja, meld me aan")
        await ans.send("/mine")
        await ans.send("/settings")
        await ans.send("/search")
        await ans.send("voorlezen")
        # The postman delivers the broadcast, the call and what is due; progress is counted.
        await harness.run_job("outbox")
        await harness.run_job("broadcasts")
        await harness.run_job("outbox")
        # The reminders and the thank-you come when they are due.
        start = clock.now() + SATURDAY[0]
        for moment in (start - timedelta(hours=24), start - timedelta(hours=2)):
            clock.set(moment)
            await harness.run_job("outbox")
        clock.set(start + SATURDAY[1] + timedelta(hours=2))
        await harness.run_job("outbox")
        await ans.send("/mine")
    finally:
        await db.conn.set_trace_callback(None)

    seen = {s for s in statements if not s.lstrip().startswith("--") and _explainable(s)}
    assert len(seen) > 30, "the journey ran too little to say anything"
    assert any("FROM outbox" in s for s in seen), "the postman did not run"
    assert coord.api is not None
    assert full_scans(db_path, seen) == {}
