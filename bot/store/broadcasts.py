"""Broadcasts: what a coordinator wrote, to whom, and how far delivery has come.

Delivery itself is the outbox's: a broadcast's rows have keys ``broadcast:<id>:<recipient>``.
Triggers (migration 0009) keep a tally of them on the broadcast's row as they are planned, go
out, fail or are withdrawn, so the progress is one row to read however large the audience, and
the summary stays right after old outbox rows are pruned. A broadcast may carry a text per
language (``broadcast_texts``); a reader without one gets the main text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db


@dataclass(frozen=True)
class Broadcast:
    id: int
    created_by: int
    organisation_id: int | None
    organisation: str | None
    audience_kind: str
    audience_args: dict[str, Any]
    text: str
    photo: str | None
    language: str
    status: str
    total: int
    progress_chat_id: int | None
    progress_message_id: int | None
    progress_shown: str | None
    counts: Counts
    created_at: datetime
    queuing: bool  # its rows are still being planned
    queued_up_to: int  # the last recipient planned so far


@dataclass(frozen=True)
class Counts:
    delivered: int = 0
    blocked: int = 0
    failed: int = 0
    skipped: int = 0
    to_go: int = 0

    @property
    def done(self) -> int:
        return self.delivered + self.blocked + self.failed + self.skipped


def recipient_key(broadcast_id: int, recipient_id: int) -> str:
    return f"broadcast:{broadcast_id}:{recipient_id}"


def recipient_prefix(broadcast_id: int) -> str:
    """What the keys of a broadcast's rows start with (followed by the recipient's id)."""
    return f"broadcast:{broadcast_id}:"


def summary_key(broadcast_id: int) -> str:
    return f"broadcast-summary:{broadcast_id}"


async def add(
    *,
    created_by: int,
    organisation_id: int | None,
    audience_kind: str,
    audience_args: dict[str, Any],
    text: str,
    photo: str | None,
    language: str,
    now: datetime,
    progress_chat_id: int | None,
    progress_message_id: int | None,
    conn: aiosqlite.Connection,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO broadcasts (created_by, organisation_id, audience_kind, audience_args, text,"
        " photo, language, created_at, progress_chat_id, progress_message_id, queuing)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
        (
            created_by,
            organisation_id,
            audience_kind,
            json.dumps(audience_args),
            text,
            photo,
            language,
            to_db(now),
            progress_chat_id,
            progress_message_id,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def add_texts(
    broadcast_id: int, texts: dict[str, str], *, conn: aiosqlite.Connection
) -> None:
    """The broadcast's text for the readers of other languages (language: HTML)."""
    await conn.executemany(
        "INSERT INTO broadcast_texts (broadcast_id, language, text) VALUES (?, ?, ?)",
        [(broadcast_id, language, text) for language, text in sorted(texts.items())],
    )


async def text_in(broadcast_id: int, language: str, *, conn: aiosqlite.Connection) -> str | None:
    """The broadcast's text for readers of ``language``; None: they get the main text."""
    sql = "SELECT text FROM broadcast_texts WHERE broadcast_id = ? AND language = ?"
    row = await fetch_one(conn, sql, (broadcast_id, language))
    return str(row[0]) if row else None


async def queuing(*, conn: aiosqlite.Connection) -> list[Broadcast]:
    """Broadcasts whose rows are still being planned, oldest first."""
    sql = _SELECT + " WHERE b.queuing = 1 ORDER BY b.id"
    return [_broadcast(row) for row in await fetch_all(conn, sql)]


async def planned_up_to(broadcast_id: int, *, conn: aiosqlite.Connection) -> int | None:
    """The last recipient planned so far; None when planning is over (or the broadcast is gone)."""
    sql = "SELECT queued_up_to FROM broadcasts WHERE id = ? AND queuing = 1"
    row = await fetch_one(conn, sql, (broadcast_id,))
    return int(row[0]) if row else None


async def queued_up_to(broadcast_id: int, up_to: int | None, *, conn: aiosqlite.Connection) -> None:
    """Record how far planning got; None: every recipient has a row (queuing ends)."""
    if up_to is None:
        # The last recipient's id is not kept: it is a person's, and /delete erases those.
        await conn.execute(
            "UPDATE broadcasts SET queuing = 0, queued_up_to = 0 WHERE id = ?", (broadcast_id,)
        )
    else:
        await conn.execute(
            "UPDATE broadcasts SET queued_up_to = ? WHERE id = ?", (up_to, broadcast_id)
        )


