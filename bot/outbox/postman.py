"""The durable outbox: messages that must arrive later, and the postman that delivers them.

A message is planned with :func:`enqueue` inside the same transaction as the change that causes
it (a sign-up plans its reminders), so either both are stored or neither. The postman
(:func:`deliver_due`) renders each due row at send time, in the recipient's language, sends it
through a :class:`Sender` handed in by the wiring (no Telegram types here) and marks it sent.

Delivery is at-least-once: a crash between Telegram accepting a message and the row being marked
sent can repeat that one message after the restart, never more. In normal operation nothing goes
twice: one :class:`Postman` per database delivers under a lock (the repeating job and a "kick"
after a sign-up never overlap), and a batch is marked before the next is read.

What the postman does with a row that is due:

* it sends nothing during quiet hours (if it was given them); rows wait until they end;
* the renderer may :class:`Drop` it (status ``dropped`` with a note such as ``stale``);
* 403 (blocked): the person is marked unreachable and nothing more is sent to them;
* 429 that escaped the rate limiter: the row waits ``retry_after`` and is tried again, without
  counting as a failed attempt (it is not lost, and not given up on);
* a network error: retried with back-off (30 s, 1, 2, 4 min), then ``failed`` and logged;
* anything else (a refused request, a renderer's error): ``failed`` at once and logged, so one
  bad row never blocks the rows behind it.
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
from bot.outbox.timing import QuietHours
from bot.store import Database, from_db, to_db
from bot.store.database import fetch_all, fetch_one

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


class RateLimited(Exception):
    """A 429 that the rate limiter could not absorb: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"retry after {retry_after}")
        self.retry_after = retry_after


class Sender(Protocol):
    async def send(self, chat_id: int, message: Outgoing) -> None: ...


Renderer = Callable[[aiosqlite.Connection, Pending, datetime], Awaitable[Outgoing | Drop]]
RENDERERS: dict[str, Renderer] = {}
# Kinds sent to many people at once (broadcasts, calls for help, alerts). What is due for one
# person (a reminder, a waitlist promotion) goes before them, so a broadcast to thousands, which
# takes minutes under Telegram's limits, never holds up a message someone is waiting for.
BULK_KINDS: set[str] = set()


def renderer(kind: str, *, bulk: bool = False) -> Callable[[Renderer], Renderer]:
    """Register the function that turns a row of this kind into a message."""

    def register(func: Renderer) -> Renderer:
        RENDERERS[kind] = func
        if bulk:
            BULK_KINDS.add(kind)
        return func

    return register


# -- planning -------------------------------------------------------------------------------------
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


async def put(
    conn: aiosqlite.Connection,
    *,
    key: str,
    kind: str,
    recipient_id: int,
    due_at: datetime,
    now: datetime,
    payload: dict[str, Any],
    signup_id: int | None = None,
    revive: frozenset[str] = frozenset(),
) -> bool:
    """Plan or re-plan a message; never sends again what went out for the same ``payload``.

    * no row with this key: it is planned;
    * a pending row: its due time and payload are updated (a moved shift);
    * a row that went out or was dropped for the same payload: nothing changes, unless it was
      dropped for a reason in ``revive`` (say "reminders off", turned on again);
    * a row that went out for another payload (the shift moved since): the old row keeps its
      history under ``<key>#<id>`` and a new one is planned.

    Returns whether a row is pending under ``key`` now.
    """
    sql = "SELECT id, status, payload, note FROM outbox WHERE key = ?"
    row = await fetch_one(conn, sql, (key,))
    text = json.dumps(payload, sort_keys=True)
    if row is not None and row["status"] == "pending":
        await conn.execute(
            "UPDATE outbox SET due_at = ?, payload = ?, recipient_id = ? WHERE id = ?",
            (to_db(due_at), text, recipient_id, row["id"]),
        )
        return True
    if row is not None:
        same = json.loads(row["payload"]) == payload
        if same and row["note"] not in revive:
            return False
        await conn.execute("UPDATE outbox SET key = key || '#' || id WHERE id = ?", (row["id"],))
    return await enqueue(
        conn,
        key=key,
        kind=kind,
        recipient_id=recipient_id,
        due_at=due_at,
        now=now,
        payload=payload,
        signup_id=signup_id,
    )


