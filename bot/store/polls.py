"""Questions to an audience (polls): what a coordinator asked, to whom, and how far delivery came.

Delivery is the outbox's: a poll's rows have keys ``poll:<id>:<recipient>``. Triggers (migration
0021) keep a tally of them on the poll's row as they are planned, go out, fail or are withdrawn.
``poll_recipients`` says who it was sent to, so only they can answer. The answers themselves are
in :mod:`bot.store.poll_answers`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db
from bot.store.outbox import Recipients

CHOICE, TEXT, SCALE, QUESTIONNAIRE = "choice", "text", "scale", "questionnaire"


@dataclass(frozen=True)
class Delivery:
    """Where the recipients' messages stand (the tally on the poll's row)."""

    to_go: int = 0
    delivered: int = 0
    unreachable: int = 0  # blocked the bot, or could not be delivered
    not_sent: int = 0  # dropped before it went: closed first, or the person left


@dataclass(frozen=True)
class Poll:
    id: int
    created_by: int
    organisation_id: int | None
    organisation: str | None
    kind: str
    question: str  # as typed (plain text); '' for the questionnaire
    options: list[str]  # the answer buttons, or the questionnaire's questions (source texts)
    named: bool
    audience_kind: str
    audience_value: int | None
    language: str
    created_at: datetime
    closes_at: datetime | None
    closed_at: datetime | None
    total: int
    queuing: bool
    queued_up_to: int
    delivery: Delivery

    def is_open(self, now: datetime) -> bool:
        return self.closed_at is None and (self.closes_at is None or now < self.closes_at)

    @property
    def steps(self) -> int:
        """How many questions it has: the questionnaire's, else one."""
        return len(self.options) if self.kind == QUESTIONNAIRE else 1


def recipient_prefix(poll_id: int) -> str:
    """What the keys of a poll's outbox rows start with (followed by the recipient's id)."""
    return f"poll:{poll_id}:"


def closing_key(poll_id: int) -> str:
    """The notice to the coordinator when the poll closes on its day."""
    return f"poll-closed:{poll_id}"


