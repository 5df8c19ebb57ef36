"""Reach per neighbourhood (residents.neighbourhood_id) and questions to volunteers and staff
(polls) in the participation figures, on /stats and in the report; without neighbourhoods set,
that section does not show."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.sandbox.harness import BotHarness, Person, visible
from bot.store.database import to_db
from tests.support.catalogue import make_opportunity
from tests.support.chat import tap
from tests.support.files import pdf_text
from tests.support.participation import HOUSE, LIBRARY, execute, known_dataset, local
from tests.support.people import ADMIN, make_coordinator, sign_up


async def neighbourhoods(harness: BotHarness) -> None:
    """101-105 live in Centrum (all five took part: 12 hours), 107 in Oost (in a role), nobody
    in West; 106 and 108 chose none (and did not take part)."""
    ids = {}
    for name in ("Centrum", "Oost", "West"):
        ids[name] = await execute(
            harness,
            "INSERT INTO neighbourhoods (name, created_at) VALUES (?, ?)",
            name,
            to_db(local(9, 1, 9)),
        )
    for resident, name in [*((r, "Centrum") for r in range(101, 106)), (107, "Oost")]:
        await execute(
            harness, "UPDATE residents SET neighbourhood_id = ? WHERE id = ?", ids[name], resident
        )


async def polls(harness: BotHarness, library_id: int) -> None:
    """The library asked one question in October (12 reached, 6 answers and a skip); the network
    a questionnaire in November (30 reached; two people answered, one skipped everything, and an
    answer of someone who erased their data stays); one in September does not count."""

    async def poll(organisation: int | None, at: datetime, delivered: int) -> int:
        return await execute(
            harness,
            "INSERT INTO polls (created_by, organisation_id, kind, question, audience_kind,"
            " created_at, total, delivered) VALUES (900, ?, 'choice', 'Vraag?', 'news', ?, ?, ?)",
            organisation,
            to_db(at),
            delivered,
            delivered,
        )

    async def answer(poll_id: int, person: int | None, step: int = 0, skipped: int = 0) -> None:
        await execute(
            harness,
            "INSERT INTO poll_answers (poll_id, step, person_id, skipped, answered_at)"
            " VALUES (?, ?, ?, ?, ?)",
            poll_id,
            step,
            person,
            skipped,
            to_db(local(11, 20, 9)),
        )

    asked = await poll(library_id, local(10, 20, 9), 12)
    for person in range(101, 107):
        await answer(asked, person)
    await answer(asked, 107, skipped=1)
    questionnaire = await poll(None, local(11, 2, 9), 30)
    for step in range(5):
        await answer(questionnaire, 101, step)
        await answer(questionnaire, 103, step, skipped=1)
    await answer(questionnaire, 102, 0)
    await answer(questionnaire, None, 1)
    await poll(library_id, local(9, 20, 9), 40)


async def screen(person: Person, label: str) -> str:
    await person.send("/stats")
    await tap(person, label)
    return visible(person.last())


async def test_reach_per_neighbourhood_and_questions(harness: BotHarness) -> None:
    data = await known_dataset(harness)
    await neighbourhoods(harness)
    await polls(harness, data.library_id)
    coco, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    text = await screen(coco, "📈 Deelname")
    for line in (
        "❓ Vragen gesteld: 1",
        "📬 Mensen die de vragen kregen: 12",
        "✍️ Antwoorden gegeven: 6",
        "Per wijk",
        "• Centrum — mensen: * · uren: 12",  # with the total, 5 would give Oost's <5 away
        "• Oost — mensen: <5 · uren: 0",
        "• West — mensen: 0 · uren: 0",
        "• Niet opgegeven — mensen: 0 · uren: 0",
    ):
        assert line in text, line

    admin = harness.person(ADMIN, "Ada", "en")
    text = await screen(admin, "📈 Participation")
    assert "❓ Questions asked: 2" in text and "📬 People the questions reached: 42" in text
    assert "✍️ Answers given: 9" in text
    await tap(admin, HOUSE)
    text = visible(admin.last())
    assert "❓ Questions asked: 0" in text and "✍️ Answers given: 0" in text
    assert "• Centrum — people: <5 · hours: 1" in text  # 101 at the coffee

    await admin.send("/stats")
    await tap(admin, "📄 Quarterly report")
    await tap(admin, "Q4 2026")
    text = " ".join(pdf_text(admin.file(admin.documents()[-1])).split())
    assert "We stelden vrijwilligers en medewerkers 2 vragen. Er kwamen 9 antwoorden terug." in text
    assert "Wijk Mensen Uren Centrum * 13 Oost <5 0 West 0 0 Niet opgegeven 0 0" in text
    assert "Vragen gesteld 2 Mensen die de vragen kregen 42 Antwoorden gegeven 9" in text


async def test_without_neighbourhoods_their_section_does_not_show(harness: BotHarness) -> None:
    """Before an administrator sets neighbourhoods, nothing about them shows; questions to
    volunteers show as none asked."""
    await known_dataset(harness)
    admin = harness.person(ADMIN, "Ada", "en")
    text = await screen(admin, "📈 Participation")
    assert "🙋 People who took part: 7" in text
    assert "Per neighbourhood" not in text and "❓ Questions asked: 0" in text


async def test_long_lists_are_cut_short_to_fit_one_message(harness: BotHarness) -> None:
    """25 organisations and 40 neighbourhoods with long names, read in Ukrainian: one message
    (the stand-in API refuses one over 4096 characters), the lists cut short."""
    for i in range(40):
        await execute(
            harness,
            "INSERT INTO neighbourhoods (name, created_at) VALUES (?, ?)",
            f"Wijk met een heel lange naam aan de oever van de rivier {i:02d}",
            to_db(local(9, 1, 9)),
        )
    for i in range(25):
        made = await make_opportunity(
            harness.deps.db,
            now=harness.now(),
            organisation=f"Stichting Vrijwilligerswerk en Welzijn Rivierenland {i:02d}",
            shifts=[(-timedelta(days=3), timedelta(hours=2), 5)],
        )
        await sign_up(harness, made.shift_ids[0], None, attendance="came")
    admin = harness.person(ADMIN, "Ada", "uk")
    text = await screen(admin, "📈 Участь")
    assert "⏱ Години допомоги: 50" in text
    assert len(text) <= 4096 and text.count("Stichting Vrijwilligerswerk") < 25
    assert "…" in text
