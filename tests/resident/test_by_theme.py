"""/find by theme: the four themes with how much is open in each, a theme's list (paged), the
opportunity with its themes and Back to the list; in Dutch, English and Polish; forged theme
buttons get a kind answer; the demo can be browsed by theme."""

from __future__ import annotations

from datetime import timedelta

from bot.catalogue.demo import load_demo
from bot.clock import ManualClock
from bot.i18n import Translator
from bot.outbox.timing import Rules
from bot.sandbox.harness import BotHarness
from bot.store import translations
from tests.support.catalogue import SATURDAY, make_opportunity
from tests.support.chat import tap
from tests.support.people import make_resident
from tests.support.traces import traces_of


async def catalogue(harness: BotHarness) -> dict[str, int]:
    """Walking (health, taking part), a language buddy (taking part; an ongoing role), one
    without a theme, and a closed one with a theme (never counted)."""
    db, now = harness.deps.db, harness.now()
    walking = await make_opportunity(
        db,
        now=now,
        title="Wandelen met ouderen",
        category="Zorg",
        shifts=[SATURDAY],
        themes=("health", "taking_part"),
    )
    buddy = await make_opportunity(
        db, now=now, title="Taalmaatje", category="Taal", ongoing=True, themes=("taking_part",)
    )
    await make_opportunity(db, now=now, title="Boekenmarkt", category="Klussen")
    closed = await make_opportunity(
        db, now=now, title="Oud", category="Klussen", themes=("own_strength",)
    )
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE opportunities SET status = 'closed' WHERE id = ?", (closed.opportunity_id,)
        )
    return {"walking": walking.opportunity_id, "buddy": buddy.opportunity_id}


async def test_by_theme_in_dutch(harness: BotHarness) -> None:
    await catalogue(harness)
    anna = await make_resident(harness, 201, "Anna", "nl")
    await anna.send("/find")
    assert "🎯 Op thema" in anna.buttons()
    await anna.click("🎯 Op thema")
    assert "Kies een thema." in anna.last_text()
    assert anna.buttons() == [
        "🤝 Meedoen (2)",
        "💪 Eigen kracht (0)",
        "🩺 Gezondheid (1)",
        "🌱 Persoonlijke ontwikkeling (0)",
        "⬅️ Terug",
        "🏠 Menu",
    ]
    await anna.click("Meedoen")
    assert anna.last_text().startswith("🤝 Meedoen")
    assert anna.buttons()[:2] == ["Wandelen met ouderen · 3 vrij", "Taalmaatje · vaste taak"]
    await anna.click("Wandelen met ouderen")
    card = anna.last_text()
    assert "🎯 Meedoen, Gezondheid" in card and "zaterdag 28 november" in card
    # Back leads to the theme's list, then to the themes, then to the kinds of work.
    await tap(anna, "⬅️ Terug")
    assert anna.last_text().startswith("🤝 Meedoen")
    await tap(anna, "⬅️ Terug")
    assert "Kies een thema." in anna.last_text()
    await tap(anna, "⬅️ Terug")
    assert "Kies een soort werk." in anna.last_text()
    # A theme with nothing open: said so, with a way back.
    await anna.click("🎯 Op thema")
    await anna.click("Eigen kracht")
    assert anna.last_text() == "Er staat nu niets open in dit onderwerp."
    assert anna.buttons() == ["⬅️ Terug", "🏠 Menu"]


async def test_by_theme_in_english_and_polish(harness: BotHarness) -> None:
    await catalogue(harness)
    ben = await make_resident(harness, 202, "Ben", "en")
    await ben.click("Find something to do")
    await ben.click("🎯 By theme")
    assert "What would you like to work on? Choose a theme." in ben.last_text()
    assert ben.buttons()[:4] == [
        "🤝 Taking part (2)",
        "💪 Own strength (0)",
        "🩺 Health (1)",
        "🌱 Personal development (0)",
    ]
    await ben.click("Health")
    await ben.click("Wandelen met ouderen")
    assert "🎯 Taking part, Health" in ben.last_text()

    ola = harness.person(203, "Ola", "pl")
    await ola.send("/start")
    await tap(ola, Translator("pl")._("✅ Yes, I agree"))
    await ola.send("/find")
    await ola.click("🎯")
    assert ola.buttons()[:4] == [
        "🤝 Udział (2)",
        "💪 Własna siła (0)",
        "🩺 Zdrowie (1)",
        "🌱 Rozwój osobisty (0)",
    ]
    await ola.click("Udział")
    await ola.click("Taalmaatje")
    assert "🎯 Udział" in ola.last_text()


