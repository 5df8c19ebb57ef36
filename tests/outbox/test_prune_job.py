"""The daily job keeps the outbox its size: old sent rows go, pending and recent ones stay."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from bot.store import outbox


async def test_the_daily_job_removes_what_is_older_than_the_setting(
    harness: BotHarness, clock: ManualClock
) -> None:
    db, now = harness.deps.db, clock.now()
    async with db.transaction() as conn:
        for key, days_ago, status in (
            ("old-sent", 91, "sent"),
            ("old-dropped", 120, "dropped"),
            ("recent-sent", 10, "sent"),
            ("old-pending", 200, "pending"),
        ):
            due = now - timedelta(days=days_ago)
            await outbox.enqueue(
                conn, key=key, kind="reminder", recipient_id=1, due_at=due, now=due
            )
            await conn.execute("UPDATE outbox SET status = ? WHERE key = ?", (status, key))
    assert harness.deps.settings.outbox_keep_days == 90
    await harness.run_job("prune")
    async with db.read() as conn:
        async with conn.execute("SELECT key FROM outbox ORDER BY key") as cur:
            left = [row[0] for row in await cur.fetchall()]
    assert left == ["old-pending", "recent-sent"]
