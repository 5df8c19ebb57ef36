"""What the database holds about one person: every row, in any table, with their id (or name)."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.harness import BotHarness


async def traces_of(
    harness: BotHarness, user_id: int, name: str | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """(table, row) for each row holding ``user_id`` as a value or inside a text (PTB's stored
    conversation keys), or ``name`` inside a text. What PTB keeps for later is written first,
    as a flush would."""
    await harness.application.update_persistence()
    pattern = re.compile(rf"\b{user_id}\b")
    found = []
    async with harness.deps.db.read() as conn:
        async with conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
            tables = [row[0] for row in await cur.fetchall()]
        for table in tables:
            if table in ("schema_migrations", "sqlite_sequence"):
                continue
            async with conn.execute(f'SELECT * FROM "{table}"') as cur:
                names = [d[0] for d in cur.description]
                for row in await cur.fetchall():
                    values = dict(zip(names, row, strict=True))
                    if any(
                        value == user_id
                        or (
                            isinstance(value, str)
                            and (pattern.search(value) or (name is not None and name in value))
                        )
                        for value in values.values()
                    ):
                        found.append((table, values))
    return found
