"""A broadcast about an opportunity leads to it, and every broadcast has a way to the menu."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness
from tests.support.catalogue import make_opportunity
from tests.support.people import make_coordinator, make_resident, sign_up


async def test_a_message_to_the_people_of_an_opportunity_has_a_button_to_it(
    harness: BotHarness,
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())
    coco, _ = await make_coordinator(harness, 500, "Bibliotheek Midden", "en")
    anna = await make_resident(harness, 101, "Anna", "en")
    await sign_up(harness, made.shift_ids[0], 101)

    await coco.send("/broadcast")
    await coco.click("People signed up for an opportunity")
    await coco.click("Voorlezen in de bibliotheek")
    await coco.send("Bring a book you like & a smile 😊")
    await coco.click("Send to 1 person")
    await harness.run_job("outbox")

    [message] = [m for m in anna.messages() if "Bring a book" in (m.get("text") or "")]
    assert anna.buttons(message)[:2] == ["👉 See the opportunity", "🏠 Menu"]
    await anna.click("See the opportunity", message)
    assert "Voorlezen in de bibliotheek" in anna.last_text()
    await anna.click("🏠 Menu", message)
    assert "What would you like to do?" in anna.last_text()
