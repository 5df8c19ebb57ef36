"""Every row of every table, to show that bad input changed nothing."""

from __future__ import annotations

from typing import Any

from bot.sandbox.harness import BotHarness


async def database_dump(harness: BotHarness) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to compare before and after."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    async with harness.deps.db.read() as conn:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        async with conn.execute(sql) as cur:
            tables = [row[0] for row in await cur.fetchall()]
        for table in tables:
            async with conn.execute(f'SELECT * FROM "{table}" ORDER BY 1') as cur:
                dump[table] = [tuple(row) for row in await cur.fetchall()]
    return dump
