"""A person to ask, from the resident's side: 💬 in the menu and under every opportunity, the
question typed in each of the six languages; stickers, photos, a question that is too long
(the limit said, what was typed kept for ✂️), Cancel, too many waiting; /mydata lists the
questions with their answers, /delete erases them and what waits to go out about them."""

from __future__ import annotations

import pytest

from bot.clock import ManualClock
from bot.i18n import RLM
from bot.sandbox.harness import BotHarness
from bot.services import residents
from conversations import actions
from tests.support.catalogue import make_opportunity
from tests.support.chat import PHOTO, STICKER, open_opportunity
from tests.support.clock import local
from tests.support.outbox import outbox_rows
from tests.support.people import ADMIN, make_coordinator, make_resident
from tests.support.questions import (
    ASK,
    LIBRARY,
    SENT,
    ask_about,
    ask_generally,
    coco_and_sanne,
    reply,
    start_asking,
    stored_questions,
)


async def test_ask_is_in_the_menu_and_under_every_opportunity(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now())
    await make_opportunity(
        harness.deps.db, now=clock.now(), title="Taalmaatje", category="Taal", ongoing=True
    )
    sanne = await make_resident(harness, 377, "Sanne", "nl")
    await sanne.send("/start")
    assert ASK["nl"] in sanne.buttons()
    for title, category in (("Voorlezen in de bibliotheek", "Voorlezen"), ("Taalmaatje", "Taal")):
        await open_opportunity(sanne, title, category)
        assert ASK["nl"] in sanne.buttons() and "🏠 Menu" in sanne.buttons()
    await sanne.click(ASK["nl"])
    prompt = sanne.last_text()
    assert "Een vraag over Taalmaatje" in prompt and "Iemand van Bibliotheek Midden" in prompt
    assert "telefoonnummer en gebruikersnaam blijven privé" in prompt
    assert sanne.buttons() == ["✖️ Stoppen"]
    await sanne.send("/help")
    assert "/ask – stel een vraag aan een mens" in sanne.last_text()


LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_question_and_its_answer_in_each_language(
    harness: BotHarness, clock: ManualClock, language: str
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now())
    coco, _ = await make_coordinator(harness, 901, LIBRARY, "en", name="Coco")
    await residents.consent(harness.deps.db, 377, "Sanne", language, clock.now())
    sanne = harness.person(377, "Sanne", language)
    t = harness.deps.translator(language)
    english = harness.deps.translator("en")
    await open_opportunity(sanne)
    await sanne.click(t._("💬 Ask a question"))
    asked = t._("💬 <b>A question about {title}</b>").format(title="Voorlezen in de bibliotheek")
    assert asked in sanne.last()["text"]
    await sanne.send("Hoe laat? 🕑")
    sent = t._("✅ Sent. You will get the answer here, in this chat.")
    assert sent in sanne.last_text()
    await reply(harness, coco, "Om 14:00.")
    await harness.run_job("outbox")
    answer = sanne.last()
    heading = t._("💬 <b>Answer from {organisation}</b>").format(organisation=LIBRARY)
    assert heading in answer["text"] and "Om 14:00." in answer["text"]
    assert sanne.buttons() == [t._("💬 Ask again"), t._("🏠 Menu")]
    if language != "en":
        assert sent != english._("✅ Sent. You will get the answer here, in this chat.")
    if language == "ar":  # every line starts right to left, Latin names and times included
        assert all(line.startswith(RLM) for line in answer["text"].split("\n"))


async def test_stickers_photos_and_empty_text_are_asked_to_be_typed(
    harness: BotHarness, clock: ManualClock
) -> None:
    _, sanne = await coco_and_sanne(harness)
    await start_asking(sanne)
    for content in ({"sticker": STICKER}, {"photo": PHOTO}, {"photo": PHOTO, "caption": "dit?"}):
        [reply] = await sanne.send(**content)
        assert "Typ je vraag in woorden, of tik op ✖️ om te stoppen." in reply["text"]
    [reply] = await sanne.send("   ")
    assert "Typ je vraag." in reply["text"]
    assert await stored_questions(harness) == []
    await sanne.send("Toch een vraag")  # still asked for
    assert SENT["nl"] in sanne.last_text()
    assert [q["text"] for q in await stored_questions(harness)] == ["Toch een vraag"]