async def pending_of_signup(
    conn: aiosqlite.Connection, signup_id: int, kinds: tuple[str, ...]
) -> list[tuple[str, datetime]]:
    """(key, due time) of the pending messages of these kinds planned for one sign-up."""
    marks = ", ".join("?" for _ in kinds)
    # "+status": look the sign-up up by its index, not every pending row by theirs.
    sql = (
        "SELECT key, due_at FROM outbox WHERE signup_id = ? AND +status = 'pending'"
        f" AND kind IN ({marks}) ORDER BY due_at"
    )
    rows = await fetch_all(conn, sql, (signup_id, *kinds))
    return [(row["key"], from_db(row["due_at"])) for row in rows]


async def delete_pending(conn: aiosqlite.Connection, key: str) -> None:
    await conn.execute("DELETE FROM outbox WHERE key = ? AND status = 'pending'", (key,))


async def later_sibling_due(conn: aiosqlite.Connection, row: Pending, now: datetime) -> bool:
    """Another message of the same kind for the same sign-up is due later than ``row`` and by
    now, or went out already: ``row`` is superseded (two overdue reminders after downtime)."""
    sql = (
        "SELECT 1 FROM outbox WHERE signup_id = ? AND kind = ? AND id != ?"
        " AND instr(key, '#') = 0 AND +status IN ('pending', 'sent')"
        " AND +due_at > ? AND +due_at <= ? LIMIT 1"
    )
    args = (row.signup_id, row.kind, row.id, to_db(row.due_at), to_db(now))
    return await fetch_one(conn, sql, args) is not None


async def next_due(conn: aiosqlite.Connection) -> datetime | None:
    """When the earliest pending message is due."""
    sql = "SELECT MIN(due_at) FROM outbox WHERE status = 'pending'"
    row = await fetch_one(conn, sql)
    return from_db(row[0]) if row and row[0] else None


async def cancel_pending(
    conn: aiosqlite.Connection,
    *,
    signup_id: int | None = None,
    recipient_id: int | None = None,
    key_prefix: str | None = None,
    kinds: tuple[str, ...] | None = None,
) -> int:
    """Remove messages that have not gone out yet; returns how many."""
    clauses: list[str] = ["status = 'pending'"]
    args: list[object] = []
    if kinds is not None:
        clauses.append(f"kind IN ({', '.join('?' for _ in kinds)})")
        args.extend(kinds)
    if signup_id is not None:
        clauses.append("signup_id = ?")
        args.append(signup_id)
    if recipient_id is not None:
        clauses.append("recipient_id = ?")
        args.append(recipient_id)
    if key_prefix is not None:
        clauses.append("substr(key, 1, ?) = ?")
        args.extend([len(key_prefix), key_prefix])
    if len(clauses) == 1 + (kinds is not None):
        raise ValueError("cancel_pending needs something to select on")
    cursor = await conn.execute(f"DELETE FROM outbox WHERE {' AND '.join(clauses)}", args)
    return cursor.rowcount


async def is_unreachable(conn: aiosqlite.Connection, recipient_id: int) -> bool:
    sql = "SELECT 1 FROM unreachable WHERE recipient_id = ?"
    return await fetch_one(conn, sql, (recipient_id,)) is not None


async def mark_reachable(conn: aiosqlite.Connection, recipient_id: int) -> None:
    """A person who blocked the bot and came back (wrote to it) can be reached again."""
    await conn.execute("DELETE FROM unreachable WHERE recipient_id = ?", (recipient_id,))


# -- delivering -----------------------------------------------------------------------------------
@dataclass
class DeliveryReport:
    sent: int = 0
    dropped: int = 0
    blocked: int = 0
    retried: int = 0
    rate_limited: int = 0
    failed: int = 0
    quiet: bool = False  # nothing was looked at: quiet hours

    @property
    def handled(self) -> int:
        return (
            self.sent + self.dropped + self.blocked + self.retried + self.rate_limited + self.failed
        )


