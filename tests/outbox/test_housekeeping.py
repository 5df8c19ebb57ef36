"""The outbox forgets what went out long ago, and a broadcast's summary stays right after it did;
the coordinators' bulk actions find their people through indexes too."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from bot.services import alerts, broadcasts, calls_for_help, housekeeping
from bot.services.audiences import Audience
from bot.services.roles import role_of
from bot.store import broadcasts as broadcast_store
from tests.support.catalogue import make_opportunity
from tests.support.outbox import outbox_rows
from tests.support.people import make_coordinator, make_resident


async def test_old_rows_go_in_batches_and_the_tally_stays(
    harness: BotHarness, clock: ManualClock
) -> None:
    db = harness.deps.db
    await make_opportunity(db, now=clock.now())
    coord, _ = await make_coordinator(harness, 500, "Bibliotheek Midden", "nl")
    for user_id in range(101, 106):
        await make_resident(harness, user_id, f"P{user_id}")
    harness.api.blocked.add(105)
    role = await role_of(db, 500, frozenset())
    broadcast_id, total = await broadcasts.send(
        db,
        role,
        broadcasts.Draft(next(iter(role.organisation_ids)), Audience("all"), "Hallo"),
        language="nl",
        now=clock.now(),
    )
    await broadcasts.queue_waiting(harness.deps.db)  # its rows, a chunk at a time
    assert total == 5
    async with db.read() as conn:
        assert (await broadcast_store.counts(broadcast_id, conn=conn)).to_go == 5
    await harness.run_job("outbox")
    await harness.run_job("broadcasts")
    await harness.run_job("outbox")  # the summary
    assert "Bezorgd: 4" in coord.last_text()
    async with db.read() as conn:
        before = await broadcast_store.counts(broadcast_id, conn=conn)
    assert (before.delivered, before.blocked, before.to_go) == (4, 1, 0)
    # Something still waiting, far in the future, is never pruned.
    sign_up_later = clock.now() + timedelta(days=400)
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO outbox (key, kind, recipient_id, due_at, created_at)"
            " VALUES ('later', 'reminder', 101, ?, ?)",
            (sign_up_later.strftime("%Y-%m-%dT%H:%M:%SZ"), "2026-11-25T09:00:00Z"),
        )
    # 89 days on nothing goes; 91 days on every row that went out goes, two at a time.
    assert await housekeeping.prune_outbox(db, clock.now() + timedelta(days=89), 90) == 0
    removed = await housekeeping.prune_outbox(db, clock.now() + timedelta(days=91), 90, batch=2)
    assert removed == 6  # the five broadcast rows and the summary
    assert [row.key for row in await outbox_rows(harness)] == ["later"]
    async with db.read() as conn:
        assert await broadcast_store.counts(broadcast_id, conn=conn) == before


async def test_the_coordinators_bulk_actions_read_no_table_whole(
    harness: BotHarness, clock: ManualClock, db_path: Path
) -> None:
    """Calls for help, alerts and the category picker go through indexes (the audience
    "everyone" reads the residents, as it must)."""
    db = harness.deps.db
    made = await make_opportunity(db, now=clock.now())
    await make_coordinator(harness, 500, "Bibliotheek Midden", "nl")
    await make_resident(harness, 101, "Ans", likes=("Voorlezen",))
    role = await role_of(db, 500, frozenset())
    statements: list[str] = []
    await db.conn.set_trace_callback(statements.append)
    try:
        await broadcasts.categories(db)
        org = next(iter(role.organisation_ids))
        await broadcasts.preview(db, role, org, Audience("category", 1), clock.now())
        await broadcasts.send(
            db,
            role,
            broadcasts.Draft(org, Audience("category", 1), "Hallo"),
            language="nl",
            now=clock.now(),
        )
        await broadcasts.queue_waiting(harness.deps.db)  # its rows, a chunk at a time  # fmt: skip
        await calls_for_help.call(db, role, made.shift_ids[0], clock.now())
        await make_opportunity(db, now=clock.now(), title="Nog een keer voorlezen")
        async with db.transaction() as conn:
            await alerts.opportunity_published(
                conn, made.opportunity_id, clock.now(), zone=harness.deps.rules.zone
            )
    finally:
        await db.conn.set_trace_callback(None)
    conn = sqlite3.connect(db_path)
    bad = {}
    for sql in {
        s for s in statements if s.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE"))
    }:
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        wrong = [
            line
            for line in plan
            if "AUTOMATIC" in line
            or (
                line.startswith("SCAN")
                and line.split()[1] in ("signups", "residents", "outbox", "interests", "r", "i")
                and "USING" not in line
            )
        ]
        if wrong:
            bad[sql] = wrong
    conn.close()
    assert bad == {}
