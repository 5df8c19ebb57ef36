"""Ideas from residents, the coordinators' answers, and the opportunity an idea became.

One row of ``ideas`` per idea (0020_ideas.sql), ``new`` until a coordinator marks it
``considering``, ``planned`` or ``not_now``; ``idea_answers`` holds what coordinators answered.
An idea goes with the person (ON DELETE CASCADE), its answers with it.

:data:`THEMES` are the four project themes an idea may carry (its ``theme`` column holds the
key, or NULL for "not sure"). They sit here, below the outbox's renderers, because the notice to
the coordinators names the theme too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.i18n import N_
from bot.store.database import fetch_all, fetch_one, from_db, to_db

# The four themes of the project, by the key stored, with the name people read.
THEMES: tuple[tuple[str, str], ...] = (
    ("taking_part", N_("Taking part")),
    ("own_strength", N_("Own strength")),
    ("health", N_("Health")),
    ("development", N_("Personal development")),
)
THEME_NAMES = dict(THEMES)

NEW, CONSIDERING, PLANNED, NOT_NOW = "new", "considering", "planned", "not_now"
WAITING = (NEW, CONSIDERING, PLANNED)  # what /ideas lists, unless it became an opportunity


@dataclass(frozen=True)
class Idea:
    id: int
    resident_id: int
    first_name: str
    text: str
    photo: str | None  # a Telegram file id
    theme: str | None  # one of THEMES' keys; None: not sure
    status: str
    created_at: datetime
    changed_at: datetime | None
    opportunity_id: int | None  # the opportunity it became, once published
    opportunity_title: str | None
    answers: int  # how many times coordinators answered


@dataclass(frozen=True)
class Answer:
    id: int
    idea_id: int
    resident_id: int
    idea_text: str
    text: str
    created_at: datetime


_IDEA = (
    "SELECT i.id, i.resident_id, r.first_name, i.text, i.photo, i.theme, i.status, i.created_at,"
    " i.changed_at, i.opportunity_id, o.title AS opportunity_title,"
    " (SELECT COUNT(*) FROM idea_answers a WHERE a.idea_id = i.id) AS answers"
    " FROM ideas i JOIN residents r ON r.id = i.resident_id"
    " LEFT JOIN opportunities o ON o.id = i.opportunity_id"
)
_WAITING = " WHERE i.status IN ('new', 'considering', 'planned') AND i.opportunity_id IS NULL"


def _idea(row: aiosqlite.Row) -> Idea:
    return Idea(
        id=row["id"],
        resident_id=row["resident_id"],
        first_name=row["first_name"],
        text=row["text"],
        photo=row["photo"],
        theme=row["theme"],
        status=row["status"],
        created_at=from_db(row["created_at"]),
        changed_at=from_db(row["changed_at"]) if row["changed_at"] else None,
        opportunity_id=row["opportunity_id"],
        opportunity_title=row["opportunity_title"],
        answers=row["answers"],
    )


async def add(
    resident_id: int,
    text: str,
    photo: str | None,
    theme: str | None,
    now: datetime,
    *,
    conn: aiosqlite.Connection,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO ideas (resident_id, text, photo, theme, created_at) VALUES (?, ?, ?, ?, ?)",
        (resident_id, text, photo, theme, to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def get(idea_id: int, *, conn: aiosqlite.Connection) -> Idea | None:
    row = await fetch_one(conn, f"{_IDEA} WHERE i.id = ?", (idea_id,))
    return _idea(row) if row else None


async def count_waiting(*, conn: aiosqlite.Connection) -> int:
    row = await fetch_one(conn, f"SELECT COUNT(*) FROM ideas i{_WAITING}")
    return int(row[0]) if row else 0


async def waiting(*, offset: int, limit: int, conn: aiosqlite.Connection) -> list[Idea]:
    """New, considered and planned ideas that did not become an opportunity, oldest first."""
    sql = f"{_IDEA}{_WAITING} ORDER BY i.created_at, i.id LIMIT ? OFFSET ?"
    return [_idea(r) for r in await fetch_all(conn, sql, (limit, offset))]


async def set_status(
    idea_id: int, status: str, *, now: datetime, by: int, conn: aiosqlite.Connection
) -> bool:
    """A new status; False when the idea is gone or had this status already."""
    cursor = await conn.execute(
        "UPDATE ideas SET status = ?, changed_at = ?, changed_by = ? WHERE id = ? AND status <> ?",
        (status, to_db(now), by, idea_id, status),
    )
    return cursor.rowcount == 1


async def add_answer(
    idea_id: int, text: str, *, by: int, now: datetime, conn: aiosqlite.Connection
) -> int:
    cursor = await conn.execute(
        "INSERT INTO idea_answers (idea_id, text, answered_by, created_at) VALUES (?, ?, ?, ?)",
        (idea_id, text, by, to_db(now)),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


_ANSWER = (
    "SELECT a.id, a.idea_id, i.resident_id, i.text AS idea_text, a.text, a.created_at"
    " FROM idea_answers a JOIN ideas i ON i.id = a.idea_id"
)


def _answer(row: aiosqlite.Row) -> Answer:
    return Answer(
        row["id"],
        row["idea_id"],
        row["resident_id"],
        row["idea_text"],
        row["text"],
        from_db(row["created_at"]),
    )


async def answer(answer_id: int, *, conn: aiosqlite.Connection) -> Answer | None:
    row = await fetch_one(conn, f"{_ANSWER} WHERE a.id = ?", (answer_id,))
    return _answer(row) if row else None


async def answers_of(idea_id: int, *, conn: aiosqlite.Connection) -> list[Answer]:
    """What coordinators answered to one idea, oldest first."""
    sql = f"{_ANSWER} WHERE a.idea_id = ? ORDER BY a.id"
    return [_answer(r) for r in await fetch_all(conn, sql, (idea_id,))]


async def take_up(
    idea_id: int, opportunity_id: int, *, now: datetime, conn: aiosqlite.Connection
) -> bool:
    """Link the idea to the opportunity made from it; False when it is gone or linked already."""
    cursor = await conn.execute(
        "UPDATE ideas SET opportunity_id = ?, taken_up_at = ?"
        " WHERE id = ? AND opportunity_id IS NULL",
        (opportunity_id, to_db(now), idea_id),
    )
    return cursor.rowcount == 1


async def of_resident(resident_id: int, *, conn: aiosqlite.Connection) -> list[Idea]:
    sql = f"{_IDEA} WHERE i.resident_id = ? ORDER BY i.created_at, i.id"
    return [_idea(r) for r in await fetch_all(conn, sql, (resident_id,))]


async def answers_to(resident_id: int, *, conn: aiosqlite.Connection) -> list[Answer]:
    """Every answer to the resident's ideas, oldest first."""
    sql = f"{_ANSWER} WHERE i.resident_id = ? ORDER BY a.id"
    return [_answer(r) for r in await fetch_all(conn, sql, (resident_id,))]


async def count_for_resident(resident_id: int, *, conn: aiosqlite.Connection) -> int:
    row = await fetch_one(conn, "SELECT COUNT(*) FROM ideas WHERE resident_id = ?", (resident_id,))
    return int(row[0]) if row else 0


async def network_coordinators(*, conn: aiosqlite.Connection) -> list[int]:
    """Everyone who coordinates for an organisation of the network (not the administrators)."""
    rows = await fetch_all(conn, "SELECT DISTINCT user_id FROM coordinators ORDER BY user_id")
    return [row[0] for row in rows]