async def test_a_long_theme_is_paged_and_forged_theme_buttons_get_a_kind_answer(
    harness: BotHarness, clock: ManualClock
) -> None:
    ids = await catalogue(harness)
    for number in range(1, 10):
        await make_opportunity(
            harness.deps.db,
            now=clock.now(),
            title=f"Klus {number:02d}",
            category="Klussen",
            shifts=[(timedelta(days=number), timedelta(hours=2), number)],
            themes=("own_strength",),
        )
    cas = await make_resident(harness, 204, "Cas", "nl")
    await cas.send("/find")
    await cas.click("🎯 Op thema")
    await cas.click("Eigen kracht (9)")
    assert "Pagina 1 van 2" in cas.last_text()
    assert [b for b in cas.buttons() if b.startswith("Klus")][-1] == "Klus 08 · 8 vrij"
    await cas.click("Volgende")
    assert [b for b in cas.buttons() if b.startswith("Klus")] == ["Klus 09 · 9 vrij"]
    await cas.click("Klus 09")
    await tap(cas, "⬅️ Terug")
    assert cas.last_text().startswith("💪 Eigen kracht")

    # Forged: a theme that is not one, an opportunity with a forged theme, a page too far.
    await cas.click_data("1:tl:sport:0")
    assert "niet meer beschikbaar" in cas.last_text()
    assert "🔎 Iets anders zoeken" in cas.buttons()
    await cas.click_data(f"1:to:{ids['walking']}:sport")
    assert "Wandelen met ouderen" in cas.last_text()
    await tap(cas, "⬅️ Terug")  # to its kind of work, as from anywhere else
    assert cas.last_text().startswith("Zorg")
    await cas.click_data("1:tl:own_strength:99")
    assert "Pagina 2 van 2" in cas.last_text()
    answer = await cas.click_data("1:tl:health")
    assert "werkt niet meer" in answer["text"]


async def test_find_offers_themes_only_when_something_has_one(harness: BotHarness) -> None:
    await make_opportunity(harness.deps.db, now=harness.now(), category="Voorlezen")
    dina = await make_resident(harness, 205, "Dina", "nl")
    await dina.send("/find")
    assert dina.buttons() == ["Voorlezen (1)", "🔤 Zoek op woord", "🏠 Menu"]


async def test_the_demo_can_be_browsed_by_theme(harness: BotHarness) -> None:
    await load_demo(harness.deps.db, harness.now(), Rules())
    eva = await make_resident(harness, 206, "Eva", "nl")
    await eva.send("/find")
    await eva.click("🎯 Op thema")
    counts = {label.split(" (")[0]: label for label in eva.buttons()[:4]}
    assert all(not label.endswith("(0)") for label in counts.values()), counts
    await eva.click("Gezondheid")
    assert any("Maaltijden rondbrengen" in label for label in eva.buttons())


async def test_someone_new_browses_by_theme_in_their_language(harness: BotHarness) -> None:
    """Looking is for everyone: without consent, the themes, a theme's list and the card, with
    the title in the reader's language (where translated) and one date as its own button;
    nothing about them is stored."""
    made = await make_opportunity(
        harness.deps.db, now=harness.now(), shifts=[SATURDAY], themes=("development",)
    )
    async with harness.deps.db.transaction() as conn:
        await translations.set_texts(
            made.opportunity_id, {("en", "title"): "Reading aloud at the library"}, conn=conn
        )
    ben = harness.person(207, "Ben", "en")
    await ben.send("/find")
    await ben.click("🎯 By theme")
    await ben.click("Personal development (1)")
    assert ben.buttons()[0] == "Reading aloud at the library · 3 free"
    await ben.click("Reading aloud at the library")
    card = ben.last_text()
    assert card.startswith("Reading aloud at the library")
    assert "🎯 Personal development" in card
    assert "Choose a date" not in " ".join(ben.buttons())
    assert any("28 Nov" in b and "3 free" in b for b in ben.buttons())
    await tap(ben, "⬅️ Back")
    assert ben.last_text().startswith("🌱 Personal development")
    assert await traces_of(harness, 207) == []
