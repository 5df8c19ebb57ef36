"""The durable outbox: messages that must arrive later, and the postman that delivers them.

A message is planned with :func:`bot.store.outbox.enqueue` inside the same transaction as the
change that causes it (a sign-up plans its reminders), so either both are stored or neither.
The postman (:meth:`Postman.deliver_due`) renders each due row at send time, in the recipient's
language, with the renderer listed for its kind (:mod:`bot.outbox.messages`), sends it through a
:class:`Sender` handed in by the wiring (no Telegram types here) and marks it sent.

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
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

import aiosqlite

from bot.clock import Clock
from bot.i18n import Languages
from bot.outbox.letters import Desk, Drop, Outgoing, Renderers
from bot.outbox.timing import QuietHours
from bot.store import Database
from bot.store import outbox as store
from bot.store.outbox import Pending

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


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
    async def send(self, chat_id: int, message: Outgoing, *, bulk: bool = False) -> None:
        """Send one message; ``bulk`` ones give way to people's (Telegram's limit is shared)."""
        ...


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
        renderers: Renderers,
        bulk: frozenset[str],
        languages: Languages,
        batch: int = 30,
        quiet: QuietHours | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.renderers = renderers  # one per kind, listed in bot.outbox.messages
        self.bulk = bulk  # kinds that go after what one person is waiting for
        self.languages = languages
        self.batch = batch
        self.quiet = quiet
        self._lock = asyncio.Lock()
        # Who blocked the bot, kept in memory so that checking every update costs nothing.
        self.unreachable: set[int] = set()

    async def load_unreachable(self) -> None:
        async with self.db.read() as conn:
            self.unreachable = await store.unreachable(conn)

    async def deliver_due(
        self,
        sender: Sender,
        *,
        max_batches: int | None = None,
        keep_going: Callable[[], bool] = lambda: True,
    ) -> DeliveryReport:
        """Send everything due now, a batch at a time; returns what happened. ``keep_going`` is
        asked before each batch (the bot stopping: the rest stays queued)."""
        report = DeliveryReport()
        async with self._lock:
            batches = 0
            while (max_batches is None or batches < max_batches) and keep_going():
                if self.quiet is not None and self.quiet.contains(self.clock.now()):
                    report.quiet = True
                    break
                rows = await self._due()
                if not rows:
                    break
                batches += 1
                await self._deliver_batch(rows, sender, report)
        return report

    async def next_due(self) -> datetime | None:
        """When the next pending row is due (after quiet hours, if it falls in them)."""
        async with self.db.read() as conn:
            due = await store.next_due(conn)
        if due is not None and self.quiet is not None:
            due = self.quiet.after(max(due, self.clock.now()))
        return due

    async def _due(self) -> list[Pending]:
        async with self.db.read() as conn:
            return await store.due(conn, self.clock.now(), bulk=self.bulk, limit=self.batch)

    async def _render_all(self, rows: list[Pending]) -> list[Outgoing | Drop | Exception]:
        """Every row of a batch rendered in one read, on a read connection of its own: residents'
        screens never wait for the postman's reads (WAL: readers see what was committed)."""
        outcomes: list[Outgoing | Drop | Exception] = []
        async with self.db.snapshot() as conn:
            blocked = await store.unreachable_among(conn, {row.recipient_id for row in rows})
            desk = Desk(conn, self.clock.now(), self.languages)
            for row in rows:
                render = self.renderers.get(row.kind)
                if row.recipient_id in blocked:
                    outcomes.append(Drop("unreachable"))
                elif render is None:
                    outcomes.append(Drop(f"no renderer for {row.kind}"))
                else:
                    try:
                        outcomes.append(await render(desk, row))
                    except Exception as exc:  # one bad row never blocks the rows behind it
                        log.exception("outbox %s (%s) could not be rendered", row.id, row.kind)
                        outcomes.append(exc)
        return outcomes

    async def _deliver_batch(
        self, rows: list[Pending], sender: Sender, report: DeliveryReport
    ) -> None:
        """Render the batch, send it side by side, then mark every row in one transaction."""
        outcomes = await self._render_all(rows)
        sends = zip(rows, outcomes, strict=True)
        marks = await asyncio.gather(*(self._send(r, o, sender, report) for r, o in sends))
        async with self.db.transaction() as conn:
            for mark in marks:
                await mark(conn)

    async def _send(
        self,
        row: Pending,
        outcome: Outgoing | Drop | Exception,
        sender: Sender,
        report: DeliveryReport,
    ) -> Mark:
        """Send one rendered row; what to write about it once the batch is done."""
        now = self.clock.now()
        if isinstance(outcome, Exception):
            report.failed += 1
            return _finish(row.id, "failed", f"render: {type(outcome).__name__}", now)
        if isinstance(outcome, Drop):
            report.dropped += 1
            return _finish(row.id, "dropped", outcome.reason, now)
        try:
            await sender.send(row.recipient_id, outcome, bulk=row.kind in self.bulk)
        except RecipientBlocked:
            log.info("recipient %s blocked the bot; their messages are dropped", row.recipient_id)
            self.unreachable.add(row.recipient_id)
            report.blocked += 1
            return partial(
                store.mark_blocked, recipient_id=row.recipient_id, row_id=row.id, now=now
            )
        except RateLimited as exc:
            # Telegram said "too many": the row waits and is tried again, not counted as failed.
            report.rate_limited += 1
            later = self.clock.now() + timedelta(seconds=max(exc.retry_after, 1.0))
            return partial(store.postpone, row_id=row.id, due_at=later)
        except TemporaryFailure as exc:
            return self._retry_or_fail(row, exc, report)
        except Exception as exc:
            # Refused for good (a bad request): retrying would be refused again.
            log.exception("outbox %s (%s) was refused", row.id, row.kind)
            report.failed += 1
            return _finish(row.id, "failed", type(exc).__name__, now)
        report.sent += 1
        return _finish(row.id, "sent", None, self.clock.now())

    def _retry_or_fail(self, row: Pending, error: Exception, report: DeliveryReport) -> Mark:
        attempts = row.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            log.warning("outbox %s failed after %s attempts: %s", row.id, attempts, error)
            report.failed += 1
            return partial(store.fail, row_id=row.id, attempts=attempts, note=str(error)[:60])
        # Back off 30 s, 1 min, 2 min, 4 min: a network blip passes, a storm is not fed.
        retry_at = self.clock.now() + timedelta(seconds=30 * 2 ** (attempts - 1))
        report.retried += 1
        return partial(store.postpone, row_id=row.id, due_at=retry_at, attempts=attempts)


# What to write about a row once its batch is done (run inside the batch's transaction).
Mark = Callable[[aiosqlite.Connection], Awaitable[None]]


def _finish(row_id: int, status: str, note: str | None, now: datetime) -> Mark:
    return partial(store.finish, row_id=row_id, status=status, note=note, now=now)
