"""People for the broadcast, call-for-help, interests and figures tests, written straight into
the store (the consent flow has tests of its own), each with a chat at the fake server."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from bot.sandbox.harness import BotHarness, Person
from bot.store import catalogue, coordinators, residents
from bot.store import interests as interest_store
from bot.store.database import to_db

ADMIN = 900  # COORDINATOR_IDS in the harness fixture


async def resident(
    harness: BotHarness,
    user_id: int,
    name: str = "Sam",
    language: str = "nl",
    *,
    likes: tuple[str, ...] = (),
    news: bool = True,
    consented_at: datetime | None = None,
) -> Person:
    """A resident who consented (and likes these categories)."""
    person = harness.person(user_id, name, language)
    async with harness.deps.db.transaction() as conn:
        await residents.add(user_id, name, language, consented_at or harness.now(), conn=conn)
        if not news:
            await residents.set_preference(user_id, "broadcasts_on", False, conn=conn)
        for category in likes:
            category_id, _ = await catalogue.category(category, conn=conn)
            await interest_store.add(user_id, category_id, conn=conn)
    return person


async def coordinator(
    harness: BotHarness, user_id: int, organisation: str, language: str = "nl", name: str = "Co"
) -> Person:
    person = harness.person(user_id, name, language)
    async with harness.deps.db.transaction() as conn:
        org_id, _ = await catalogue.organisation(organisation, conn=conn)
        await coordinators.add(user_id, org_id, harness.now(), None, conn=conn)
    return person


async def signup(
    harness: BotHarness,
    shift_id: int,
    resident_id: int | None,
    *,
    status: str = "confirmed",
    created_at: datetime | None = None,
    cancelled_at: datetime | None = None,
    attendance: str | None = None,
) -> int:
    """A sign-up row as the sign-up and roster flows leave it."""
    created = to_db(created_at or harness.now())
    async with harness.deps.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO signups (shift_id, resident_id, status, created_at, updated_at,"
            " cancelled_at, attendance) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                shift_id,
                resident_id,
                status,
                created,
                created,
                to_db(cancelled_at) if cancelled_at else None,
                attendance,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


def sent_per_chat(harness: BotHarness, method: str = "sendMessage") -> Counter[int]:
    """How often the fake server accepted ``method`` for each chat."""
    return Counter(int(call.params["chat_id"]) for call in harness.api.calls_to(method))


async def outbox_rows(harness: BotHarness, prefix: str) -> list[tuple[str, int, str]]:
    async with harness.deps.db.read() as conn:
        sql = "SELECT key, recipient_id, status FROM outbox WHERE key LIKE ? ORDER BY id"
        async with conn.execute(sql, (prefix + "%",)) as cur:
            return [(row[0], row[1], row[2]) for row in await cur.fetchall()]
