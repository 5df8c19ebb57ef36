"""The durable outbox: messages that must arrive later, and the postman that delivers them.

A message is planned with :func:`enqueue` inside the same transaction as the change that causes
it (a sign-up plans its reminders), so either both are stored or neither. The postman
(:func:`deliver_due`) renders each due row at send time, in the recipient's language, sends it
through a :class:`Sender` handed in by the wiring (no Telegram types here) and marks it sent.

Delivery is at-least-once: a crash between Telegram accepting a message and the row being marked
sent can repeat that one message after the restart, never more.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import aiosqlite

from bot.clock import Clock
from bot.store import Database, from_db, to_db

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Button:
    label: str
    data: str | None = None  # callback data
    url: str | None = None


@dataclass(frozen=True)
class Outgoing:
    """A rendered message: HTML text, rows of buttons, optionally a photo (by Telegram file id)."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    photo: str | None = None


@dataclass(frozen=True)
class Drop:
    """A renderer's verdict that a row should not be sent any more, and why (no content)."""

    reason: str


@dataclass(frozen=True)
class Pending:
    id: int
    key: str
    kind: str
    recipient_id: int
    due_at: datetime
    payload: dict[str, Any]
    signup_id: int | None
    attempts: int


class RecipientBlocked(Exception):
    """Telegram's 403: the person blocked the bot or never started it. Do not retry."""


class TemporaryFailure(Exception):
    """A network error or a server hiccup: retry later, a bounded number of times."""


class Sender(Protocol):
    async def send(self, chat_id: int, message: Outgoing) -> None: ...


