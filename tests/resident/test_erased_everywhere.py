"""/delete leaves nothing of the person: every table is searched for their id and their name."""

from __future__ import annotations

import re
from typing import Any

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import open_opportunity, open_shift, tap
from tests.support.people import ADMIN, make_resident, one
from tests.support.polls import ask, question_of

USER_ID = 377
NAME = "Zonnebloem"


async def traces(harness: BotHarness) -> list[tuple[str, dict[str, Any]]]:
    """Every row in every table that holds the person's id or name."""
    found = []
    id_pattern = re.compile(rf"\b{USER_ID}\b")
    async with harness.deps.db.read() as conn:
        async with conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
            tables = [row[0] for row in await cur.fetchall()]
        for table in tables:
            if table in ("schema_migrations", "sqlite_sequence"):
                continue
            async with conn.execute(f"SELECT * FROM {table}") as cur:
                names = [d[0] for d in cur.description]
                for row in await cur.fetchall():
                    values = dict(zip(names, row, strict=True))
                    for value in values.values():
                        hit = value == USER_ID or (
                            isinstance(value, str)
                            and (NAME in value or id_pattern.search(value) is not None)
                        )
                        if hit:
                            found.append((table, values))
                            break
    return found


async def test_nothing_of_the_person_is_left_in_any_table(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    await make_opportunity(
        harness.deps.db, now=clock.now(), title="Taalmaatje", category="Taal", ongoing=True
    )
    person = await make_resident(harness, USER_ID, NAME, "nl", likes=("Voorlezen", "Taal"))
    await open_shift(person)
    await tap(person, "✅ Ja, meld me aan")
    await open_opportunity(person, "Taalmaatje", "Taal")
    await person.click("Ik heb interesse")
    await harness.run_job("outbox")  # something went out to them already
    # They answered a question with buttons (anonymous) and one in their own words (with names).
    admin = harness.person(ADMIN, "Ada", "en")
    for kind, question, options, names in (
        ("🔘 With buttons", "Koffie of thee?", "Koffie\nThee", "🙈 Anonymous"),
        ("✍️ In their own words", "Wat wil je doen?", None, "👤 With names"),
    ):
        await ask(
            admin,
            kind,
            question=question,
            options=options,
            organisation="Meedoen (all organisations)",
            audience="Everyone who gets news",
            names=names,
        )
        await admin.click("Send to 1 person")
    await harness.run_job("outbox")
    await person.click("Thee", question_of(person, "Koffie of thee?"))
    await person.click("✍️ Antwoorden", question_of(person, "Wat wil je doen?"))
    await person.send(f"Ik ben {NAME} en ik lees graag voor.")
    async with harness.deps.db.transaction() as conn:  # and once they had blocked the bot
        await conn.execute(
            "INSERT OR IGNORE INTO unreachable (recipient_id, since) VALUES (?, ?)",
            (USER_ID, "2026-11-25T09:00:00Z"),
        )
    before = {table for table, _ in await traces(harness)}
    assert {"residents", "signups", "interests", "role_interests", "outbox"} <= before
    assert {"poll_recipients", "poll_answers"} <= before

    await person.send("/delete")
    await tap(person, "🗑 Ja, wis mijn gegevens")
    left = await traces(harness)
    assert left == [], left
    # The tap on a button stays as an anonymous count; what they wrote is gone.
    kept = await one(harness, "SELECT COUNT(*), MAX(person_id), MAX(text) FROM poll_answers")
    assert tuple(kept) == (1, None, None)
