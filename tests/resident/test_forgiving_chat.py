"""A forgiving chat: a word typed outside a flow that waits for text is searched, for anyone;
case and accents do not matter; several words find all of them, else any; paged like /find.
What is not a word gets the short pointer to /help."""

from __future__ import annotations

from typing import Any

import pytest

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness, Person
from tests.support.catalogue import make_opportunity
from tests.support.chat import PHOTO, STICKER
from tests.support.people import make_coordinator, make_resident
from tests.support.traces import traces_of

POINTER = {"nl": "Sorry, dat begrijp ik niet", "en": "Sorry, I don't understand that"}


async def catalogue(harness: BotHarness, clock: ManualClock) -> None:
    db, now = harness.deps.db, clock.now()
    await make_opportunity(
        db, now=now, title="Voorlezen aan peuters", description="Prentenboeken in de kinderhoek."
    )
    await make_opportunity(
        db, now=now, title="Voorlezen op school", description="Op basisschool De Linde."
    )
    await make_opportunity(
        db,
        now=now,
        title="Tuin van de buurt",
        category="Buiten",
        description="Onkruid wieden met peuters en ouders.",
    )
    await make_opportunity(db, now=now, title="Taalcafé", category="Taal", ongoing=True)


def matches(person: Person) -> list[str]:
    """The opportunity buttons of the newest screen."""
    return [b for b in person.buttons() if "◀️" not in b and "▶️" not in b and "🔤" not in b][:-1]


@pytest.mark.parametrize("typed", ["voorlezen", "VOORLEZEN", "vóórlezen", "  Voorlezen!  "])
async def test_a_typed_word_shows_what_matches(
    harness: BotHarness, clock: ManualClock, typed: str
) -> None:
    await catalogue(harness, clock)
    sam = await make_resident(harness, 7201, "Sam", "nl")
    [reply] = await sam.send(typed)
    assert "Ik vond 2 resultaten voor “" in sam.last_text()
    assert matches(sam) == ["Voorlezen aan peuters", "Voorlezen op school"]
    assert sam.buttons(reply)[-2:] == ["🔤 Zoek op woord", "🏠 Menu"]
    await sam.click("Voorlezen aan peuters")
    assert "Prentenboeken in de kinderhoek." in sam.last_text()


async def test_case_and_accents_do_not_matter_either_way(
    harness: BotHarness, clock: ManualClock
) -> None:
    await catalogue(harness, clock)
    ben = await make_resident(harness, 7202, "Ben", "en")
    for typed in ("cafe", "CAFÉ", "Café", "taalcafe"):
        await ben.send(typed)
        assert matches(ben) == ["Taalcafé"], typed
    await ben.send("LEZEN")  # inside a word too
    assert "I found 2 opportunities for “LEZEN”" in ben.last_text()


async def test_before_consent_a_typed_word_is_searched_and_nothing_stored(
    harness: BotHarness, clock: ManualClock
) -> None:
    await catalogue(harness, clock)
    cas = harness.person(7203, "Cas", "en")
    await cas.send("voorlezen")
    assert matches(cas) == ["Voorlezen aan peuters", "Voorlezen op school"]
    await cas.click("Voorlezen op school")
    assert "Op basisschool De Linde." in cas.last_text()
    await cas.send("zebra")
    assert "I found nothing for “zebra”" in cas.last_text()
    assert cas.buttons() == ["🔤 Search by word", "🔎 Find something to do", "🏠 Menu"]
    assert await traces_of(harness, 7203) == []


async def test_several_words_all_of_them_first_then_any(
    harness: BotHarness, clock: ManualClock
) -> None:
    await catalogue(harness, clock)
    sam = await make_resident(harness, 7204, "Sam", "nl")
    await sam.send("voorlezen peuters")
    assert "Ik vond 1 resultaat voor “voorlezen peuters”" in sam.last_text()
    assert "Hierin staan al je woorden." in sam.last_text()
    assert matches(sam) == ["Voorlezen aan peuters"]
    # Nothing has both: those with one of them, most words first.
    await sam.send("tuin school")
    assert "Niets heeft al je woorden. Hierin staat er minstens één." in sam.last_text()
    assert matches(sam) == ["Tuin van de buurt", "Voorlezen op school"]
    await sam.send("onkruid peuters school")  # the garden has two of the three words
    assert matches(sam)[0] == "Tuin van de buurt"
    # Words of one letter and signs between words count for nothing.
    await sam.send("a & peuters?")
    assert "voor “peuters”" in sam.last_text()
    assert "woorden" not in sam.last_text()


