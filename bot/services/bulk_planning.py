"""One message to a large audience, planned in the outbox a chunk at a time.

A broadcast or a question to thousands is stored first (the coordinator hears at once); its rows
are planned right after, :data:`CHUNK` recipients per short transaction, people's updates in
between. Where planning stands is kept on the message's own row, so a restart continues where it
stopped; keys are unique, so running it twice at once plans nobody twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import aiosqlite

from bot.store import Database, outbox
from bot.store.outbox import Recipients

CHUNK = 500  # rows planned in one transaction: 5-10 ms of the lock on a large file


class Position(Protocol):
    async def __call__(self, *, conn: aiosqlite.Connection) -> int | None:
        """The last recipient planned so far; None when planning is over (or the message gone)."""
        ...


class Advance(Protocol):
    async def __call__(self, up_to: int | None, *, conn: aiosqlite.Connection) -> None:
        """Record how far planning got; None: every recipient has a row."""
        ...


@dataclass(frozen=True)
class BulkMessage:
    recipients: Recipients
    key_prefix: str  # followed by the recipient's id
    kind: str
    created_at: datetime  # when it was sent: its rows are due then
    payload: dict[str, Any]
    position: Position
    advance: Advance
    # Anything else written for each chunk of recipients, in the same transaction.
    with_chunk: Callable[[aiosqlite.Connection, Recipients], Awaitable[None]] | None = None


async def plan(db: Database, message: BulkMessage, *, chunk: int = CHUNK) -> int:
    """Plan the rows still to plan; returns how many were planned."""
    planned = 0
    while True:
        async with db.transaction() as conn:
            after = await message.position(conn=conn)
            if after is None:
                return planned
            up_to = await outbox.chunk_bound(conn, message.recipients, after=after, size=chunk)
            if up_to is not None:
                part = outbox.between(message.recipients, after, up_to)
                if message.with_chunk is not None:
                    await message.with_chunk(conn, part)
                planned += await outbox.enqueue_bulk(
                    conn,
                    part,
                    key_prefix=message.key_prefix,
                    kind=message.kind,
                    due_at=message.created_at,
                    now=message.created_at,
                    payload=message.payload,
                )
            await message.advance(up_to, conn=conn)
        if up_to is None:
            return planned
        await asyncio.sleep(0)  # people's updates go in between
