"""Answers to polls: one per person and question, changed in place until the poll closes.

``step`` is the question (0 for a single question, 0-4 in the questionnaire); ``grp`` whether
the person answered as staff (a coordinator or administrator) or as a resident. A person's
answer carries their id (so they can change it, and /mydata and /delete find it); results and
exports never show it, and a name only when the question said names are seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.store.database import fetch_all, fetch_one, from_db, to_db

RESIDENT, STAFF = "resident", "staff"


@dataclass(frozen=True)
class Answer:
    step: int
    choice: int | None = None
    text: str | None = None
    skipped: bool = False


@dataclass(frozen=True)
class Given:
    """One answer as results and exports read it (no id: never who gave it)."""

    step: int
    group: str
    choice: int | None
    text: str | None
    skipped: bool
    name: str | None  # only for a poll with names
    answered_at: datetime


async def save(
    poll_id: int,
    person_id: int,
    answer: Answer,
    *,
    group: str,
    name: str | None,
    now: datetime,
    conn: aiosqlite.Connection,
) -> bool:
    """Store the person's answer, replacing the one they gave before; False if it is the same
    (a double tap counts once and changes nothing)."""
    if await own(poll_id, answer.step, person_id, conn=conn) == answer:
        return False
    await conn.execute(
        "INSERT INTO poll_answers (poll_id, step, person_id, grp, choice, text, skipped, name,"
        " answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (poll_id, step, person_id) DO UPDATE SET grp = excluded.grp,"
        " choice = excluded.choice, text = excluded.text, skipped = excluded.skipped,"
        " name = excluded.name, answered_at = excluded.answered_at",
        (
            poll_id,
            answer.step,
            person_id,
            group,
            answer.choice,
            answer.text,
            int(answer.skipped),
            name,
            to_db(now),
        ),
    )
    return True


async def own(
    poll_id: int, step: int, person_id: int, *, conn: aiosqlite.Connection
) -> Answer | None:
    sql = (
        "SELECT step, choice, text, skipped FROM poll_answers"
        " WHERE poll_id = ? AND step = ? AND person_id = ?"
    )
    row = await fetch_one(conn, sql, (poll_id, step, person_id))
    return Answer(row[0], row[1], row[2], bool(row[3])) if row else None


async def given(poll_id: int, *, conn: aiosqlite.Connection) -> list[Given]:
    """Every answer to a poll, by question, then as given; never who gave it."""
    sql = (
        "SELECT step, grp, choice, text, skipped, name, answered_at FROM poll_answers"
        " WHERE poll_id = ? ORDER BY step, answered_at, id"
    )
    return [
        Given(r[0], r[1], r[2], r[3], bool(r[4]), r[5], from_db(r[6]))
        for r in await fetch_all(conn, sql, (poll_id,))
    ]


async def respondents(poll_id: int, *, conn: aiosqlite.Connection) -> int:
    """How many people answered at least one question (an erased person's kept answer counts
    as one person)."""
    return (await counts_of([poll_id], conn=conn)).get(poll_id, 0)


async def counts_of(poll_ids: list[int], *, conn: aiosqlite.Connection) -> dict[int, int]:
    """How many people answered each of these polls."""
    if not poll_ids:
        return {}
    marks = ", ".join("?" for _ in poll_ids)
    sql = (
        "SELECT poll_id, COUNT(DISTINCT COALESCE(person_id, -id)) FROM poll_answers"
        f" WHERE poll_id IN ({marks}) AND skipped = 0 GROUP BY poll_id"
    )
    return {row[0]: row[1] for row in await fetch_all(conn, sql, poll_ids)}


@dataclass(frozen=True)
class OwnAnswer:
    """One of a person's answers, for their /mydata."""

    poll_id: int
    kind: str
    question: str
    options: str  # JSON, as stored
    organisation: str | None
    step: int
    choice: int | None
    text: str | None
    skipped: bool
    answered_at: datetime


async def of_person(person_id: int, *, conn: aiosqlite.Connection) -> list[OwnAnswer]:
    sql = (
        "SELECT p.id, p.kind, p.question, p.options, g.name, a.step, a.choice, a.text,"
        " a.skipped, a.answered_at FROM poll_answers a JOIN polls p ON p.id = a.poll_id"
        " LEFT JOIN organisations g ON g.id = p.organisation_id"
        " WHERE a.person_id = ? ORDER BY a.poll_id, a.step"
    )
    return [
        OwnAnswer(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]), from_db(r[9]))
        for r in await fetch_all(conn, sql, (person_id,))
    ]


async def forget_person(person_id: int, *, conn: aiosqlite.Connection) -> None:
    """/delete: written answers and skips go; a button or a score stays as an anonymous count."""
    await conn.execute(
        "DELETE FROM poll_answers WHERE person_id = ? AND (text IS NOT NULL OR skipped = 1)",
        (person_id,),
    )
    await conn.execute(
        "UPDATE poll_answers SET person_id = NULL, name = NULL WHERE person_id = ?", (person_id,)
    )
