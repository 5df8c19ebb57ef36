"""A person to ask, from the coordinator's side: a question about an opportunity reaches that
organisation's coordinators (and no other's), a general one the administrators; Reply, the
answer reaches the resident through the outbox, and the one who answered hears whether it
arrived; /questions lists the open ones only; a second coordinator is told who answered; a
resident who blocked the bot; a restart at every step loses nothing. Nobody sees a phone
number, username or Telegram id."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person, visible
from conversations import actions
from tests.support.catalogue import make_opportunity
from tests.support.clock import local
from tests.support.outbox import outbox_rows
from tests.support.people import ADMIN, OTHER_ORG_EN, make_coordinator, make_resident, one
from tests.support.questions import (
    LIBRARY,
    REPLY,
    SENT,
    ask_about,
    ask_generally,
    coco_and_sanne,
    newest,
    reply,
    start_asking,
    stored_questions,
    texts_of,
)

WELZIJN = "Welzijn Samen"
QUESTION = "Mag ik <b>mijn</b> kleinkind meenemen? Koffie & thee 🍵☕"
ANSWER = "Ja, <i>graag</i>! Neem 🧸 mee & kom om 14:00."


async def cast(harness: BotHarness) -> tuple[Person, Person]:
    """Coco, who coordinates the library, and Sanne (``coco_and_sanne``); and Welzijn Samen's
    ongoing role Taalmaatje."""
    coco, sanne = await coco_and_sanne(harness)
    await make_opportunity(
        harness.deps.db,
        now=harness.now(),
        title="Taalmaatje",
        organisation=WELZIJN,
        category="Taal",
        ongoing=True,
    )
    return coco, sanne


def private(person: Person, text: str, *ids: int) -> None:
    """No Telegram id, link to a chat, username or phone number in what a person read."""
    assert "tg://" not in text and "@" not in text, text
    for found in ids:
        assert str(found) not in text, text


async def test_a_question_reaches_its_organisation_and_the_answer_comes_back(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, sanne = await cast(harness)
    dirk, _ = await make_coordinator(harness, 902, WELZIJN, "en", name="Dirk")
    [library_id] = await one(harness, "SELECT id FROM organisations WHERE name = ?", LIBRARY)

    await ask_about(sanne, QUESTION)
    assert SENT["nl"] in sanne.last_text() and "hier, in deze chat" in sanne.last_text()
    # Stored before "sent" was said, intact; the notice is planned for Coco only.
    [stored] = await stored_questions(harness)
    assert (stored["text"], stored["organisation_id"], stored["answer"]) == (
        QUESTION,
        library_id,
        None,
    )
    assert [r.recipient_id for r in await outbox_rows(harness, "question:")] == [901]

    await harness.run_job("outbox")
    [notice] = coco.messages()  # in the default language: Coco is no resident
    assert "💬 <b>Een vraag van Sanne</b>" in notice["text"]
    assert "Over: <b>Voorlezen in de bibliotheek</b> (Bibliotheek Midden)" in notice["text"]
    assert (
        "Mag ik &lt;b&gt;mijn&lt;/b&gt; kleinkind meenemen? Koffie &amp; thee 🍵☕"
        in (notice["text"])
    )
    private(coco, notice["text"], 377)
    assert coco.buttons() == [REPLY, "💬 Open vragen"]
    assert dirk.messages() == []

    await coco.click(REPLY)
    prompt = coco.last_text()
    assert "Your answer to Sanne" in prompt and QUESTION in prompt
    assert coco.buttons() == ["✖️ Cancel"]
    await coco.send(ANSWER)
    saved = visible(newest(coco, "✅ Your answer to Sanne is saved and on its way."))
    assert "No question is waiting for an answer." in saved
    [stored] = await stored_questions(harness)
    assert (stored["answer"], stored["answered_by"], stored["answered_by_name"]) == (
        ANSWER,
        901,
        "Coco",
    )
    await harness.run_job("outbox")
    answer = sanne.last()
    assert "💬 <b>Antwoord van Bibliotheek Midden</b>" in answer["text"]
    assert "Ja, &lt;i&gt;graag&lt;/i&gt;! Neem 🧸 mee &amp; kom om 14:00." in answer["text"]
    assert ANSWER in sanne.last_text() and "Jouw vraag: “Mag ik <b>mijn</b>" in sanne.last_text()
    private(sanne, answer["text"], 901)
    assert "Coco" not in answer["text"]
    assert sanne.buttons() == ["💬 Nog een vraag", "🏠 Menu"]
    assert coco.last_text().startswith("✅ Je antwoord aan Sanne is aangekomen.")

    await sanne.click("💬 Nog een vraag")
    assert "Een vraag over Voorlezen in de bibliotheek" in sanne.last_text()


async def test_a_general_question_goes_to_the_administrators_only(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, sanne = await cast(harness)
    admin = harness.person(ADMIN, "Ada", "en")
    await ask_generally(sanne, "Waar kan ik parkeren?")
    assert SENT["nl"] in sanne.last_text()
    assert [r.recipient_id for r in await outbox_rows(harness, "question:")] == [ADMIN]
    await harness.run_job("outbox")
    assert "Een algemene vraag, voor de beheerders." in admin.last_text()
    assert coco.messages() == []

    # Coco is no administrator: the question is not hers to see or answer.
    await coco.send("/questions")
    assert "No question is waiting for an answer." in coco.last_text()
    [stored] = await stored_questions(harness)
    refused = await coco.click_data(actions.QUESTION_REPLY.data(stored["id"]))
    assert OTHER_ORG_EN in refused["text"]
    await coco.send("Hier is mijn antwoord")  # not taken as an answer
    assert (await stored_questions(harness))[0]["answer"] is None

    await admin.click(REPLY)
    await admin.send("Achter de bibliotheek.")
    await harness.run_job("outbox")
    assert "💬 Antwoord van Meedoen" in sanne.last_text()
    assert "Achter de bibliotheek." in sanne.last_text()


async def test_questions_lists_the_open_ones_oldest_first(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, sanne = await cast(harness)
    admin = harness.person(ADMIN, "Ada", "en")
    mo = await make_resident(harness, 378, "Mo", "nl")
    await ask_about(sanne, "Eerste vraag over voorlezen")
    clock.advance(timedelta(hours=1))
    await ask_generally(mo, "Algemene vraag")
    clock.advance(timedelta(hours=1))
    await ask_about(mo, "Vraag over taal", title="Taalmaatje", category="Taal")
    clock.advance(timedelta(hours=1))
    await ask_about(sanne, "Tweede vraag over voorlezen")
    await harness.run_job("outbox")  # the notices, out of the way

    await coco.send("/questions")
    shown = coco.last_text()
    assert "Questions from residents" in shown
    assert shown.index("Eerste vraag") < shown.index("Tweede vraag")
    assert "Algemene vraag" not in shown and "Vraag over taal" not in shown
    assert "1. Sanne · asked Wed 25 Nov, 10:00" in shown
    assert coco.buttons() == ["↩️ Reply 1. Sanne", "↩️ Reply 2. Sanne", "🧰 Coordinator menu"]
    await admin.send("/questions")
    shown = admin.last_text()
    order = ["Eerste vraag", "Algemene vraag", "Vraag over taal", "Tweede vraag"]
    assert [shown.index(text) for text in order] == sorted(shown.index(t) for t in order)

    # Answered from the list: it goes off it, for everyone.
    await coco.click("↩️ Reply 1. Sanne")
    await coco.send("Ja hoor.")
    listed = newest(coco, "is saved and on its way")
    assert "Eerste vraag" not in visible(listed)
    assert coco.buttons(listed) == ["↩️ Reply 1. Sanne", "🧰 Coordinator menu"]
    await admin.send("/questions")
    assert "Eerste vraag" not in admin.last_text() and "Tweede vraag" in admin.last_text()

    # The way in from the coordinator menu.
    await coco.click("🧰 Coordinator menu")
    await coco.click("💬 Questions")
    listed, _ = coco.find_button("↩️ Reply 1. Sanne")
    assert "Tweede vraag" in visible(listed)


async def test_a_second_coordinator_is_told_who_answered_and_sends_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, sanne = await cast(harness)
    cleo, _ = await make_coordinator(harness, 903, LIBRARY, "en", name="Cleo")
    await ask_about(sanne, QUESTION)
    await harness.run_job("outbox")
    await cleo.click(REPLY)  # Cleo starts to answer ...
    await coco.click(REPLY)  # ... and Coco is quicker
    clock.advance(timedelta(minutes=5))
    await coco.send(ANSWER)
    await cleo.send("Nee, liever niet.")
    told = cleo.last_text()
    assert "This question was answered already, by Coco on Wed 25 Nov, 10:05:" in told
    assert ANSWER in told and "Your answer was not sent." in told
    assert (await stored_questions(harness))[0]["answer"] == ANSWER

    # Reply again under her notice: the same answer, nothing to type.
    await cleo.click(REPLY, cleo.messages()[0])
    assert "answered already, by Coco" in cleo.last_text()
    await cleo.send("Nog een poging")  # no flow waits: it is not an answer
    await harness.run_job("outbox")
    answers = [t for t in texts_of(sanne) if "Antwoord van" in t]
    assert len(answers) == 1 and "Neem 🧸 mee" in answers[0]
    assert (await stored_questions(harness))[0]["answer"] == ANSWER


async def test_an_answer_to_someone_who_blocked_the_bot_is_reported_undelivered(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, sanne = await cast(harness)
    await ask_about(sanne, QUESTION)
    harness.api.blocked.add(377)  # Sanne blocks the bot before the answer comes
    await reply(harness, coco, ANSWER)
    before = len(sanne.messages())
    await harness.run_job("outbox")
    [row] = await outbox_rows(harness, "question_answer:")
    assert (row.status, row.note) == ("failed", "blocked")
    assert len(sanne.messages()) == before
    assert coco.last_text().startswith(
        "⚠️ Je antwoord aan Sanne kon niet aankomen: Sanne heeft de bot gestopt."
    )
    assert not any("is aangekomen" in text for text in texts_of(coco))
    # Told once; the next rounds of the postman change nothing.
    await harness.run_job("outbox")
    assert len(await outbox_rows(harness, "answer_receipt:")) == 1


async def test_a_restart_at_every_step_loses_nothing(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, sanne = await cast(harness)
    clock.set(local(2026, 11, 25, 23, 0))  # quiet hours: nothing goes out till 08:00
    await start_asking(sanne)  # the question is asked for ...
    await harness.restart()  # ... the bot restarts before it is typed ...
    await sanne.send(QUESTION)  # ... and it is still taken as the question
    assert SENT["nl"] in sanne.last_text()
    await harness.restart()  # before the notice went out
    assert [r.status for r in await outbox_rows(harness, "question:")] == ["pending"]
    clock.set(local(2026, 11, 26, 8, 0))
    await harness.run_job("outbox")
    assert "Een vraag van Sanne" in coco.last_text()

    clock.set(local(2026, 11, 26, 21, 45))
    await coco.click(REPLY)
    await harness.restart()  # while the answer is typed
    clock.set(local(2026, 11, 26, 22, 10))  # quiet hours again
    await coco.send(ANSWER)
    newest(coco, "saved and on its way")
    await harness.restart()  # before the answer went out
    assert [r.status for r in await outbox_rows(harness, "question_answer:")] == ["pending"]
    clock.set(local(2026, 11, 27, 8, 0))
    await harness.run_job("outbox")
    assert "Antwoord van Bibliotheek Midden" in sanne.last_text()
    assert coco.last_text().startswith("✅ Je antwoord aan Sanne is aangekomen.")
    assert len([t for t in texts_of(sanne) if "Antwoord van" in t]) == 1
