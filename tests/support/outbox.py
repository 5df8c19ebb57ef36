"""Reading the outbox and what the fake server accepted, and delivering at a moment."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness


async def outbox_rows(harness: BotHarness, prefix: str = "") -> list[dict[str, Any]]:
    """The outbox rows whose key starts with ``prefix``, oldest first."""
    async with harness.deps.db.read() as conn:
        async with conn.execute(
            "SELECT key, kind, recipient_id, due_at, status, payload FROM outbox"
            " WHERE substr(key, 1, ?) = ? ORDER BY id",
            (len(prefix), prefix),
        ) as cur:
            rows = await cur.fetchall()
    return [
        {
            "key": r[0],
            "kind": r[1],
            "recipient_id": r[2],
            "due_at": r[3],
            "status": r[4],
            "payload": json.loads(r[5]),
        }
        for r in rows
    ]


async def schedule(harness: BotHarness, recipient: int | None = None) -> list[tuple[str, ...]]:
    """(key, due, status, note) of one person's (or everyone's) outbox, soonest due first."""
    async with harness.deps.db.read() as conn:
        sql = (
            "SELECT key, due_at, status, COALESCE(note, '') FROM outbox"
            " WHERE ? IS NULL OR recipient_id = ? ORDER BY due_at, id"
        )
        async with conn.execute(sql, (recipient, recipient)) as cur:
            return [tuple(row) for row in await cur.fetchall()]


async def deliver_at(harness: BotHarness, clock: ManualClock, moment: datetime) -> None:
    """Set the clock to ``moment`` and let the postman send what is due."""
    clock.set(moment)
    await harness.run_job("outbox")


def sent_to(harness: BotHarness, chat_id: int, start: str = "⏰") -> list[str]:
    """Every reminder (or, by ``start``, other message) sent to this chat, as the fake server
    recorded the sendMessage calls: a message sent twice shows twice."""
    return [
        c.params["text"]
        for c in harness.api.calls_to("sendMessage")
        if int(c.params["chat_id"]) == chat_id and c.params["text"].startswith(start)
    ]


def sent_per_chat(harness: BotHarness, method: str = "sendMessage") -> Counter[int]:
    """How often the fake server accepted ``method`` for each chat."""
    return Counter(int(call.params["chat_id"]) for call in harness.api.calls_to(method))
