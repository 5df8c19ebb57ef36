"""Themes in the coordinator's chat: /new asks for them after the category (ticks, Done, Skip,
Back keeps them, typing shows the step again), the preview and the published opportunity carry
them; /edit's "🎯 Themes" changes them; forged theme buttons change nothing."""

from __future__ import annotations

import logging

import pytest

from bot.sandbox.harness import BotHarness
from tests.support.catalogue import make_opportunity
from tests.support.chat import tap
from tests.support.people import OTHER_ORG_NL, make_coordinator, make_resident, one

TITLE = "Voorlezen in de bibliotheek"


async def themes_of(harness: BotHarness, opportunity_id: int) -> list[str]:
    async with harness.deps.db.read() as conn:
        sql = "SELECT theme FROM opportunity_themes WHERE opportunity_id = ? ORDER BY theme"
        async with conn.execute(sql, (opportunity_id,)) as cur:
            return [row[0] for row in await cur.fetchall()]


async def test_new_asks_for_themes_and_publishes_them(harness: BotHarness) -> None:
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek A")
    await coco.send("/new")
    await coco.send("Wandelclub")
    await coco.send("Elke week samen een uur wandelen.")
    await coco.send("Bewegen")
    screen = coco.last_text()
    assert "Welke thema's passen erbij?" in screen and "Wandelclub" in screen
    assert coco.buttons() == [
        "⬜ Meedoen",
        "⬜ Eigen kracht",
        "⬜ Gezondheid",
        "⬜ Persoonlijke ontwikkeling",
        "⏭ Overslaan",
        "⬅️ Terug",
        "✖️ Stoppen",
    ]
    await tap(coco, "⬜ Gezondheid")
    await tap(coco, "⬜ Persoonlijke ontwikkeling")
    await tap(coco, "⬜ Meedoen")
    await tap(coco, "✅ Persoonlijke ontwikkeling")  # ticked again: off
    assert coco.buttons()[:5] == [
        "✅ Meedoen",
        "⬜ Eigen kracht",
        "✅ Gezondheid",
        "⬜ Persoonlijke ontwikkeling",
        "✔️ Klaar",
    ]
    # Typing here: the step again, with how to go on; the ticks stay.
    await coco.send("Gezondheid")
    assert coco.last_text().startswith("Tik op de thema's die passen, en dan op de knop eronder.")
    assert "✅ Gezondheid" in coco.buttons()
    await tap(coco, "✔️ Klaar")
    assert "Waar is het?" in coco.last_text()
    # Back from the place: the themes as they were ticked.
    await tap(coco, "⬅️ Terug")
    assert "✅ Meedoen" in coco.buttons() and "✅ Gezondheid" in coco.buttons()
    await tap(coco, "✔️ Klaar")
    await coco.send("Park Oost")
    await coco.click("Een vaste taak")
    preview = coco.last_text()
    assert "🎯 Meedoen, Gezondheid" in preview
    await coco.click("Plaatsen")
    assert "Geplaatst: Wandelclub" in coco.last_text()
    stored = await one(harness, "SELECT id FROM opportunities WHERE title = 'Wandelclub'")
    assert await themes_of(harness, stored[0]) == ["health", "taking_part"]


async def test_skipped_themes_publish_without_and_a_forged_theme_changes_nothing(
    harness: BotHarness,
) -> None:
    ben, _ = await make_coordinator(harness, 502, "Library A", "en")
    await ben.send("/new")
    for text in ("Board member", "Plans.", "Governance"):
        await ben.send(text)
    assert "Which themes fit?" in ben.last_text()
    assert ben.buttons()[:5] == [
        "⬜ Taking part",
        "⬜ Own strength",
        "⬜ Health",
        "⬜ Personal development",
        "⏭ Skip",
    ]
    # A theme that is none of the four: a kind answer, the step stays as it was.
    answer = await ben.click_data("1:kth:sport")
    assert answer["text"] == "This no longer exists."
    assert ben.buttons()[:3] == ["⬜ Taking part", "⬜ Own strength", "⬜ Health"]
    await tap(ben, "⏭ Skip")
    assert "Where is it?" in ben.last_text()
    await ben.send("Library A, first floor")
    await ben.click("An ongoing role")
    assert "🎯" not in ben.last_text()
    await ben.click("Publish")
    stored = await one(harness, "SELECT id FROM opportunities WHERE title = 'Board member'")
    assert await themes_of(harness, stored[0]) == []
    # A toggle after the draft ended: the kind answer for an old button, nothing stored.
    answer = await ben.click_data("1:kth:health")
    assert "no longer works" in answer["text"]
    assert await themes_of(harness, stored[0]) == []


async def test_edit_changes_the_themes_of_an_opportunity(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now(), themes=("taking_part",))
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden")
    await coco.send("/edit")
    await coco.click(TITLE)
    assert "🎯 Meedoen" in coco.last_text()
    await coco.click("🎯 Thema's")
    assert "Thema's nu: Meedoen" in coco.last_text()
    assert coco.buttons()[:5] == [
        "✅ Meedoen",
        "⬜ Eigen kracht",
        "⬜ Gezondheid",
        "⬜ Persoonlijke ontwikkeling",
        "✔️ Klaar",
    ]
    # Ticks without Done, then Back: nothing is saved.
    await tap(coco, "⬜ Eigen kracht")
    await tap(coco, "⬅️ Terug")
    assert "Wat wil je veranderen?" in coco.last_text()
    assert await themes_of(harness, made.opportunity_id) == ["taking_part"]

    await coco.click("🎯 Thema's")
    await tap(coco, "✅ Meedoen")
    await tap(coco, "⬜ Eigen kracht")
    await tap(coco, "⬜ Persoonlijke ontwikkeling")
    await tap(coco, "✔️ Klaar")
    assert coco.last_text().startswith("✅ Opgeslagen.")
    assert "🎯 Eigen kracht, Persoonlijke ontwikkeling" in coco.last_text()
    assert await themes_of(harness, made.opportunity_id) == ["development", "own_strength"]

    # Residents see them on the card, in their language.
    ben = await make_resident(harness, 101, "Ben", "en")
    await ben.send(f"/start opp_{made.opportunity_id}")
    assert "🎯 Own strength, Personal development" in ben.last_text()

    # Another organisation's coordinator: refused, nothing changes.
    bram, _ = await make_coordinator(harness, 602, "Buurthuis B")
    await bram.send("/edit")
    caplog.set_level(logging.INFO)
    answer = await bram.click_data(f"1:keth:{made.opportunity_id}")
    assert OTHER_ORG_NL in answer["text"]
    assert "refused edit for user 602" in caplog.text
    # Untick all: no themes, and the card says none.
    await coco.click("🎯 Thema's")
    await tap(coco, "✅ Eigen kracht")
    await tap(coco, "✅ Persoonlijke ontwikkeling")
    await tap(coco, "✔️ Klaar")
    assert coco.last_text().startswith("✅ Opgeslagen.")
    assert not any(line.startswith("🎯") for line in coco.last_text().splitlines())
    assert await themes_of(harness, made.opportunity_id) == []
