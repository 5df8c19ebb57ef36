"""The demo's people (for the sandbox): residents with a past, and the network's neighbourhoods,
ideas and questions, written through the services, once; never by ``python -m bot demo``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.catalogue.demo import load_demo
from bot.catalogue.demo_people import VOLUNTEERS
from bot.catalogue.demo_sandbox import load_sandbox_demo
from bot.config import SUPPORTED_LOCALES
from bot.outbox.timing import Rules
from bot.store import Database
from bot.store.outbox import next_due

RULES = Rules()
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # Wednesday, 10:00 in Amsterdam
ADMIN = 424242

COUNTS = (
    "SELECT (SELECT COUNT(*) FROM residents), (SELECT COUNT(*) FROM interests),"
    " (SELECT COUNT(*) FROM shifts), (SELECT COUNT(*) FROM signups),"
    " (SELECT COUNT(*) FROM role_interests), (SELECT COUNT(*) FROM outbox),"
    " (SELECT COUNT(*) FROM neighbourhoods), (SELECT COUNT(*) FROM ideas),"
    " (SELECT COUNT(*) FROM idea_answers), (SELECT COUNT(*) FROM polls),"
    " (SELECT COUNT(*) FROM poll_recipients), (SELECT COUNT(*) FROM poll_answers)"
)
NETWORK = (
    "SELECT (SELECT COUNT(*) FROM neighbourhoods), (SELECT COUNT(*) FROM ideas),"
    " (SELECT COUNT(*) FROM polls)"
)


async def rows(db: Database, sql: str) -> list[tuple[Any, ...]]:
    async with db.read() as conn, conn.execute(sql) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def test_named_residents_with_a_past_loaded_once(db_path: Path) -> None:
    async with Database(db_path) as db:
        assert await load_sandbox_demo(db, NOW, RULES, [ADMIN])
        people = await rows(db, "SELECT first_name, language FROM residents ORDER BY id")
        assert people == [(v.name, v.language) for v in VOLUNTEERS]
        assert {language for _, language in people} == set(SUPPORTED_LOCALES)
        liked = await rows(db, "SELECT resident_id, COUNT(*) FROM interests GROUP BY 1")
        assert len(liked) == len(VOLUNTEERS) and all(n >= 2 for _, n in liked)

        # The past: attendance both ways, by whose word, scores, comments, a late cancellation.
        past = await rows(
            db,
            "SELECT s.attendance, s.attendance_by, s.status, s.rating, s.comment, s.cancelled_late"
            " FROM signups s JOIN shifts h ON h.id = s.shift_id WHERE h.starts_at < '2026-11-25'",
        )
        attendance = {(a, by, status) for a, by, status, *_ in past}
        assert {
            ("came", "coordinator", "confirmed"),
            ("came", "volunteer", "confirmed"),
            ("no_show", "coordinator", "confirmed"),
            (None, None, "confirmed"),  # someone the roster still asks about
            (None, None, "cancelled"),
        } <= attendance
        assert sum(1 for *_, rating, _, _ in past if rating) >= 12
        assert sum(1 for *_, comment, _ in past if comment) >= 5
        assert sum(late for *_, late in past) == 1

        # What was due went out back then: the sandbox does not start with a pile of old mail.
        async with db.read() as conn:
            due = await next_due(conn)
        assert due is not None and due > NOW

        before = await rows(db, COUNTS)
        assert not await load_sandbox_demo(db, NOW, RULES, [ADMIN])
        assert await rows(db, COUNTS) == before


async def test_the_network_has_neighbourhoods_ideas_and_answered_questions(db_path: Path) -> None:
    async with Database(db_path) as db:
        await load_sandbox_demo(db, NOW, RULES, [ADMIN])
        homes = await rows(
            db,
            "SELECT r.first_name, n.name, r.neighbourhood_asked_at IS NOT NULL FROM residents r"
            " LEFT JOIN neighbourhoods n ON n.id = r.neighbourhood_id ORDER BY r.id",
        )
        assert len(await rows(db, "SELECT id FROM neighbourhoods")) == 5
        assert all(asked for *_, asked in homes)  # each was asked once, in the chat's way
        assert sorted(name for name, home, _ in homes if home is None) == ["Grace", "Youssef"]
        assert len({home for _, home, _ in homes if home}) == 4  # one has nobody yet

        ideas = await rows(
            db,
            "SELECT r.first_name, i.status, i.theme, (SELECT COUNT(*) FROM idea_answers a"
            " WHERE a.idea_id = i.id) FROM ideas i JOIN residents r ON r.id = i.resident_id"
            " ORDER BY i.id",
        )
        assert ideas == [
            ("Fatima", "planned", "development", 1),
            ("Anouk", "considering", "health", 0),
            ("Mehmet", "new", "taking_part", 0),
        ]

        # Sent and delivered back then to who volunteered in the last three months, answered.
        polls = await rows(
            db,
            "SELECT p.kind, p.total, p.delivered, p.to_go, (SELECT COUNT(*) FROM poll_answers a"
            " WHERE a.poll_id = p.id) FROM polls p ORDER BY p.id",
        )
        assert polls == [("choice", 6, 6, 0, 5), ("text", 7, 7, 0, 3)]
        # Nothing of it was for the administrator's chat to find at the start.
        waiting = await rows(
            db, f"SELECT COUNT(*) FROM outbox WHERE recipient_id = {ADMIN} AND status = 'pending'"
        )
        assert waiting == [(0,)]


async def test_the_demo_command_loads_no_people(db_path: Path) -> None:
    async with Database(db_path) as db:
        await load_demo(db, NOW, RULES)
        assert await rows(db, NETWORK) == [(0, 0, 0)]
        assert await rows(db, "SELECT COUNT(*) FROM residents") == [(0,)]
        assert await rows(db, "SELECT COUNT(*) FROM signups WHERE resident_id IS NOT NULL") == [
            (0,)
        ]
