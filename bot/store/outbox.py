"""The outbox table: messages planned for later, and what became of them.

Each function runs inside the caller's connection (a transaction where it writes), so a message
is planned in the same transaction as the change that causes it.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db


@dataclass(frozen=True)
class Pending:
    """A row that is due: what the postman renders and sends."""

    id: int
    key: str
    kind: str
    recipient_id: int
    due_at: datetime
    payload: dict[str, Any]
    signup_id: int | None
    attempts: int


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
    bulk: bool = False,
) -> bool:
    """Plan a message; a key that exists already plans nothing (so a double tap is harmless).

    ``bulk``: one of many alike (a broadcast, a call for help, an alert), which goes after what
    one person is waiting for.
    """
    cursor = await conn.execute(
        "INSERT INTO outbox (key, kind, recipient_id, due_at, payload, signup_id, created_at, bulk)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
        (
            key,
            kind,
            recipient_id,
            to_db(due_at),
            json.dumps(payload or {}),
            signup_id,
            to_db(now),
            int(bulk),
        ),
    )
    return cursor.rowcount == 1


@dataclass(frozen=True)
class Recipients:
    """A SELECT of people (their ids in a column ``id``), with its arguments: an audience that
    stays in the database, so planning a message for each of them is one statement."""

    sql: str
    args: Sequence[object] = ()


async def chunk_bound(
    conn: aiosqlite.Connection, recipients: Recipients, *, after: int, size: int
) -> int | None:
    """The id of the last of the next ``size`` recipients after ``after`` (None: none left)."""
    row = await fetch_one(
        conn,
        f"SELECT MAX(id) FROM (SELECT q.id FROM ({recipients.sql}) q WHERE q.id > ?"
        " ORDER BY q.id LIMIT ?)",
        (*recipients.args, after, size),
    )
    return None if row is None or row[0] is None else int(row[0])


def between(recipients: Recipients, after: int, up_to: int) -> Recipients:
    """The recipients with ids in (``after``, ``up_to``]: one chunk of a large audience."""
    return Recipients(
        f"SELECT q.id FROM ({recipients.sql}) q WHERE q.id > ? AND q.id <= ?",
        (*recipients.args, after, up_to),
    )


async def enqueue_bulk(
    conn: aiosqlite.Connection,
    recipients: Recipients,
    *,
    key_prefix: str,
    key_suffix: str = "",
    kind: str,
    due_at: datetime,
    now: datetime,
    payload: dict[str, Any],
) -> int:
    """Plan the same bulk message for everyone ``recipients`` selects, keyed ``key_prefix``, the
    person's id and ``key_suffix``, in one statement; keys that exist plan nothing. Returns how
    many were planned."""
    cursor = await conn.execute(
        "INSERT INTO outbox (key, kind, recipient_id, due_at, payload, created_at, bulk)"
        f" SELECT ? || q.id || ?, ?, q.id, ?, ?, ?, 1 FROM ({recipients.sql}) q WHERE true"
        " ON CONFLICT (key) DO NOTHING",
        (
            key_prefix,
            key_suffix,
            kind,
            to_db(due_at),
            json.dumps(payload),
            to_db(now),
            *recipients.args,
        ),
    )
    return cursor.rowcount


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


async def delete_pending(conn: aiosqlite.Connection, key: str) -> bool:
    """The message with this key, if it has not gone out yet; whether there was one."""
    cursor = await conn.execute("DELETE FROM outbox WHERE key = ? AND status = 'pending'", (key,))
    return cursor.rowcount == 1


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
    """When the earliest pending message is due (the first entry of index ``outbox_due``)."""
    sql = "SELECT MIN(due_at) FROM outbox WHERE status = 'pending'"
    row = await fetch_one(conn, sql)
    return from_db(row[0]) if row and row[0] else None


async def forget_recipient(conn: aiosqlite.Connection, recipient_id: int) -> None:
    """/delete: every message to this person, sent or not, and the record that they blocked
    the bot. A broadcast's tally keeps what went out (its triggers count only the waiting)."""
    await conn.execute("DELETE FROM outbox WHERE recipient_id = ?", (recipient_id,))
    await conn.execute("DELETE FROM unreachable WHERE recipient_id = ?", (recipient_id,))


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


async def unreachable_among(conn: aiosqlite.Connection, recipient_ids: set[int]) -> set[int]:
    """Which of these people blocked the bot (one query for a whole batch)."""
    if not recipient_ids:
        return set()
    marks = ", ".join("?" for _ in recipient_ids)
    sql = f"SELECT recipient_id FROM unreachable WHERE recipient_id IN ({marks})"
    return {row[0] for row in await fetch_all(conn, sql, sorted(recipient_ids))}