async def test_matches_are_paged_and_the_words_travel_in_the_buttons(
    harness: BotHarness, clock: ManualClock
) -> None:
    for n in range(11):
        await make_opportunity(harness.deps.db, now=clock.now(), title=f"Волонтерство {n:02d}")
    ola = harness.person(7205, "Ola", "uk")
    await ola.send("ВОЛОНТЕР")
    assert len(matches(ola)) == 8
    await ola.click("▶️")
    assert matches(ola) == ["Волонтерство 08", "Волонтерство 09", "Волонтерство 10"]
    await ola.click("◀️")
    assert matches(ola)[0] == "Волонтерство 00" and len(matches(ola)) == 8
    assert await traces_of(harness, 7205) == []
    # Long words of another script are cut to fit in the buttons (64 bytes), and still page:
    # no title has the first (cut) word, so those with the second are shown.
    await ola.send("Волонтерствовувати волонтерство")
    assert "«Волонтерствовув волонтерство»" in ola.last_text()
    assert len(matches(ola)) == 8
    await ola.click("▶️")
    assert "«Волонтерствовув волонтерство»" in ola.last_text()
    assert len(matches(ola)) == 3


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_what_is_not_a_word_gets_the_pointer(harness: BotHarness, language: str) -> None:
    sam = await make_resident(harness, 7206 if language == "nl" else 7207, "Sam", language)
    contents: list[dict[str, Any]] = [
        {"sticker": STICKER},
        {"photo": PHOTO},
        {"photo": PHOTO, "caption": "voorlezen"},  # a caption is not typed text
        {"text": "?!"},
        {"text": "🎉🎉"},
        {"text": "kijk https://example.org"},
        {"text": "www.bibliotheek.nl"},
        {"text": "voorlezen " * 11},  # over 100 characters: a message, not a search
    ]
    for content in contents:
        content = dict(content)
        [reply] = await sam.send(content.pop("text", None), **content)
        assert POINTER[language] in sam.last_text(), content
        assert sam.buttons(reply) == ["🏠 Menu"]
    # An edited message is not searched either.
    await sam.send("tuin")
    [reply] = await sam.edit("voorlezen")
    assert POINTER[language] in sam.last_text()


async def test_flows_that_wait_for_text_still_get_it(
    harness: BotHarness, clock: ManualClock
) -> None:
    await catalogue(harness, clock)
    coco, _ = await make_coordinator(harness, 7208, "Bibliotheek Midden")
    await coco.send("/new")
    assert "Wat is de titel?" in coco.last_text()
    await coco.send("Voorlezen")  # the title, not a search
    assert "Voorlezen" in coco.last_text() and "Ik vond" not in coco.last_text()
    await coco.send("/cancel")
    sam = await make_resident(harness, 7209, "Sam", "nl")
    await sam.send("/search")
    await sam.send("x")  # the search waits for a word: it asks again
    assert "minstens twee letters" in sam.last_text()
    await sam.send("tuin")
    assert matches(sam) == ["Tuin van de buurt"]


async def test_forged_page_buttons_get_a_kind_answer(
    harness: BotHarness, clock: ManualClock
) -> None:
    await catalogue(harness, clock)
    sam = await make_resident(harness, 7210, "Sam", "nl")
    await sam.send("voorlezen")
    screen = sam.last()
    for data in ("1:sp:1:_", "1:sp:1:_zz-zz99", "1:sp:x:voorlezen", "1:sp:1", "1:sp:1:a"):
        answer = await sam.click_data(data, screen)
        assert "werkt niet meer" in answer.get("text", ""), data
    assert matches(sam) == ["Voorlezen aan peuters", "Voorlezen op school"]
    # A page past the end (an old button after the catalogue shrank): the last page.
    await sam.click_data("1:sp:7:voorlezen", screen)
    assert matches(sam) == ["Voorlezen aan peuters", "Voorlezen op school"]