async def set_total(broadcast_id: int, total: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("UPDATE broadcasts SET total = ? WHERE id = ?", (total, broadcast_id))


_SELECT = (
    "SELECT b.*, g.name AS organisation FROM broadcasts b"
    " LEFT JOIN organisations g ON g.id = b.organisation_id"
)


def _broadcast(row: aiosqlite.Row) -> Broadcast:
    return Broadcast(
        id=row["id"],
        created_by=row["created_by"],
        organisation_id=row["organisation_id"],
        organisation=row["organisation"],
        audience_kind=row["audience_kind"],
        audience_args=json.loads(row["audience_args"]),
        text=row["text"],
        photo=row["photo"],
        language=row["language"],
        status=row["status"],
        total=row["total"],
        progress_chat_id=row["progress_chat_id"],
        progress_message_id=row["progress_message_id"],
        progress_shown=row["progress_shown"],
        counts=_counts(row),
        created_at=from_db(row["created_at"]),
        queuing=bool(row["queuing"]),
        queued_up_to=row["queued_up_to"],
    )


def _counts(row: aiosqlite.Row) -> Counts:
    done = row["delivered"] + row["blocked"] + row["failed"] + row["skipped"]
    # While rows are still being planned, those not planned yet are to go as well.
    to_go = max(row["to_go"], row["total"] - done) if row["queuing"] else row["to_go"]
    return Counts(
        delivered=row["delivered"],
        blocked=row["blocked"],
        failed=row["failed"],
        skipped=row["skipped"],
        to_go=to_go,
    )


async def get(broadcast_id: int, *, conn: aiosqlite.Connection) -> Broadcast | None:
    row = await fetch_one(conn, _SELECT + " WHERE b.id = ?", (broadcast_id,))
    return _broadcast(row) if row else None


async def sending(*, conn: aiosqlite.Connection) -> list[Broadcast]:
    return [
        _broadcast(row)
        for row in await fetch_all(conn, _SELECT + " WHERE b.status = 'sending' ORDER BY b.id")
    ]


async def counts(broadcast_id: int, *, conn: aiosqlite.Connection) -> Counts:
    """Where each recipient's message stands: the tally on the broadcast's row.

    Each row of the broadcast counts once: pending ones as to go, sent ones as delivered, those
    dropped or failed because the person blocked the bot as blocked, other failures as failed and
    other drops (turned broadcasts off, left) as skipped.
    """
    sql = (
        "SELECT delivered, blocked, failed, skipped, to_go, total, queuing FROM broadcasts"
        " WHERE id = ?"
    )
    row = await fetch_one(conn, sql, (broadcast_id,))
    return _counts(row) if row else Counts()


async def mark_shown(broadcast_id: int, shown: str, *, conn: aiosqlite.Connection) -> None:
    await conn.execute(
        "UPDATE broadcasts SET progress_shown = ? WHERE id = ?", (shown, broadcast_id)
    )


async def finish(broadcast_id: int, now: datetime, *, conn: aiosqlite.Connection) -> bool:
    """Mark it done; False if it was done already (so the summary is planned once)."""
    cursor = await conn.execute(
        "UPDATE broadcasts SET status = 'done', finished_at = ?"
        " WHERE id = ? AND status = 'sending'",
        (to_db(now), broadcast_id),
    )
    return cursor.rowcount == 1


async def receives_broadcasts(
    resident_id: int, *, conn: aiosqlite.Connection
) -> tuple[str, bool] | None:
    """A resident's language and whether they want broadcasts; None if not a resident."""
    sql = "SELECT language, broadcasts_on FROM residents WHERE id = ?"
    row = await fetch_one(conn, sql, (resident_id,))
    return (row[0], bool(row[1])) if row else None


async def set_receiving(resident_id: int, on: bool, *, conn: aiosqlite.Connection) -> bool:
    cursor = await conn.execute(
        "UPDATE residents SET broadcasts_on = ? WHERE id = ?", (int(on), resident_id)
    )
    return cursor.rowcount == 1


async def organisations(
    ids: frozenset[int] | None, *, conn: aiosqlite.Connection
) -> list[tuple[int, str]]:
    """Organisations by id (None: all of them), by name."""
    rows = [
        (row[0], row[1])
        for row in await fetch_all(
            conn, "SELECT id, name FROM organisations ORDER BY name COLLATE NOCASE"
        )
    ]
    return [r for r in rows if ids is None or r[0] in ids]