class Postman:
    """Delivers due rows. One per database: two deliveries never run at once.

    Rows are read ``batch`` at a time and sent side by side; the rate limiter in the sender spaces
    them out, so ``batch`` only needs to be large enough to keep it busy (a batch of a second's
    worth of Telegram's overall limit). A batch is marked before the next is read.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        batch: int = 30,
        quiet: QuietHours | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.batch = batch
        self.quiet = quiet
        self._lock = asyncio.Lock()
        # Who blocked the bot, kept in memory so that checking every update costs nothing.
        self.unreachable: set[int] = set()

    async def load_unreachable(self) -> None:
        async with self.db.read() as conn:
            self.unreachable = {
                row[0] for row in await fetch_all(conn, "SELECT recipient_id FROM unreachable")
            }

    async def deliver_due(
        self, sender: Sender, *, max_batches: int | None = None
    ) -> DeliveryReport:
        """Send everything due now, a batch at a time; returns what happened."""
        report = DeliveryReport()
        async with self._lock:
            batches = 0
            while max_batches is None or batches < max_batches:
                if self.quiet is not None and self.quiet.contains(self.clock.now()):
                    report.quiet = True
                    break
                rows = await self._due()
                if not rows:
                    break
                batches += 1
                await asyncio.gather(*(self._deliver(row, sender, report) for row in rows))
        return report

    async def next_due(self) -> datetime | None:
        """When the next pending row is due (after quiet hours, if it falls in them)."""
        async with self.db.read() as conn:
            due = await next_due(conn)
        if due is not None and self.quiet is not None:
            due = self.quiet.after(max(due, self.clock.now()))
        return due

    async def _due(self) -> list[Pending]:
        async with self.db.read() as conn:
            bulk = sorted(BULK_KINDS)
            rows = await fetch_all(
                conn,
                "SELECT id, key, kind, recipient_id, due_at, payload, signup_id, attempts"
                " FROM outbox WHERE status = 'pending' AND due_at <= ?"
                f" ORDER BY kind IN ({', '.join('?' * len(bulk))}), due_at, id LIMIT ?",
                (to_db(self.clock.now()), *bulk, self.batch),
            )
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

    async def _render(self, row: Pending) -> Outgoing | Drop:
        render = RENDERERS.get(row.kind)
        async with self.db.read() as conn:
            if await is_unreachable(conn, row.recipient_id):
                return Drop("unreachable")
            if render is None:
                return Drop(f"no renderer for {row.kind}")
            return await render(conn, row, self.clock.now())

    async def _deliver(self, row: Pending, sender: Sender, report: DeliveryReport) -> None:
        try:
            outcome = await self._render(row)
        except Exception as exc:
            log.exception("outbox %s (%s) could not be rendered", row.id, row.kind)
            await self._finish(row.id, "failed", f"render: {type(exc).__name__}")
            report.failed += 1
            return
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
        except RateLimited as exc:
            await self._later(row, exc.retry_after)
            report.rate_limited += 1
            return
        except TemporaryFailure as exc:
            await self._retry_or_fail(row, exc, report)
            return
        except Exception as exc:
            # Refused for good (a bad request): retrying would be refused again.
            log.exception("outbox %s (%s) was refused", row.id, row.kind)
            await self._finish(row.id, "failed", type(exc).__name__)
            report.failed += 1
            return
        await self._finish(row.id, "sent", None)
        report.sent += 1

    async def _finish(self, row_id: int, status: str, note: str | None) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = ?, sent_at = ?, note = ? WHERE id = ?",
                (status, to_db(self.clock.now()), note, row_id),
            )

    async def _later(self, row: Pending, seconds: float) -> None:
        """Telegram said "too many": the row waits and is tried again, not counted as failed."""
        retry_at = self.clock.now() + timedelta(seconds=max(seconds, 1.0))
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET due_at = ? WHERE id = ?", (to_db(retry_at), row.id)
            )

    async def _blocked(self, row: Pending) -> None:
        """403: this person is unreachable; nothing more is sent to them."""
        log.info("recipient %s blocked the bot; their messages are dropped", row.recipient_id)
        self.unreachable.add(row.recipient_id)
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
            log.warning("outbox %s failed after %s attempts: %s", row.id, attempts, error)
            async with self.db.transaction() as conn:
                await conn.execute(
                    "UPDATE outbox SET status = 'failed', attempts = ?, note = ? WHERE id = ?",
                    (attempts, str(error)[:60], row.id),
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
