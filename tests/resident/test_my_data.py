"""/mydata: a file with everything stored about the person, readable, in their language."""

from __future__ import annotations

import copy

from bot.clock import ManualClock
from bot.sandbox.harness import BotHarness
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import open_shift, tap
from tests.support.people import make_resident


async def test_mydata_sends_everything_stored_and_nothing_after_delete(
    harness: BotHarness, clock: ManualClock
) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    kim = await make_resident(harness, 301, "Kim <b>&", "nl", likes=("Voorlezen",))
    await open_shift(kim)
    await tap(kim, "✅ Ja, meld me aan")

    await kim.send("/mydata")
    [document] = [m for m in kim.documents() if m["document"]["file_name"].endswith(".txt")]
    assert "Alles wat we over jou bewaren" in document["caption"]
    text = kim.file(document).decode("utf-8")
    for part in (
        "Meedoen: wat we over jou bewaren",
        "Voornaam: Kim <b>&",  # a text file: the name as it is, not escaped
        "Taal: Nederlands",
        "Herinneringen: aan",
        "Je aanmeldingen (1)",
        "zaterdag 28 november, 14:00–16:00: Voorlezen in de bibliotheek (Bibliotheek Midden): "
        "aangemeld",
        "Soorten werk die je leuk vindt\n- Voorlezen",
        "Vaste taken en je interesse daarin\nGeen.",
        "Wil je dit allemaal laten wissen? Typ /delete.",
    ):
        assert part in text, part

    # The same file from the /delete screen, before erasing.
    await kim.send("/delete")
    await tap(kim, "📄 Stuur mij mijn gegevens")
    assert len([m for m in kim.documents() if m["document"]["file_name"].endswith(".txt")]) == 2
    await kim.send("/delete")
    await tap(kim, "🗑 Ja, wis mijn gegevens")
    await kim.send("/mydata")
    assert kim.last_text() == "We bewaren niets over jou. 🙂"


async def test_someone_who_never_agreed_gets_no_file(harness: BotHarness) -> None:
    stranger = harness.person(302, "Sam", "en")
    await stranger.send("/mydata")
    assert stranger.last_text() == "We store nothing about you. 🙂"
    assert stranger.documents() == []


async def test_mydata_and_delete_twice_in_a_row(harness: BotHarness, clock: ManualClock) -> None:
    await make_opportunity(harness.deps.db, now=clock.now(), shifts=[SATURDAY])
    kim = await make_resident(harness, 303, "Kim 🌻", "en")
    await kim.send("/mydata")
    await kim.send("/mydata")
    files = [kim.file(m) for m in kim.documents() if m["document"]["file_name"].endswith(".txt")]
    assert len(files) == 2 and files[0] == files[1]  # the same, twice: nothing changed between
    await kim.send("/delete")
    erase = copy.deepcopy(kim.last())  # the screen as it was: its button tapped twice
    await tap(kim, "🗑 Yes, erase my data")
    # A second /delete, and the old erase button tapped again: nothing to erase, kind words.
    await kim.send("/delete")
    assert kim.last_text() == "We store nothing about you. 🙂"
    await kim.click("Yes, erase my data", erase)
    assert "something went wrong" not in kim.last_text().lower()