Renderer = Callable[[aiosqlite.Connection, Pending, datetime], Awaitable[Outgoing | Drop]]
RENDERERS: dict[str, Renderer] = {}


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the function that turns a row of this kind into a message."""

    def register(func: Renderer) -> Renderer:
        RENDERERS[kind] = func
        return func

    return register


# -- planning ------------------------------------------------------------------------------------
async def enqueue(
    conn: aiosqlite.Connection,
    *,
    key: str,
    kind: str,
    recipient_id: int,
    due_at: datetime,
    now: datetime,
    payload: dict[str, Any] | None = None,
    signup_id: int | None = None,
) -> bool:
    """Plan a message; a key that exists already plans nothing (so a double tap is harmless)."""
    cursor = await conn.execute(
        "INSERT INTO outbox (key, kind, recipient_id, due_at, payload, signup_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
        (
            key,
            kind,
            recipient_id,
            to_db(due_at),
            json.dumps(payload or {}),
            signup_id,
            to_db(now),
        ),
    )
    return cursor.rowcount == 1


async def cancel_pending(
    conn: aiosqlite.Connection,
    *,
    signup_id: int | None = None,
    recipient_id: int | None = None,
    key_prefix: str | None = None,
) -> int:
    """Remove messages that have not gone out yet; returns how many."""
    clauses: list[str] = ["status = 'pending'"]
    args: list[object] = []
    if signup_id is not None:
        clauses.append("signup_id = ?")
        args.append(signup_id)
    if recipient_id is not None:
        clauses.append("recipient_id = ?")
        args.append(recipient_id)
    if key_prefix is not None:
        clauses.append("substr(key, 1, ?) = ?")
        args.extend([len(key_prefix), key_prefix])
    if len(clauses) == 1:
        raise ValueError("cancel_pending needs something to select on")
    cursor = await conn.execute(f"DELETE FROM outbox WHERE {' AND '.join(clauses)}", args)
    return cursor.rowcount


async def is_unreachable(conn: aiosqlite.Connection, recipient_id: int) -> bool:
    sql = "SELECT 1 FROM unreachable WHERE recipient_id = ?"
    async with conn.execute(sql, (recipient_id,)) as cur:
        return await cur.fetchone() is not None


async def mark_reachable(conn: aiosqlite.Connection, recipient_id: int) -> None:
    """A person who blocked the bot and came back (wrote to it) can be reached again."""
    await conn.execute("DELETE FROM unreachable WHERE recipient_id = ?", (recipient_id,))


# -- delivering ----------------------------------------------------------------------------------
@dataclass
class DeliveryReport:
    sent: int = 0
    dropped: int = 0
    blocked: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.dropped + self.blocked + self.retried + self.failed


class Postman:
    """Delivers due rows. One per database: two deliveries never run at once."""

    def __init__(self, db: Database, clock: Clock, *, batch: int = 30) -> None:
        self.db = db
        self.clock = clock
        self.batch = batch
        self._lock = asyncio.Lock()

    async def deliver_due(
        self, sender: Sender, *, max_batches: int | None = None
    ) -> DeliveryReport:
        """Send everything due now, a batch at a time; returns what happened."""
        report = DeliveryReport()
        async with self._lock:
            batches = 0
            while max_batches is None or batches < max_batches:
                rows = await self._due()
                if not rows:
                    break
                batches += 1
                await asyncio.gather(*(self._deliver(row, sender, report) for row in rows))
        return report

    async def _due(self) -> list[Pending]:
        async with self.db.read() as conn:
            async with conn.execute(
                "SELECT id, key, kind, recipient_id, due_at, payload, signup_id, attempts"
                " FROM outbox WHERE status = 'pending' AND due_at <= ?"
                " ORDER BY due_at, id LIMIT ?",
                (to_db(self.clock.now()), self.batch),
            ) as cur:
                rows = await cur.fetchall()
        return [
            Pending(
                id=row["id"],
                key=row["key"],
                kind=row["kind"],
                recipient_id=row["recipient_id"],
                due_at=from_db(row["due_at"]),
                payload=json.loads(row["payload"]),
                signup_id=row["signup_id"],
                attempts=row["attempts"],
            )
            for row in rows
        ]

    async def _deliver(self, row: Pending, sender: Sender, report: DeliveryReport) -> None:
        now = self.clock.now()
        render = RENDERERS.get(row.kind)
        async with self.db.read() as conn:
            if await is_unreachable(conn, row.recipient_id):
                outcome: Outgoing | Drop = Drop("unreachable")
            elif render is None:
                outcome = Drop(f"no renderer for {row.kind}")
            else:
                outcome = await render(conn, row, now)
        if isinstance(outcome, Drop):
            await self._finish(row.id, "dropped", outcome.reason)
            report.dropped += 1
            return
        try:
            await sender.send(row.recipient_id, outcome)
        except RecipientBlocked:
            await self._blocked(row)
            report.blocked += 1
            return
        except TemporaryFailure as exc:
            await self._retry_or_fail(row, exc, report)
            return
        await self._finish(row.id, "sent", None)
        report.sent += 1

    async def _finish(self, row_id: int, status: str, note: str | None) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = ?, sent_at = ?, note = ? WHERE id = ?",
                (status, to_db(self.clock.now()), note, row_id),
            )

    async def _blocked(self, row: Pending) -> None:
        """403: this person is unreachable; nothing more is sent to them."""
        log.info("recipient %s blocked the bot; their messages are dropped", row.recipient_id)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO unreachable (recipient_id, since) VALUES (?, ?)"
                " ON CONFLICT (recipient_id) DO NOTHING",
                (row.recipient_id, to_db(self.clock.now())),
            )
            await conn.execute(
                "UPDATE outbox SET status = 'dropped', note = 'blocked'"
                " WHERE recipient_id = ? AND status = 'pending'",
                (row.recipient_id,),
            )
            await conn.execute(
                "UPDATE outbox SET status = 'failed', note = 'blocked' WHERE id = ?", (row.id,)
            )

    async def _retry_or_fail(self, row: Pending, error: Exception, report: DeliveryReport) -> None:
        attempts = row.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            log.warning("outbox %s failed after %s attempts: %s", row.id, attempts, type(error))
            async with self.db.transaction() as conn:
                await conn.execute(
                    "UPDATE outbox SET status = 'failed', attempts = ?, note = ? WHERE id = ?",
                    (attempts, type(error).__name__, row.id),
                )
            report.failed += 1
            return
        # Back off 30 s, 1 min, 2 min, 4 min: a network blip passes, a storm is not fed.
        retry_at = self.clock.now() + timedelta(seconds=30 * 2 ** (attempts - 1))
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET attempts = ?, due_at = ? WHERE id = ?",
                (attempts, to_db(retry_at), row.id),
            )
        report.retried += 1
