"""/broadcast with a text per language: after the main text, the coordinator may add one for the
readers of another language; each resident gets theirs, everyone else the main text."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness, visible
from tests.support.catalogue import make_opportunity
from tests.support.chat import STICKER
from tests.support.outbox import deliver_broadcasts
from tests.support.people import make_coordinator, make_resident, one, resident_in

LIBRARY = "Bibliotheek Midden"
DUTCH = "De bibliotheek is maandag dicht."
ENGLISH = "The library is <closed> on Monday & Tuesday 📚"


async def test_an_english_text_reaches_english_readers_and_the_rest_the_main_text(
    harness: BotHarness,
) -> None:
    await make_opportunity(harness.deps.db, now=harness.now(), organisation=LIBRARY)
    coco, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    ben = await make_resident(harness, 101, "Ben", "en")
    piotr = await resident_in(harness, 102, "Piotr", "pl")
    anna = await make_resident(harness, 103, "Anna", "nl")

    await coco.send("/broadcast")
    await coco.click("Everyone who gets news")
    await coco.send(DUTCH)
    assert "It goes to 3 people" in coco.last_text()
    # Optional: going back to the preview adds nothing.
    await coco.click("🌐 Add a text in another language")
    await coco.click("⬅️ Back to the preview")
    assert "Also in" not in coco.last_text()

    await coco.click("🌐 Add a text in another language")
    assert "Which language?" in coco.last_text()
    await coco.click("🇬🇧 English")
    assert "write the message in this language: 🇬🇧 English" in coco.last_text()
    sample, preview = await coco.send(ENGLISH)
    assert ENGLISH in visible(sample)  # how English readers will see it
    assert "🌐 Also in: 🇬🇧 English. Everyone else gets the main text." in visible(preview)
    await coco.click("Send to 3 people")
    # Stored before anyone gets it: the outbox renders each reader's own.
    text = await one(harness, "SELECT text FROM broadcast_texts WHERE language = 'en'")
    assert text[0] == "The library is &lt;closed&gt; on Monday &amp; Tuesday 📚"

    await deliver_broadcasts(harness)
    assert ENGLISH in ben.last_text() and DUTCH not in ben.last_text()
    assert "&lt;closed&gt; on Monday &amp; Tuesday 📚" in ben.last()["text"]  # escaped, intact
    assert DUTCH in piotr.last_text()  # no Polish text: the main one
    assert DUTCH in anna.last_text()
    assert "Delivered: 3" in coco.last_text()


async def test_a_forged_language_or_a_sticker_changes_nothing(harness: BotHarness) -> None:
    coco, _ = await make_coordinator(harness, 500, LIBRARY, "en")
    await make_resident(harness, 101, "Ben", "en")
    await coco.send("/broadcast")
    await coco.click("Everyone who gets news")
    await coco.send(DUTCH)
    await coco.click("🌐 Add a text in another language")
    answer = await coco.click_data("1:bll:xx")
    assert "no longer works" in answer["text"]
    await coco.click("🇹🇷 Türkçe")
    await coco.send(sticker=STICKER)
    assert "Please send the text for this language as a message" in coco.last_text()
    await coco.send("x" * 3901)
    assert "at most 3900 characters" in coco.last_text()
    await coco.click("⬅️ Back to the preview")
    assert "Also in" not in coco.last_text()
    await coco.click("Send to 1 person")
    assert (await one(harness, "SELECT COUNT(*) FROM broadcast_texts"))[0] == 0
