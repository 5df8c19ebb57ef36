"""The write-ahead log is copied into the database file beside the writer, never at a commit;
heavy reads give way to people's screens."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bot.sandbox.harness import BotHarness
from bot.store import Database
from bot.store.database import READER_NICENESS


async def test_commits_never_checkpoint_and_the_job_does_it_beside_them(tmp_path: Path) -> None:
    path = tmp_path / "meedoen.sqlite3"
    async with Database(path) as db:
        async with db.read() as conn, conn.execute("PRAGMA wal_autocheckpoint") as cur:
            assert (await cur.fetchone())[0] == 0  # a commit never stops for a checkpoint
        for n in range(50):
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO organisations (name) VALUES (?)", (f"Org {n}",))
        log_pages, copied = await db.checkpoint()
        assert log_pages > 0 and copied == log_pages
        assert await db.checkpoint() == (log_pages, log_pages)  # nothing new: all copied
    # Closing empties the log: nothing is left behind in it.
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    async with Database(path) as db, db.read() as conn:
        async with conn.execute("SELECT COUNT(*) FROM organisations") as cur:
            assert (await cur.fetchone())[0] == 50


async def test_the_bot_runs_the_checkpoint_job(harness: BotHarness) -> None:
    await harness.run_job("checkpoint")  # raises LookupError when it is not scheduled


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a nice value per thread")
async def test_heavy_reads_run_at_a_lower_priority_than_peoples_screens(tmp_path: Path) -> None:
    async with Database(tmp_path / "meedoen.sqlite3") as db, db.snapshot() as conn:
        nice = await conn._execute(lambda: os.getpriority(os.PRIO_PROCESS, 0))
        assert nice == READER_NICENESS > os.getpriority(os.PRIO_PROCESS, 0)