async def is_unreachable(conn: aiosqlite.Connection, recipient_id: int) -> bool:
    sql = "SELECT 1 FROM unreachable WHERE recipient_id = ?"
    return await fetch_one(conn, sql, (recipient_id,)) is not None


async def mark_reachable(conn: aiosqlite.Connection, recipient_id: int) -> None:
    """A person who blocked the bot and came back (wrote to it) can be reached again."""
    await conn.execute("DELETE FROM unreachable WHERE recipient_id = ?", (recipient_id,))


# -- delivering -----------------------------------------------------------------------------------
async def due(
    conn: aiosqlite.Connection, now: datetime, *, bulk: frozenset[str], limit: int
) -> list[Pending]:
    """The rows due by ``now``, what one person waits for before bulk kinds, oldest first.

    Each query walks the queue index (``outbox_queue``: pending rows by bulk flag, due time, id)
    from its start and stops after ``limit`` rows, so a batch costs the same with ten rows
    waiting or a million. Rows of a ``bulk`` kind that were planned one by one (not flagged)
    still go after the personal ones.
    """
    kinds = sorted(bulk)
    marks = ", ".join("?" * len(kinds))
    sql = (
        "SELECT id, key, kind, recipient_id, due_at, payload, signup_id, attempts"
        " FROM outbox INDEXED BY outbox_queue"
        " WHERE status = 'pending' AND bulk = ? AND due_at <= ?{kinds}"
        " ORDER BY due_at, id LIMIT ?"
    )
    personal = await fetch_all(
        conn,
        sql.format(kinds=f" AND kind NOT IN ({marks})" if kinds else ""),
        (0, to_db(now), *kinds, limit),
    )
    rows = list(personal)
    if len(rows) < limit:
        left = limit - len(rows)
        flagged = await fetch_all(conn, sql.format(kinds=""), (1, to_db(now), left))
        unflagged: list[aiosqlite.Row] = []
        if kinds:
            unflagged = await fetch_all(
                conn,
                sql.format(kinds=f" AND kind IN ({marks})"),
                (0, to_db(now), *kinds, left),
            )
        merged = heapq.merge(flagged, unflagged, key=lambda r: (r["due_at"], r["id"]))
        rows.extend(list(merged)[:left])
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


async def unreachable(conn: aiosqlite.Connection) -> set[int]:
    """Everyone who blocked the bot."""
    return {row[0] for row in await fetch_all(conn, "SELECT recipient_id FROM unreachable")}


async def finish(
    conn: aiosqlite.Connection, row_id: int, status: str, note: str | None, now: datetime
) -> None:
    await conn.execute(
        "UPDATE outbox SET status = ?, sent_at = ?, note = ? WHERE id = ?",
        (status, to_db(now), note, row_id),
    )


async def postpone(
    conn: aiosqlite.Connection, row_id: int, due_at: datetime, *, attempts: int | None = None
) -> None:
    """A later due time (and the attempts so far, after a network error)."""
    if attempts is None:
        await conn.execute("UPDATE outbox SET due_at = ? WHERE id = ?", (to_db(due_at), row_id))
    else:
        await conn.execute(
            "UPDATE outbox SET attempts = ?, due_at = ? WHERE id = ?",
            (attempts, to_db(due_at), row_id),
        )


async def fail(conn: aiosqlite.Connection, row_id: int, attempts: int, note: str) -> None:
    await conn.execute(
        "UPDATE outbox SET status = 'failed', attempts = ?, note = ? WHERE id = ?",
        (attempts, note, row_id),
    )


async def mark_blocked(
    conn: aiosqlite.Connection, recipient_id: int, row_id: int, now: datetime
) -> None:
    """403: this person is unreachable; their pending rows are dropped."""
    await conn.execute(
        "INSERT INTO unreachable (recipient_id, since) VALUES (?, ?)"
        " ON CONFLICT (recipient_id) DO NOTHING",
        (recipient_id, to_db(now)),
    )
    await conn.execute(
        "UPDATE outbox SET status = 'dropped', note = 'blocked'"
        " WHERE recipient_id = ? AND status = 'pending'",
        (recipient_id,),
    )
    await conn.execute(
        "UPDATE outbox SET status = 'failed', note = 'blocked' WHERE id = ?", (row_id,)
    )


async def prune(conn: aiosqlite.Connection, before: datetime, limit: int) -> int:
    """Remove at most ``limit`` rows that went out, were dropped or failed and were due before
    ``before`` (through index ``outbox_due``); returns how many."""
    cursor = await conn.execute(
        "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox"
        " WHERE status IN ('sent', 'dropped', 'failed') AND due_at < ? LIMIT ?)",
        (to_db(before), limit),
    )
    return cursor.rowcount
