"""A text that is too long says the limit and gives the typed text back, so nothing is lost."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness
from tests.support.catalogue import make_opportunity
from tests.support.people import make_coordinator


async def test_a_too_long_title_says_the_limit_and_keeps_the_text(harness: BotHarness) -> None:
    await make_opportunity(harness.deps.db, now=harness.now())
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await coco.send("/edit")
    await coco.click("Voorlezen in de bibliotheek")
    await coco.click("✏️ Titel")
    typed = "Voorlezen & <samen> zingen 🎶 " * 6  # 180 characters, the limit is 120
    await coco.send(typed)
    answer = coco.last_text()
    assert "hooguit 120 tekens" in answer
    assert f"(de jouwe heeft {len(typed.strip())})" in answer
    assert typed.strip() in answer  # given back intact, to copy
    await coco.send("Voorlezen en zingen")
    assert "✅ Opgeslagen." in coco.last_text()


async def test_a_too_long_broadcast_says_the_limit_and_keeps_the_text(
    harness: BotHarness,
) -> None:
    await make_opportunity(harness.deps.db, now=harness.now())
    coord, _ = await make_coordinator(harness, 500, "Bibliotheek Midden", "en")
    await coord.send("/broadcast")
    await coord.click("Everyone who gets news")
    typed = "Help! " * 660  # 3960 characters: the limit is 3900 (room for the buttons' words)
    await coord.send(typed)
    answer = coord.last_text()
    assert "at most 3900 characters (yours has 3960)" in answer
    assert typed.strip()[:3000] in answer
    assert coord.buttons(), "a way back and a way out"