async def test_a_question_that_is_too_long_says_the_limit_and_keeps_it(
    harness: BotHarness, clock: ManualClock
) -> None:
    _, sanne = await coco_and_sanne(harness)
    long = ("Ik wil graag weten <b>hoe</b> het werkt & wat ik meeneem 🎒. " * 100)[:5000]
    await ask_about(sanne, long)
    said = sanne.last_text()
    assert "Je vraag heeft 5.000 tekens. Er passen er maximaal 1.000." in said
    assert sanne.buttons() == ["✂️ Stuur het eerste deel", "✖️ Stoppen"]
    assert await stored_questions(harness) == []
    await sanne.click("✂️ Stuur het eerste deel")
    assert SENT["nl"] in sanne.last_text()
    [stored] = await stored_questions(harness)
    assert len(stored["text"]) <= 1000 and stored["text"].endswith("…")
    assert long.startswith(stored["text"][:-1])
    # 1,000 emoji fit, Telegram counting each twice: stored and delivered intact.
    emoji = "🎉" * 1000
    await ask_about(sanne, emoji)
    assert SENT["nl"] in sanne.last_text()
    await harness.run_job("outbox")  # the fake API refuses what Telegram would (conftest)
    assert (await stored_questions(harness))[1]["text"] == emoji


async def test_an_answer_that_is_too_long_says_the_limit_and_gives_it_back(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, sanne = await coco_and_sanne(harness)
    await ask_about(sanne, "Hoe laat?")
    await reply(harness, coco, "🎈" * 5000)
    assert "at most 1500 characters (yours has 5000)" in coco.last_text()
    assert "Here is your text, to copy and make shorter:" in coco.last_text()
    assert "🎈" * 1400 in coco.last_text()  # as much as one message holds
    await coco.send(sticker=STICKER)
    assert "Please type your answer, or tap ✖️ to stop." in coco.last_text()
    assert (await stored_questions(harness))[0]["answer"] is None
    await coco.send("🎈" * 1500)
    await harness.run_job("outbox")
    assert "🎈" * 1500 in sanne.last_text()


async def test_cancel_too_many_and_no_consent(harness: BotHarness, clock: ManualClock) -> None:
    _, sanne = await coco_and_sanne(harness)
    await start_asking(sanne)
    await sanne.click("✖️ Stoppen")
    assert "Goed, er is niets verstuurd." in sanne.last_text()
    await sanne.send("Dit is geen vraag meer")  # nothing waits for a question now
    assert await stored_questions(harness) == []

    for n in range(5):
        await ask_generally(sanne, f"Vraag {n}")
    await sanne.send("/start")
    await sanne.click(ASK["nl"])  # said before anything is typed
    assert "Je hebt 5 vragen die op antwoord wachten." in sanne.last_text()
    assert sanne.buttons() == ["🏠 Menu"]
    await sanne.send("Nog een")
    assert len(await stored_questions(harness)) == 5

    stranger = harness.person(388, "Vera", "nl")  # no consent (yet), and a button of old
    await stranger.send("/start")
    await stranger.click_data(actions.ASK.data())
    assert "Welkom bij" in stranger.last_text() and "Typ je vraag" not in stranger.last_text()
    await stranger.send("Een vraag")
    assert len(await stored_questions(harness)) == 5


async def test_mydata_lists_the_questions_and_delete_erases_them(
    harness: BotHarness, clock: ManualClock
) -> None:
    coco, sanne = await coco_and_sanne(harness)
    await ask_about(sanne, "Mag ik <b>koffie</b> & thee?")
    await reply(harness, coco, "Ja, <i>natuurlijk</i>.")
    await harness.run_job("outbox")
    clock.set(local(2026, 11, 25, 23, 0))  # quiet hours: the next notice waits till 08:00
    await ask_generally(sanne, "Waar is de ingang?")

    await sanne.send("/mydata")
    text = sanne.file(sanne.last()).decode("utf-8")
    assert "Jouw vragen (2)" in text
    assert (
        "- woensdag 25 november 2026, 10:00, over Voorlezen in de bibliotheek "
        "(Bibliotheek Midden): “Mag ik <b>koffie</b> & thee?”"
    ) in text
    assert "Antwoord van Bibliotheek Midden, woensdag 25 november 2026, 10:00: “Ja, <i>" in text
    assert "een algemene vraag: “Waar is de ingang?”\n  Nog geen antwoord." in text

    await sanne.send("/delete")
    assert "Vragen en antwoorden: 2" in sanne.last_text()
    await sanne.click("🗑 Ja, wis mijn gegevens")
    assert await stored_questions(harness) == []
    clock.set(local(2026, 11, 26, 8, 0))
    await harness.run_job("outbox")  # the administrators' notice goes nowhere now
    [notice] = await outbox_rows(harness, "question:2:")
    assert (notice.recipient_id, notice.status, notice.note) == (
        ADMIN,
        "dropped",
        "question erased",
    )


async def test_an_hour_of_quiet_ends_the_question_kindly(
    harness: BotHarness, clock: ManualClock
) -> None:
    _, sanne = await coco_and_sanne(harness)
    await start_asking(sanne)
    await harness.run_job("_trigger_timeout")
    assert "Je vraag is niet verstuurd, omdat het een tijd stil was." in sanne.last_text()
    assert sanne.buttons() == [ASK["nl"], "🏠 Menu"]
    await sanne.send("Te laat getypt")
    assert await stored_questions(harness) == []
