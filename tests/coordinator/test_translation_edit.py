"""/edit's "🌐 Translation": a coordinator types an opportunity's title in another language, the
residents who read it see it (markup shown as written), a text that is too long is refused with
the limit and comes back to copy, and removing the translation brings the original back."""

from __future__ import annotations

from bot.sandbox.harness import BotHarness
from tests.support.catalogue import make_opportunity
from tests.support.chat import open_opportunity
from tests.support.people import OTHER_ORG_EN, make_coordinator, make_resident, one

TITLE = "Voorlezen in de bibliotheek"
ENGLISH = "<b>Reading</b> & fun 📚"


async def translations(harness: BotHarness) -> list[tuple[str, str | None, str | None]]:
    async with harness.deps.db.read() as conn:
        async with conn.execute(
            "SELECT language, title, description FROM opportunity_translations"
        ) as cur:
            return [tuple(row) for row in await cur.fetchall()]  # type: ignore[misc]


async def test_a_translation_is_added_read_and_removed(harness: BotHarness) -> None:
    await make_opportunity(harness.deps.db, now=harness.now())
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden", "en")
    ben = await make_resident(harness, 301, "Ben", "en")
    anna = await make_resident(harness, 302, "Anna", "nl")

    await coco.send("/edit")
    await coco.click(TITLE)
    await coco.click("🌐 Translation")
    assert "No translations yet." in coco.last_text()
    await coco.click("🇬🇧 English")
    assert "not translated: the original is shown" in coco.last_text()
    await coco.click("✏️ Title")
    assert "Type the title in this language." in coco.last_text()
    assert f"Original: {TITLE}" in coco.last_text()
    await coco.send(ENGLISH)
    saved = coco.last_text()
    assert saved.startswith("✅ Saved.") and f"Title: {ENGLISH}" in saved
    assert "&lt;b&gt;Reading&lt;/b&gt; &amp; fun 📚" in coco.last()["text"]  # escaped
    assert "🗑 Remove this translation" in coco.buttons()
    assert await translations(harness) == [("en", ENGLISH, None)]

    # An English reader sees it, as written; a Dutch one the original; the coordinator too.
    await open_opportunity(ben, ENGLISH)
    assert ENGLISH in ben.last_text() and TITLE not in ben.last_text()
    await open_opportunity(anna, TITLE)
    assert TITLE in anna.last_text()
    await coco.send("/edit")
    assert coco.buttons()[0] == TITLE

    # Back on the languages: English has one now.
    await coco.click(TITLE)
    await coco.click("🌐 Translation")
    assert "✅ 🇬🇧 English: Title" in coco.last_text()
    await coco.click("✅ 🇬🇧 English")
    await coco.click("🗑 Remove this translation")
    assert coco.last_text().startswith("✅ The translation is removed.")
    assert await translations(harness) == []
    await open_opportunity(ben, TITLE)
    assert TITLE in ben.last_text()


async def test_too_long_says_the_limit_keeps_the_text_and_saves_nothing(
    harness: BotHarness,
) -> None:
    await make_opportunity(harness.deps.db, now=harness.now())
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden", "en")
    await coco.send("/edit")
    await coco.click(TITLE)
    await coco.click("🌐 Translation")
    await coco.click("العربية")
    await coco.click("✏️ Title")
    long_title = "قراءة " * 25  # 150 characters, the limit is 120
    [again] = await coco.send(long_title)
    assert "That is too long: at most 120 characters (yours has 149)." in again["text"]
    assert f"<code>{long_title.strip()}</code>" in again["text"]  # given back, to copy
    assert "Type the title in this language." in again["text"]  # the same step waits
    assert await translations(harness) == []
    await coco.send("القراءة للأطفال")
    assert await translations(harness) == [("ar", "القراءة للأطفال", None)]


async def test_forged_buttons_and_another_organisation_are_refused(harness: BotHarness) -> None:
    made = await make_opportunity(harness.deps.db, now=harness.now())
    opp = made.opportunity_id
    coco, _ = await make_coordinator(harness, 501, "Bibliotheek Midden", "en")
    other, _ = await make_coordinator(harness, 502, "Welzijn Samen", "en")
    await coco.send("/edit")
    for data in (f"1:ketl:{opp}:xx", f"1:kett:{opp}:en:l", "1:ketr:99999"):
        answer = await coco.click_data(data)
        assert answer["text"] == "This no longer exists.", data
    await other.send("/edit")
    for data in (f"1:ketr:{opp}", f"1:ketl:{opp}:en", f"1:ketx:{opp}:en"):
        answer = await other.click_data(data)
        assert OTHER_ORG_EN in answer["text"], data
    assert await translations(harness) == []
    assert (await one(harness, "SELECT title FROM opportunities WHERE id = ?", opp))[0] == TITLE