async def add(
    *,
    created_by: int,
    organisation_id: int | None,
    kind: str,
    question: str,
    options: list[str],
    named: bool,
    audience_kind: str,
    audience_value: int | None,
    language: str,
    now: datetime,
    closes_at: datetime | None,
    conn: aiosqlite.Connection,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO polls (created_by, organisation_id, kind, question, options, named,"
        " audience_kind, audience_value, language, created_at, closes_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            created_by,
            organisation_id,
            kind,
            question,
            json.dumps(options),
            int(named),
            audience_kind,
            audience_value,
            language,
            to_db(now),
            to_db(closes_at) if closes_at else None,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


_SELECT = (
    "SELECT p.*, g.name AS organisation FROM polls p"
    " LEFT JOIN organisations g ON g.id = p.organisation_id"
)


def _poll(row: aiosqlite.Row) -> Poll:
    return Poll(
        id=row["id"],
        created_by=row["created_by"],
        organisation_id=row["organisation_id"],
        organisation=row["organisation"],
        kind=row["kind"],
        question=row["question"],
        options=[str(o) for o in json.loads(row["options"])],
        named=bool(row["named"]),
        audience_kind=row["audience_kind"],
        audience_value=row["audience_value"],
        language=row["language"],
        created_at=from_db(row["created_at"]),
        closes_at=from_db(row["closes_at"]) if row["closes_at"] else None,
        closed_at=from_db(row["closed_at"]) if row["closed_at"] else None,
        total=row["total"],
        queuing=bool(row["queuing"]),
        queued_up_to=row["queued_up_to"],
        delivery=_delivery(row),
    )


def _delivery(row: aiosqlite.Row) -> Delivery:
    done = row["delivered"] + row["unreachable"] + row["not_sent"]
    # While rows are still being planned, those not planned yet are to go as well.
    to_go = max(row["to_go"], row["total"] - done) if row["queuing"] else row["to_go"]
    return Delivery(to_go, row["delivered"], row["unreachable"], row["not_sent"])


async def get(poll_id: int, *, conn: aiosqlite.Connection) -> Poll | None:
    row = await fetch_one(conn, _SELECT + " WHERE p.id = ?", (poll_id,))
    return _poll(row) if row else None


async def set_total(poll_id: int, total: int, *, conn: aiosqlite.Connection) -> None:
    await conn.execute("UPDATE polls SET total = ? WHERE id = ?", (total, poll_id))


async def queuing(*, conn: aiosqlite.Connection) -> list[Poll]:
    """Polls whose rows are still being planned, oldest first."""
    return [_poll(row) for row in await fetch_all(conn, _SELECT + " WHERE p.queuing = 1")]


async def planned_up_to(poll_id: int, *, conn: aiosqlite.Connection) -> int | None:
    """The last recipient planned so far; None when planning is over (or the poll is gone)."""
    sql = "SELECT queued_up_to FROM polls WHERE id = ? AND queuing = 1"
    row = await fetch_one(conn, sql, (poll_id,))
    return int(row[0]) if row else None


async def queued_up_to(poll_id: int, up_to: int | None, *, conn: aiosqlite.Connection) -> None:
    """Record how far planning got; None: every recipient has a row (queuing ends)."""
    if up_to is None:
        # The last recipient's id is not kept: it is a person's, and /delete erases those.
        await conn.execute(
            "UPDATE polls SET queuing = 0, queued_up_to = 0 WHERE id = ?", (poll_id,)
        )
    else:
        await conn.execute("UPDATE polls SET queued_up_to = ? WHERE id = ?", (up_to, poll_id))


async def add_recipients(
    poll_id: int, recipients: Recipients, *, conn: aiosqlite.Connection
) -> None:
    """Who it goes to (one chunk of them), in one statement; someone listed already stays once."""
    await conn.execute(
        "INSERT INTO poll_recipients (poll_id, person_id)"
        f" SELECT ?, q.id FROM ({recipients.sql}) q WHERE true ON CONFLICT DO NOTHING",
        (poll_id, *recipients.args),
    )


async def is_recipient(poll_id: int, person_id: int, *, conn: aiosqlite.Connection) -> bool:
    sql = "SELECT 1 FROM poll_recipients WHERE poll_id = ? AND person_id = ?"
    return await fetch_one(conn, sql, (poll_id, person_id)) is not None


async def close(poll_id: int, now: datetime, *, conn: aiosqlite.Connection) -> bool:
    """Close it by hand now; False if it was closed already (by hand)."""
    cursor = await conn.execute(
        "UPDATE polls SET closed_at = ? WHERE id = ? AND closed_at IS NULL", (to_db(now), poll_id)
    )
    return cursor.rowcount == 1


async def listed(
    organisation_ids: Iterable[int] | None, user_id: int, *, conn: aiosqlite.Connection
) -> list[Poll]:
    """The polls a coordinator may read, newest first: those they asked and those of their
    organisations (``organisation_ids`` None: every poll, for administrators)."""
    if organisation_ids is None:
        rows = await fetch_all(conn, _SELECT + " ORDER BY p.id DESC")
    else:
        ids = sorted(organisation_ids)
        sql = (
            _SELECT + " WHERE p.created_by = ? OR p.organisation_id IN"
            " (SELECT value FROM json_each(?)) ORDER BY p.id DESC"
        )
        rows = await fetch_all(conn, sql, (user_id, json.dumps(ids)))
    return [_poll(row) for row in rows]


async def forget_person(person_id: int, *, conn: aiosqlite.Connection) -> None:
    """/delete: not a recipient any more (the answers are :mod:`bot.store.poll_answers`')."""
    await conn.execute("DELETE FROM poll_recipients WHERE person_id = ?", (person_id,))
