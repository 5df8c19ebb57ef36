"""/delete leaves nothing of the person: every table is searched for their id and their name."""

from __future__ import annotations

from typing import Any

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import PHOTO, open_opportunity, open_shift, share_idea, tap
from tests.support.people import ADMIN, make_resident, one
from tests.support.polls import ask, question_of
from tests.support.traces import traces_of

USER_ID = 377
NAME = "Zonnebloem"


async def traces(harness: BotHarness) -> list[tuple[str, dict[str, Any]]]:
    """Every row in every table that holds the person's id or name."""
    return await traces_of(harness, USER_ID, NAME)


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
    # A question about the role, answered; and a general one, still open.
    admin = harness.person(ADMIN, "Ada", "nl")
    await person.click("💬 Stel een vraag")
    await person.send(f"Ik ben {NAME}: mag ik <b>later</b> beginnen?")
    await harness.run_job("outbox")
    await admin.click("↩️ Antwoorden")
    await admin.send(f"Ja {NAME}, dat mag.")
    await person.send("/start")
    await person.click("💬 Stel een vraag")
    await person.send("Waar is de ingang?")
    # An idea with a photo, which a coordinator answers.
    caption = f"Een leesclub, groeten van {NAME}"
    await share_idea(person, "🤷 Weet ik niet", "nl", photo=PHOTO, caption=caption)
    admin = harness.person(ADMIN, "Ada", "en")
    await admin.send("/ideas")
    await admin.click("1. Zonnebloem")
    await admin.click("↩️ Answer")
    await admin.send(f"Dank je wel, {NAME}!")
    await harness.run_job("outbox")  # something went out to them already
    # They answered a poll with buttons (anonymous) and one in their own words (with names).
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
    assert {"residents", "signups", "interests", "role_interests", "outbox", "questions"} <= (
        before
    )
    assert {"residents", "signups", "interests", "role_interests", "outbox", "ideas"} <= before
    assert "idea_answers" in before
    assert {"poll_recipients", "poll_answers"} <= before

    await person.send("/delete")
    await tap(person, "🗑 Ja, wis mijn gegevens")
    left = await traces(harness)
    assert left == [], left
    # The tap on a button stays as an anonymous count; what they wrote is gone.
    kept = await one(harness, "SELECT COUNT(*), MAX(person_id), MAX(text) FROM poll_answers")
    assert tuple(kept) == (1, None, None)
