"""Reading the outbox and what the fake server accepted, and delivering at a moment."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness


@dataclass(frozen=True)
class Row:
    """One outbox row as the tests read it; ``due_at`` as stored (UTC text), ``note`` "" if none."""

    key: str
    kind: str
    recipient_id: int | None
    due_at: str
    status: str
    note: str
    payload: dict[str, Any]


async def outbox_rows(
    harness: BotHarness, prefix: str = "", *, recipient: int | None = None
) -> list[Row]:
    """The outbox rows whose key starts with ``prefix`` (for one ``recipient``, or everyone's),
    soonest due first."""
    async with harness.deps.db.read() as conn:
        async with conn.execute(
            "SELECT key, kind, recipient_id, due_at, status, COALESCE(note, ''), payload"
            " FROM outbox WHERE substr(key, 1, ?) = ? AND (? IS NULL OR recipient_id = ?)"
            " ORDER BY due_at, id",
            (len(prefix), prefix, recipient, recipient),
        ) as cur:
            rows = await cur.fetchall()
    return [Row(*r[:6], payload=json.loads(r[6])) for r in rows]


async def deliver_at(harness: BotHarness, clock: ManualClock, moment: datetime) -> None:
    """Set the clock to ``moment`` and let the postman send what is due."""
    clock.set(moment)
    await harness.run_job("outbox")


async def deliver_broadcasts(harness: BotHarness) -> None:
    """The outbox job, then the broadcasts' progress job (which plans the summary), then the
    outbox again."""
    await harness.run_job("outbox")
    await harness.run_job("broadcasts")
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
