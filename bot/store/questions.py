"""Questions residents ask a person, and the answers (0017_questions.sql).

A question about an opportunity belongs to that opportunity's organisation; a general one has
no organisation (the administrators answer it). The first answer closes it. A question goes
with the person (ON DELETE CASCADE).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import and_in, fetch_all, fetch_one, from_db, to_db


@dataclass(frozen=True)
class Question:
    id: int
    resident_id: int
    first_name: str
    opportunity_id: int | None
    title: str | None  # the opportunity's title; None: a general question
    organisation_id: int | None
    organisation: str | None
    text: str
    asked_at: datetime
    answer: str | None
    answered_at: datetime | None
    answered_by: int | None
    answered_by_name: str | None

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


_QUESTION = (
    "SELECT q.id, q.resident_id, r.first_name, q.opportunity_id, o.title, q.organisation_id,"
    " g.name AS organisation, q.text, q.asked_at, q.answer, q.answered_at, q.answered_by,"
    " q.answered_by_name"
    " FROM questions q"
    " JOIN residents r ON r.id = q.resident_id"
    " LEFT JOIN opportunities o ON o.id = q.opportunity_id"
    " LEFT JOIN organisations g ON g.id = q.organisation_id"
)


def _question(row: aiosqlite.Row) -> Question:
    return Question(
        id=row["id"],
        resident_id=row["resident_id"],
        first_name=row["first_name"],
        opportunity_id=row["opportunity_id"],
        title=row["title"],
        organisation_id=row["organisation_id"],
        organisation=row["organisation"],
        text=row["text"],
        asked_at=from_db(row["asked_at"]),
        answer=row["answer"],
        answered_at=from_db(row["answered_at"]) if row["answered_at"] else None,
        answered_by=row["answered_by"],
        answered_by_name=row["answered_by_name"],
    )


async def add(
    resident_id: int,
    opportunity_id: int | None,
    organisation_id: int | None,
    text: str,
    now: datetime,
    *,
    conn: aiosqlite.Connection,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO questions (resident_id, opportunity_id, organisation_id, text, asked_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (resident_id, opportunity_id, organisation_id, text, to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def get(question_id: int, *, conn: aiosqlite.Connection) -> Question | None:
    row = await fetch_one(conn, f"{_QUESTION} WHERE q.id = ?", (question_id,))
    return _question(row) if row else None


async def set_answer(
    question_id: int,
    answer: str,
    *,
    by: int,
    by_name: str,
    now: datetime,
    conn: aiosqlite.Connection,
) -> bool:
    """The first answer closes the question; False when it had one already (or is gone)."""
    cursor = await conn.execute(
        "UPDATE questions SET answer = ?, answered_at = ?, answered_by = ?, answered_by_name = ?"
        " WHERE id = ? AND answered_at IS NULL",
        (answer, to_db(now), by, by_name, question_id),
    )
    return cursor.rowcount == 1


def _open_where(organisation_ids: Sequence[int] | None) -> tuple[str, list[object]]:
    """Open questions of these organisations; None: all of them, general ones too."""
    scope, args = and_in("q.organisation_id", organisation_ids)
    return f" WHERE q.answered_at IS NULL{scope}", args


async def count_open(organisation_ids: Sequence[int] | None, *, conn: aiosqlite.Connection) -> int:
    where, args = _open_where(organisation_ids)
    row = await fetch_one(conn, f"SELECT COUNT(*) FROM questions q{where}", args)
    return int(row[0]) if row else 0


async def open_questions(
    organisation_ids: Sequence[int] | None,
    *,
    offset: int,
    limit: int,
    conn: aiosqlite.Connection,
) -> list[Question]:
    """Unanswered questions of these organisations (None: all), oldest first, a page."""
    where, args = _open_where(organisation_ids)
    sql = f"{_QUESTION}{where} ORDER BY q.asked_at, q.id LIMIT ? OFFSET ?"
    return [_question(r) for r in await fetch_all(conn, sql, [*args, limit, offset])]


async def of_resident(resident_id: int, *, conn: aiosqlite.Connection) -> list[Question]:
    """Every question of the resident, with its answer, oldest first."""
    sql = f"{_QUESTION} WHERE q.resident_id = ? ORDER BY q.asked_at, q.id"
    return [_question(r) for r in await fetch_all(conn, sql, (resident_id,))]


async def count_waiting(resident_id: int, *, conn: aiosqlite.Connection) -> int:
    """How many of the resident's questions wait for an answer."""
    row = await fetch_one(
        conn,
        "SELECT COUNT(*) FROM questions WHERE resident_id = ? AND answered_at IS NULL",
        (resident_id,),
    )
    return int(row[0]) if row else 0


async def count_for_resident(resident_id: int, *, conn: aiosqlite.Connection) -> int:
    row = await fetch_one(
        conn, "SELECT COUNT(*) FROM questions WHERE resident_id = ?", (resident_id,)
    )
    return int(row[0]) if row else 0
