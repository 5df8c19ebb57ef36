"""The people of a test: residents, made through the chat as a person joins (``/start``, the
consent button, then /interests and /settings), coordinators and sign-ups set up in the store
(the invite and sign-up flows have tests of their own), each person with a chat at the fake
server."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person
from bot.services import signups
from bot.store import catalogue, coordinators, residents
from bot.store.database import to_db
from tests.support.chat import shown_category, tap

ADMIN = 900  # COORDINATOR_IDS in the harness fixture (tests/conftest.py)

REFUSED_NL = "Sorry, dit is alleen voor coördinatoren."
REFUSED_EN = "Sorry, this is only for coordinators."
OTHER_ORG_NL = "het hoort bij een andere organisatie"
OTHER_ORG_EN = "it belongs to another organisation"


async def make_coordinator(
    harness: BotHarness,
    user_id: int,
    organisation: str,
    language: str = "nl",
    *,
    name: str = "Coco",
) -> tuple[Person, int]:
    """A coordinator of ``organisation`` (added as an invite would), and the organisation's id."""
    async with harness.deps.db.transaction() as conn:
        organisation_id, _ = await catalogue.organisation(organisation, conn=conn)
        await coordinators.add(user_id, organisation_id, harness.now(), ADMIN, conn=conn)
    return harness.person(user_id, name, language), organisation_id


# The labels a resident taps while joining, as locales/<lang>/LC_MESSAGES/ shows them.
LABELS = {
    "nl": {"agree": "✅ Ja, ik doe mee", "news_off": "📣 Nieuws: Zet uit"},
    "en": {"agree": "✅ Yes, I agree", "news_off": "📣 News: Turn off"},
}


async def make_resident(
    harness: BotHarness,
    user_id: int,
    name: str = "Sam",
    language: str = "nl",
    *,
    likes: tuple[str, ...] = (),
    news: bool = True,
    consented_at: datetime | None = None,
) -> Person:
    """A resident as one joins: ``/start`` and the consent button (at ``consented_at`` by the
    clock, which then goes back), the ``likes`` ticked in /interests (categories of the
    catalogue), news turned off in /settings if ``news`` is False. Everything the bot said on
    the way counts as read."""
    labels = LABELS[language]
    person = harness.person(user_id, name, language)
    await person.send("/start")
    if consented_at is None:
        await tap(person, labels["agree"])
    else:
        clock = harness.clock
        assert isinstance(clock, ManualClock), "consented_at needs a ManualClock"
        now = clock.now()
        clock.set(consented_at)
        try:
            await tap(person, labels["agree"])
        finally:
            clock.set(now)
    if likes:
        await person.send("/interests")
        shown = [shown_category(person, category) for category in likes]
        for name in shown:
            await tap(person, f"⬜ {name}")
        assert all(f"✅ {name}" in person.buttons() for name in shown), person.buttons()
    if not news:
        await person.send("/settings")
        await tap(person, labels["news_off"])
    person.new_messages()
    return person


async def resident_in(harness: BotHarness, user_id: int, name: str, language: str) -> Person:
    """A resident in any of the six languages, stored as the consent button stores one (for
    tests about what they read, not about joining)."""
    async with harness.deps.db.transaction() as conn:
        await residents.add(user_id, name, language, harness.now(), conn=conn)
    return harness.person(user_id, name, language)


async def sign_up(
    harness: BotHarness,
    shift_id: int,
    resident: Person | int | None,
    *,
    status: str | None = None,
    created_at: datetime | None = None,
    cancelled_at: datetime | None = None,
    attendance: str | None = None,
    **kw: Any,
) -> int:
    """A sign-up's id. Made by the sign-up service as a tap would (reminders planned; ``kw`` as
    ``waitlist=True`` go to it), or, given a status, moments or attendance, written straight
    into the table as the sign-up and roster flows leave it (nothing planned)."""
    resident_id = resident.id if isinstance(resident, Person) else resident
    direct = (status, created_at, cancelled_at, attendance) != (None, None, None, None)
    if not direct and resident_id is not None:
        result = await signups.sign_up(
            harness.deps.db,
            rules=harness.deps.rules,
            shift_id=shift_id,
            resident_id=resident_id,
            now=harness.now(),
            **kw,
        )
        assert result.signup_id is not None, result
        return result.signup_id
    assert not kw, kw
    created = to_db(created_at or harness.now())
    async with harness.deps.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO signups (shift_id, resident_id, status, created_at, updated_at,"
            " cancelled_at, attendance) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                shift_id,
                resident_id,
                status or "confirmed",
                created,
                created,
                to_db(cancelled_at) if cancelled_at else None,
                attendance,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


async def signups_of(harness: BotHarness, shift_id: int) -> list[tuple[int | None, str]]:
    """(resident, status) of a shift's sign-ups, oldest first."""
    async with harness.deps.db.read() as conn:
        sql = "SELECT resident_id, status FROM signups WHERE shift_id = ? ORDER BY id"
        async with conn.execute(sql, (shift_id,)) as cur:
            return [(row[0], row[1]) for row in await cur.fetchall()]


async def one(harness: BotHarness, sql: str, *args: object) -> Any:
    """One row of a query, for asserting on what was stored."""
    async with harness.deps.db.read() as conn:
        async with conn.execute(sql, args) as cur:
            return await cur.fetchone()
